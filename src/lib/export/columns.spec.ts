import { describe, expect, it } from 'vitest';
import { fullMunicipalAnswers, kitchenSink } from '../../test-data/definitions';
import {
	exportColumns,
	flattenResponse,
	longHeader,
	longRows,
	MAX_DECLARED_COUNT,
	neutraliseFormula,
	type Column,
	type ExportableResponse,
	type FlattenOptions
} from './columns';

const meta = [
	'response_id',
	'questionnaire',
	'version',
	'round',
	'audience',
	'municipality',
	'verified',
	'language',
	'status',
	'started_at',
	'submitted_at',
	'duration_seconds'
];

const codes: FlattenOptions = {
	values: 'codes',
	locale: 'nb',
	decimalComma: false,
	neutraliseFormulae: false
};

function response(
	answers: Record<string, unknown>,
	changes: Partial<ExportableResponse> = {}
): ExportableResponse {
	return {
		id: 'r-1',
		surveyId: 'kitchen',
		surveyVersion: 'v1',
		roundId: 'default',
		answers,
		audience: 'municipal',
		municipality: 'bodo',
		locale: 'nb',
		status: 'complete',
		startedAt: '2026-03-01T10:00:00.000Z',
		submittedAt: '2026-03-01T10:05:30.400Z',
		...changes
	};
}

/** A row as `{ column: cell }`, the non-empty cells only, to compare with hand-written rows. */
function byName(columns: Column[], cells: string[]): Record<string, string> {
	return Object.fromEntries(
		columns.map((c, i) => [c.name, cells[i]] as const).filter(([, cell]) => cell !== '')
	);
}

const kitchen = exportColumns([{ version: 'v1', json: kitchenSink }]);

describe('exportColumns', () => {
	it('names one column per answer value of the kitchen sink, metadata first', () => {
		expect(kitchen.map((c) => c.name)).toEqual([
			...meta,
			'role',
			'role_other_text',
			'channels_email',
			'channels_phone',
			'channels_web',
			'channels_none',
			'size',
			'score',
			'nps',
			'agree',
			'years',
			'short',
			'long',
			'likert_a',
			'likert_b',
			'top_x',
			'top_y',
			'top_z',
			'top_w',
			'order_p',
			'order_q',
			'order_r',
			'contact_team',
			'contact_count',
			'grid_r1_used',
			'grid_r1_rating',
			'grid_r1_tools_a',
			'grid_r1_tools_b',
			'grid_r2_used',
			'grid_r2_rating',
			'grid_r2_tools_a',
			'grid_r2_tools_b',
			// maxRowCount 3 and maxPanelCount 2 are declared: that many, whatever is stored.
			'datasets_1_title',
			'datasets_1_format',
			'datasets_2_title',
			'datasets_2_format',
			'datasets_3_title',
			'datasets_3_format',
			'events_1_event_name',
			'events_1_event_score',
			'events_2_event_name',
			'events_2_event_score',
			'publishes',
			'why_not',
			'email_like',
			'manager_note'
		]);
	});

	// Each row: column, question, item, type, codes.
	it.each([
		['response_id', '', '', 'id', []],
		['round', '', '', 'code', ['default']],
		['audience', '', '', 'code', ['municipal', 'business', 'citizen', 'voluntary']],
		['language', '', '', 'code', ['nb', 'nn', 'en']],
		['duration_seconds', '', '', 'number', []],
		['role', 'role', '', 'code', ['staff', 'manager', 'other']],
		['role_other_text', 'role', 'other_text', 'text', []],
		['channels_none', 'channels', 'none', 'binary', [1, 0]],
		['size', 'size', '', 'code', [1, 2, 3]],
		['nps', 'nps', '', 'code', [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10]],
		['agree', 'agree', '', 'boolean', [1, 0]],
		['years', 'years', '', 'number', []],
		['long', 'long', '', 'text', []],
		['likert_b', 'likert', 'b', 'code', [1, 2, 3, 4, 5, 'dont_know']],
		['top_w', 'top', 'w', 'rank', [1, 2, 3, 4]],
		['order_r', 'order', 'r', 'rank', [1, 2, 3]],
		['contact_count', 'contact', 'count', 'number', []],
		['grid_r2_used', 'grid', 'r2.used', 'boolean', [1, 0]],
		['grid_r1_rating', 'grid', 'r1.rating', 'code', [1, 2, 3, 4, 5]],
		['grid_r1_tools_b', 'grid', 'r1.tools.b', 'binary', [1, 0]],
		['datasets_3_format', 'datasets', '3.format', 'code', ['csv', 'json']],
		['events_2_event_score', 'events', '2.event_score', 'code', [1, 2, 3]]
	])('%s: question %j, item %j, %s, codes %j', (name, question, item, type, values) => {
		const column = kitchen.find((c) => c.name === name)!;
		expect(column).toMatchObject({ question, item, type, versions: ['v1'] });
		expect(column.codes.map((c) => c.value)).toEqual(values);
	});

	it('gives texts in Bokmål and English, SurveyJS wording for its own choices', () => {
		const columns = exportColumns([
			{
				version: 'v1',
				json: {
					elements: [
						{
							type: 'checkbox',
							name: 'tools',
							title: { nb: 'Verktøy', en: 'Tools' },
							choices: [{ value: 'r', text: { nb: 'R-språket', en: 'R language' } }],
							showOtherItem: true
						}
					]
				}
			}
		]);
		const other = columns.find((c) => c.name === 'tools_other')!;
		expect(other.questionText).toMatchObject({ nb: 'Verktøy', en: 'Tools' });
		expect(other.itemText).toMatchObject({ nb: 'Annet (beskriv)', en: 'Other (describe)' });
		expect(columns.find((c) => c.name === 'tools_r')!.itemText).toMatchObject({
			nb: 'R-språket',
			en: 'R language'
		});
		expect(columns.find((c) => c.name === 'tools_other_text')!.itemText).toMatchObject({
			nb: 'annet (tekst)',
			en: 'other (text)'
		});
	});

	it('keeps names that R, SPSS, Stata and pandas accept, and unique', () => {
		const columns = exportColumns([
			{
				version: 'v1',
				json: {
					elements: [
						{ type: 'text', name: 'audience' },
						{ type: 'checkbox', name: 'kanal', choices: ['e-post', 'sms app', 'e_post', 'æøå'] }
					]
				}
			}
		]);
		expect(columns.slice(meta.length).map((c) => [c.name, c.item])).toEqual([
			// The metadata column keeps its name; the question's column gets a suffix.
			['audience_2', ''],
			['kanal_e_post', 'e-post'],
			['kanal_sms_app', 'sms app'],
			['kanal_e_post_2', 'e_post'],
			['kanal_æøå', 'æøå']
		]);
	});

	describe('over two versions', () => {
		const v1 = {
			elements: [
				{ type: 'radiogroup', name: 'q1', choices: ['a', 'b'] },
				{ type: 'checkbox', name: 'q2', choices: ['x', 'y'] },
				{ type: 'text', name: 'gone' },
				{ type: 'text', name: 'q3' }
			]
		};
		// v2 adds a choice to q2, a question between q2 and q3, removes "gone", and makes q3 a number.
		const v2 = {
			elements: [
				{ type: 'radiogroup', name: 'q1', choices: ['a', 'b'] },
				{ type: 'checkbox', name: 'q2', choices: ['x', 'z', 'y'] },
				{ type: 'comment', name: 'added' },
				{ type: 'text', name: 'q3', inputType: 'number' }
			]
		};
		const columns = exportColumns([
			{ version: 'v1', json: v1 },
			{ version: 'v2', json: v2 }
		]);
		const answers = columns.slice(meta.length);

		it('has the union of their columns, each where it appears', () => {
			expect(answers.map((c) => [c.name, c.versions.join(' ')])).toEqual([
				['q1', 'v1 v2'],
				['q2_x', 'v1 v2'],
				['q2_z', 'v2'],
				['q2_y', 'v1 v2'],
				// "added" follows q2 in v2, so it comes right after q2's columns.
				['added', 'v2'],
				['gone', 'v1'],
				['q3', 'v1 v2']
			]);
		});

		it('marks a column whose type changed as "as stored"', () => {
			expect(answers.find((c) => c.name === 'q3')!.type).toBe('value');
			expect(answers.find((c) => c.name === 'q1')!.type).toBe('code');
		});

		it('leaves empty, not 0, a choice the response’s version did not offer', () => {
			const old = flattenResponse(columns, response({ q2: ['x'], gone: 'g' }), codes);
			expect(byName(columns, old)).toMatchObject({ q2_x: '1', q2_y: '0', gone: 'g' });
			expect(byName(columns, old)).not.toHaveProperty('q2_z');
			const now = flattenResponse(
				columns,
				response({ q2: ['z'], q3: 7 }, { surveyVersion: 'v2' }),
				codes
			);
			expect(byName(columns, now)).toMatchObject({ q2_x: '0', q2_z: '1', q2_y: '0', q3: '7' });
		});

		it('does not depend on the order of the answers or on which are given', () => {
			const again = exportColumns([
				{ version: 'v1', json: v1 },
				{ version: 'v2', json: v2 }
			]);
			expect(again.map((c) => c.name)).toEqual(columns.map((c) => c.name));
		});
	});

	describe('numbered columns of dynamic questions', () => {
		const definition = (declared: Record<string, number>) => ({
			elements: [
				{
					type: 'matrixdynamic',
					name: 'rows',
					...declared,
					columns: [{ name: 'c', cellType: 'text' }]
				}
			]
		});
		const names = (json: Record<string, unknown>, stored: number[]) =>
			exportColumns([{ version: 'v1', json }], {
				allAnswers: stored.map((n) => ({ rows: Array.from({ length: n }, () => ({ c: 'x' })) }))
			})
				.slice(meta.length)
				.map((c) => c.name);

		it.each([
			['a declared maximum: that many, whatever is stored', { maxRowCount: 3 }, [1], 3],
			['a declared maximum with nothing stored', { maxRowCount: 2 }, [], 2],
			['nothing declared: the largest stored', {}, [2, 5, 1], 5],
			['nothing declared, nothing stored: one', {}, [], 1],
			[`more than ${MAX_DECLARED_COUNT} declared: the largest stored`, { maxRowCount: 50 }, [4], 4]
		])('%s', (_, declared, stored, count) => {
			expect(names(definition(declared), stored)).toEqual(
				Array.from({ length: count }, (_, i) => `rows_${i + 1}_c`)
			);
		});

		it('counts a dynamic panel inside a dynamic panel over every outer panel', () => {
			const json = {
				elements: [
					{
						type: 'paneldynamic',
						name: 'outer',
						maxPanelCount: 2,
						templateElements: [
							{
								type: 'paneldynamic',
								name: 'inner',
								templateElements: [{ type: 'text', name: 't' }]
							}
						]
					}
				]
			};
			const stored = [{ outer: [{ inner: [{ t: 'a' }] }, { inner: [{ t: 'b' }, { t: 'c' }] }] }];
			const columns = exportColumns([{ version: 'v1', json }], { allAnswers: stored });
			expect(columns.slice(meta.length).map((c) => [c.name, c.item])).toEqual([
				['outer_1_inner_1_t', '1.inner.1.t'],
				['outer_1_inner_2_t', '1.inner.2.t'],
				['outer_2_inner_1_t', '2.inner.1.t'],
				['outer_2_inner_2_t', '2.inner.2.t']
			]);
			const row = flattenResponse(columns, response(stored[0]), codes);
			expect(row.slice(meta.length)).toEqual(['a', '', 'b', 'c']);
		});
	});
});

describe('flattenResponse', () => {
	it('writes the full municipal answer as worked out by hand', () => {
		const cells = flattenResponse(kitchen, response(fullMunicipalAnswers()), codes);
		expect(byName(kitchen, cells)).toEqual({
			response_id: 'r-1',
			questionnaire: 'kitchen',
			version: 'v1',
			round: 'default',
			audience: 'municipal',
			municipality: 'bodo',
			// Not through an invitation.
			verified: '0',
			language: 'nb',
			status: 'complete',
			started_at: '2026-03-01T10:00:00.000Z',
			submitted_at: '2026-03-01T10:05:30.400Z',
			// 5 min 30.4 s, to the nearest second.
			duration_seconds: '330',
			role: 'other',
			role_other_text: 'Rådgiver, «data» & co; "quoted"',
			// ['email', 'web'] of email, phone, web, none.
			channels_email: '1',
			channels_phone: '0',
			channels_web: '1',
			channels_none: '0',
			size: '2',
			score: '4',
			nps: '0',
			agree: '0',
			years: '12',
			short: 'æøå',
			long: 'Linje 1\nLinje 2; =SUM(A1)',
			likert_a: '5',
			likert_b: 'dont_know',
			// top: ['z', 'x'] → z first, x second, y and w not ranked.
			top_x: '2',
			top_z: '1',
			// order: ['r', 'p', 'q'].
			order_p: '2',
			order_q: '3',
			order_r: '1',
			contact_team: 'Data',
			contact_count: '3',
			// grid: { r1: { used: true, rating: 3, tools: ['a'] } }, r2 not answered.
			grid_r1_used: '1',
			grid_r1_rating: '3',
			grid_r1_tools_a: '1',
			grid_r1_tools_b: '0',
			datasets_1_title: 'Energi',
			datasets_1_format: 'csv',
			events_1_event_name: 'Hackathon',
			events_1_event_score: '2',
			publishes: 'no',
			why_not: 'Personvern',
			email_like: 'abc'
		});
	});

	it('leaves every column of an unanswered question empty, and 0/1 only once answered', () => {
		const cells = byName(kitchen, flattenResponse(kitchen, response({ role: 'staff' }), codes));
		expect(Object.keys(cells).filter((name) => !meta.includes(name))).toEqual(['role']);
		const none = byName(kitchen, flattenResponse(kitchen, response({ channels: ['none'] }), codes));
		expect(none).toMatchObject({
			channels_email: '0',
			channels_phone: '0',
			channels_web: '0',
			channels_none: '1'
		});
	});

	// Each row: locale, column, the answers, the label expected.
	it.each([
		['nb', 'role', { role: 'other' }, 'Annet (beskriv)'],
		['en', 'role', { role: 'other' }, 'Other (describe)'],
		['nb', 'agree', { agree: true }, 'Ja'],
		['en', 'agree', { agree: false }, 'No'],
		['nb', 'channels_none', { channels: ['none'] }, '1'],
		['en', 'likert_a', { likert: { a: 5 } }, '5'],
		['nb', 'audience', {}, 'Kommuneansatt'],
		['en', 'audience', {}, 'Municipal employee'],
		['nb', 'municipality', {}, 'Bodø'],
		['nn', 'round', {}, 'Standardrunde (alltid open)'],
		['en', 'language', {}, 'Bokmål'],
		['en', 'status', {}, 'Complete'],
		['en', 'top_z', { top: ['z'] }, '1'],
		['en', 'size', { size: 3 }, '3']
	])('labels in %s: %s', (locale, name, answers, label) => {
		const options = { ...codes, values: 'labels' as const, locale: locale as 'nb' | 'nn' | 'en' };
		const cells = flattenResponse(kitchen, response(answers), options);
		expect(cells[kitchen.findIndex((c) => c.name === name)]).toBe(label);
	});

	it('writes a round as its slug, or its name as a label, and an unknown round as its id', () => {
		const columns = exportColumns([{ version: 'v1', json: kitchenSink }], {
			rounds: [{ id: 'id-2', slug: 'runde-2', name: 'Runde 2 – vår' }]
		});
		const round = columns.findIndex((c) => c.name === 'round');
		const cellOf = (roundId: string, options: FlattenOptions) =>
			flattenResponse(columns, response({}, { roundId }), options)[round];
		expect(cellOf('id-2', codes)).toBe('runde-2');
		expect(cellOf('id-2', { ...codes, values: 'labels' })).toBe('Runde 2 – vår');
		expect(cellOf('deleted', codes)).toBe('deleted');
	});

	// Each row: the answer to "short" (or "years"), standard, Excel.
	it.each([
		['short', '=SUM(A1)', '=SUM(A1)', "'=SUM(A1)"],
		['short', '+47 22 00 00 00', '+47 22 00 00 00', "'+47 22 00 00 00"],
		['short', '-gjeld', '-gjeld', "'-gjeld"],
		['short', '@user', '@user', "'@user"],
		['short', '\tinnrykk', '\tinnrykk', "'\tinnrykk"],
		['short', 'a = b', 'a = b', 'a = b'],
		['short', "'sitat", "'sitat", "'sitat"],
		['years', 12.5, '12.5', '12,5'],
		// A negative number is a number, not a formula: no apostrophe.
		['years', -3.25, '-3.25', '-3,25'],
		['years', 40, '40', '40']
	])('%s = %j: standard %j, Excel %j', (name, value, standard, excel) => {
		const index = kitchen.findIndex((c) => c.name === name);
		const flavour = { ...codes, decimalComma: true, neutraliseFormulae: true };
		expect(flattenResponse(kitchen, response({ [name]: value }), codes)[index]).toBe(standard);
		expect(flattenResponse(kitchen, response({ [name]: value }), flavour)[index]).toBe(excel);
	});

	it('leaves the duration empty without a start time', () => {
		const cells = flattenResponse(kitchen, response({}, { startedAt: null }), codes);
		expect(cells[meta.indexOf('duration_seconds')]).toBe('');
		expect(cells[meta.indexOf('started_at')]).toBe('');
	});

	it('still writes the answers of a version it has no definition for', () => {
		const cells = flattenResponse(
			kitchen,
			response({ role: 'staff' }, { surveyVersion: 'v9' }),
			codes
		);
		expect(byName(kitchen, cells)).toMatchObject({ version: 'v9', role: 'staff' });
	});
});

describe('longRows', () => {
	it('has a row for every non-empty cell of the wide row but the id', () => {
		const answers = { role: 'other', 'role-Comment': 'Rådgiver', channels: ['web'], top: ['z'] };
		const rows = longRows(kitchen, response(answers, { startedAt: null }), codes);
		expect(longHeader).toEqual(['response_id', 'column', 'question', 'item', 'value']);
		expect(rows).toEqual([
			['r-1', 'questionnaire', '', '', 'kitchen'],
			['r-1', 'version', '', '', 'v1'],
			['r-1', 'round', '', '', 'default'],
			['r-1', 'audience', '', '', 'municipal'],
			['r-1', 'municipality', '', '', 'bodo'],
			['r-1', 'verified', '', '', '0'],
			['r-1', 'language', '', '', 'nb'],
			['r-1', 'status', '', '', 'complete'],
			['r-1', 'submitted_at', '', '', '2026-03-01T10:05:30.400Z'],
			['r-1', 'role', 'role', '', 'other'],
			['r-1', 'role_other_text', 'role', 'other_text', 'Rådgiver'],
			['r-1', 'channels_email', 'channels', 'email', '0'],
			['r-1', 'channels_phone', 'channels', 'phone', '0'],
			['r-1', 'channels_web', 'channels', 'web', '1'],
			['r-1', 'channels_none', 'channels', 'none', '0'],
			['r-1', 'top_z', 'top', 'z', '1']
		]);
	});
});

describe('neutraliseFormula', () => {
	it.each([
		['=1+1', "'=1+1"],
		['+1', "'+1"],
		['-1', "'-1"],
		['@SUM', "'@SUM"],
		['\r', "'\r"],
		['1-1', '1-1'],
		['', '']
	])('%j → %j', (text, expected) => {
		expect(neutraliseFormula(text)).toBe(expected);
	});
});
