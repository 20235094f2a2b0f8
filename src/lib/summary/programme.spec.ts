import { describe, expect, it } from 'vitest';
import type { ScoringModel } from '../scoring/model';
import { planSummary } from './plan';
import { evaluationByGroup, maturityByGroup, rankBarriers, withRoundChanges } from './programme';
import { summarise, type SummaryInput } from './summarise';

const texts = (s: string) => ({ nb: s, nn: s, en: s });

function input(answers: Record<string, unknown>, municipality = 'bodo'): SummaryInput {
	return {
		answers,
		audience: 'municipal',
		municipality,
		locale: 'nb',
		submittedAt: '2026-03-01T10:00:00.000Z'
	};
}

describe('rankBarriers', () => {
	const plan = planSummary({
		elements: [
			{
				type: 'matrix',
				name: 'pub_economics',
				rows: ['cost', 'model'],
				columns: [1, 2, 3, 4, 5, 'dont_know']
			},
			{
				type: 'matrix',
				name: 'use_licences',
				rows: ['many'],
				columns: [1, 2, 3, 4, 5, 'dont_know']
			},
			{ type: 'matrix', name: 'other_matrix', rows: ['x'], columns: [1, 2] }
		]
	});
	// cost: 5, 4, 2 → mean 11/3 = 3.7, 4–5 share 2/3 = 66.7 %; model: 1, 1, dont_know → mean 1, share 0.
	// many: 3, 5, 5 → mean 13/3 = 4.3, share 2/3 = 66.7 %.
	const summary = summarise(plan, [
		input({ pub_economics: { cost: 5, model: 1 }, use_licences: { many: 3 } }),
		input({ pub_economics: { cost: 4, model: 1 }, use_licences: { many: 5 } }),
		input({ pub_economics: { cost: 2, model: 'dont_know' }, use_licences: { many: 5 } })
	]);

	it('ranks barrier items by mean hindrance, with the share rating 4–5, per side', () => {
		expect(
			rankBarriers(summary).map((r) => [r.side, r.category, r.item, r.mean, r.share45, r.n])
		).toEqual([
			['user', 'licences', 'many', 4.3, 66.7, 3],
			['publisher', 'economics', 'cost', 3.7, 66.7, 3],
			['publisher', 'economics', 'model', 1, 0, 2]
		]);
	});
});

describe('rankBarriers: "not relevant", business-only parts and barriers expected', () => {
	const columns = [1, 2, 3, 4, 5, 'not_relevant', 'dont_know'];
	const plan = planSummary({
		elements: [
			{ type: 'matrix', name: 'pub_economics', rows: ['lost_income', 'no_budget'], columns },
			{ type: 'matrix', name: 'use_awareness', rows: ['hard_to_find'], columns },
			{ type: 'matrix', name: 'use_economics_business', rows: ['small_market'], columns },
			{ type: 'matrix', name: 'new_barriers', rows: ['hard_to_find', 'unheard_of'], columns }
		]
	});
	// lost_income: 2 and 4 "not relevant" → mean 2 of n 1, not 2 × 1 + … as "does not hinder".
	// no_budget: 4, 4 → mean 4. hard_to_find met: 3, 3; expected: 5, 5. small_market: 5, 1 → 3.
	const summary = summarise(plan, [
		input({
			pub_economics: { lost_income: 2, no_budget: 4 },
			use_awareness: { hard_to_find: 3 },
			use_economics_business: { small_market: 5 },
			new_barriers: { hard_to_find: 5, unheard_of: 'not_relevant' }
		}),
		input({
			pub_economics: { lost_income: 'not_relevant', no_budget: 4 },
			use_awareness: { hard_to_find: 3 },
			use_economics_business: { small_market: 1 },
			new_barriers: { hard_to_find: 5, unheard_of: 'dont_know' }
		}),
		...Array.from({ length: 3 }, () => input({ pub_economics: { lost_income: 'not_relevant' } }))
	]);
	const ranked = rankBarriers(summary);
	const row = (question: string, item: string) =>
		ranked.find((r) => r.question === question && r.item === item);

	it('ranks on the scale only: "not relevant" is counted apart and never moves an item', () => {
		expect(row('pub_economics', 'lost_income')).toMatchObject({
			n: 1,
			mean: 2,
			share45: 0,
			notRelevant: 4
		});
		expect(ranked.filter((r) => r.side === 'publisher').map((r) => r.item)).toEqual([
			'no_budget',
			'lost_income'
		]);
	});

	it('keeps barriers expected apart from barriers met, in the category of the same item', () => {
		expect(row('use_awareness', 'hard_to_find')).toMatchObject({
			side: 'user',
			category: 'awareness',
			mean: 3
		});
		expect(row('new_barriers', 'hard_to_find')).toMatchObject({
			side: 'prospective',
			category: 'awareness',
			mean: 5
		});
		// An item only the short module asks keeps the matrix's own name as its category.
		expect(row('new_barriers', 'unheard_of')).toMatchObject({ category: 'barriers', n: 0 });
	});

	it('reads a business-only part of a category as that category', () => {
		expect(row('use_economics_business', 'small_market')).toMatchObject({
			side: 'user',
			category: 'economics',
			mean: 3
		});
	});
});

describe('maturityByGroup and withRoundChanges', () => {
	const model: ScoringModel = {
		levels: [
			{ level: 1, code: 'level_1', min: 0, label: texts('1') },
			{ level: 2, code: 'level_2', min: 50, label: texts('2') }
		],
		dimensions: [
			{
				code: 'd',
				label: texts('D'),
				items: [{ question: 'q', weight: 10, points: { none: 0, half: 0.5, full: 1 } }]
			}
		]
	} as ScoringModel;

	it('averages dimension scores per group and withholds groups smaller than the limit', () => {
		const responses = [
			...Array.from({ length: 3 }, () => input({ q: 'full' }, 'bodo')),
			...Array.from({ length: 2 }, () => input({ q: 'half' }, 'bodo')),
			input({ q: 'none' }, 'oslo')
		];
		const groups = maturityByGroup(model, responses, (r) => r.municipality ?? '', 5);
		// Bodø: 100, 100, 100, 50, 50 → mean 80; levels 2, 2, 2, 2, 2 → median 2.
		// Oslo: one response → withheld.
		expect(groups.find((g) => g.key === 'bodo')).toMatchObject({
			n: 5,
			suppressed: false,
			dimensions: [{ code: 'd', score: 80, level: 2, scored: 5 }],
			overall: { score: 80, level: 2, scored: 5 }
		});
		expect(groups.find((g) => g.key === 'oslo')).toMatchObject({
			n: 1,
			suppressed: true,
			overall: { score: null, scored: 0 }
		});
	});

	it('shows a mean only over responses with enough answers, and the lower median level', () => {
		// Six responses: none (0, level 1), half (50, level 2) twice, full (100, level 2) twice,
		// and one "don't know" (not enough answers). Five scored: mean (0 + 50 + 50 + 100 + 100)
		// / 5 = 60; levels 1, 2, 2, 2, 2 → median 2.
		const six = ['none', 'half', 'half', 'full', 'full', 'dont_know'].map((q) => input({ q }));
		expect(maturityByGroup(model, six, () => 'all', 5)[0].dimensions[0]).toMatchObject({
			score: 60,
			level: 2,
			scored: 5
		});
		// Only four of five scored: fewer than the limit, so no mean and no level.
		const five = ['none', 'half', 'full', 'full', 'dont_know'].map((q) => input({ q }));
		expect(maturityByGroup(model, five, () => 'all', 5)[0]).toMatchObject({
			suppressed: false,
			dimensions: [{ score: null, level: null, scored: 4 }],
			overall: { score: null, level: null, scored: 4 }
		});
		// An even count takes the lower middle level: 1, 1, 2, 2 → 1.
		const four = ['none', 'none', 'full', 'full'].map((q) => input({ q }));
		expect(maturityByGroup(model, four, () => 'all', 1)[0].dimensions[0].level).toBe(1);
	});

	it("states the change since the same municipality's previous round", () => {
		const group = (key: string, score: number | null) => ({
			key,
			n: 5,
			suppressed: score === null,
			dimensions: [{ code: 'd', label: texts('D'), score, level: null, scored: 5 }],
			overall: { score, level: null, scored: 5 }
		});
		const changed = withRoundChanges(
			[group('bodo|r2', 70), group('oslo|default', 40), group('bodo|default', 55.5)],
			['default', 'r2']
		);
		expect(changed.map((g) => [g.key, g.change?.overall ?? null])).toEqual([
			['bodo|default', null],
			['bodo|r2', 14.5],
			['oslo|default', null]
		]);
	});
});

describe('evaluationByGroup', () => {
	const plan = planSummary({
		elements: [
			{ type: 'rating', name: 'useful', rateMin: 1, rateMax: 5 },
			{ type: 'rating', name: 'recommend', rateMin: 0, rateMax: 10 }
		]
	});
	it('gives the mean of each rating per group, and nothing for small groups', () => {
		const responses = [
			...[1, 2, 3, 4, 5].map((u) => ({
				...input({ useful: u, recommend: u * 2 }),
				municipality: 'a'
			})),
			input({ useful: 5, recommend: 10 }, 'b')
		];
		const summary = summarise(plan, responses);
		const groups = evaluationByGroup(summary.questions, responses, (r) => r.municipality ?? '', 5);
		// a: useful 15/5 = 3, recommend 30/5 = 6; b: one response → withheld.
		expect(
			groups.map((g) => [g.key, g.suppressed, g.means.map((m) => [m.question, m.mean, m.max])])
		).toEqual([
			[
				'a',
				false,
				[
					['useful', 3, 5],
					['recommend', 6, 10]
				]
			],
			[
				'b',
				true,
				[
					['useful', null, 5],
					['recommend', null, 10]
				]
			]
		]);
	});

	it('reads the rows of a 1–5 matrix as rated items, "not relevant" left out of the mean', () => {
		const matrixPlan = planSummary({
			elements: [
				{
					type: 'matrix',
					name: 'process',
					rows: ['time', 'experts'],
					columns: [1, 2, 3, 4, 5, 'not_relevant']
				},
				{ type: 'matrix', name: 'codes_only', rows: ['a'], columns: ['yes', 'no'] }
			]
		});
		// time: 1, 2, 3, 4, 5 → 3. experts: 4, 4, 4, 4, 4 and one "not relevant" → 4, not 20/6.
		const responses = [1, 2, 3, 4, 5, 0].map((t) =>
			input({
				process: t ? { time: t, experts: 4 } : { experts: 'not_relevant' },
				codes_only: { a: 'yes' }
			})
		);
		const groups = evaluationByGroup(
			summarise(matrixPlan, responses).questions,
			responses,
			() => 'all',
			5
		);
		expect(groups[0].means.map((m) => [m.question, m.mean, m.max])).toEqual([
			['process.time', 3, 5],
			['process.experts', 4, 5]
		]);
	});
});
