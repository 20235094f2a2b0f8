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

/** The in-place scale: "planned" earns nothing, "started" a quarter. */
const points = { none: 0, planned: 0, started: 0.25, partly: 0.5, mostly: 0.75, full: 1 };
/** Reviewed and acted on the review in the last 12 months. */
const review = { no: 0, done: 0.5, acted: 1 };

const levels: LevelDef[] = [
	{ level: 1, code: 'level_1', min: 0, label: text('Initial') },
	{ level: 2, code: 'level_2', min: 20, label: text('Repeatable') },
	{ level: 3, code: 'level_3', min: 40, label: text('Defined') },
	{ level: 4, code: 'level_4', min: 60, label: text('Managed') },
	{ level: 5, code: 'level_5', min: 80, label: text('Optimising') }
];

/**
 * strategy: strategy_policy (radiogroup, weight 10, "not_applicable" left out)
 *           + practices/budget (matrix row, 5) + strategy_review (5)              max 20
 *           level 3 needs policy ≥ 0.5 ("partly"); level 5 needs review = 1 ("acted")
 * data:     data_published (filter, 4) + data_sharing (10, asked only if published)
 *           + practices/catalogue (3) + practices/quality (3)                     max 20
 *           level 2 needs data_published = "yes"
 * skills:   skills_training (4) + skills_recruitment (1), no conditions           max 5
 * The default minimum coverage applies: 70 % of the weight that applies must be answered.
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
					notApplicable: { value: 'not_applicable' }
				},
				{ question: 'practices', row: 'budget', weight: 5, points },
				{ question: 'strategy_review', weight: 5, points: review }
			],
			conditions: [
				{
					level: 3,
					text: text('A policy'),
					requires: [{ question: 'strategy_policy', minPoints: 0.5 }]
				},
				{
					level: 5,
					text: text('Reviewed'),
					requires: [{ question: 'strategy_review', minPoints: 1 }]
				}
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
				{ question: 'data_published', weight: 4, points: { yes: 1, no: 0 } },
				{
					question: 'data_sharing',
					weight: 10,
					points,
					askedIf: { question: 'data_published', values: ['yes'] }
				},
				{ question: 'practices', row: 'catalogue', weight: 3, points },
				{ question: 'practices', row: 'quality', weight: 3, points }
			],
			conditions: [
				{
					level: 2,
					text: text('Published'),
					requires: [{ question: 'data_published', minPoints: 1 }]
				}
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
	| 'earned'
	| 'max'
	| 'coverage'
	| 'score'
	| 'level'
	| 'answered'
	| 'notApplicable'
	| 'notAsked'
	| 'unanswered'
>;

/** The numbers a case checks, keyed by dimension code. */
function numbers(profile: MaturityProfile): Record<string, Expected> {
	return Object.fromEntries(
		profile.dimensions.map((d) => [
			d.code,
			{
				earned: d.earned,
				max: d.max,
				coverage: d.coverage,
				score: d.score,
				level: d.level,
				answered: d.answered,
				notApplicable: d.notApplicable,
				notAsked: d.notAsked,
				unanswered: d.unanswered
			}
		])
	);
}

/** One row of expected numbers, in the order of the column comments in the cases. */
const dim = (
	earned: number,
	max: number,
	coverage: number | null,
	score: number | null,
	level: number | null,
	[answered, notApplicable, notAsked, unanswered]: [number, number, number, number]
): Expected => ({
	earned,
	max,
	coverage,
	score,
	level,
	answered,
	notApplicable,
	notAsked,
	unanswered
});

/** Every item at its best answer, the filter saying "published". */
const allFull = {
	strategy_policy: 'full',
	practices: { budget: 'full', catalogue: 'full', quality: 'full' },
	strategy_review: 'acted',
	data_published: 'yes',
	data_sharing: 'full',
	skills_training: 'full',
	skills_recruitment: 'full'
};

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
			// strategy 10 + 5 + 5 = 20/20, data 4 + 10 + 3 + 3 = 20/20, skills 5/5: all 100 %,
			// every condition holds → level 5 everywhere.
			name: 'every item at its best answer',
			answers: allFull,
			dimensions: {
				//            earned max cover score level [answered n/a notAsked unanswered]
				strategy: dim(20, 20, 100, 100, 5, [3, 0, 0, 0]),
				data: dim(20, 20, 100, 100, 5, [4, 0, 0, 0]),
				skills: dim(5, 5, 100, 100, 5, [2, 0, 0, 0])
			},
			overall: { score: 100, level: 5, levelCode: 'level_5' }
		},
		{
			// "planned" earns nothing: strategy 0/20, skills 0/5. data: not published, so sharing
			// is not asked; 0 of the 4 + 3 + 3 = 10 that apply. Every area 0 %, level 1.
			name: 'everything only planned: level 1 everywhere',
			answers: {
				strategy_policy: 'planned',
				practices: { budget: 'planned', catalogue: 'planned', quality: 'planned' },
				strategy_review: 'no',
				data_published: 'no',
				skills_training: 'planned',
				skills_recruitment: 'planned'
			},
			dimensions: {
				//            earned max cover score level [answered n/a notAsked unanswered]
				strategy: dim(0, 20, 100, 0, 1, [3, 0, 0, 0]),
				data: dim(0, 10, 100, 0, 1, [3, 0, 1, 0]),
				skills: dim(0, 5, 100, 0, 1, [2, 0, 0, 0])
			},
			overall: { score: 0, level: 1, levelCode: 'level_1' }
		},
		{
			// strategy (10×0.25 + 5×1 + 5×1)/20 = 12.5/20 = 62.5 → the score reaches level 4, but
			//   level 3 needs policy ≥ 0.5 and "started" is 0.25: held at level 2
			// data (4×1 + 10×0.75 + 3×0.25 + 3×0.75)/20 = (4 + 7.5 + 0.75 + 2.25)/20 = 14.5/20
			//   = 72.5, level 4 (level 2's condition holds)
			// skills (4×0.25 + 1×0)/5 = 1/5 = 20, exactly the level 2 threshold
			// overall (62.5 + 72.5 + 20)/3 = 155/3 = 51.67 → 51.7; the lowest level, 2
			name: 'partial credit, and a condition that holds a level back',
			answers: {
				strategy_policy: 'started',
				practices: { budget: 'full', catalogue: 'started', quality: 'mostly' },
				strategy_review: 'acted',
				data_published: 'yes',
				data_sharing: 'mostly',
				skills_training: 'started',
				skills_recruitment: 'none'
			},
			dimensions: {
				//            earned max cover score level [answered n/a notAsked unanswered]
				strategy: dim(12.5, 20, 100, 62.5, 2, [3, 0, 0, 0]),
				data: dim(14.5, 20, 100, 72.5, 4, [4, 0, 0, 0]),
				skills: dim(1, 5, 100, 20, 2, [2, 0, 0, 0])
			},
			overall: { score: 51.7, level: 2, levelCode: 'level_2' }
		},
		{
			// strategy: one "full" and the rest "don't know": 10 of the 20 that apply are answered,
			//   50 % < 70 %: not enough answers, no score (not 100 % as the answered item alone)
			// data: catalogue full, the rest unanswered; the filter unanswered means sharing is not
			//   asked: 3 of 4 + 3 + 3 = 10 → 30 %, no score
			// skills: training "full", recruitment "don't know": 4 of 5 = 80 % → 4/4 = 100, level 5
			// overall: not every area has a score → none
			name: 'one answer and the rest "don\'t know": not enough answers',
			answers: {
				strategy_policy: 'full',
				practices: { budget: 'dont_know', catalogue: 'full' },
				strategy_review: 'dont_know',
				skills_training: 'full',
				skills_recruitment: 'dont_know'
			},
			dimensions: {
				//            earned max cover score level [answered n/a notAsked unanswered]
				strategy: dim(10, 10, 50, null, null, [1, 0, 0, 2]),
				data: dim(3, 3, 30, null, null, [1, 0, 1, 2]),
				skills: dim(4, 4, 80, 100, 5, [1, 0, 0, 1])
			},
			overall: { score: null, level: null, levelCode: null }
		},
		{
			// strategy: policy "not applicable" is out of the score and of the coverage: it earns
			//   nothing and costs nothing. budget 5×0.5 + review 5×1 = 7.5 of 10 (coverage 10 of
			//   10) = 75 → level 4; level 3's condition is on the N/A item, which cannot hold a
			//   level back. (With policy "none" instead: 7.5/20 = 37.5, level 2.)
			// data: everything answered but quality: 4 + 10 + 3 of 20 = 85 % → (4 + 10 + 3)/17 = 100
			//   → level 5
			// skills: nothing → coverage 0, no score
			name: 'not applicable: no credit and no penalty',
			answers: {
				strategy_policy: 'not_applicable',
				practices: { budget: 'partly', catalogue: 'full' },
				strategy_review: 'acted',
				data_published: 'yes',
				data_sharing: 'full'
			},
			dimensions: {
				//            earned max cover score level [answered n/a notAsked unanswered]
				strategy: dim(7.5, 10, 100, 75, 4, [2, 1, 0, 0]),
				data: dim(17, 17, 85, 100, 5, [3, 0, 0, 1]),
				skills: dim(0, 0, 0, null, null, [0, 0, 0, 2])
			},
			overall: { score: null, level: null, levelCode: null }
		},
		{
			// strategy: "not applicable" alone, the rest unanswered: of the 10 that apply none is
			//   answered → coverage 0, no score, nothing earned
			// data: the filter says not published; sharing answered anyway (only possible around
			//   the questionnaire) is not asked and ignored: 4×0 + 3×1 + 3×1 = 6 of 10 = 60, level
			//   3 by the score, held at 1 because level 2 needs published data
			// skills: every item "full" → 100, level 5
			name: 'not applicable alone, and an answer to a question that was not asked',
			answers: {
				strategy_policy: 'not_applicable',
				data_published: 'no',
				data_sharing: 'full',
				practices: { catalogue: 'full', quality: 'full' },
				skills_training: 'full',
				skills_recruitment: 'full'
			},
			dimensions: {
				//            earned max cover score level [answered n/a notAsked unanswered]
				strategy: dim(0, 0, 0, null, null, [0, 1, 0, 2]),
				data: dim(6, 10, 100, 60, 1, [3, 0, 1, 0]),
				skills: dim(5, 5, 100, 100, 5, [2, 0, 0, 0])
			},
			overall: { score: null, level: null, levelCode: null }
		},
		{
			// A number with no points entry ("1"), a matrix stored as a string, null, an inherited
			// key ("constructor" is on every object's prototype, not an own entry of `points`) and
			// an object for a radiogroup all score nothing and count as unanswered.
			name: 'answers of the wrong shape count as unanswered',
			answers: {
				strategy_policy: 1,
				practices: 'full',
				strategy_review: null,
				data_published: 'constructor',
				skills_training: { full: true }
			},
			dimensions: {
				//            earned max cover score level [answered n/a notAsked unanswered]
				strategy: dim(0, 0, 0, null, null, [0, 0, 0, 3]),
				data: dim(0, 0, 0, null, null, [0, 0, 1, 3]),
				skills: dim(0, 0, 0, null, null, [0, 0, 0, 2])
			},
			overall: { score: null, level: null, levelCode: null }
		},
		{
			name: 'an empty response has no scores',
			answers: {},
			dimensions: {
				strategy: dim(0, 0, 0, null, null, [0, 0, 0, 3]),
				data: dim(0, 0, 0, null, null, [0, 0, 1, 3]),
				skills: dim(0, 0, 0, null, null, [0, 0, 0, 2])
			},
			overall: { score: null, level: null, levelCode: null }
		}
	])('$name', ({ answers, dimensions, overall }) => {
		const profile = scoreResponse(model, answers);
		expect(numbers(profile)).toEqual(dimensions);
		expect(profile.overall).toEqual(overall);
	});

	it('gives the same profile whatever order the answers were given in', () => {
		// Two municipalities in the same state: one answered front to back, the other back to
		// front, changing its mind on the way (the last value of a key is what is stored).
		const forwards = { ...allFull, strategy_policy: 'partly', skills_recruitment: 'none' };
		const backwards: Record<string, unknown> = {};
		for (const key of Object.keys(forwards).reverse()) backwards[key] = 'dont_know';
		for (const [key, value] of Object.entries(forwards).reverse()) backwards[key] = value;
		expect(Object.keys(backwards)).not.toEqual(Object.keys(forwards));
		const profile = scoreResponse(model, forwards);
		expect(scoreResponse(model, backwards)).toEqual(profile);
		// strategy (5 + 5 + 5)/20 = 75; skills (4×1 + 1×0)/5 = 80; data 100 → (75 + 100 + 80)/3 = 85
		expect(profile.overall).toEqual({ score: 85, level: 4, levelCode: 'level_4' });
	});

	it('names the condition that holds a level back', () => {
		const [strategy] = scoreResponse(model, {
			strategy_policy: 'started',
			practices: { budget: 'full' },
			strategy_review: 'acted'
		}).dimensions;
		// (2.5 + 5 + 5)/20 = 62.5: the score reaches level 4; level 3 needs the policy "partly".
		expect({
			scoreLevel: strategy.scoreLevel,
			level: strategy.level,
			heldBackBy: strategy.heldBackBy
		}).toEqual({ scoreLevel: 4, level: 2, heldBackBy: { level: 3, text: text('A policy') } });
	});

	it.each([
		// strategy with policy full and budget full: 15/15 = 100 → the score reaches level 5
		{ review: 'acted', level: 5, heldBack: null }, // 20/20
		{ review: 'done', level: 4, heldBack: 5 }, //     17.5/20 = 87.5, level 5 needs "acted"
		{ review: 'dont_know', level: 4, heldBack: 5 }, // 15/15 with 75 % coverage; unknown ≠ met
		{ review: 'no', level: 4, heldBack: null } //     15/20 = 75: the score reaches only 4
	])('level 5 needs the review acted on: $review → level $level', ({ review, level, heldBack }) => {
		const [strategy] = scoreResponse(model, {
			strategy_policy: 'full',
			practices: { budget: 'full' },
			strategy_review: review
		}).dimensions;
		expect([strategy.level, strategy.heldBackBy?.level ?? null]).toEqual([level, heldBack]);
	});

	// skills = (4 × training + 1 × recruitment) / 5, so the thresholds can be hit exactly.
	it.each([
		{ training: 'none', recruitment: 'none', score: 0, level: 1 }, // 0/5
		{ training: 'planned', recruitment: 'planned', score: 0, level: 1 }, // planned earns 0
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

	describe('the minimum coverage', () => {
		/** One dimension of two items, weights a and b, the first answered "full". */
		const twoItems = (a: number, b: number, minCoverage?: number): ScoringModel => ({
			levels,
			...(minCoverage === undefined ? {} : { minCoverage }),
			dimensions: [
				{
					code: 'one',
					label: text('One'),
					items: [
						{ question: 'a', weight: a, points },
						{ question: 'b', weight: b, points }
					]
				}
			]
		});
		it.each([
			{ a: 7, b: 3, minCoverage: undefined, coverage: 70, scored: true }, //  7/10, the default 70 %
			{ a: 699, b: 301, minCoverage: undefined, coverage: 69.9, scored: false }, // 699/1000
			{ a: 1, b: 1, minCoverage: undefined, coverage: 50, scored: false },
			{ a: 1, b: 1, minCoverage: 50, coverage: 50, scored: true },
			{ a: 1, b: 3, minCoverage: 0, coverage: 25, scored: true }
		])(
			'weights $a + $b, b unknown, minimum $minCoverage → coverage $coverage, scored $scored',
			({ a, b, minCoverage, coverage, scored }) => {
				const [one] = scoreResponse(twoItems(a, b, minCoverage), {
					a: 'full',
					b: 'dont_know'
				}).dimensions;
				expect([one.coverage, one.enoughAnswers, one.score]).toEqual([
					coverage,
					scored,
					scored ? 100 : null
				]);
			}
		);
	});

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
		expect(profile.dimensions[0]).toMatchObject({ score: 60, level: 4, scoreLevel: 4 });
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
			// (10×0.5 + 5×0.25)/15 = 6.25/15 = 41.7 → level 3; target 5 → forLevel 4 and 5
			{
				policy: 'partly',
				budget: 'started',
				goal: 'level_5',
				level: 3,
				target: 5,
				shown: ['S4', 'S5']
			},
			// level 3 already at the target: nothing to suggest
			{ policy: 'partly', budget: 'started', goal: 'level_3', level: 3, target: 3, shown: [] },
			// (10×0.5 + 5×1)/15 = 66.7 → level 4, above a target of 3: nothing to suggest
			{ policy: 'partly', budget: 'full', goal: 'level_3', level: 4, target: 3, shown: [] },
			// no target chosen
			{ policy: 'partly', budget: 'started', goal: undefined, level: 3, target: null, shown: [] },
			// not a level of this model
			{ policy: 'none', budget: 'none', goal: 'level_7', level: 1, target: null, shown: [] },
			{ policy: 'none', budget: 'none', goal: 'dont_know', level: 1, target: null, shown: [] },
			// N/A and unanswered leave 0 of 10 answered → no level; every suggestion up to the target
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
				// The review is left unanswered: 15 of 20 = 75 % coverage is enough.
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
			const data = scoreResponse(model, { data_published: 'no', data_target: 'level_5' })
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
				coverage: null,
				enoughAnswers: score !== null,
				score,
				level: null,
				levelCode: null,
				scoreLevel: null,
				heldBackBy: null,
				answered: 0,
				notApplicable: 0,
				notAsked: 0,
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
		// strategy scores 100 (all full), 66.7 and 0 (all none) → median 66.7 (the review is
		// unanswered: 15 of 20 = 75 % is enough)
		const profiles = [
			{ strategy_policy: 'full', practices: { budget: 'full' } },
			{ strategy_policy: 'partly', practices: { budget: 'full' } },
			{ strategy_policy: 'none', practices: { budget: 'none' } }
		].map((answers) => scoreResponse(model, answers));
		expect(medianProfile(profiles).dimensions[0]).toEqual({ code: 'strategy', score: 66.7, n: 3 });
	});
});
