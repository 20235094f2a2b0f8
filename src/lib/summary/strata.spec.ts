import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { matchesFilters, stratumMatches, type ResponseFilters } from '../filters';
import { DefinitionValidator } from '../validation';
import { generateAnswers } from '../../test-data/answers';
import { kitchenSink } from '../../test-data/definitions';
import { planSummary, type SummaryPlan } from './plan';
import { exactNumbers, protectedNumbers } from './protect';
import { parseScoringModel } from '../scoring/model';
import { cellOf } from './cell-key';
import {
	evaluationByGroup,
	evaluationOfTallies,
	maturityByGroup,
	maturityOfTallies
} from './programme';
import {
	activityOf,
	evaluationTallies,
	maturityTallies,
	Strata,
	summariseStrata,
	type StratumResponse
} from './strata';
import { summarise } from './summarise';

/**
 * The fast path (strata.ts: tallies per stratum, merged) against the straightforward one (one
 * pass of `summarise` over the view's responses), on generated answers to the programme's
 * questionnaires and to the kitchen-sink definition (every question kind): the summaries must
 * be exactly the same, number for number and in the same order, exact and protected, for the
 * page and for groups within it.
 */

const root = resolve(import.meta.dirname, '../../..');
const audiences = ['municipal', 'business', 'citizen', 'researcher', null];
const municipalities = ['bodo', 'oslo', 'trondheim', 'gjesdal', null];
const rounds = ['default', 'r-spring', 'r-autumn'];
const versions = ['aaaaaaaaaaaa', 'bbbbbbbbbbbb'];

function responses(json: Record<string, unknown>, count: number): StratumResponse[] {
	const validator = new DefinitionValidator(json);
	// Across three weeks around the end of summer time (28 October 2029), at any time of day,
	// so that Norwegian days and UTC days differ near midnight.
	const start = Date.parse('2029-10-15T00:00:00Z');
	return Array.from({ length: count }, (_, i) => {
		const audience = audiences[(i * 7) % audiences.length];
		const municipality = municipalities[(i * 3) % municipalities.length];
		const at = new Date(start + ((i * 7919) % 1000) * 1814.4 * 1000).toISOString();
		return {
			answers: generateAnswers(
				validator.compiled,
				{ audience, municipality, locale: 'nb' },
				i + 1,
				0.7
			),
			audience,
			municipality,
			locale: i % 4 === 0 ? 'en' : 'nb',
			submittedAt: at,
			roundId: rounds[i % rounds.length],
			surveyVersion: versions[Math.floor(i / 5) % 2],
			recordKey: (Math.imul(i + 1, 2654435761) >>> 0) % 2 ** 32
		};
	});
}

const filterSets: ResponseFilters[] = [
	{},
	{ audience: 'municipal' },
	{ audience: 'municipal', municipality: 'bodo' },
	{ round: 'r-spring' },
	{ version: 'bbbbbbbbbbbb' },
	{ from: '2029-10-20', to: '2029-10-28' },
	{ from: '2029-10-28' },
	{ to: '2029-10-27', municipality: 'oslo' }
];

const definitions: [string, Record<string, unknown>][] = [
	['kitchen sink', kitchenSink],
	...['barriers', 'maturity', 'method-evaluation', 'method-follow-up'].map(
		(id): [string, Record<string, unknown>] => [
			id,
			JSON.parse(readFileSync(join(root, 'surveys', `${id}.json`), 'utf8'))
		]
	)
];

function strataOf(plan: SummaryPlan, list: readonly StratumResponse[], from = 0): Strata {
	const strata = new Strata(plan);
	list.forEach((r, i) => strata.add(r, from + i));
	return strata;
}

describe.each(definitions)('summaries from strata (%s)', (_, json) => {
	const plan = planSummary(json);
	const all = responses(json, 700);
	const strata = strataOf(plan, all);
	const disclosures = [
		['exact', exactNumbers(5)],
		['protected', protectedNumbers(5)]
	] as const;

	it('makes few strata of many responses, each response in one of each grain', () => {
		for (const byDay of [false, true]) {
			const list = strata.list(byDay);
			expect(list.reduce((sum, s) => sum + s.tally.all.count, 0)).toBe(all.length);
			expect(list.length).toBeLessThan(all.length);
		}
		expect(strata.list(false).length).toBeLessThan(strata.list(true).length);
	});

	for (const filters of filterSets) {
		for (const [name, disclosure] of disclosures) {
			it(`gives the same summary as one pass: ${name}, ${JSON.stringify(filters)}`, () => {
				const view = all.filter((r) => matchesFilters(r, filters));
				const byDay = filters.from !== undefined || filters.to !== undefined;
				const chosen = strata.list(byDay).filter((s) => stratumMatches(s, filters));
				expect(chosen.reduce((sum, s) => sum + s.tally.all.count, 0)).toBe(view.length);
				const options = { includeTexts: true, disclosure };
				const fast = summariseStrata(plan, chosen, options);
				expect(fast).toStrictEqual(summarise(plan, view, options));
				expect(JSON.stringify(fast)).toBe(JSON.stringify(summarise(plan, view, options)));
				expect(fast.n).toBeGreaterThan(0);

				// Groups within the page (by audience), with the page's keys.
				const within = 123456789;
				for (const audience of audiences) {
					const group = { ...options, within };
					expect(
						summariseStrata(
							plan,
							chosen.filter((s) => s.audience === audience),
							group
						)
					).toStrictEqual(
						summarise(
							plan,
							view.filter((r) => r.audience === audience),
							group
						)
					);
				}
			});
		}
	}

	it('gives the same strata when responses are added later (on append) as all at once', () => {
		const later = new Strata(plan);
		all.slice(0, 300).forEach((r, i) => later.add(r, i));
		all.slice(300).forEach((r, i) => later.add(r, 300 + i));
		const options = { includeTexts: true, disclosure: protectedNumbers(5) };
		for (const byDay of [false, true])
			expect(summariseStrata(plan, later.list(byDay), options)).toStrictEqual(
				summariseStrata(plan, strata.list(byDay), options)
			);
		expect(summariseStrata(plan, later.list(), options)).toStrictEqual(
			summarise(plan, all, options)
		);
	});
});

describe('free text and categories from strata', () => {
	const plan = planSummary(kitchenSink);
	const all = responses(kitchenSink, 200);
	it('lists free text in the order the responses came, as one pass does', () => {
		const fast = summariseStrata(plan, strataOf(plan, all).list(), { includeTexts: true });
		const slow = summarise(plan, all, { includeTexts: true });
		const texts = (s: typeof fast) =>
			s.questions.flatMap((q) => (q.kind === 'text' ? q.texts : []));
		expect(texts(fast).length).toBeGreaterThan(20);
		expect(texts(fast)).toStrictEqual(texts(slow));
	});
});

describe.each(['method-evaluation', 'method-follow-up'])('activities as strata (%s)', (id) => {
	const json = JSON.parse(readFileSync(join(root, 'surveys', `${id}.json`), 'utf8'));
	const plan = planSummary(json);
	const all = responses(json, 700);
	const strata = strataOf(plan, all);
	const activities = [...new Set(all.map((r) => activityOf(r.answers)))];

	it('keeps each activity in strata of its own (every activity answered, and none)', () => {
		// The generated answers leave some responses without an activity: those are in strata of
		// their own (null), never merged with an activity's.
		expect(activities.filter((a) => a !== null).length).toBeGreaterThanOrEqual(3);
		for (const s of strata.list()) {
			const members = all.filter(
				(r) =>
					r.roundId === s.roundId &&
					r.audience === s.audience &&
					r.municipality === s.municipality &&
					r.surveyVersion === s.surveyVersion &&
					activityOf(r.answers) === s.activity
			);
			expect(s.tally.all.count).toBe(members.length);
		}
	});

	for (const [name, disclosure] of [
		['exact', exactNumbers(5)],
		['protected', protectedNumbers(5)]
	] as const) {
		it(`gives each round's activity the summary of one pass over its responses (${name})`, () => {
			const within = 987654321;
			let compared = 0;
			const views: ResponseFilters[] = [{}, { audience: 'citizen' }, { from: '2029-10-20' }];
			for (const filters of views) {
				const byDay = filters.from !== undefined;
				const chosen = strata.list(byDay).filter((s) => stratumMatches(s, filters));
				const view = all.filter((r) => matchesFilters(r, filters));
				for (const round of rounds) {
					for (const activity of activities) {
						const options = { includeTexts: false, disclosure, within };
						const members = view.filter(
							(r) => r.roundId === round && activityOf(r.answers) === activity
						);
						const fast = summariseStrata(
							plan,
							chosen.filter((s) => s.roundId === round && s.activity === activity),
							options
						);
						expect(fast).toStrictEqual(summarise(plan, members, options));
						if (members.length > 0) compared++;
					}
				}
			}
			expect(compared).toBeGreaterThan(20);
		});
	}
});

describe.each(['method-evaluation', 'method-follow-up'])('rated items from strata (%s)', (id) => {
	const json = JSON.parse(readFileSync(join(root, 'surveys', `${id}.json`), 'utf8'));
	const plan = planSummary(json);
	const all = responses(json, 700);
	const strata = strataOf(plan, all);
	for (const [name, disclosure] of [
		['exact', exactNumbers(5)],
		['protected', protectedNumbers(5)]
	] as const) {
		it(`gives each activity and round the means of one pass over its responses (${name})`, () => {
			let means = 0;
			for (const filters of filterSets) {
				const byDay = filters.from !== undefined || filters.to !== undefined;
				const chosen = strata.list(byDay).filter((s) => stratumMatches(s, filters));
				const view = all.filter((r) => matchesFilters(r, filters));
				const questions = summarise(plan, view).questions;
				const slow = evaluationByGroup(
					questions,
					view,
					(r) => `${activityOf(r.answers) ?? '–'}|${(r as StratumResponse).roundId}`,
					5,
					disclosure
				);
				const fast = evaluationOfTallies(
					questions,
					evaluationTallies(chosen, (s) => `${s.activity ?? '–'}|${s.roundId}`),
					cellOf(view).key,
					5,
					disclosure
				);
				expect(fast).toStrictEqual(slow);
				means += fast.flatMap((g) => g.means).filter((m) => m.mean !== null).length;
			}
			expect(means).toBeGreaterThan(50);
		});
	}
});

describe('maturity scores from strata', () => {
	const json = JSON.parse(readFileSync(join(root, 'surveys', 'maturity.json'), 'utf8'));
	const parsed = parseScoringModel(json.odb.scoring);
	if (!parsed.ok) throw new Error(parsed.errors.join('\n'));
	const model = parsed.model;
	const plan = planSummary(json);
	const all = responses(json, 700);
	const strata = new Strata(plan, model);
	all.forEach((r, i) => strata.add(r, i));
	// The dashboard's two groupings: by round, and by municipality and round.
	type Facets = { roundId: string; municipality: string | null };
	const groupings: [string, (r: Facets) => string][] = [
		['round', (r) => r.roundId],
		['municipality and round', (r) => `${r.municipality ?? '–'}|${r.roundId}`]
	];

	it('scores enough responses for every area to show numbers', () => {
		const [first] = maturityByGroup(model, all, () => 'all', 5);
		for (const d of first.dimensions) expect(d.scored).toBeGreaterThan(50);
		expect(first.overall.scored).toBeGreaterThan(10);
	});

	for (const [name, disclosure] of [
		['exact', exactNumbers(5)],
		['protected', protectedNumbers(5)]
	] as const) {
		for (const [by, groupOf] of groupings) {
			it(`gives the groups of one pass over the responses: by ${by}, ${name}`, () => {
				let shown = 0;
				for (const filters of filterSets) {
					const byDay = filters.from !== undefined || filters.to !== undefined;
					const chosen = strata.list(byDay).filter((s) => stratumMatches(s, filters));
					const view = all.filter((r) => matchesFilters(r, filters));
					const slow = maturityByGroup(
						model,
						view,
						(r) => groupOf(r as StratumResponse),
						5,
						disclosure
					);
					const fast = maturityOfTallies(
						model,
						maturityTallies(model, chosen, groupOf),
						cellOf(view).key,
						5,
						disclosure
					);
					expect(fast).toStrictEqual(slow);
					shown += fast.filter((g) => !g.suppressed && g.dimensions[0].score !== null).length;
				}
				expect(shown).toBeGreaterThan(10);
			});
		}
	}

	it('keeps no scores in strata made without a scoring model', () => {
		const plain = strataOf(plan, all);
		expect(plain.list().every((s) => s.maturity === null)).toBe(true);
		expect(maturityTallies(model, plain.list(), (s) => s.roundId)).toStrictEqual([]);
	});
});
