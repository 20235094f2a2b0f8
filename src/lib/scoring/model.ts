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
	label: localizedTextSchema,
	/** What the level means in plain words, shown with the scale on the feedback page. */
	description: v.optional(localizedTextSchema)
});

/**
 * The item is asked only when `question` (a filter, e.g. "has the municipality published data?")
 * was answered with one of `values`, as the question's `visibleIf` says; otherwise it is left out
 * of everything, like a question that does not apply. The checker holds the two to agreeing.
 */
export const askedIfSchema = v.strictObject({
	question: nonEmptyString('askedIf.question'),
	values: v.pipe(
		v.array(nonEmptyString('askedIf.values'), 'askedIf.values must be a list'),
		v.nonEmpty('askedIf.values must list at least one value')
	)
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
		/**
		 * The choice value that means "not applicable". Such an answer is left out of the score and
		 * of the coverage: it earns nothing and costs nothing. (There is deliberately no way to give
		 * it full points: that rewarded not having something, see surveys/README.md.)
		 */
		notApplicable: v.optional(v.strictObject({ value: nonEmptyString('notApplicable.value') })),
		askedIf: v.optional(askedIfSchema)
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

/** One key item of a level: its answer must earn at least `minPoints`. */
export const requirementSchema = v.strictObject({
	question: nonEmptyString('question'),
	row: v.optional(nonEmptyString('row')),
	minPoints: v.pipe(
		v.number('minPoints must be a number'),
		v.gtValue(0, 'minPoints must be greater than 0 (a requirement of 0 points always holds)'),
		v.maxValue(1, 'minPoints must be at most 1')
	)
});

/**
 * What a dimension must have in place to reach `level`, besides the score: every requirement
 * holds. Conditions are cumulative (level 4 also needs those of levels 2 and 3), as in the ODI
 * Open Data Pathway, so a level's name says what is true of the municipality.
 */
export const conditionSchema = v.strictObject({
	level: v.pipe(
		v.number('level must be a number'),
		v.integer('level must be a whole number'),
		v.minValue(2, 'level must be at least 2 (the lowest level has no conditions)'),
		v.maxValue(9, 'level must be at most 9')
	),
	/** The conditions in plain words, shown when they are what holds the level back. */
	text: localizedTextSchema,
	requires: v.pipe(
		v.array(requirementSchema, 'requires must be a list'),
		v.nonEmpty('a condition needs at least one requirement')
	)
});

const itemKey = (item: { question: string; row?: string }) =>
	`${item.question}\u0000${item.row ?? ''}`;

/** The first requirement (condition index, requirement index) that names no item of the dimension. */
function firstUnknownRequirement(dimension: {
	items: ScoringItem[];
	conditions?: Condition[];
}): [number, number] | null {
	const keys = new Set(dimension.items.map(itemKey));
	for (const [i, condition] of (dimension.conditions ?? []).entries()) {
		const j = condition.requires.findIndex((r) => !keys.has(itemKey(r)));
		if (j !== -1) return [i, j];
	}
	return null;
}

/** The first requirement that no answer to its item can meet (its minPoints above every point). */
function firstUnreachableRequirement(dimension: {
	items: ScoringItem[];
	conditions?: Condition[];
}): [number, number] | null {
	const best = new Map(
		dimension.items.map((item) => [itemKey(item), Math.max(0, ...Object.values(item.points))])
	);
	for (const [i, condition] of (dimension.conditions ?? []).entries()) {
		const j = condition.requires.findIndex((r) => (best.get(itemKey(r)) ?? 1) < r.minPoints);
		if (j !== -1) return [i, j];
	}
	return null;
}

export const dimensionSchema = v.pipe(
	v.strictObject({
		code: nonEmptyString('code'),
		label: localizedTextSchema,
		items: v.pipe(
			v.array(scoringItemSchema, 'items must be a list'),
			v.nonEmpty('a dimension needs at least one item')
		),
		conditions: v.optional(
			v.pipe(
				v.array(conditionSchema, 'conditions must be a list'),
				v.check(
					(conditions) => new Set(conditions.map((c) => c.level)).size === conditions.length,
					'conditions: one entry per level'
				)
			)
		),
		/** A radiogroup or dropdown whose values are level codes: the level the respondent aims for. */
		targetQuestion: v.optional(nonEmptyString('targetQuestion')),
		suggestions: v.optional(v.array(suggestionSchema, 'suggestions must be a list'))
	}),
	v.check(
		(dimension) => firstUnknownRequirement(dimension) === null,
		(issue) => {
			const [i, j] = firstUnknownRequirement(issue.input)!;
			const r = issue.input.conditions![i].requires[j];
			return `conditions[${i}].requires[${j}]: "${r.question}"${r.row ? `, row "${r.row}"` : ''} is not an item of this dimension`;
		}
	),
	v.check(
		(dimension) => firstUnreachableRequirement(dimension) === null,
		(issue) => {
			const [i, j] = firstUnreachableRequirement(issue.input)!;
			const r = issue.input.conditions![i].requires[j];
			return `conditions[${i}].requires[${j}]: no answer to "${r.question}" earns ${r.minPoints} points, so the level can never be reached`;
		}
	)
);

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

/** Default share of a dimension's weight that must be answered for it to be scored (percent). */
export const DEFAULT_MIN_COVERAGE = 70;

/**
 * Reports each condition for a level the model does not have (or for its lowest level, which has
 * none), at the condition's own path. Skipped while a level number is itself invalid, which is
 * reported already and would make every condition look wrong.
 */
function conditionLevelsExist<T extends { levels: LevelDef[]; dimensions: Dimension[] }>() {
	return v.rawCheck<T>(({ dataset, addIssue }) => {
		if (!dataset.typed) return;
		const model = dataset.value;
		if (!model.levels.every((level) => Number.isInteger(level.level))) return;
		const known = new Set(model.levels.map((level) => level.level));
		const lowest = Math.min(...known);
		for (const [i, dimension] of model.dimensions.entries()) {
			for (const [j, condition] of (dimension.conditions ?? []).entries()) {
				if (known.has(condition.level) && condition.level !== lowest) continue;
				// Below 2 the condition's own schema has said so.
				if (condition.level < 2) continue;
				const step = (input: unknown, key: string | number, value: unknown) =>
					typeof key === 'number'
						? ({ type: 'array', origin: 'value', input: input as unknown[], key, value } as const)
						: ({
								type: 'object',
								origin: 'value',
								input: input as Record<string, unknown>,
								key,
								value
							} as const);
				const conditions = dimension.conditions!;
				addIssue({
					message: `level ${condition.level} is not one of the levels above the lowest`,
					path: [
						step(model, 'dimensions', model.dimensions),
						step(model.dimensions, i, dimension),
						step(dimension, 'conditions', conditions),
						step(conditions, j, condition)
					]
				});
			}
		}
	});
}

export const scoringModelSchema = v.pipe(
	v.strictObject({
		/**
		 * A dimension is scored only when the items answered carry at least this percentage of the
		 * weight of the items that apply to the respondent ("don't know" is not an answer here).
		 */
		minCoverage: v.optional(
			v.pipe(
				v.number('minCoverage must be a number'),
				v.minValue(0, 'minCoverage must be at least 0'),
				v.maxValue(100, 'minCoverage must be at most 100')
			)
		),
		levels: levelsSchema,
		dimensions: v.pipe(
			v.array(dimensionSchema, 'dimensions must be a list'),
			v.nonEmpty('dimensions must list at least one dimension'),
			v.check(
				(dimensions) => new Set(dimensions.map((d) => d.code)).size === dimensions.length,
				'dimension codes must be unique'
			)
		)
	}),
	conditionLevelsExist()
);

export type LocalizedText = v.InferOutput<typeof localizedTextSchema>;
export type LevelDef = v.InferOutput<typeof levelDefSchema>;
export type ScoringItem = v.InferOutput<typeof scoringItemSchema>;
export type AskedIf = v.InferOutput<typeof askedIfSchema>;
export type Requirement = v.InferOutput<typeof requirementSchema>;
export type Condition = v.InferOutput<typeof conditionSchema>;
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
