/**
 * Scores one response against a maturity scoring model (rules in surveys/README.md, "Maturity
 * scoring model"). Pure functions over plain data, shared by the feedback page and dashboards.
 *
 * Scores are kept unrounded while computing and rounded once, by `round1` from numbers.ts, when
 * a result is returned. A level is read from the rounded score, so the score a person sees and the
 * level next to it always agree (59.96 is shown as 60.0 and so reaches a level starting at 60).
 */
import { groupBy, mean, median, round1 } from '../numbers';
import type { Dimension, LevelDef, LocalizedText, ScoringItem, ScoringModel } from './model';

export type DimensionScore = {
	code: string;
	label: LocalizedText;
	/** Sum of weight × points over the scorable items (unrounded). */
	earned: number;
	/** Sum of the weights of the scorable items (unrounded). */
	max: number;
	/** earned ÷ max × 100, one decimal; null when nothing could be scored. */
	score: number | null;
	level: number | null;
	levelCode: string | null;
	/** Items answered with a value that has points ("not applicable" is counted apart). */
	answered: number;
	notApplicable: number;
	/** Items with no answer, or with a value that has no points entry. */
	unanswered: number;
	/** The level the respondent aims for (from `targetQuestion`), or null. */
	target: number | null;
	/** Suggestions for the levels above the current one, up to the target. */
	suggestions: LocalizedText[];
};

export type OverallScore = {
	score: number | null;
	level: number | null;
	levelCode: string | null;
};

export type MaturityProfile = {
	dimensions: DimensionScore[];
	overall: OverallScore;
};

export type MedianDimension = {
	code: string;
	/** Median of the scores that exist; null when no profile has a score for this dimension. */
	score: number | null;
	/** How many profiles had a score for it. */
	n: number;
};

export type MedianProfile = {
	dimensions: MedianDimension[];
	overall: { score: number | null; n: number };
};

/** The highest level whose `min` the score reaches, or null for no score. */
export function levelFor(levels: readonly LevelDef[], score: number | null): LevelDef | null {
	if (score === null) return null;
	let best: LevelDef | null = null;
	// Does not rely on the order of `levels`, although a parsed model is sorted.
	for (const level of levels) {
		if (level.min <= score && (best === null || level.min > best.min)) best = level;
	}
	return best;
}

function isRecord(value: unknown): value is Record<string, unknown> {
	return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function own(record: Record<string, unknown>, key: string): unknown {
	// Own keys only: an answer or choice value such as "constructor" must not reach the prototype.
	return Object.hasOwn(record, key) ? record[key] : undefined;
}

/**
 * A stored choice value as the string key used in `points`. SurveyJS keeps choice values as they
 * were written (strings, sometimes numbers or booleans); JSON object keys are always strings.
 */
function choiceKey(value: unknown): string | undefined {
	if (typeof value === 'string') return value;
	if ((typeof value === 'number' && Number.isFinite(value)) || typeof value === 'boolean')
		return String(value);
	return undefined;
}

/**
 * The value chosen for an item. A radiogroup or dropdown stores it under the question name; a
 * single-choice matrix stores `{ [row]: column }` under the question name.
 */
function chosenValue(item: ScoringItem, answers: Record<string, unknown>): string | undefined {
	const answer = own(answers, item.question);
	if (item.row === undefined) return choiceKey(answer);
	return isRecord(answer) ? choiceKey(own(answer, item.row)) : undefined;
}

type ItemOutcome =
	{ kind: 'answered' | 'notApplicable'; earned: number; max: number } | { kind: 'unanswered' };

function scoreItem(item: ScoringItem, answers: Record<string, unknown>): ItemOutcome {
	const value = chosenValue(item, answers);
	if (value === undefined) return { kind: 'unanswered' };
	if (item.notApplicable !== undefined && value === item.notApplicable.value) {
		return item.notApplicable.credit === 'full'
			? { kind: 'notApplicable', earned: item.weight, max: item.weight }
			: { kind: 'notApplicable', earned: 0, max: 0 };
	}
	if (!Object.hasOwn(item.points, value)) return { kind: 'unanswered' };
	return { kind: 'answered', earned: item.weight * item.points[value], max: item.weight };
}

/** The target level: the level whose code was chosen, else N from a `level_N` value. */
function targetLevel(
	levels: readonly LevelDef[],
	dimension: Dimension,
	answers: Record<string, unknown>
): number | null {
	if (dimension.targetQuestion === undefined) return null;
	const value = choiceKey(own(answers, dimension.targetQuestion));
	if (value === undefined) return null;
	const byCode = levels.find((level) => level.code === value);
	if (byCode) return byCode.level;
	const match = /^level_(\d+)$/.exec(value);
	const number = match ? Number(match[1]) : null;
	return levels.some((level) => level.level === number) ? number : null;
}

/**
 * Suggestions whose `forLevel` is above the current level and at most the target. Without a
 * known level (nothing scored) every suggestion up to the target applies; without a target none.
 */
function suggestionsFor(
	dimension: Dimension,
	level: number | null,
	target: number | null
): LocalizedText[] {
	if (target === null) return [];
	return (dimension.suggestions ?? [])
		.filter((s) => s.forLevel <= target && (level === null || s.forLevel > level))
		.map((s) => s.text);
}

type RawDimension = { result: DimensionScore; rawScore: number | null };

function scoreDimension(
	levels: readonly LevelDef[],
	dimension: Dimension,
	answers: Record<string, unknown>
): RawDimension {
	let earned = 0;
	let max = 0;
	const counts = { answered: 0, notApplicable: 0, unanswered: 0 };
	for (const item of dimension.items) {
		const outcome = scoreItem(item, answers);
		counts[outcome.kind] += 1;
		if (outcome.kind !== 'unanswered') {
			earned += outcome.earned;
			max += outcome.max;
		}
	}
	// Nothing to score (all unanswered or excluded as not applicable): no score, no level.
	const rawScore = max > 0 ? (earned / max) * 100 : null;
	const score = rawScore === null ? null : round1(rawScore);
	const level = levelFor(levels, score);
	const target = targetLevel(levels, dimension, answers);
	return {
		rawScore,
		result: {
			code: dimension.code,
			label: dimension.label,
			earned,
			max,
			score,
			level: level?.level ?? null,
			levelCode: level?.code ?? null,
			...counts,
			target,
			suggestions: suggestionsFor(dimension, level?.level ?? null, target)
		}
	};
}

/**
 * Scores one response. `answers` is SurveyJS data (`survey.data`): values keyed by question name.
 * The overall score is the mean of the dimension scores that exist, computed before rounding.
 */
export function scoreResponse(
	model: ScoringModel,
	answers: Record<string, unknown>
): MaturityProfile {
	const scored = model.dimensions.map((dimension) =>
		scoreDimension(model.levels, dimension, answers)
	);
	const rawOverall = mean(scored.flatMap((d) => (d.rawScore === null ? [] : [d.rawScore])));
	const score = rawOverall === null ? null : round1(rawOverall);
	const level = levelFor(model.levels, score);
	return {
		dimensions: scored.map((d) => d.result),
		overall: { score, level: level?.level ?? null, levelCode: level?.code ?? null }
	};
}

/**
 * Per dimension (by code, in order of first appearance) the median of the profiles' scores, e.g.
 * "median of the other municipalities". Profiles without a score for a dimension are left out of
 * its median; `n` says how many took part.
 */
export function medianProfile(profiles: readonly MaturityProfile[]): MedianProfile {
	// Grouped before the scores are filtered, so a dimension nobody has a score for keeps its place.
	const byCode = groupBy(
		profiles.flatMap((p) => p.dimensions),
		(d) => d.code
	);
	const overallScores = profiles.flatMap((p) =>
		p.overall.score === null ? [] : [p.overall.score]
	);
	const roundedMedian = (values: number[]) => {
		const m = median(values);
		return m === null ? null : round1(m);
	};
	return {
		dimensions: [...byCode].map(([code, dimensions]) => {
			const scores = dimensions.flatMap((d) => (d.score === null ? [] : [d.score]));
			return { code, score: roundedMedian(scores), n: scores.length };
		}),
		overall: { score: roundedMedian(overallScores), n: overallScores.length }
	};
}
