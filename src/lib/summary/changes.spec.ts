import { describe, expect, it } from 'vitest';
import { kitchenSink } from '../../test-data/definitions';
import { planSummary, type QuestionPlan } from './plan';
import { exactNumbers, protectedNumbers } from './protect';
import { welch } from '../stats';
import {
	correctTogether,
	roundChanges,
	sameDefinition,
	whatChanged,
	type RoundGroup
} from './changes';
import { summarise, type SummaryInput } from './summarise';

const plan = planSummary(kitchenSink);

// The scores of stats.spec.ts, whose Welch test was checked against R 4.2:
// t.test(x, y): t = 3.591879, df = 17.19507, p = 0.002214189, 95 % CI 0.5783712 to 2.2216288.
const y = [2, 3, 3, 2, 4, 3, 2, 1, 3, 2, 3, 2];
const x = [3, 4, 4, 5, 2, 3, 4, 5, 5, 4];

function response(answers: Record<string, unknown>, i: number): SummaryInput {
	return {
		answers,
		audience: 'municipal',
		municipality: 'bodo',
		locale: 'nb',
		submittedAt: '2026-03-02T10:00:00.000Z',
		recordKey: (i * 2654435761) % 2 ** 32
	};
}

/**
 * Round 1: 40 answer "agree", 15 of them yes; the first 12 rate `score` as y.
 * Round 2: 42 answer "agree", 25 of them yes; the first 10 rate `score` as x.
 * R: prop.test(c(15, 25), c(40, 42), correct = FALSE) gives p = 0.04611483.
 */
function rounds(): RoundGroup[] {
	const first = Array.from({ length: 40 }, (_, i) =>
		response({ agree: i < 15, ...(i < 12 ? { score: y[i] } : {}) }, i)
	);
	const second = Array.from({ length: 42 }, (_, i) =>
		response({ agree: i < 25, ...(i < 10 ? { score: x[i] } : {}) }, 100 + i)
	);
	const d = exactNumbers(5);
	return [
		{ key: 'r1', label: 'Runde 1', summary: summarise(plan, first, { disclosure: d }) },
		{ key: 'r2', label: 'Runde 2', summary: summarise(plan, second, { disclosure: d }) }
	];
}

describe('roundChanges', () => {
	const changes = roundChanges(rounds());
	const score = changes.find((c) => c.question === 'score')!;
	const yes = changes.find((c) => c.question === 'agree' && c.item === 'true')!;

	it('tests a mean with Welch, as R’s t.test does, with Cohen’s d', () => {
		expect(score.measure).toBe('mean');
		expect(score.method).toBe('welch');
		expect(score.nBefore).toBe(12);
		expect(score.nAfter).toBe(10);
		// By hand: 39/10 − 30/12 = 3.9 − 2.5.
		expect(score.change).toBeCloseTo(1.4, 10);
		expect(score.ci95[0]).toBeCloseTo(0.5783712, 5);
		expect(score.ci95[1]).toBeCloseTo(2.2216288, 5);
		expect(score.p).toBeCloseTo(0.002214189, 7);
		// sd(y) = √(7/11) = 0.797724, sd(x) = √(8.9/9) = 0.994429; d = 1.4 / √((0.636364 +
		// 0.988889)/2) = 1.4 / 0.901458 = 1.553040.
		expect(score.effect.name).toBe('d');
		expect(score.effect.value).toBeCloseTo(1.55304, 5);
	});

	it('tests a share with the two-proportion z test, in percentage points, with Cohen’s h', () => {
		expect(yes.measure).toBe('share');
		expect(yes.method).toBe('two-proportion-z');
		// By hand: 25/42 − 15/40 = 0.595238 − 0.375 = 22.0238 points.
		expect(yes.change).toBeCloseTo(22.0238, 3);
		expect(yes.p).toBeCloseTo(0.04611483, 7);
		// h = 2·asin(√0.595238) − 2·asin(√0.375) = 0.444327.
		expect(yes.effect.value).toBeCloseTo(0.444327, 5);
		expect(yes.ci95[0]).toBeLessThan(yes.change);
		expect(yes.ci95[1]).toBeGreaterThan(yes.change);
	});

	it('corrects the page’s comparisons together with Holm', () => {
		// Three comparisons: score (p 0.002214), agree yes and agree no (both 0.046115: the same
		// 2×2 table). Holm by hand: 3 × 0.002214 = 0.006643; 2 × 0.046115 = 0.092230; then
		// max(0.092230, 1 × 0.046115) = 0.092230. Only the score stays below 0.05.
		expect(changes).toHaveLength(3);
		expect(score.pAdjusted).toBeCloseTo(0.006642567, 7);
		expect(score.significant).toBe(true);
		for (const c of changes.filter((c) => c.question === 'agree')) {
			expect(c.pAdjusted).toBeCloseTo(0.09222966, 7);
			// Significant on its own (0.046 < 0.05), not among the three.
			expect(c.p).toBeLessThan(0.05);
			expect(c.significant).toBe(false);
		}
	});

	it('compares nothing across a changed definition, or with a withheld round', () => {
		expect(
			roundChanges(rounds(), [{ question: 'score', from: 'r1', to: 'r2' }]).map((c) => c.question)
		).toEqual(['agree', 'agree']);
		const [first, second] = rounds();
		const few = summarise(plan, [response({ score: 3 }, 1)], { disclosure: exactNumbers(5) });
		expect(roundChanges([first, { ...second, summary: few }])).toEqual([]);
	});
});

describe('whatChanged', () => {
	it('puts the significant changes into the latest round first, and counts what was tested', () => {
		const changes = roundChanges(rounds());
		const headline = whatChanged(changes)!;
		expect(headline.from).toBe('r1');
		expect(headline.to).toBe('r2');
		expect(headline.tested).toBe(3);
		expect(headline.significant.map((c) => c.question)).toEqual(['score']);
		// 15/40 → 25/42 yes: p = 0.046 alone, 0.092 after Holm over three — not significant, and
		// a small effect at least (h = 2·asin√0.595 − 2·asin√0.375 = 0.44): said in words as such.
		expect(headline.notSignificant.map((c) => [c.question, c.item])).toEqual([
			['agree', 'true'],
			['agree', 'false']
		]);
		expect(headline.notSignificant.every((c) => !c.significant)).toBe(true);
	});

	it('counts every significant change, though it lists at most `limit`', () => {
		const changes = roundChanges(rounds());
		const headline = whatChanged(changes, 0)!;
		expect(headline.significant).toEqual([]);
		// The page says "{count} av {tested}": the count is of all, not of those listed.
		expect(headline.significantCount).toBe(1);
		expect(whatChanged(changes)!.significantCount).toBe(1);
	});

	it('has nothing to say without two rounds', () => {
		expect(whatChanged([])).toBeNull();
	});
});

describe('correctTogether', () => {
	it('redoes Holm over every list of the page as one family, each list kept in its order', () => {
		const changes = roundChanges(rounds());
		// The same three changes twice (the whole view and one part): Holm over six p-values.
		// By hand: p = 0.002214, 0.046115, 0.046115 (each twice); sorted, × 6, 5, 4, 3, 2, 1 and
		// made monotone: 0.013285 for the score, 0.184459 for the shares.
		const [whole, part] = correctTogether([changes, changes]);
		expect(whole.map((c) => c.question)).toEqual(changes.map((c) => c.question));
		expect(whole.find((c) => c.question === 'score')!.pAdjusted).toBeCloseTo(6 * 0.002214189, 6);
		expect(part.find((c) => c.question === 'agree')!.pAdjusted).toBeCloseTo(4 * 0.04611483, 6);
		expect(whole.find((c) => c.question === 'score')!.significant).toBe(true);
		expect(part.every((c) => c.question === 'score' || !c.significant)).toBe(true);
	});
});

describe('sameDefinition', () => {
	const score = plan.questions.find((q) => q.name === 'score')!;
	const relabelled: QuestionPlan = {
		...score,
		title: { nb: 'Ny tekst', nn: 'Ny tekst', en: 'New text' }
	};
	const rescaled: QuestionPlan = { ...score, options: score.options.slice(0, 4) };
	it.each([
		['the same question', score, true],
		['a new title only', relabelled, true],
		['a scale of 1–4 instead of 1–5', rescaled, false],
		['another type', { ...score, type: 'dropdown' }, false]
	])('%s → %s', (_, other, same) => {
		expect(sameDefinition(score, other as QuestionPlan)).toBe(same);
	});
});

describe('intervals of a protected view', () => {
	// Every cell at position 0.8 of its row: a count c ≥ 1 shows c + 1 (cell-key.ts, lookup).
	const plusOne = protectedNumbers(5, { position: () => 0.8 });

	it('are a function of the perturbed counts only, never of the answers behind them', () => {
		const answers = x.map((score, i) => response({ score }, i));
		const q = summarise(plan, answers, { disclosure: plusOne }).questions.find(
			(q) => q.name === 'score'
		)!;
		if (q.kind !== 'rating') throw new Error('score is a rating');
		// True counts 2:1, 3:2, 4:4, 5:3 (mean 3.9, n 10) show as 2:2, 3:3, 4:5, 5:4 and n 11.
		// By hand from those: mean 53/14 = 3.785714; Σ(v − m)² = 14.357143, sd = √(14.357143/13)
		// = 1.050902, so sampling alone gives sd²/11 = 0.100400 with the shown n = 11. The noise
		// the perturbation adds to the mean (summarise-question.ts, meanNoiseVariance): the scale's
		// points 1–5 give Σ(v − m)² = 13.086735, × 1.2 / 11² = 0.129786. t(10, 0.975) = 2.228139
		// (tables), half-width 2.228139 · √(0.100400 + 0.129786) = 1.069011 → [2.72, 4.85]. The
		// true answers would give R's t.test(x) = [3.19, 4.61]: not what is shown.
		expect(q.n).toBe(11);
		expect(q.sample!.mean).toBeCloseTo(3.785714, 6);
		expect(q.sample!.sd).toBeCloseTo(1.050902, 5);
		expect(q.sample!.noiseVariance).toBeCloseTo(0.129786, 6);
		expect(q.ci95).toEqual([2.72, 4.85]);
		// A share's interval: the top two points (4 and 5) are one cell of 7, shown as 8, of the
		// shown 11. Wilson by hand for 8 of 11: p = 0.727273, z² = 3.841459, centre = (p + z²/22)
		// / (1 + z²/11) = 0.668447, half = z/(1 + z²/11) · √(p(1 − p)/11 + z²/484) = 0.234092
		// → [43.4 %, 90.3 %] on exact counts. Widened by the count's noise (1.2 / 11² as a share's
		// variance): half = √(0.234092² + z² · 0.009917) = 0.304789 → [36.4 %, 97.3 %].
		expect(q.topTwoCi95).toEqual([36.4, 97.3]);
	});

	it('are withheld with the numbers they would describe', () => {
		const answers = x.slice(0, 3).map((score, i) => response({ score }, i));
		const q = summarise(plan, answers, { disclosure: plusOne }).questions.find(
			(q) => q.name === 'score'
		)!;
		if (q.kind !== 'rating') throw new Error('score is a rating');
		expect(q.ci95).toBeNull();
		expect(q.topTwoCi95).toBeNull();
		expect(q.distribution.every((d) => d.ci95 === null)).toBe(true);
	});
});

describe('changes between protected rounds', () => {
	// Attack on the truth of the headline, not on privacy: ±2 on each count of a round of 20 moves
	// a mean by about as much as sampling does, so a test that took perturbed counts as exact
	// would call chance "significant" about twice as often as the answers themselves. Worlds with
	// no change at all (both rounds drawn from the same distribution, keys random), tested as a
	// leader sees them: the noise-aware test (stats/tests.ts) flags about as often as the exact
	// answers' test, the naive one (perturbed counts taken as exact) twice as often.
	it('flag a change about as often as the exact answers would where nothing changed', () => {
		let seed = 20261202;
		const random = () => {
			seed = (Math.imul(seed, 1664525) + 1013904223) >>> 0;
			return seed / 2 ** 32;
		};
		const draw = () => [1, 2, 3, 3, 4, 4, 4, 5][Math.floor(random() * 8)];
		const round = (offset: number) =>
			Array.from({ length: 20 }, (_, i) => ({
				...response({ score: draw() }, offset + i),
				recordKey: Math.floor(random() * 2 ** 32)
			}));
		const d = protectedNumbers(5);
		const worlds = 600;
		let flagged = 0;
		let naive = 0;
		let exactFlags = 0;
		for (let w = 0; w < worlds; w++) {
			const r1 = round(0);
			const r2 = round(100);
			const groups: RoundGroup[] = [
				{ key: 'r1', label: 'R1', summary: summarise(plan, r1, { disclosure: d }) },
				{ key: 'r2', label: 'R2', summary: summarise(plan, r2, { disclosure: d }) }
			];
			const ex = exactNumbers(5);
			const e = roundChanges([
				{ key: 'r1', label: 'R1', summary: summarise(plan, r1, { disclosure: ex }) },
				{ key: 'r2', label: 'R2', summary: summarise(plan, r2, { disclosure: ex }) }
			]).find((c) => c.question === 'score');
			if (e && e.p < 0.05) exactFlags++;
			const change = roundChanges(groups).find((c) => c.question === 'score');
			if (!change) continue;
			if (change.p < 0.05) flagged++;
			const [a, b] = groups.map((g) => {
				const q = g.summary.questions.find((q) => q.name === 'score')!;
				if (q.kind !== 'rating' || !q.sample) throw new Error('score has a sample');
				return { n: q.sample.n, mean: q.sample.mean, sd: q.sample.sd };
			});
			if (welch(a, b)!.p < 0.05) naive++;
		}
		// With this seed: exact answers 6.7 %, protected and noise-aware 7.7 %, naive 13.3 % (the
		// Welch test on 20 answers of a 5-point scale is itself a little liberal; Monte Carlo
		// error ±1 %). The noise-aware rate stays within 2.5 points of the exact answers' rate.
		expect(flagged / worlds).toBeLessThanOrEqual(exactFlags / worlds + 0.025);
		expect(naive / worlds).toBeGreaterThan(flagged / worlds + 0.03);
	});
});
