import { describe, expect, it } from 'vitest';
import type { LevelDef, LocalizedText, ScoringModel } from './model';
import { protectedNumbers } from '../summary/protect';
import {
	compareWithEarlier,
	compareWithOthers,
	feedbackProfile,
	latestPerMunicipality,
	MIN_OTHER_MUNICIPALITIES,
	type ComparableResponse,
	type OthersComparison
} from './feedback';

const text = (en: string): LocalizedText => ({ nb: `${en} (nb)`, nn: `${en} (nn)`, en });

/** The usual five-point answer scale: the scores below are 0, 25, 50, 75 or 100. */
const points = { none: 0, started: 0.25, partly: 0.5, mostly: 0.75, full: 1 };

const levels: LevelDef[] = [
	{ level: 1, code: 'level_1', min: 0, label: text('Initial') },
	{ level: 2, code: 'level_2', min: 20, label: text('Repeatable') },
	{ level: 3, code: 'level_3', min: 40, label: text('Defined') },
	{ level: 4, code: 'level_4', min: 60, label: text('Managed') },
	{ level: 5, code: 'level_5', min: 80, label: text('Optimising') }
];

/** Two dimensions of one item each, so a dimension's score is its answer's points × 100. */
const model: ScoringModel = {
	levels,
	dimensions: [
		{
			code: 'policy',
			label: text('Policy'),
			items: [{ question: 'q_policy', weight: 2, points }],
			targetQuestion: 'policy_target',
			suggestions: [{ forLevel: 4, text: text('Tie goals to budgets') }]
		},
		{ code: 'data', label: text('Data'), items: [{ question: 'q_data', weight: 1, points }] }
	]
};

let seq = 0;
/** A stored response of `municipality` answering policy and data (undefined: not answered). */
function response(
	municipality: string | null,
	policy: string | undefined,
	data: string | undefined,
	at = ++seq
): ComparableResponse {
	const answers: Record<string, unknown> = {};
	if (policy !== undefined) answers.q_policy = policy;
	if (data !== undefined) answers.q_data = data;
	return { municipality, seq: at, answers };
}

/**
 * Five other municipalities. Scores (policy, data → overall = their mean):
 *   alpha  full 100,   started 25  → 62.5
 *   beta   mostly 75,  none 0      → 37.5
 *   gamma  started 25, full 100    → 62.5
 *   delta  none 0,     mostly 75   → 37.5
 *   eps    partly 50,  full 100    → 75
 * policy  0, 25, 50, 75, 100             → median 50
 * data    0, 25, 75, 100, 100            → median 75
 * overall 37.5, 37.5, 62.5, 62.5, 75     → median 62.5
 */
const five = (): ComparableResponse[] => [
	response('alpha', 'full', 'started'),
	response('beta', 'mostly', 'none'),
	response('gamma', 'started', 'full'),
	response('delta', 'none', 'mostly'),
	response('eps', 'partly', 'full')
];

const median = (
	municipalities: number,
	policy: [number | null, number],
	data: [number | null, number],
	overall: [number | null, number]
): OthersComparison => ({
	available: true,
	minimum: 5,
	municipalities,
	dimensions: [
		{ code: 'policy', score: policy[0], n: policy[1] },
		{ code: 'data', score: data[0], n: data[1] }
	],
	overall: { score: overall[0], n: overall[1] }
});

const notYet: OthersComparison = { available: false, minimum: 5 };

describe('latestPerMunicipality', () => {
	it.each<{
		name: string;
		responses: ComparableResponse[];
		exclude: string | null;
		expected: number[];
	}>([
		{ name: 'no responses', responses: [], exclude: 'oslo', expected: [] },
		{
			name: 'leaves out the own municipality and responses without one',
			responses: [
				response('oslo', 'full', 'full', 1),
				response(null, 'full', 'full', 2),
				response('bodo', 'full', 'full', 3)
			],
			exclude: 'oslo',
			expected: [3]
		},
		{
			name: 'keeps the response that arrived last, whatever the order of the list',
			responses: [
				response('bodo', 'none', 'none', 7),
				response('oslo', 'none', 'none', 2),
				response('bodo', 'full', 'full', 4),
				response('oslo', 'full', 'full', 9)
			],
			exclude: 'trondheim',
			expected: [7, 9]
		},
		{
			name: 'without an own municipality every municipality counts',
			responses: [response('bodo', 'full', 'full', 5), response('oslo', 'full', 'full', 6)],
			exclude: null,
			expected: [5, 6]
		}
	])('$name', ({ responses, exclude, expected }) => {
		expect(latestPerMunicipality(responses, exclude).map((r) => r.seq)).toEqual(expected);
	});
});

describe('compareWithOthers', () => {
	it('needs five other municipalities by default', () => {
		expect(MIN_OTHER_MUNICIPALITIES).toBe(5);
	});

	it.each<{ name: string; responses: () => ComparableResponse[]; expected: OthersComparison }>([
		{ name: 'nobody else has answered', responses: () => [], expected: notYet },
		{ name: 'four others', responses: () => five().slice(0, 4), expected: notYet },
		{
			// Four distinct municipalities, however often they answer, are four.
			name: 'four others, one of them three times',
			responses: () => [
				...five().slice(0, 4),
				response('alpha', 'none', 'none'),
				response('alpha', 'full', 'full')
			],
			expected: notYet
		},
		{
			// The own municipality's many answers, and answers without a municipality, do not count.
			name: 'four others, the own municipality and responses without a municipality',
			responses: () => [
				...five().slice(0, 4),
				response('trondheim', 'full', 'full'),
				response('trondheim', 'full', 'full'),
				response(null, 'full', 'full')
			],
			expected: notYet
		},
		{
			name: 'exactly five others',
			responses: five,
			expected: median(5, [50, 5], [75, 5], [62.5, 5])
		},
		{
			// trondheim (full, full = 100) is the respondent's own municipality: left out, so the
			// medians are those of the five alone.
			name: 'five others and the own municipality',
			responses: () => [response('trondheim', 'full', 'full'), ...five()],
			expected: median(5, [50, 5], [75, 5], [62.5, 5])
		},
		{
			// alpha answers again, later, with none/none (0, 0 → 0) instead of full/started.
			// policy  0, 75, 25, 0, 50  → 0, 0, 25, 50, 75        → 25
			// data    0, 0, 100, 75, 100 → 0, 0, 75, 100, 100     → 75
			// overall 0, 37.5, 62.5, 37.5, 75 → 0, 37.5, 37.5, 62.5, 75 → 37.5
			name: 'a municipality that answered twice counts with its latest response',
			responses: () => [...five(), response('alpha', 'none', 'none')],
			expected: median(5, [25, 5], [75, 5], [37.5, 5])
		},
		{
			// zeta: full, full → 100, 100, overall 100. Six values: the mean of the middle two.
			// policy  0, 25, 50, 75, 100, 100               → (50 + 75) / 2    = 62.5
			// data    0, 25, 75, 100, 100, 100              → (75 + 100) / 2   = 87.5
			// overall 37.5, 37.5, 62.5, 62.5, 75, 100       → (62.5 + 62.5) / 2 = 62.5
			name: 'six others: an even count',
			responses: () => [...five(), response('zeta', 'full', 'full')],
			expected: median(6, [62.5, 6], [87.5, 6], [62.5, 6])
		},
		{
			// eps leaves data unanswered: no data score, and so no overall score (an overall
			// exists only when every dimension has a score).
			// policy  0, 25, 50, 75, 100              → 50, n 5
			// data    25, 0, 100, 75: only 4 scores   → not shown, n 4
			// overall 62.5, 37.5, 62.5, 37.5: only 4  → not shown, n 4
			name: 'a dimension fewer than five have a score for gets no median',
			responses: () => [...five().slice(0, 4), response('eps', 'partly', undefined)],
			expected: median(5, [50, 5], [null, 4], [null, 4])
		}
	])('$name', ({ responses, expected }) => {
		expect(compareWithOthers(model, responses(), 'trondheim')).toEqual(expected);
	});

	it('takes another minimum', () => {
		// alpha (100, 25 → 62.5) and beta (75, 0 → 37.5):
		// policy (100 + 75) / 2 = 87.5, data (25 + 0) / 2 = 12.5, overall (62.5 + 37.5) / 2 = 50
		expect(compareWithOthers(model, five().slice(0, 2), 'trondheim', 2)).toEqual({
			...median(2, [87.5, 2], [12.5, 2], [50, 2]),
			minimum: 2
		});
		expect(compareWithOthers(model, five().slice(0, 2), 'trondheim', 3)).toEqual({
			available: false,
			minimum: 3
		});
	});
});

describe('compareWithEarlier', () => {
	/** The five answer patterns of `five`, all from one municipality in one earlier round. */
	const larvik = (count = 5, keyed = false) =>
		five()
			.slice(0, count)
			.map((r, i) => ({
				...r,
				municipality: 'larvik',
				...(keyed ? { recordKey: (0x9e3779b9 * (i + 1)) >>> 0 } : {})
			}));

	it('is null below five answers: one person’s earlier self-assessment is never shown', () => {
		expect(compareWithEarlier(model, [])).toBeNull();
		expect(compareWithEarlier(model, larvik(4))).toBeNull();
	});

	it('is the median of every answer from the municipality in that round (not one per municipality)', () => {
		// The same scores as `five`: policy 0, 25, 50, 75, 100 → 50; data 0, 25, 75, 100, 100
		// → 75; overall 37.5, 37.5, 62.5, 62.5, 75 → 62.5. All five count, though one municipality.
		expect(compareWithEarlier(model, larvik())).toEqual({
			answers: 5,
			minimum: 5,
			dimensions: [
				{ code: 'policy', score: 50, n: 5 },
				{ code: 'data', score: 75, n: 5 }
			],
			overall: { score: 62.5, n: 5 }
		});
	});

	it('protected: the count perturbed by at most 2 and each median moved by at most 100 / (2n), the same every time', () => {
		const disclosure = protectedNumbers(5);
		const first = compareWithEarlier(model, larvik(5, true), 5, disclosure);
		expect(compareWithEarlier(model, larvik(5, true), 5, disclosure)).toEqual(first);
		// With these keys the perturbed count stays at five or more, so the comparison is shown.
		if (first === null) throw new Error('expected a comparison for these record keys');
		expect(Math.abs(first.answers - 5)).toBeLessThanOrEqual(2);
		const exact = [50, 75];
		first.dimensions.forEach((d, i) => {
			expect(d.score).not.toBeNull();
			expect(Math.abs(d.score! - exact[i])).toBeLessThanOrEqual(100 / (2 * d.n) + 1e-9);
		});
	});
});

describe('feedbackProfile', () => {
	it('scores the answers, carries the scale, and compares with the other municipalities', () => {
		// Own answers: policy mostly (75, level 4), data partly (50, level 3);
		// overall (75 + 50) / 2 = 62.5, and the lower of the two levels, 3. Target level 5 for policy: level 4 < forLevel 4
		// is false, so no suggestion (the only one is for level 4).
		const own = { q_policy: 'mostly', q_data: 'partly', policy_target: 'level_5' };
		const stored = [...five(), { municipality: 'trondheim', seq: 99, answers: own }];
		const profile = feedbackProfile(model, own, 'trondheim', stored);
		expect(
			profile.dimensions.map((d) => [d.code, d.score, d.level, d.target, d.suggestions])
		).toEqual([
			['policy', 75, 4, 5, []],
			['data', 50, 3, null, []]
		]);
		expect(profile.overall).toEqual({ score: 62.5, level: 3, levelCode: 'level_3' });
		expect(profile.levels).toBe(levels);
		expect(profile.others).toEqual(median(5, [50, 5], [75, 5], [62.5, 5]));
	});

	it('gives the suggestions up to the target for a dimension below it', () => {
		// policy partly: 50, level 3, target 4 → the suggestion for level 4.
		const own = { q_policy: 'partly', q_data: 'full', policy_target: 'level_4' };
		const profile = feedbackProfile(model, own, 'trondheim', []);
		expect(profile.dimensions[0].suggestions).toEqual([text('Tie goals to budgets')]);
		expect(profile.others).toEqual(notYet);
	});
});
