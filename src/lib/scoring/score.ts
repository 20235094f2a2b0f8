/**
 * Scores one response against a maturity scoring model (rules in surveys/README.md, "Maturity
 * scoring model"). Pure functions over plain data, shared by the feedback page and dashboards.
 *
 * Scores are kept unrounded while computing and rounded once, by `round1` from numbers.ts, when
 * a result is returned. A level is read from the rounded score, so the score a person sees and the level next
 * to it always agree (59.96 is shown as 60.0 and so reaches a level starting at 60).
 *
 * Each item ends up in exactly one of four states, and each state has one rule:
 * - answered (a value with points): counts in the score and in the coverage;
 * - not applicable (its N/A value): left out of both, so it neither earns nor costs anything;
 * - not asked (its `askedIf` filter says it does not apply): left out of both, like N/A;
 * - unanswered ("don't know", no answer, a value without points): left out of the score but
 *   counted against the coverage, so "don't know" can no longer lift a score by shrinking it to
 *   the few items that were answered well.
 */
import { mean, median, round1 } from '../numbers';
import {
	DEFAULT_MIN_COVERAGE,
	type Dimension,
	type LevelDef,
	type LocalizedText,
	type Requirement,
	type ScoringItem,
	type ScoringModel
} from './model';

export type DimensionScore = {
	code: string;
	label: LocalizedText;
	/** Sum of weight × points over the answered items (unrounded). */
	earned: number;
	/** Sum of the weights of the answered items (unrounded). */
	max: number;
	/**
	 * Percentage of the weight of the items that apply (answered + unanswered) that was answered,
	 * one decimal; null when no item applies (all not asked or not applicable).
	 */
	coverage: number | null;
	/** Whether the coverage reached the model's minimum; only then is there a score and a level. */
	enoughAnswers: boolean;
	/** earned ÷ max × 100, one decimal; null when there were not enough answers. */
	score: number | null;
	/** The level reached: the score's band, held back to the highest level whose conditions hold. */
	level: number | null;
	levelCode: string | null;
	/** The level the score alone would reach (equal to `level` unless a condition holds it back). */
	scoreLevel: number | null;
	/** The next level, when the score reaches it but its conditions do not hold, with their text. */
	heldBackBy: { level: number; text: LocalizedText } | null;
	/** Items answered with a value that has points. */
	answered: number;
	notApplicable: number;
	/** Items whose `askedIf` filter says they do not apply to this respondent. */
	notAsked: number;
	/** Items with no answer, "don't know", or a value that has no points entry. */
	unanswered: number;
	/** The level the respondent aims for (from `targetQuestion`), or null. */
	target: number | null;
	/** Suggestions for the levels above the current one, up to the target. */
	suggestions: LocalizedText[];
};

/**
 * Only when every dimension is scored: the mean of their scores, and the lowest of their levels
 * ("every area has reached at least this level"), so the overall level's name holds everywhere.
 */
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

type ItemState = 'answered' | 'notApplicable' | 'notAsked' | 'unanswered';
type ItemOutcome = { state: ItemState; points: number };

/** Whether the item applies to this respondent, by its filter question. */
function isAsked(item: ScoringItem, answers: Record<string, unknown>): boolean {
	if (item.askedIf === undefined) return true;
	const filter = choiceKey(own(answers, item.askedIf.question));
	return filter !== undefined && item.askedIf.values.includes(filter);
}

function scoreItem(item: ScoringItem, answers: Record<string, unknown>): ItemOutcome {
	// A filtered-out item is not asked, whatever the answers hold for it.
	if (!isAsked(item, answers)) return { state: 'notAsked', points: 0 };
	const value = chosenValue(item, answers);
	if (value !== undefined && value === item.notApplicable?.value) {
		return { state: 'notApplicable', points: 0 };
	}
	if (value === undefined || !Object.hasOwn(item.points, value)) {
		return { state: 'unanswered', points: 0 };
	}
	return { state: 'answered', points: item.points[value] };
}

const itemKey = (item: { question: string; row?: string }) =>
	`${item.question}\u0000${item.row ?? ''}`;

/**
 * A requirement holds when its item earned at least `minPoints`. An item that does not apply
 * (not asked, not applicable) cannot hold a level back, so it holds too: the gap it stands for is
 * counted once, where it is asked (a municipality that publishes nothing is at level 1 in
 * publication, and is not held back a second time in data management). An unanswered item
 * ("don't know") does not hold: nobody has said it is in place.
 */
function holds(requirement: Requirement, outcomes: Map<string, ItemOutcome>): boolean {
	const outcome = outcomes.get(itemKey(requirement));
	if (!outcome) return false;
	if (outcome.state === 'notAsked' || outcome.state === 'notApplicable') return true;
	return outcome.state === 'answered' && outcome.points >= requirement.minPoints;
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

/** A model's levels, lowest first: sorted once per model, not once per response and area. */
const ascendingByModel = new WeakMap<readonly LevelDef[], LevelDef[]>();
function ascendingLevels(levels: readonly LevelDef[]): LevelDef[] {
	let sorted = ascendingByModel.get(levels);
	if (!sorted)
		ascendingByModel.set(levels, (sorted = [...levels].sort((a, b) => a.level - b.level)));
	return sorted;
}

/** Whether `part` is at least `minimum` percent of `whole`, without rounding trouble at 70 %. */
function reaches(part: number, whole: number, minimum: number): boolean {
	return whole > 0 && part * 100 >= minimum * whole - 1e-9;
}

function scoreDimension(
	model: ScoringModel,
	dimension: Dimension,
	answers: Record<string, unknown>
): RawDimension {
	const { levels } = model;
	let earned = 0;
	let max = 0;
	let applicable = 0;
	const counts = { answered: 0, notApplicable: 0, notAsked: 0, unanswered: 0 };
	// The outcomes by item only where a condition may ask for them (most areas have none).
	const outcomes = dimension.conditions?.length ? new Map<string, ItemOutcome>() : null;
	for (const item of dimension.items) {
		const outcome = scoreItem(item, answers);
		outcomes?.set(itemKey(item), outcome);
		counts[outcome.state] += 1;
		if (outcome.state === 'answered') {
			earned += item.weight * outcome.points;
			max += item.weight;
		}
		if (outcome.state === 'answered' || outcome.state === 'unanswered') applicable += item.weight;
	}
	const enoughAnswers = reaches(max, applicable, model.minCoverage ?? DEFAULT_MIN_COVERAGE);
	const rawScore = enoughAnswers ? (earned / max) * 100 : null;
	const score = rawScore === null ? null : round1(rawScore);
	const scoreLevel = levelFor(levels, score);
	// The highest level up to the score's whose conditions, and those of every level below, hold.
	let level = scoreLevel;
	let heldBackBy: DimensionScore['heldBackBy'] = null;
	if (scoreLevel !== null) {
		const ascending = ascendingLevels(levels);
		level = ascending[0];
		for (const candidate of ascending.slice(1)) {
			if (candidate.level > scoreLevel.level) break;
			const condition = dimension.conditions?.find((c) => c.level === candidate.level);
			if (condition && !condition.requires.every((r) => holds(r, outcomes!))) {
				heldBackBy = { level: candidate.level, text: condition.text };
				break;
			}
			level = candidate;
		}
	}
	const target = targetLevel(levels, dimension, answers);
	return {
		rawScore,
		result: {
			code: dimension.code,
			label: dimension.label,
			earned,
			max,
			coverage: applicable > 0 ? round1((max / applicable) * 100) : null,
			enoughAnswers,
			score,
			level: level?.level ?? null,
			levelCode: level?.code ?? null,
			scoreLevel: scoreLevel?.level ?? null,
			heldBackBy,
			...counts,
			target,
			suggestions: suggestionsFor(dimension, level?.level ?? null, target)
		}
	};
}

/**
 * Scores one response. `answers` is SurveyJS data (`survey.data`): values keyed by question name.
 * The overall score exists only when every dimension has one: a mean over the areas a respondent
 * could assess would not be comparable with another municipality's mean over other areas. It is
 * computed before rounding; its level is the lowest of the dimensions' levels.
 */
export function scoreResponse(
	model: ScoringModel,
	answers: Record<string, unknown>
): MaturityProfile {
	const scored = model.dimensions.map((dimension) => scoreDimension(model, dimension, answers));
	const complete = scored.every((d) => d.rawScore !== null);
	const rawOverall = complete ? mean(scored.map((d) => d.rawScore as number)) : null;
	const score = rawOverall === null ? null : round1(rawOverall);
	const lowest = complete
		? model.levels.find(
				(level) => level.level === Math.min(...scored.map((d) => d.result.level as number))
			)
		: undefined;
	return {
		dimensions: scored.map((d) => d.result),
		overall: { score, level: lowest?.level ?? null, levelCode: lowest?.code ?? null }
	};
}

/**
 * Per dimension (by code, in order of first appearance) the median of the profiles' scores, e.g.
 * "median of the other municipalities". Profiles without a score for a dimension are left out of
 * its median; `n` says how many took part.
 */
export function medianProfile(profiles: readonly MaturityProfile[]): MedianProfile {
	const scoresByCode = new Map<string, number[]>();
	for (const profile of profiles) {
		for (const dimension of profile.dimensions) {
			const scores = scoresByCode.get(dimension.code) ?? [];
			if (dimension.score !== null) scores.push(dimension.score);
			scoresByCode.set(dimension.code, scores);
		}
	}
	const overallScores = profiles.flatMap((p) =>
		p.overall.score === null ? [] : [p.overall.score]
	);
	const roundedMedian = (values: number[]) => {
		const m = median(values);
		return m === null ? null : round1(m);
	};
	return {
		dimensions: [...scoresByCode].map(([code, scores]) => ({
			code,
			score: roundedMedian(scores),
			n: scores.length
		})),
		overall: { score: roundedMedian(overallScores), n: overallScores.length }
	};
}
