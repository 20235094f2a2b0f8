import { describe, expect, it } from 'vitest';
import { kitchenSink } from '../../test-data/definitions';
import { planSummary } from './plan';
import { keyPosition } from './cell-key';
import { exactNumbers, protectedNumbers } from './protect';
import { summarise, type QuestionSummary, type Summary, type SummaryInput } from './summarise';

const plan = planSummary(kitchenSink);

function response(
	answers: Record<string, unknown>,
	audience = 'municipal',
	day = '2026-03-02'
): SummaryInput {
	return {
		answers,
		audience,
		municipality: 'bodo',
		locale: 'nb',
		submittedAt: `${day}T10:00:00.000Z`
	};
}

/** Six respondents, worked through by hand in the tests below. */
const six: SummaryInput[] = [
	response({
		role: 'staff',
		channels: ['email', 'web'],
		score: 5,
		years: 10,
		likert: { a: 5, b: 'dont_know' },
		top: ['x', 'y'],
		agree: true,
		publishes: 'yes',
		long: 'Første'
	}),
	response({
		role: 'staff',
		channels: ['email'],
		score: 4,
		years: 20,
		likert: { a: 4, b: 2 },
		top: ['y'],
		agree: true,
		publishes: 'no',
		why_not: 'Personvern'
	}),
	response({
		role: 'manager',
		channels: ['web'],
		score: 4,
		years: 30,
		likert: { a: 4 },
		top: ['x'],
		agree: false,
		publishes: 'yes'
	}),
	response(
		{
			role: 'staff',
			channels: ['none'],
			score: 2,
			years: 40,
			likert: { a: 'dont_know', b: 3 },
			top: ['z', 'x'],
			agree: true,
			publishes: 'yes'
		},
		'municipal',
		'2026-03-03'
	),
	response(
		{ role: 'other', 'role-Comment': 'Rådgiver', score: 1, likert: { a: 1 } },
		'citizen',
		'2026-03-03'
	),
	response({ role: 'staff' }, 'citizen', '2026-03-04')
];

function question<K extends QuestionSummary['kind']>(summary: Summary, name: string, kind: K) {
	const q = summary.questions.find((x) => x.name === name);
	if (!q || q.kind !== kind) throw new Error(`${name} is not a ${kind}`);
	return q as Extract<QuestionSummary, { kind: K }>;
}

describe('summarise', () => {
	const summary = summarise(plan, six, { includeTexts: true });

	it('counts responses and responses per day', () => {
		expect(summary.n).toBe(6);
		expect(summary.perDay).toEqual([
			{ day: '2026-03-02', count: 3 },
			{ day: '2026-03-03', count: 2 },
			{ day: '2026-03-04', count: 1 }
		]);
	});

	it('single choice: counts and % of those answering', () => {
		const role = question(summary, 'role', 'choice');
		expect(role.answered).toBe(6);
		// staff 4 of 6 = 66.7 %; manager 1 = 16.7 %; other 1 = 16.7 %.
		expect(role.counts.map((c) => [c.value, c.count, c.pct])).toEqual([
			['staff', 4, 66.7],
			['manager', 1, 16.7],
			['other', 1, 16.7]
		]);
	});

	it('checkbox: % of respondents per choice, "none" among them', () => {
		const channels = question(summary, 'channels', 'multi');
		// 4 answered; email 2 (50 %), phone 0, web 2 (50 %), none 1 (25 %).
		expect(channels.answered).toBe(4);
		expect(channels.unanswered).toBe(2);
		expect(channels.counts.map((c) => [c.value, c.count, c.pct])).toEqual([
			['email', 2, 50],
			['phone', 0, 0],
			['web', 2, 50],
			['none', 1, 25]
		]);
	});

	it('rating: distribution, mean and median', () => {
		const score = question(summary, 'score', 'rating');
		// 5, 4, 4, 2, 1 → mean 16 / 5 = 3.2, median 4.
		expect([score.n, score.mean, score.median, score.dontKnow]).toEqual([5, 3.2, 4, 0]);
		expect(score.distribution.map((d) => d.count)).toEqual([1, 1, 0, 2, 1]);
		expect(score.distribution.map((d) => d.pct)).toEqual([20, 20, 0, 40, 20]);
	});

	it('Likert matrix: per row, "don\'t know" apart from the scale', () => {
		const likert = question(summary, 'likert', 'matrix');
		const [a, b] = likert.rows;
		// Row a: 5, 4, 4, dont_know, 1 → n 4, mean 14 / 4 = 3.5, median (4 + 4) / 2 = 4, 1 don't know.
		expect([a.n, a.mean, a.median, a.dontKnow]).toEqual([4, 3.5, 4, 1]);
		expect(a.distribution.map((d) => d.count)).toEqual([1, 0, 0, 2, 1]);
		// Row b: dont_know, 2, 3 → n 2, mean 2.5, median 2.5, 1 don't know.
		expect([b.n, b.mean, b.median, b.dontKnow]).toEqual([2, 2.5, 2.5, 1]);
		expect(a.distribution).toHaveLength(5);
	});

	it('ranking: mean rank and share ranked first', () => {
		const top = question(summary, 'top', 'ranking');
		// x: positions 1, 2, 1 of 3 lists that include it → mean 4/3 = 1.3; first in 2 of 4 answers = 50 %.
		expect(top.items.find((i) => i.value === 'x')).toMatchObject({
			ranked: 3,
			meanRank: 1.3,
			firstPct: 50
		});
		// y: positions 2, 1 → mean 1.5; first once = 25 %.
		expect(top.items.find((i) => i.value === 'y')).toMatchObject({
			ranked: 2,
			meanRank: 1.5,
			firstPct: 25
		});
		expect(top.items.find((i) => i.value === 'w')).toMatchObject({
			ranked: 0,
			meanRank: null,
			firstPct: 0
		});
	});

	it('boolean: yes and no', () => {
		const agree = question(summary, 'agree', 'boolean');
		expect(agree.counts.map((c) => [c.value, c.count, c.pct])).toEqual([
			[true, 3, 75],
			[false, 1, 25]
		]);
	});

	it('number: min, quartiles, max, mean', () => {
		const years = question(summary, 'years', 'number');
		// 10, 20, 30, 40: q1 at h = 0.75 → 17.5, median 25, q3 at h = 2.25 → 32.5, mean 25.
		expect([years.min, years.q1, years.median, years.q3, years.max, years.mean]).toEqual([
			10, 17.5, 25, 32.5, 40, 25
		]);
	});

	it('text: the answers, when asked for', () => {
		expect(question(summary, 'long', 'text').texts).toEqual(['Første']);
		expect(question(summarise(plan, six), 'long', 'text').texts).toEqual([]);
	});

	it('counts hidden questions apart from unanswered ones', () => {
		// `publishes` is on a page only municipal staff see: 4 municipal answered, 2 citizens hidden.
		const publishes = question(summary, 'publishes', 'choice');
		expect([publishes.answered, publishes.unanswered, publishes.hidden]).toEqual([4, 0, 2]);
		// `why_not` shows only after publishes = no: 1 answered, the 3 who said yes and the 2
		// citizens did not see it.
		const whyNot = question(summary, 'why_not', 'text');
		expect([whyNot.answered, whyNot.unanswered, whyNot.hidden]).toEqual([1, 0, 5]);
		// `short` is always shown: 6 left it empty.
		const short = question(summary, 'short', 'text');
		expect([short.answered, short.unanswered, short.hidden]).toEqual([0, 6, 0]);
	});

	it('multiple text, matrix dropdown and dynamic entries: what was filled in', () => {
		const filled = summarise(plan, [
			response({
				role: 'staff',
				contact: { team: 'Data', count: 3 },
				grid: { r1: { used: true, rating: 3, tools: ['a', 'b'] } },
				datasets: [{ title: 'A' }, { title: 'B' }]
			}),
			response({
				role: 'staff',
				contact: { team: 'IT' },
				grid: { r1: { used: false }, r2: { rating: 3 } },
				datasets: [{ title: 'C' }]
			})
		]);
		// team 2, count 1.
		expect(
			question(filled, 'contact', 'multipletext').items.map((i) => [i.value, i.answered])
		).toEqual([
			['team', 2],
			['count', 1]
		]);
		const grid = question(filled, 'grid', 'matrixdropdown');
		expect(grid.cells.find((c) => c.row === 'r1' && c.column === 'used')).toMatchObject({
			answered: 2,
			values: [
				{ value: 'true', count: 1 },
				{ value: 'false', count: 1 }
			]
		});
		expect(grid.cells.find((c) => c.row === 'r1' && c.column === 'tools')).toMatchObject({
			answered: 1,
			values: [
				{ value: 'a', count: 1 },
				{ value: 'b', count: 1 }
			]
		});
		// 2 rows and 1 row → mean 1.5.
		expect(question(filled, 'datasets', 'dynamic')).toMatchObject({
			answered: 2,
			meanEntries: 1.5
		});
	});

	it('handles no responses at all', () => {
		const empty = summarise(plan, []);
		expect(empty.n).toBe(0);
		expect(question(empty, 'score', 'rating')).toMatchObject({ n: 0, mean: null, median: null });
		expect(
			question(empty, 'role', 'choice').counts.every((c) => c.count === 0 && c.pct === 0)
		).toBe(true);
	});
});

/** Record keys in units of Q = 2³² / 256, so a cell's key fraction is (sum of units mod 256) / 256. */
const Q = 2 ** 24;

describe('summarise with exactNumbers(minGroup): researchers', () => {
	it('withholds a whole view smaller than the smallest group', () => {
		const small = summarise(plan, six.slice(0, 4), {
			includeTexts: true,
			disclosure: exactNumbers(5)
		});
		expect(small.suppressed).toBe(true);
		expect(small.n).toBeNull();
		expect(small.perDay).toEqual([]);
		expect(question(small, 'role', 'choice').counts.every((c) => c.count === null)).toBe(true);
		expect(JSON.stringify(small)).not.toContain('Første');
	});

	it('withholds a question answered by fewer, and shows every cell of the others as counted', () => {
		const safe = summarise(plan, six, { includeTexts: true, disclosure: exactNumbers(5) });
		expect(safe.n).toBe(6);
		// channels: 4 answered < 5 → nothing.
		expect(question(safe, 'channels', 'multi')).toMatchObject({ suppressed: true, answered: null });
		// role: 6 answered; staff 4, manager 1, other 1 as they are (exact: no cell is hidden).
		expect(question(safe, 'role', 'choice').counts.map((c) => c.count)).toEqual([4, 1, 1]);
		expect(question(safe, 'score', 'rating').mean).toBe(3.2);
		expect(question(safe, 'long', 'text').texts).toEqual([]);
	});
});

describe('summarise with protectedNumbers(minGroup): leaders and the public', () => {
	// Worked by hand with the key read as a plain fraction (the app scrambles it first, so that a
	// key near 0 still changes the noise: cell-key.ts).
	const byHand = protectedNumbers(5, { position: keyPosition });
	/**
	 * Twelve responses rating `score`, worked through the perturbation table by hand
	 * (cell-key.ts; boundaries for a count ≥ 2 at 0.1, 0.3, 0.7, 0.9 of the range, for a count of
	 * 1 at 0.4, 0.7, 0.9). A cell's key is its records' keys plus the view's (protect.ts, inView);
	 * the view's keys add up to 6 × 8 + 5 × 40 + 100 = 348 Q = 92 Q (mod 256 Q):
	 *
	 *   all 12 (the view, its day, those answering):  92 + 92 = 184 Q, u 0.719 → +1 → 13
	 *   score 4 × 6, key 8 Q each:                     48 + 92 = 140 Q, u 0.547 →  0 → 6
	 *   score 5 × 5, key 40 Q each:          200 + 92 = 292 Q = 36 Q, u 0.141 → −1 → 4, hidden
	 *   score 1 × 1, key 100 Q:                       100 + 92 = 192 Q, u 0.75  → +1 → 2, hidden
	 *   4 or 5 (11):                          248 + 92 = 340 Q = 84 Q, u 0.328 →  0 → 11
	 */
	const twelve: SummaryInput[] = [
		...Array.from({ length: 6 }, () => ({ ...response({ score: 4 }), recordKey: 8 * Q })),
		...Array.from({ length: 5 }, () => ({ ...response({ score: 5 }), recordKey: 40 * Q })),
		{ ...response({ score: 1 }), recordKey: 100 * Q }
	];
	const summary = summarise(plan, twelve, { disclosure: byHand });
	const score = question(summary, 'score', 'rating');

	it('shows perturbed counts, the same for the view, its day and the question', () => {
		expect(summary.perturbed).toBe(true);
		expect(summary.n).toBe(13);
		expect(summary.perDay).toEqual([{ day: '2026-03-02', count: 13 }]);
		expect(score.answered).toBe(13);
		expect(score.n).toBe(13);
		// 1, 2, 3, 4, 5: the 1 became 2 and the five 5s became 4, both hidden; 2 and 3 stay 0.
		expect(score.distribution.map((d) => d.count)).toEqual([null, 0, 0, 6, null]);
	});

	it('computes shares, mean and median from the perturbed counts, never from the answers', () => {
		// 6 of 13 = 46.2 %; hidden cells have no share.
		expect(score.distribution.map((d) => d.pct)).toEqual([null, 0, 0, 46.2, null]);
		// From the perturbed counts, hidden ones included: (1 × 2 + 4 × 6 + 5 × 4) / 12 = 46 / 12
		// = 3.8; the answers' own mean would be 50 / 12 = 4.2.
		expect(score.mean).toBe(3.8);
		// 1, 1, 4 × 6, 5 × 4: the 6th and 7th of 12 are both 4.
		expect(score.median).toBe(4);
		// 11 of 13 on the top two points.
		expect(score.topTwoPct).toBe(84.6);
	});

	it('hides a perturbed count from 1 to 4 with the mark, whatever it was before', () => {
		// Six `role` answers, every key 0: the view is 6 at key 0 → −2 → 4 < 5, nothing shown.
		const few = summarise(
			plan,
			[
				...Array.from({ length: 5 }, () => ({ ...response({ role: 'staff' }), recordKey: 0 })),
				{ ...response({ role: 'manager' }), recordKey: 0 }
			],
			{ disclosure: byHand }
		);
		expect(few.suppressed).toBe(true);
		expect(few.n).toBeNull();
		// Three more staff at 52 Q each: the view is 9 at 156 Q. With the view's keys:
		// all 9 at 312 Q = 56 Q (u 0.219) → −1 → 8; staff 8 at 56 Q → −1 → 7;
		// manager, a 1 at 0 + 156 Q (u 0.609) → 0 → 1, hidden; other 0.
		const more = summarise(
			plan,
			[
				...Array.from({ length: 5 }, () => ({ ...response({ role: 'staff' }), recordKey: 0 })),
				{ ...response({ role: 'manager' }), recordKey: 0 },
				...Array.from({ length: 3 }, () => ({
					...response({ role: 'staff' }),
					recordKey: 52 * Q
				}))
			],
			{ disclosure: byHand }
		);
		const role = question(more, 'role', 'choice');
		expect(more.n).toBe(8);
		expect(role.counts.map((c) => c.count)).toEqual([7, null, 0]);
	});

	it('says "not asked" for a question no one in the view was shown', () => {
		// `publishes` is on a page for municipal staff only; twelve citizens never saw it.
		const citizens = twelve.map((r) => ({ ...r, audience: 'citizen' }));
		const publishes = question(
			summarise(plan, citizens, { disclosure: byHand }),
			'publishes',
			'choice'
		);
		expect(publishes.notAsked).toBe(true);
		expect(publishes.suppressed).toBeUndefined();
		expect(publishes.answered).toBe(0);
	});

	it('never shows free text, nor what a number question was answered with', () => {
		const texts = Array.from({ length: 8 }, (_, i) => ({
			...response({ role: 'staff', long: `svar ${i}`, years: 10 + i }),
			recordKey: 77 * Q
		}));
		const shown = summarise(plan, texts, { includeTexts: true, disclosure: byHand });
		expect(question(shown, 'long', 'text')).toMatchObject({ texts: [], textsWithheld: true });
		expect(question(shown, 'years', 'number')).toMatchObject({ min: null, max: null, mean: null });
		expect(JSON.stringify(shown)).not.toContain('svar 3');
	});
});

describe('"not relevant", counted apart from the scale and from "don\'t know"', () => {
	const hindrance = planSummary({
		elements: [
			{
				type: 'matrix',
				name: 'pub_economics',
				rows: ['lost_income', 'no_budget'],
				columns: [1, 2, 3, 4, 5, 'not_relevant', 'dont_know']
			},
			{ type: 'matrix', name: 'plain', rows: ['x'], columns: [1, 2, 3] }
		]
	});
	// lost_income: 5, 5, 5, 5, 5 and five "not relevant" (they do not charge for data), two
	// "don't know" → n 5, mean 5 (the ten 1s a "does not hinder" reading would add are not there).
	// no_budget: 1, 2, 3 and nothing else → n 3, mean 2, no "not relevant".
	const answers = [
		...Array.from({ length: 5 }, (_, i) => ({
			pub_economics: { lost_income: 5, no_budget: i < 3 ? i + 1 : undefined }
		})),
		...Array.from({ length: 5 }, () => ({ pub_economics: { lost_income: 'not_relevant' } })),
		...Array.from({ length: 2 }, () => ({ pub_economics: { lost_income: 'dont_know' } }))
	].map((a) => response(JSON.parse(JSON.stringify(a)), 'municipal'));
	const summary = summarise(hindrance, answers);

	it('leaves it out of n, the mean, the median and the distribution', () => {
		const [lost, budget] = question(summary, 'pub_economics', 'matrix').rows;
		expect([lost.n, lost.mean, lost.median, lost.dontKnow, lost.notRelevant]).toEqual([
			5, 5, 5, 2, 5
		]);
		expect(lost.distribution.map((d) => [d.value, d.count, d.pct])).toEqual([
			[1, 0, 0],
			[2, 0, 0],
			[3, 0, 0],
			[4, 0, 0],
			[5, 5, 100]
		]);
		expect([budget.n, budget.mean, budget.notRelevant]).toEqual([3, 2, 0]);
	});

	it('is absent where the scale does not offer it', () => {
		expect(question(summary, 'plain', 'matrix').rows[0]).not.toHaveProperty('notRelevant');
	});

	it('is a cell of its own under protection: perturbed, hidden when small, never in the mean', () => {
		// With record keys 1 … 12, worked by hand (keyPosition): "not relevant" (5) and "don't
		// know" (2) get their own perturbation; the mean stays 5, since only 5s are on the scale.
		const keyed = answers.map((a, i) => ({ ...a, recordKey: (i + 1) * 2 ** 28 }));
		const shown = summarise(hindrance, keyed, {
			disclosure: protectedNumbers(5, { position: keyPosition })
		});
		const [lost] = question(shown, 'pub_economics', 'matrix').rows;
		expect(lost.mean).toBe(5);
		// A perturbed count of 1–4 is hidden (null); 0 or 5 and more is shown.
		expect(lost).toHaveProperty('notRelevant');
		const notRelevant = lost.notRelevant ?? null;
		expect(notRelevant === null || (notRelevant >= 5 && notRelevant <= 7)).toBe(true);
		expect([null, 0]).toContain(lost.dontKnow);
	});
});
