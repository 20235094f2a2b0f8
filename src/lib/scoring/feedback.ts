/**
 * What a respondent sees after the maturity questionnaire: their own profile, the scale it is
 * read on, and how other municipalities score. Pure functions over plain data, like score.ts.
 *
 * The comparison shows medians only, and only once enough other municipalities have answered
 * that no single one can be picked out (the common rule of 5 for published breakdowns).
 */
import { DEFAULT_MIN_COVERAGE, type LevelDef, type ScoringModel } from './model';
import { medianProfile, scoreResponse, type MaturityProfile, type MedianDimension } from './score';

/** The fewest other municipalities a median may be shown for, per dimension and overall. */
export const MIN_OTHER_MUNICIPALITIES = 5;

/** The parts of a stored response the comparison reads. */
export interface ComparableResponse {
	municipality: string | null;
	/** Order of arrival: a higher number came later. */
	seq: number;
	answers: Record<string, unknown>;
}

export type OthersComparison =
	| {
			available: true;
			/** The fewest municipalities a median is shown for. */
			minimum: number;
			/** How many other municipalities took part (each with its most recent response). */
			municipalities: number;
			/** Per dimension; `score` is null where fewer than the minimum had a score for it. */
			dimensions: MedianDimension[];
			overall: { score: number | null; n: number };
	  }
	| { available: false; minimum: number };

/** The profile the feedback page shows, self-contained: labels in every language included. */
export interface FeedbackProfile extends MaturityProfile {
	/** The scale, lowest level first, so the page can name a level and its threshold. */
	levels: LevelDef[];
	/** The share of an area's weight (percent) that must be answered for it to be scored. */
	minCoverage: number;
	others: OthersComparison;
}

/**
 * Each municipality's most recent response, leaving out `exclude` (the respondent's own) and
 * responses without a municipality. One municipality answering twenty times counts once, with
 * its current state rather than its history. Returned in order of arrival.
 */
export function latestPerMunicipality<R extends ComparableResponse>(
	responses: readonly R[],
	exclude: string | null
): R[] {
	const latest = new Map<string, R>();
	for (const response of responses) {
		const { municipality } = response;
		if (municipality === null || municipality === exclude) continue;
		const seen = latest.get(municipality);
		if (!seen || response.seq > seen.seq) latest.set(municipality, response);
	}
	return [...latest.values()].sort((a, b) => a.seq - b.seq);
}

/**
 * The median profile of the other municipalities, each scored with `model`, or "not yet" when
 * fewer than `minimum` other municipalities have answered. A dimension (or the overall score)
 * that fewer than `minimum` of them have a score for gets no median either: a median of one or
 * two values would show those municipalities' own scores.
 */
export function compareWithOthers(
	model: ScoringModel,
	responses: readonly ComparableResponse[],
	ownMunicipality: string | null,
	minimum: number = MIN_OTHER_MUNICIPALITIES
): OthersComparison {
	const others = latestPerMunicipality(responses, ownMunicipality);
	if (others.length < minimum) return { available: false, minimum };
	const median = medianProfile(others.map((response) => scoreResponse(model, response.answers)));
	const shown = <T extends { score: number | null; n: number }>(entry: T): T =>
		entry.n >= minimum ? entry : { ...entry, score: null };
	return {
		available: true,
		minimum,
		municipalities: others.length,
		dimensions: median.dimensions.map(shown),
		overall: shown(median.overall)
	};
}

/**
 * The respondent's feedback: their answers scored with `model`, compared with the stored
 * responses to the same questionnaire (which may include the respondent's own; their
 * municipality is left out of the comparison).
 */
export function feedbackProfile(
	model: ScoringModel,
	answers: Record<string, unknown>,
	ownMunicipality: string | null,
	responses: readonly ComparableResponse[]
): FeedbackProfile {
	return {
		...scoreResponse(model, answers),
		levels: model.levels,
		minCoverage: model.minCoverage ?? DEFAULT_MIN_COVERAGE,
		others: compareWithOthers(model, responses, ownMunicipality)
	};
}
