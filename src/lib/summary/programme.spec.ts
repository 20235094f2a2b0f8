import { describe, expect, it } from 'vitest';
import type { ScoringModel } from '../scoring/model';
import { planSummary } from './plan';
import { meanInterval, type Sample } from '../stats';
import { areaBreaks, areaChanges, MATURITY_AREAS } from './changes';
import { evaluationByGroup, maturityByGroup, rankBarriers, withRoundChanges } from './programme';
import { magnitudeNoiseVariance, protectedNumbers } from './protect';
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
			dimensions: [
				{ code: 'd', label: texts('D'), score, level: null, scored: 5, ci95: null, sample: null }
			],
			overall: { score, level: null, scored: 5, ci95: null, sample: null }
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

describe('maturity area scores between rounds', () => {
	const model: ScoringModel = {
		levels: [
			{ level: 1, code: 'level_1', min: 0, label: texts('1') },
			{ level: 2, code: 'level_2', min: 50, label: texts('2') }
		],
		dimensions: [
			{
				code: 'd',
				label: texts('Deling'),
				items: [{ question: 'q', weight: 10, points: { none: 0, half: 0.5, full: 1 } }]
			}
		]
	} as ScoringModel;
	// Round 1 scores 0, 50, 50, 50, 100; round 2 scores 50, 50, 100, 100, 100, 100. By hand:
	// round 1 mean 50, sd √(2 · 50² / 4) = 35.355, t(4) = 2.776445, half-width 2.776445 · 35.355
	// / √5 = 43.899 → 6.1 to 93.9. Round 2 mean 83.33, sd 25.82, t(5) interval 56.2 to 110.4,
	// shown within the scale: to 100. Welch: se = √(1250/5 + 666.67/6) = 19.003, t = 1.7541,
	// df = 7.2068. R 4.2: t.test(c(0,50,50,50,100)) 6.100548 to 93.899452;
	// t.test(c(50,50,100,100,100,100), c(0,50,50,50,100)): t = 1.7541, df = 7.206823,
	// p = 0.1216253829, 95 % CI −11.34134 to 78.00801.
	const answers = (round: string, qs: string[], offset: number) =>
		qs.map((q, i) => ({
			...input({ q }),
			round,
			recordKey: ((offset + i) * 2654435761) % 2 ** 32
		}));
	const responses = [
		...answers('r1', ['none', 'half', 'half', 'half', 'full'], 0),
		...answers('r2', ['half', 'half', 'full', 'full', 'full', 'full'], 100)
	];
	const byRound = (d = undefined as Parameters<typeof maturityByGroup>[4]) =>
		maturityByGroup(model, responses, (r) => (r as (typeof responses)[number]).round, 5, d);

	it("gives each area's mean score a t interval (95 %), within 0–100", () => {
		const [r1, r2] = byRound();
		expect(r1.dimensions[0].ci95).toEqual([6.1, 93.9]);
		expect(r1.dimensions[0].sample).toMatchObject({ n: 5, mean: 50 });
		expect(r1.dimensions[0].sample!.sd).toBeCloseTo(35.35534, 5);
		expect(r2.dimensions[0].ci95).toEqual([56.2, 100]);
	});

	it("tests an area's change with Welch's test, as R's t.test does", () => {
		const [change] = areaChanges(
			byRound().map((g) => ({ ...g })),
			texts('modenhetspoeng')
		);
		expect(change).toMatchObject({
			question: MATURITY_AREAS,
			item: 'd',
			measure: 'mean',
			method: 'welch',
			from: 'r1',
			to: 'r2',
			nBefore: 5,
			nAfter: 6,
			significant: false
		});
		expect(change.change).toBeCloseTo(33.33333, 4);
		expect(change.p).toBeCloseTo(0.1216253829, 8);
		expect(change.ci95[0]).toBeCloseTo(-11.3413432, 5);
		expect(change.ci95[1]).toBeCloseTo(78.00800987, 5);
		// Cohen's d with the two sds averaged: 33.33 / √((1250 + 666.67) / 2) = 1.0766.
		expect(change.effect.value).toBeCloseTo(33.33333 / Math.sqrt((1250 + 666.66667) / 2), 4);
	});

	it('protected: the perturbed n, mean and sd, with the perturbation counted into the interval', () => {
		const d = protectedNumbers(5);
		const [r1] = byRound(d);
		const area = r1.dimensions[0];
		const sample = area.sample!;
		// The mean tested is the one shown; the n the perturbed count shown; the sd moved by at
		// most half of what one response moves it (50 / (2n)).
		expect(sample.mean).toBe(area.score);
		expect(sample.n).toBe(area.scored);
		expect(Math.abs(sample.sd - 35.35534)).toBeLessThanOrEqual(50 / (2 * sample.n) + 0.05);
		// (100 / n)² / 12 + 0.1² / 12: with n = 5, 33.334167 (R: (100/5)^2/12 + 0.01/12).
		expect(magnitudeNoiseVariance(100, 5)).toBeCloseTo(33.33416667, 7);
		expect(sample.noiseVariance).toBeCloseTo(magnitudeNoiseVariance(100, sample.n), 10);
		// Student's t interval with the noise added (stats.spec.ts checks meanInterval against R),
		// wider than the same sample without it, rounded and kept within 0–100.
		const noisy = meanInterval(sample)!;
		const quiet = meanInterval({ ...sample, noiseVariance: 0 })!;
		expect(noisy[1] - noisy[0]).toBeGreaterThan(quiet[1] - quiet[0]);
		expect(area.ci95).toEqual([
			Math.round(Math.max(0, noisy[0]) * 10) / 10,
			Math.round(Math.min(100, noisy[1]) * 10) / 10
		]);
		// A round too small shows nothing and gets no change.
		const few = maturityByGroup(model, responses.slice(0, 4), () => 'r1', 5, d);
		expect(few[0].dimensions[0]).toMatchObject({ score: null, ci95: null, sample: null });
		expect(
			areaChanges(
				[
					{ ...few[0], key: 'r1' },
					{ ...byRound(d)[1], key: 'r2' }
				],
				texts('x')
			)
		).toEqual([]);
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

describe('the overall maturity score, and areas whose questions changed', () => {
	const model: ScoringModel = {
		levels: [
			{ level: 1, code: 'level_1', min: 0, label: texts('1') },
			{ level: 2, code: 'level_2', min: 50, label: texts('2') },
			{ level: 3, code: 'level_3', min: 80, label: texts('3') }
		],
		dimensions: [
			{
				code: 'a',
				label: texts('A'),
				items: [{ question: 'qa', weight: 1, points: { none: 0, half: 0.5, full: 1 } }]
			},
			{
				code: 'b',
				label: texts('B'),
				items: [
					{
						question: 'qb',
						weight: 1,
						points: { none: 0, half: 0.5, full: 1 },
						askedIf: { question: 'publishes', values: ['yes'] }
					}
				]
			}
		]
	} as ScoringModel;

	it('is the mean of the areas where every area is scored, with the lowest area level', () => {
		// Scores (a, b): (100, 50) → overall 75, levels 3 and 2 → 2; (50, 100) → 75, level 2;
		// (100, 100) → 100, level 3; (0, 50) → 25, level 1; (100, 0) → 50, level 1; and one
		// response where b is not asked (no score for b, so no overall score): five overall
		// scores, mean (75 + 75 + 100 + 25 + 50) / 5 = 65; levels 1, 1, 2, 2, 3 → lower median 2.
		const pairs = [
			['full', 'half'],
			['half', 'full'],
			['full', 'full'],
			['none', 'half'],
			['full', 'none']
		].map(([qa, qb]) => input({ qa, qb, publishes: 'yes' }));
		const responses = [...pairs, input({ qa: 'full', qb: 'full', publishes: 'no' })];
		const [group] = maturityByGroup(model, responses, () => 'all', 5);
		expect(group.n).toBe(6);
		expect(group.dimensions.map((d) => [d.code, d.score, d.scored])).toEqual([
			['a', 75, 6],
			['b', 60, 5]
		]);
		expect(group.overall).toMatchObject({ score: 65, level: 2, scored: 5 });
		// sd of 75, 75, 100, 25, 50: √((100 + 100 + 1225 + 1600 + 225) / 4) = √812.5 = 28.504.
		expect(group.overall.sample!.sd).toBeCloseTo(28.50439, 4);
		// Student's t(4) = 2.776445: 65 ± 2.776445 · 28.50439 / √5 = 65 ± 35.393 → 29.6 to 100.4,
		// shown within the scale.
		expect(group.overall.ci95).toEqual([29.6, 100]);
	});

	it("takes an area's change out where one of its questions changed between the rounds", () => {
		const breaks = [
			{ question: 'publishes', from: 'r1', to: 'r2' },
			{ question: 'unrelated', from: 'r2', to: 'r3' },
			{ question: 'qa', from: 'r2', to: 'r3' }
		];
		// b's item is asked by `publishes`: its change r1 → r2 is not comparable; a's item changed
		// between r2 and r3.
		expect(areaBreaks(model.dimensions, breaks)).toEqual([
			{ area: 'a', from: 'r2', to: 'r3' },
			{ area: 'b', from: 'r1', to: 'r2' }
		]);
		const round = (key: string, qa: string, qb: string) =>
			maturityByGroup(
				model,
				Array.from({ length: 6 }, (_, i) => ({
					...input({ qa: i % 2 ? qa : 'half', qb: i % 2 ? qb : 'half', publishes: 'yes' }),
					recordKey: i * 7919
				})),
				() => key,
				5
			)[0];
		const rounds = [
			round('r1', 'none', 'none'),
			round('r2', 'full', 'full'),
			round('r3', 'none', 'full')
		];
		const all = areaChanges(rounds, texts('x'));
		const kept = areaChanges(rounds, texts('x'), areaBreaks(model.dimensions, breaks));
		expect(all.map((c) => `${c.item} ${c.from}→${c.to}`)).toEqual([
			'a r1→r2',
			'b r1→r2',
			'a r2→r3',
			'b r2→r3'
		]);
		// b between r2 and r3 did not change (the same answers): a change of 0, still tested.
		expect(kept.map((c) => `${c.item} ${c.from}→${c.to}`)).toEqual(['a r1→r2', 'b r2→r3']);
		expect(kept[1].change).toBe(0);
	});
});

describe("attacking a maturity area's n, mean and sd (one person more in the second view)", () => {
	// Ten items of one point each: a response scores 0, 10, … 100, and the attacker wants the
	// target's score. Two views that differ by the target alone (a bisected date filter, or a
	// fake respondent's own answer known): the JSON API gives each area's `sample` (n, mean, sd)
	// besides the shown score, so the attack reads those.
	const items = Array.from({ length: 10 }, (_, i) => `q${i}`);
	const model: ScoringModel = {
		levels: [{ level: 1, code: 'level_1', min: 0, label: texts('1') }],
		dimensions: [
			{
				code: 'd',
				label: texts('D'),
				items: items.map((question) => ({ question, weight: 1, points: { no: 0, yes: 1 } }))
			}
		]
	} as ScoringModel;
	function world(seed: number) {
		let a = seed >>> 0;
		const random = () => {
			a = (a + 0x6d2b79f5) >>> 0;
			let t = a;
			t = Math.imul(t ^ (t >>> 15), t | 1);
			t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
			return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
		};
		const person = () => {
			const level = random();
			return {
				...input(Object.fromEntries(items.map((q) => [q, random() < level ? 'yes' : 'no']))),
				recordKey: Math.floor(random() * 2 ** 32)
			};
		};
		const others = Array.from({ length: 20 + Math.floor(random() * 30) }, person);
		const target = person();
		const score = items.filter((q) => target.answers[q] === 'yes').length * 10;
		return { others, target, score };
	}
	const worlds = Array.from({ length: 300 }, (_, i) => world(i + 1));
	const area = (list: SummaryInput[], d: Parameters<typeof maturityByGroup>[4]) =>
		maturityByGroup(model, list, () => 'all', 5, d)[0].dimensions[0];
	/** The target's score as the attacker works it out, to the nearest possible score. */
	const attacks = {
		// n·mean of the second view less that of the first.
		mean: (a: Sample, b: Sample) => b.n * b.mean - a.n * a.mean,
		// The sums of squares, (n − 1)·sd² + n·mean², differenced: the target's score squared.
		squares: (a: Sample, b: Sample) =>
			Math.sqrt(
				Math.max(
					0,
					(b.n - 1) * b.sd ** 2 + b.n * b.mean ** 2 - ((a.n - 1) * a.sd ** 2 + a.n * a.mean ** 2)
				)
			)
	};
	const rate = (
		d: Parameters<typeof maturityByGroup>[4],
		attack: (a: Sample, b: Sample) => number
	) =>
		worlds.filter((w) => {
			const a = area(w.others, d).sample;
			const b = area([...w.others, w.target], d).sample;
			return a && b && Math.round(attack(a, b) / 10) * 10 === w.score;
		}).length / worlds.length;
	// The attacker's best guess without the numbers: the most common score among the targets.
	const counts = new Map<number, number>();
	for (const w of worlds) counts.set(w.score, (counts.get(w.score) ?? 0) + 1);
	const prior = Math.max(...counts.values()) / worlds.length;

	it('gives the target’s score away when the numbers are exact (both ways)', () => {
		expect(rate(undefined, attacks.mean)).toBe(1);
		expect(rate(undefined, attacks.squares)).toBe(1);
	});

	it('gives it no better than a guess when the numbers are protected', () => {
		// Measured: the most common score is 10 % of the targets; protected, the mean attack hits
		// 4 % and the squares attack 11 % of 300 worlds (chance: ±2 points at this many).
		const shown = protectedNumbers(5);
		expect(prior).toBeLessThan(0.2);
		for (const attack of Object.values(attacks))
			expect(rate(shown, attack)).toBeLessThan(prior + 0.05);
	});
});
