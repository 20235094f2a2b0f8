import { describe, expect, it } from 'vitest';
import { sameTexts } from '../../questions/texts';
import { fullMunicipalAnswers, kitchenSink } from '../../../test-data/definitions';
import { exportColumns } from '../columns';
import type { Code } from '../drafts';
import type { ExportableResponse } from '../rows';
import {
	analysisCells,
	missingCodes,
	numberCodes,
	planAnalysis,
	type MissingReason
} from './coding';

const code = (value: Code['value'], since = 0, special?: Code['special']): Code => ({
	value,
	label: sameTexts(String(value)),
	since,
	...(special ? { special } : {})
});

const byValue = (
	codes: Code[],
	reason: (c: Code) => MissingReason | undefined = () => undefined
) => {
	const { numbers, missing } = numberCodes(codes, reason);
	return { numbers: Object.fromEntries(numbers), missing: missing.map((m) => [m.reason, m.code]) };
};

describe('numberCodes', () => {
	it.each([
		[
			'text codes: 1, 2, 3 in order',
			[code('staff'), code('manager'), code('other')],
			{ staff: 1, manager: 2, other: 3 }
		],
		['a scale keeps its points', [code(0), code(5), code(10)], { 0: 0, 5: 5, 10: 10 }],
		[
			'a negative scale keeps its points',
			[code(-2), code(-1), code(0), code(1), code(2)],
			{ '-2': -2, '-1': -1, 0: 0, 1: 1, 2: 2 }
		],
		// Whole numbers first within a version, so 1 and 2 keep theirs and "a" gets the next free.
		['text before numbers in one version', [code('a'), code(1), code(2)], { a: 3, 1: 1, 2: 2 }],
		// A choice added in a later version goes last and renumbers nothing.
		[
			'a later choice',
			[code('staff'), code('manager'), code('lead', 1)],
			{ staff: 1, manager: 2, lead: 3 }
		],
		// The documented exception: 1 was given to "x" in version 0, so version 1's 1 gets 2.
		['a later whole number already given', [code('x'), code(1, 1)], { x: 1, 1: 2 }],
		['a text of a whole number keeps it', [code('4'), code('04')], { 4: 4, '04': 1 }],
		// -99 … -90 are the missing codes' own: never a code's number.
		['the kept range', [code(-95), code(3)], { '-95': 1, 3: 3 }],
		['not a whole number', [code(2.5), code(true)], { 2.5: 1, true: 2 }]
	])('%s', (_, codes, numbers) => {
		expect(byValue(codes).numbers).toEqual(numbers);
	});

	it('gives "don\'t know", "not applicable" and "refused" their missing codes', () => {
		const reason = (c: Code): MissingReason | undefined =>
			c.special === 'dontKnow' || c.value === 'dont_know'
				? 'dontKnow'
				: c.value === 'not_applicable'
					? 'notApplicable'
					: c.special === 'refuse'
						? 'refused'
						: undefined;
		const result = byValue(
			[code(1), code(2), code('dont_know'), code('not_applicable'), code('refused', 0, 'refuse')],
			reason
		);
		expect(result.numbers).toEqual({
			1: 1,
			2: 2,
			dont_know: -91,
			not_applicable: -92,
			refused: -93
		});
		expect(result.missing).toEqual([
			['dontKnow', -91],
			['notApplicable', -92],
			['refused', -93]
		]);
	});
});

describe('planAnalysis', () => {
	const definitions = [{ version: 'v1', json: kitchenSink }];
	const plan = planAnalysis(exportColumns(definitions), definitions);
	const variable = (name: string) => plan.variables.find((v) => v.name === name)!;

	it.each([
		['response_id', 'string', 'nominal'],
		['submitted_at', 'datetime', 'nominal'],
		['duration_seconds', 'number', 'scale'],
		['role', 'coded', 'nominal'],
		['score', 'coded', 'ordinal'],
		['likert_a', 'coded', 'ordinal'],
		['channels_email', 'coded', 'nominal'],
		['agree', 'coded', 'nominal'],
		['top_x', 'coded', 'ordinal'],
		['years', 'number', 'scale'],
		['role_other_text', 'string', 'nominal'],
		// "long" is a Stata type name.
		['long_', 'string', 'nominal']
	])('%s is %s, %s', (name, storage, measure) => {
		expect([variable(name).storage, variable(name).measure]).toEqual([storage, measure]);
	});

	it('labels the codes and declares the missing codes a variable can hold', () => {
		expect(variable('role').values.map((v) => [v.code, v.label.nb])).toEqual([
			[1, 'staff'],
			[2, 'manager'],
			[3, 'Annet (beskriv)']
		]);
		expect(variable('role').missing.map((m) => [m.code, m.label.nb])).toEqual([[-94, 'Ikke vist']]);
		expect(variable('likert_b').missing.map((m) => [m.code, m.label.en])).toEqual([
			[-91, 'dont_know'],
			[-94, 'Not shown']
		]);
		expect(variable('agree').values.map((v) => [v.code, v.label.en])).toEqual([
			[1, 'Yes'],
			[0, 'No']
		]);
		// A rank is its own label.
		expect(variable('top_x').values).toEqual([]);
		expect(variable('round').stringLabels.map((l) => l.value)).toEqual(['default']);
	});
});

describe('analysisCells', () => {
	const definitions = [{ version: 'v1', json: kitchenSink }];
	const plan = planAnalysis(exportColumns(definitions), definitions);
	const response = (answers: Record<string, unknown>, extra: Partial<ExportableResponse> = {}) => ({
		id: 'r1',
		surveyId: 'kitchen',
		surveyVersion: 'v1',
		roundId: 'default',
		answers,
		audience: 'municipal',
		municipality: 'bodo',
		locale: 'nb',
		status: 'complete',
		startedAt: null,
		submittedAt: '2026-03-01T10:00:00.000Z',
		...extra
	});
	const cellsOf = (r: ExportableResponse, names: string[], unknown?: Map<string, number>) => {
		const cells = analysisCells(plan, r, unknown);
		return names.map((name) => cells[plan.variables.findIndex((v) => v.name === name)]);
	};

	it('writes numbers for codes, and texts and numbers as they are', () => {
		expect(
			cellsOf(response(fullMunicipalAnswers()), [
				'role',
				'channels_email',
				'channels_phone',
				'score',
				'agree',
				'likert_a',
				'likert_b',
				'top_z',
				'top_y',
				'years',
				'publishes',
				'round'
			])
		).toEqual(['3', '1', '0', '4', '0', '5', '-91', '1', '', '12', '2', 'default']);
	});

	it('writes "not shown" for a question its conditions hid, empty for one shown and skipped', () => {
		// publishes is on a page for municipal employees only; why_not asks after a "no".
		const citizen = response({ role: 'staff' }, { audience: 'citizen' });
		expect(cellsOf(citizen, ['publishes', 'score', 'channels_email'])).toEqual([
			String(missingCodes.notShown),
			'',
			''
		]);
		const municipal = response({ role: 'staff' });
		expect(cellsOf(municipal, ['publishes'])).toEqual(['']);
	});

	it('writes "not shown" for a column the version answered did not have', () => {
		const v2 = structuredClone(kitchenSink) as typeof kitchenSink;
		(v2.pages[0].elements as Record<string, unknown>[]).push({
			type: 'radiogroup',
			name: 'added',
			choices: ['a', 'b']
		});
		const both = [
			{ version: 'v1', json: kitchenSink },
			{ version: 'v2', json: v2 }
		];
		const twoVersions = planAnalysis(exportColumns(both), both);
		const at = twoVersions.variables.findIndex((v) => v.name === 'added');
		expect(analysisCells(twoVersions, response({ role: 'staff' }))[at]).toBe('-94');
		expect(
			analysisCells(twoVersions, response({ role: 'staff' }, { surveyVersion: 'v2' }))[at]
		).toBe('');
	});

	it('puts a text on one line, and counts codes the definitions do not have', () => {
		const unknown = new Map<string, number>();
		const cells = cellsOf(
			response({ role: 'chief', long: 'Linje 1\r\nLinje 2\nLinje 3' }),
			['role', 'long_'],
			unknown
		);
		expect(cells).toEqual(['', 'Linje 1 Linje 2 Linje 3']);
		expect(Object.fromEntries(unknown)).toEqual({ role: 1 });
	});
});
