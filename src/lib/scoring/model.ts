/**
 * The maturity scoring model (`odb.scoring` in a questionnaire file), see surveys/README.md.
 *
 * The model is data written by hand, so the schema is strict: an unknown field is refused rather
 * than ignored, because a typo such as `"rows"` for `"row"` would otherwise silently change how
 * every response is scored.
 */
import * as v from 'valibot';

const nonEmptyString = (what: string) =>
	v.pipe(v.string(`${what} must be a text`), v.nonEmpty(`${what} must not be empty`));

/** A text in every language the tool speaks; `default` is what SurveyJS falls back to. */
export const localizedTextSchema = v.object({
	nb: nonEmptyString('the Bokmål text (nb)'),
	nn: nonEmptyString('the Nynorsk text (nn)'),
	en: nonEmptyString('the English text (en)'),
	default: v.optional(v.string('default must be a text'))
});

export const levelDefSchema = v.strictObject({
	level: v.pipe(
		v.number('level must be a number'),
		v.integer('level must be a whole number'),
		v.minValue(1, 'level must be at least 1'),
		v.maxValue(9, 'level must be at most 9')
	),
	code: nonEmptyString('code'),
	min: v.pipe(
		v.number('min must be a number'),
		v.minValue(0, 'min must be at least 0'),
		v.maxValue(100, 'min must be at most 100')
	),
	label: localizedTextSchema
});

export const scoringItemSchema = v.pipe(
	v.strictObject({
		question: nonEmptyString('question'),
		/** Set for a row of a single-choice matrix; absent for a radiogroup or dropdown. */
		row: v.optional(nonEmptyString('row')),
		weight: v.pipe(
			v.number('weight must be a number'),
			v.finite('weight must be a finite number'),
			v.gtValue(0, 'weight must be greater than 0')
		),
		points: v.record(
			v.string(),
			v.pipe(
				v.number('points must be numbers'),
				v.minValue(0, 'points must be at least 0'),
				v.maxValue(1, 'points must be at most 1')
			),
			'points must be an object of choice value → points'
		),
		notApplicable: v.optional(
			v.strictObject({
				value: nonEmptyString('notApplicable.value'),
				credit: v.picklist(['exclude', 'full'], 'credit must be "exclude" or "full"')
			})
		)
	}),
	// A value both in `points` and "not applicable" would make the score depend on which rule wins.
	v.check(
		(item) =>
			item.notApplicable === undefined || !Object.hasOwn(item.points, item.notApplicable.value),
		(issue) =>
			`the not-applicable value "${issue.input.notApplicable?.value}" must not also have points`
	)
);

export const suggestionSchema = v.strictObject({
	forLevel: v.pipe(
		v.number('forLevel must be a number'),
		v.integer('forLevel must be a whole number'),
		v.minValue(1, 'forLevel must be at least 1'),
		v.maxValue(9, 'forLevel must be at most 9')
	),
	text: localizedTextSchema
});

export const dimensionSchema = v.strictObject({
	code: nonEmptyString('code'),
	label: localizedTextSchema,
	items: v.pipe(
		v.array(scoringItemSchema, 'items must be a list'),
		v.nonEmpty('a dimension needs at least one item')
	),
	/** A radiogroup or dropdown whose values are level codes: the level the respondent aims for. */
	targetQuestion: v.optional(nonEmptyString('targetQuestion')),
	suggestions: v.optional(v.array(suggestionSchema, 'suggestions must be a list'))
});

/** Index of the first level that breaks `ordered(previous, current)`, or -1. */
function firstOutOfOrder(
	levels: readonly LevelDef[],
	ordered: (previous: LevelDef, current: LevelDef) => boolean
): number {
	return levels.findIndex((level, i) => i > 0 && !ordered(levels[i - 1], level));
}

const minAscending = (previous: LevelDef, current: LevelDef) => current.min > previous.min;
// Targets and suggestions compare level numbers, so they must rise with the thresholds.
const levelAscending = (previous: LevelDef, current: LevelDef) => current.level > previous.level;

export const levelsSchema = v.pipe(
	v.array(levelDefSchema, 'levels must be a list'),
	v.nonEmpty('levels must list at least one level'),
	v.check(
		(levels) => levels[0].min === 0,
		(issue) =>
			`the first level must have min 0 (so every score has a level), got ${issue.input[0].min}`
	),
	v.check(
		(levels) => firstOutOfOrder(levels, minAscending) === -1,
		(issue) => {
			const levels = issue.input;
			const i = firstOutOfOrder(levels, minAscending);
			return `levels must be sorted by min, lowest first, without repeats: levels[${i}].min ${levels[i].min} is not above levels[${i - 1}].min ${levels[i - 1].min}`;
		}
	),
	v.check(
		(levels) => firstOutOfOrder(levels, levelAscending) === -1,
		(issue) => {
			const levels = issue.input;
			const i = firstOutOfOrder(levels, levelAscending);
			return `level numbers must rise with min: levels[${i}].level ${levels[i].level} is not above levels[${i - 1}].level ${levels[i - 1].level}`;
		}
	),
	v.check(
		(levels) => new Set(levels.map((level) => level.code)).size === levels.length,
		'level codes must be unique'
	)
);

export const scoringModelSchema = v.strictObject({
	levels: levelsSchema,
	dimensions: v.pipe(
		v.array(dimensionSchema, 'dimensions must be a list'),
		v.nonEmpty('dimensions must list at least one dimension'),
		v.check(
			(dimensions) => new Set(dimensions.map((d) => d.code)).size === dimensions.length,
			'dimension codes must be unique'
		)
	)
});

export type LocalizedText = v.InferOutput<typeof localizedTextSchema>;
export type LevelDef = v.InferOutput<typeof levelDefSchema>;
export type ScoringItem = v.InferOutput<typeof scoringItemSchema>;
export type Suggestion = v.InferOutput<typeof suggestionSchema>;
export type Dimension = v.InferOutput<typeof dimensionSchema>;
export type ScoringModel = v.InferOutput<typeof scoringModelSchema>;

export type ParseScoringModelResult =
	{ ok: true; model: ScoringModel } | { ok: false; errors: string[] };

/** `levels[1].min`, `dimensions[0].items[2].points["not sure"]`; `scoring` for the model itself. */
function formatPath(path: v.BaseIssue<unknown>['path']): string {
	if (!path) return 'scoring';
	let text = '';
	for (const item of path) {
		const key = item.key;
		if (typeof key === 'number') text += `[${key}]`;
		else if (typeof key === 'string' && /^[A-Za-z_$][\w$]*$/.test(key))
			text += text ? `.${key}` : key;
		else text += `[${JSON.stringify(String(key))}]`;
	}
	return text || 'scoring';
}

function describeIssue(issue: v.BaseIssue<unknown>): string {
	// valibot reports a missing or unknown object key as an issue on the key, with a terse
	// "Invalid key" message; say what the author has to do instead.
	const objectKind = issue.type === 'object' || issue.type === 'strict_object';
	if (objectKind && issue.path?.at(-1)?.origin === 'key') {
		return issue.expected === 'never'
			? 'is not a known field (misspelt?)'
			: 'is required but missing';
	}
	if (objectKind) return `must be an object, got ${issue.received}`;
	return issue.message;
}

/**
 * Validates an `odb.scoring` value. Errors read `path: problem`, e.g.
 * `dimensions[0].items[1].weight: weight must be greater than 0`.
 */
export function parseScoringModel(value: unknown): ParseScoringModelResult {
	const result = v.safeParse(scoringModelSchema, value);
	if (result.success) return { ok: true, model: result.output };
	return {
		ok: false,
		errors: result.issues.map((issue) => `${formatPath(issue.path)}: ${describeIssue(issue)}`)
	};
}
