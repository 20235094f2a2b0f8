import { describe, expect, it } from 'vitest';
import type { LevelDef, LocalizedText, ScoringModel } from './model';
import {
	levelFor,
	medianProfile,
	scoreResponse,
	type DimensionScore,
	type MaturityProfile
} from './score';

const text = (en: string): LocalizedText => ({ nb: `${en} (nb)`, nn: `${en} (nn)`, en });

/** The usual five-point answer scale. */
const points = { none: 0, planned: 0.25, partly: 0.5, mostly: 0.75, full: 1 };

const levels: LevelDef[] = [
	{ level: 1, code: 'level_1', min: 0, label: text('Initial') },
	{ level: 2, code: 'level_2', min: 20, label: text('Repeatable') },
	{ level: 3, code: 'level_3', min: 40, label: text('Defined') },
	{ level: 4, code: 'level_4', min: 60, label: text('Managed') },
	{ level: 5, code: 'level_5', min: 80, label: text('Optimising') }
];

/**
 * strategy: strategy_policy (radiogroup, weight 10, "not_applicable" excluded)
 *           + practices/budget (matrix row, weight 5)                          max 15
 * data:     data_sharing (weight 10, "not_relevant" earns full points)
 *           + practices/catalogue (5) + practices/quality (5)                   max 20
 * skills:   skills_training (4) + skills_recruitment (1)                        max 5
 */
const model: ScoringModel = {
	levels,
	dimensions: [
		{
			code: 'strategy',
			label: text('Strategy'),
			items: [
				{
					question: 'strategy_policy',
					weight: 10,
					points,
					notApplicable: { value: 'not_applicable', credit: 'exclude' }
				},
				{ question: 'practices', row: 'budget', weight: 5, points }
			],
			targetQuestion: 'strategy_target',
			suggestions: [
				{ forLevel: 2, text: text('S2') },
				{ forLevel: 3, text: text('S3') },
				{ forLevel: 4, text: text('S4') },
				{ forLevel: 5, text: text('S5') }
			]
		},
		{
			code: 'data',
			label: text('Data'),
			items: [
				{
					question: 'data_sharing',
					weight: 10,
					points,
					notApplicable: { value: 'not_relevant', credit: 'full' }
				},
				{ question: 'practices', row: 'catalogue', weight: 5, points },
				{ question: 'practices', row: 'quality', weight: 5, points }
			]
		},
		{
			code: 'skills',
			label: text('Skills'),
			items: [
				{ question: 'skills_training', weight: 4, points },
				{ question: 'skills_recruitment', weight: 1, points }
			]
		}
	]
};

type Expected = Pick<
	DimensionScore,
	'earned' | 'max' | 'score' | 'level' | 'answered' | 'notApplicable' | 'unanswered'
>;

/** The numbers a case checks, keyed by dimension code. */
function numbers(profile: MaturityProfile): Record<string, Expected> {
	return Object.fromEntries(
		profile.dimensions.map((d) => [
			d.code,
			{
				earned: d.earned,
				max: d.max,
				score: d.score,
				level: d.level,
				answered: d.answered,
				notApplicable: d.notApplicable,
				unanswered: d.unanswered
			}
		])
	);
}

/** One row of expected numbers, in the order of the column comments in the cases. */
const dim = (
	earned: number,
	max: number,
	score: number | null,
	level: number | null,
	answered: number,
	notApplicable: number,
	unanswered: number
): Expected => ({ earned, max, score, level, answered, notApplicable, unanswered });

describe('levelFor', () => {
	it.each([
		{ score: 0, level: 1 },
		{ score: 19.9, level: 1 },
		{ score: 20, level: 2 }, // exactly at a threshold reaches the level
		{ score: 39.9, level: 2 },
		{ score: 40, level: 3 },
		{ score: 79.9, level: 4 },
		{ score: 80, level: 5 },
		{ score: 100, level: 5 },
		{ score: null, level: null }
	])('score $score → level $level', ({ score, level }) => {
		expect(levelFor(levels, score)?.level ?? null).toBe(level);
	});

	it('does not depend on the order of the levels', () => {
		expect(levelFor([...levels].reverse(), 45)?.code).toBe('level_3');
	});

	it('gives no level below the lowest threshold', () => {
		expect(levelFor(levels.slice(1), 10)).toBeNull();
	});
});

describe('scoreResponse', () => {
	it.each<{
		name: string;
		answers: Record<string, unknown>;
		dimensions: Record<string, Expected>;
		overall: MaturityProfile['overall'];
	}>([
		{
			// strategy 10×1 + 5×1 = 15/15, data 20/20, skills 5/5: all 100 %.
			name: 'every item at full points',
			answers: {
				strategy_policy: 'full',
				practices: { budget: 'full', catalogue: 'full', quality: 'full' },
				data_sharing: 'full',
				skills_training: 'full',
				skills_recruitment: 'full'
			},
			dimensions: {
				//            earned max score level answered n/a unanswered
				strategy: dim(15, 15, 100, 5, 2, 0, 0),
				data: dim(20, 20, 100, 5, 3, 0, 0),
				skills: dim(5, 5, 100, 5, 2, 0, 0)
			},
			overall: { score: 100, level: 5, levelCode: 'level_5' }
		},
		{
			// strategy (10×0.5 + 5×1)/15 = 10/15 = 66.67 → 66.7, level 4
			// data (10×0.75 + 5×0.25 + 5×0.75)/20 = (7.5 + 1.25 + 3.75)/20 = 12.5/20 = 62.5, level 4
			// skills (4×0.25 + 1×0)/5 = 1/5 = 20, exactly the level 2 threshold
			// overall (66.667 + 62.5 + 20)/3 = 149.167/3 = 49.72 → 49.7, level 3
			name: 'partial credit',
			answers: {
				strategy_policy: 'partly',
				practices: { budget: 'full', catalogue: 'planned', quality: 'mostly' },
				data_sharing: 'mostly',
				skills_training: 'planned',
				skills_recruitment: 'none'
			},
			dimensions: {
				//            earned max score level answered n/a unanswered
				strategy: dim(10, 15, 66.7, 4, 2, 0, 0),
				data: dim(12.5, 20, 62.5, 4, 3, 0, 0),
				skills: dim(1, 5, 20, 2, 2, 0, 0)
			},
			overall: { score: 49.7, level: 3, levelCode: 'level_3' }
		},
		{
			// strategy: policy "not applicable" (exclude) leaves budget 5×0.5 = 2.5 of 5 = 50, level 3
			// data: "not relevant" (full) earns 10 of 10, + 5×1 + 5×0 → 15/20 = 75, level 4
			// skills: nothing answered → no score
			// overall (50 + 75)/2 = 62.5, level 4
			name: 'not applicable: exclude and full',
			answers: {
				strategy_policy: 'not_applicable',
				practices: { budget: 'partly', catalogue: 'full', quality: 'none' },
				data_sharing: 'not_relevant'
			},
			dimensions: {
				//            earned max score level answered n/a unanswered
				strategy: dim(2.5, 5, 50, 3, 1, 1, 0),
				data: dim(15, 20, 75, 4, 2, 1, 0),
				skills: dim(0, 0, null, null, 0, 0, 2)
			},
			overall: { score: 62.5, level: 4, levelCode: 'level_4' }
		},
		{
			// strategy: policy excluded, budget unanswered → 0 of 0, no score and no level
			// data: nothing answered
			// skills (4×0.75 + 1×1)/5 = 4/5 = 80, exactly the level 5 threshold; overall 80
			name: 'excluded and unanswered leave nothing to score',
			answers: {
				strategy_policy: 'not_applicable',
				practices: {},
				skills_training: 'mostly',
				skills_recruitment: 'full'
			},
			dimensions: {
				//            earned max score level answered n/a unanswered
				strategy: dim(0, 0, null, null, 0, 1, 1),
				data: dim(0, 0, null, null, 0, 0, 3),
				skills: dim(4, 5, 80, 5, 2, 0, 0)
			},
			overall: { score: 80, level: 5, levelCode: 'level_5' }
		},
		{
			// strategy: "dont_know" has no points → unanswered; budget 5×0.5 = 2.5/5 = 50, level 3
			// data: sharing 10×1 = 10/10 (catalogue "n/a" has no points, quality missing) = 100
			// skills: training stored as a list → unanswered; recruitment 1×0.75/1 = 75, level 4
			// overall (50 + 100 + 75)/3 = 75, level 4
			name: 'unanswered items and values without points are left out',
			answers: {
				strategy_policy: 'dont_know',
				practices: { budget: 'partly', catalogue: 'n/a' },
				data_sharing: 'full',
				skills_training: ['full'],
				skills_recruitment: 'mostly'
			},
			dimensions: {
				//            earned max score level answered n/a unanswered
				strategy: dim(2.5, 5, 50, 3, 1, 0, 1),
				data: dim(10, 10, 100, 5, 1, 0, 2),
				skills: dim(0.75, 1, 75, 4, 1, 0, 1)
			},
			overall: { score: 75, level: 4, levelCode: 'level_4' }
		},
		{
			// A number with no points entry ("1"), a matrix stored as a string, null, an object for a
			// radiogroup and an inherited key ("constructor" is on every object's prototype, not an
			// own entry of `points`) all score nothing.
			name: 'answers of the wrong shape count as unanswered',
			answers: {
				strategy_policy: 1,
				practices: 'full',
				data_sharing: null,
				skills_training: 'constructor',
				skills_recruitment: { full: true }
			},
			dimensions: {
				strategy: dim(0, 0, null, null, 0, 0, 2),
				data: dim(0, 0, null, null, 0, 0, 3),
				skills: dim(0, 0, null, null, 0, 0, 2)
			},
			overall: { score: null, level: null, levelCode: null }
		},
		{
			// strategy (10×0.25 + 5×0)/15 = 2.5/15 = 16.67 → 16.7, level 1
			// data (10×0 + 5×1 + 5×0)/20 = 5/20 = 25, level 2
			// skills: nothing answered → left out of the overall
			// overall (16.667 + 25)/2 = 20.83 → 20.8, level 2 (the mean of the rounded 16.7 and 25
			// would be 20.85: the overall is taken before rounding)
			name: 'a dimension with nothing answered is left out of the overall',
			answers: {
				strategy_policy: 'planned',
				practices: { budget: 'none', catalogue: 'full', quality: 'none' },
				data_sharing: 'none'
			},
			dimensions: {
				//            earned max score level answered n/a unanswered
				strategy: dim(2.5, 15, 16.7, 1, 2, 0, 0),
				data: dim(5, 20, 25, 2, 3, 0, 0),
				skills: dim(0, 0, null, null, 0, 0, 2)
			},
			overall: { score: 20.8, level: 2, levelCode: 'level_2' }
		},
		{
			name: 'an empty response has no scores',
			answers: {},
			dimensions: {
				strategy: dim(0, 0, null, null, 0, 0, 2),
				data: dim(0, 0, null, null, 0, 0, 3),
				skills: dim(0, 0, null, null, 0, 0, 2)
			},
			overall: { score: null, level: null, levelCode: null }
		}
	])('$name', ({ answers, dimensions, overall }) => {
		const profile = scoreResponse(model, answers);
		expect(numbers(profile)).toEqual(dimensions);
		expect(profile.overall).toEqual(overall);
	});

	// skills = (4 × training + 1 × recruitment) / 5, so the thresholds can be hit exactly.
	it.each([
		{ training: 'none', recruitment: 'none', score: 0, level: 1 }, // 0/5
		{ training: 'none', recruitment: 'mostly', score: 15, level: 1 }, // 0.75/5
		{ training: 'none', recruitment: 'full', score: 20, level: 2 }, // 1/5
		{ training: 'partly', recruitment: 'none', score: 40, level: 3 }, // 2/5
		{ training: 'partly', recruitment: 'mostly', score: 55, level: 3 }, // 2.75/5
		{ training: 'mostly', recruitment: 'none', score: 60, level: 4 }, // 3/5
		{ training: 'mostly', recruitment: 'mostly', score: 75, level: 4 }, // 3.75/5
		{ training: 'full', recruitment: 'none', score: 80, level: 5 } // 4/5
	])(
		'skills $training/$recruitment → $score, level $level',
		({ training, recruitment, score, level }) => {
			const skills = scoreResponse(model, {
				skills_training: training,
				skills_recruitment: recruitment
			}).dimensions[2];
			expect({ score: skills.score, level: skills.level, levelCode: skills.levelCode }).toEqual({
				score,
				level,
				levelCode: `level_${level}`
			});
		}
	);

	it('reads the level from the rounded score, so the two always agree', () => {
		// 0.5996 of the weight = 59.96 %, shown as 60.0, which reaches level 4 (min 60).
		const almost: ScoringModel = {
			levels,
			dimensions: [
				{
					code: 'one',
					label: text('One'),
					items: [{ question: 'q', weight: 1, points: { almost: 0.5996 } }]
				}
			]
		};
		const profile = scoreResponse(almost, { q: 'almost' });
		expect(profile.dimensions[0]).toMatchObject({ score: 60, level: 4 });
		expect(profile.overall).toEqual({ score: 60, level: 4, levelCode: 'level_4' });
	});

	it('accepts numeric choice values as their string keys', () => {
		// SurveyJS keeps `"value": 3` as the number 3; JSON keys in `points` are strings.
		const numeric: ScoringModel = {
			levels,
			dimensions: [
				{
					code: 'one',
					label: text('One'),
					items: [{ question: 'q', weight: 2, points: { '1': 0, '2': 0.5, '3': 1 } }]
				}
			]
		};
		// 2 × 0.5 / 2 = 50 %
		expect(scoreResponse(numeric, { q: 2 }).dimensions[0].score).toBe(50);
	});

	it('passes the dimension code and label through', () => {
		const [strategy] = scoreResponse(model, {}).dimensions;
		expect({ code: strategy.code, label: strategy.label }).toEqual({
			code: 'strategy',
			label: text('Strategy')
		});
	});

	describe('target and suggestions', () => {
		it.each([
			// (10×0 + 5×0)/15 = 0 → level 1; forLevel 2 and 3 are above 1 and at most 3
			{ policy: 'none', budget: 'none', goal: 'level_3', level: 1, target: 3, shown: ['S2', 'S3'] },
			// (10×0.25 + 5×0.75)/15 = 6.25/15 = 41.7 → level 3; target 5 → forLevel 4 and 5
			{
				policy: 'planned',
				budget: 'mostly',
				goal: 'level_5',
				level: 3,
				target: 5,
				shown: ['S4', 'S5']
			},
			// level 3 already at the target: nothing to suggest
			{ policy: 'planned', budget: 'mostly', goal: 'level_3', level: 3, target: 3, shown: [] },
			// (10×0.5 + 5×1)/15 = 66.7 → level 4, above a target of 3: nothing to suggest
			{ policy: 'partly', budget: 'full', goal: 'level_3', level: 4, target: 3, shown: [] },
			// no target chosen
			{ policy: 'planned', budget: 'mostly', goal: undefined, level: 3, target: null, shown: [] },
			// not a level of this model
			{ policy: 'none', budget: 'none', goal: 'level_7', level: 1, target: null, shown: [] },
			{ policy: 'none', budget: 'none', goal: 'dont_know', level: 1, target: null, shown: [] },
			// excluded and unanswered → no level; every suggestion up to the target
			{
				policy: 'not_applicable',
				budget: undefined,
				goal: 'level_2',
				level: null,
				target: 2,
				shown: ['S2']
			},
			{
				policy: 'not_applicable',
				budget: undefined,
				goal: 'level_4',
				level: null,
				target: 4,
				shown: ['S2', 'S3', 'S4']
			}
		])(
			'$policy/$budget aiming at $goal → level $level, target $target, $shown',
			({ policy, budget, goal, level, target, shown }) => {
				const [strategy] = scoreResponse(model, {
					strategy_policy: policy,
					practices: { budget },
					strategy_target: goal
				}).dimensions;
				expect({
					level: strategy.level,
					target: strategy.target,
					shown: strategy.suggestions.map((s) => s.en)
				}).toEqual({ level, target, shown });
			}
		);

		it('gives the full localized texts', () => {
			const [strategy] = scoreResponse(model, {
				strategy_policy: 'none',
				practices: { budget: 'none' },
				strategy_target: 'level_2'
			}).dimensions;
			expect(strategy.suggestions).toEqual([text('S2')]);
		});

		it('finds the target by level code when codes are not level_N', () => {
			const named: ScoringModel = {
				...model,
				levels: levels.map((l) => ({ ...l, code: `stage_${l.label.en.toLowerCase()}` }))
			};
			// 0 % → level 1; "stage_managed" is level 4 → forLevel 2, 3, 4
			const [strategy] = scoreResponse(named, {
				strategy_policy: 'none',
				practices: { budget: 'none' },
				strategy_target: 'stage_managed'
			}).dimensions;
			expect({ target: strategy.target, shown: strategy.suggestions.map((s) => s.en) }).toEqual({
				target: 4,
				shown: ['S2', 'S3', 'S4']
			});
		});

		it('has no target for a dimension without a target question', () => {
			const data = scoreResponse(model, { data_sharing: 'none', data_target: 'level_5' })
				.dimensions[1];
			expect({ target: data.target, suggestions: data.suggestions }).toEqual({
				target: null,
				suggestions: []
			});
		});
	});
});

describe('medianProfile', () => {
	/** A profile with only the fields medianProfile reads filled in meaningfully. */
	function profile(scores: Record<string, number | null>, overall: number | null): MaturityProfile {
		return {
			dimensions: Object.entries(scores).map(([code, score]) => ({
				code,
				label: text(code),
				earned: 0,
				max: 0,
				score,
				level: null,
				levelCode: null,
				answered: 0,
				notApplicable: 0,
				unanswered: 0,
				target: null,
				suggestions: []
			})),
			overall: { score: overall, level: null, levelCode: null }
		};
	}

	it.each<{
		name: string;
		profiles: MaturityProfile[];
		expected: ReturnType<typeof medianProfile>;
	}>([
		{
			name: 'no profiles',
			profiles: [],
			expected: { dimensions: [], overall: { score: null, n: 0 } }
		},
		{
			name: 'one profile',
			profiles: [profile({ strategy: 40 }, 40)],
			expected: {
				dimensions: [{ code: 'strategy', score: 40, n: 1 }],
				overall: { score: 40, n: 1 }
			}
		},
		{
			// strategy 10, 30, 20 → sorted 10, 20, 30 → 20; data 70, 50, 60 → 60; overall 40, 20, 30 → 30
			name: 'odd count: the middle value',
			profiles: [
				profile({ strategy: 10, data: 70 }, 40),
				profile({ strategy: 30, data: 50 }, 20),
				profile({ strategy: 20, data: 60 }, 30)
			],
			expected: {
				dimensions: [
					{ code: 'strategy', score: 20, n: 3 },
					{ code: 'data', score: 60, n: 3 }
				],
				overall: { score: 30, n: 3 }
			}
		},
		{
			// strategy 10, 40, 20, 30 → sorted 10, 20, 30, 40 → (20 + 30)/2 = 25
			// overall 100, 0, 66.7, 33.3 → sorted 0, 33.3, 66.7, 100 → (33.3 + 66.7)/2 = 50
			name: 'even count: the mean of the two middle values',
			profiles: [
				profile({ strategy: 10 }, 100),
				profile({ strategy: 40 }, 0),
				profile({ strategy: 20 }, 66.7),
				profile({ strategy: 30 }, 33.3)
			],
			expected: {
				dimensions: [{ code: 'strategy', score: 25, n: 4 }],
				overall: { score: 50, n: 4 }
			}
		},
		{
			// strategy: null left out → 50, 70 → 60 of 2; data: no scores at all → null
			name: 'profiles without a score are left out',
			profiles: [
				profile({ strategy: null, data: null }, null),
				profile({ strategy: 50, data: null }, 50),
				profile({ strategy: 70, data: null }, 70)
			],
			expected: {
				dimensions: [
					{ code: 'strategy', score: 60, n: 2 },
					{ code: 'data', score: null, n: 0 }
				],
				overall: { score: 60, n: 2 }
			}
		},
		{
			// strategy 10, 30 → 20; data only in the first profile → 20
			name: 'a dimension missing from some profiles',
			profiles: [profile({ strategy: 10, data: 20 }, 15), profile({ strategy: 30 }, 30)],
			expected: {
				dimensions: [
					{ code: 'strategy', score: 20, n: 2 },
					{ code: 'data', score: 20, n: 1 }
				],
				overall: { score: 22.5, n: 2 }
			}
		}
	])('$name', ({ profiles, expected }) => {
		expect(medianProfile(profiles)).toEqual(expected);
	});

	it('takes scored responses', () => {
		// strategy scores 100 (all full), 66.7 and 0 (all none) → median 66.7
		const profiles = [
			{ strategy_policy: 'full', practices: { budget: 'full' } },
			{ strategy_policy: 'partly', practices: { budget: 'full' } },
			{ strategy_policy: 'none', practices: { budget: 'none' } }
		].map((answers) => scoreResponse(model, answers));
		expect(medianProfile(profiles).dimensions[0]).toEqual({ code: 'strategy', score: 66.7, n: 3 });
	});
});
