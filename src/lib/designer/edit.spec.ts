import { describe, expect, it } from 'vitest';
import { designableTypes } from '../questions/designable';
import {
	codeFromText,
	conditionExpression,
	duplicateQuestion,
	move,
	namesIn,
	newQuestion,
	parseCondition
} from './edit';

describe('codeFromText', () => {
	it('makes snake_case codes from Norwegian texts, unique against those taken', () => {
		expect(codeFromText('Vet ikke')).toBe('vet_ikke');
		expect(codeFromText('Søknad på nett – «raskt»!')).toBe('soknad_paa_nett_raskt');
		expect(codeFromText('Ærlig talt')).toBe('aerlig_talt');
		expect(codeFromText('Vet ikke', ['vet_ikke', 'vet_ikke_2'])).toBe('vet_ikke_3');
		expect(codeFromText('', [], 'choice')).toBe('choice');
		expect(codeFromText('5 år', [], 'choice')).toBe('choice_5_aar');
	});
});

describe('newQuestion', () => {
	it('gives every designable type a unique name and its lists', () => {
		const taken = new Set<string>();
		for (const d of designableTypes) {
			const q = newQuestion(d, taken);
			expect(taken.has(q.name as string)).toBe(false);
			taken.add(q.name as string);
			for (const list of d.lists) expect(Array.isArray(q[list]), `${d.id} ${list}`).toBe(true);
		}
		expect(taken.size).toBe(designableTypes.length);
	});

	it('duplicates with new names, nested questions too', () => {
		const q = {
			type: 'paneldynamic',
			name: 'people',
			templateElements: [{ type: 'text', name: 'age' }]
		};
		const taken = namesIn({ elements: [q] });
		const copy = duplicateQuestion(q, taken);
		expect(copy.name).toBe('people_copy');
		expect((copy.templateElements as { name: string }[])[0].name).toBe('age_copy');
		expect(q.name).toBe('people');
	});
});

describe('move', () => {
	it('moves up and down, and not past the ends', () => {
		expect(move(['a', 'b', 'c'], 2, -1)).toEqual(['a', 'c', 'b']);
		expect(move(['a', 'b', 'c'], 0, 1)).toEqual(['b', 'a', 'c']);
		expect(move(['a', 'b'], 0, -1)).toEqual(['a', 'b']);
	});
});

describe('conditions', () => {
	const variables = ['audience', 'municipality'];
	it('writes and reads back what the builder makes', () => {
		const cases = [
			[
				{ subject: 'audience', variable: true, operator: '=', value: 'citizen' },
				"{audience} = 'citizen'"
			],
			[{ subject: 'q1', variable: false, operator: '<>', value: '3' }, '{q1} <> 3'],
			[{ subject: 'q1', variable: false, operator: 'notempty', value: '' }, '{q1} notempty'],
			[
				{ subject: 'municipality', variable: true, operator: '=', value: "o'hara" },
				"{municipality} = 'o\\'hara'"
			]
		] as const;
		for (const [condition, expression] of cases) {
			expect(conditionExpression(condition)).toBe(expression);
			expect(parseCondition(expression, variables)).toEqual(condition);
		}
	});

	it('leaves an expert’s expression to the text field', () => {
		expect(parseCondition('{a} = 1 and {b} = 2', variables)).toBeNull();
		expect(parseCondition('{a} = b', variables)).toBeNull();
		expect(parseCondition('age({birth}) > 18', variables)).toBeNull();
	});
});
