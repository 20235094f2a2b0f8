import { describe, expect, it } from 'vitest';
import { readRoundForm } from './form';

function form(municipality: string): FormData {
	const data = new FormData();
	data.set('surveyId', 'maturity');
	data.set('name', 'Runde 1');
	data.set('slug', 'runde-1');
	data.set('municipality', municipality);
	return data;
}

describe('readRoundForm', () => {
	it.each([
		['1804', 'bodo'],
		['Bodø', 'bodo'],
		['bodo', 'bodo'],
		['Tråante', 'trondheim'],
		['', null]
	])('reads the fixed municipality %j as %j', (typed, slug) => {
		const read = readRoundForm(form(typed));
		expect(read.detail).toBeUndefined();
		expect(read.input?.municipality).toBe(slug);
	});

	it.each(['xsstest', 'Atlantis', '9999'])('refuses %j, which is not in the register', (typed) => {
		const read = readRoundForm(form(typed));
		expect(read.input).toBeUndefined();
		expect(read.values.municipality).toBe(typed);
		expect(read.detail).toMatch(/municipality/);
	});
});
