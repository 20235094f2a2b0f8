/**
 * What a respondent sees after the maturity questionnaire: their own profile, the scale it is
 * read on, and how other municipalities score. Pure functions over plain data, like score.ts.
 *
 * The comparison shows medians only, and only once enough other municipalities have answered
 * that no single one can be picked out (the common rule of 5 for published breakdowns).
 */
import { DEFAULT_MIN_COVERAGE, type LevelDef, type ScoringModel } from './model';
import { medianProfile, scoreResponse, type MaturityProfile, type MedianDimension } from './score';
import { cellOf, type Cell } from '../summary/cell-key';
import { inView, type Disclosure } from '../summary/protect';

/** The fewest other municipalities a median may be shown for, per dimension and overall. */
export const MIN_OTHER_MUNICIPALITIES = 5;

/** The parts of a stored response the comparison reads. */
export interface ComparableResponse {
	municipality: string | null;
	/** Order of arrival: a higher number came later. */
	seq: number;
	answers: Record<string, unknown>;
	/** The record key of the cell-key method (store/records.ts), for protected numbers. */
	recordKey?: number;
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

/** Whose profile it is, for the page and its printout (the server adds it: views/feedback.ts). */
export interface ProfileAbout {
	/** The municipality's slug as stored (the page shows its name), or null. */
	municipality: string | null;
	submittedAt: string;
	/** The round's name as the researchers gave it; null for the always-open link. */
	round: string | null;
}

/**
 * The same municipality in an earlier round: the median of its answers in that round, each
 * scored with the same model. Never a single earlier answer: the page is public and anyone may
 * answer "as Larvik", so one earlier self-assessment would be shown to whoever claims the name.
 */
export interface EarlierComparison {
	round: string;
	closesAt: string;
	/** How many answers from the municipality the round had (perturbed when protected). */
	answers: number;
	minimum: number;
	dimensions: MedianDimension[];
	overall: { score: number | null; n: number };
}

/** The profile the feedback page shows, self-contained: labels in every language included. */
export interface FeedbackProfile extends MaturityProfile {
	/** The scale, lowest level first, so the page can name a level and its threshold. */
	levels: LevelDef[];
	/** The share of an area's weight (percent) that must be answered for it to be scored. */
	minCoverage: number;
	others: OthersComparison;
	/** Absent in views kept by a browser before it was added. */
	about?: ProfileAbout;
	/** The municipality's most recent closed round with enough answers; null when there is none. */
	earlier?: EarlierComparison | null;
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
	minimum: number = MIN_OTHER_MUNICIPALITIES,
	disclosure?: Disclosure
): OthersComparison {
	const others = latestPerMunicipality(responses, ownMunicipality);
	if (others.length < minimum) return { available: false, minimum };
	return medianComparison(model, others, minimum, disclosure, 'feedback');
}

/**
 * The median profile of `responses`, a median shown only where at least `minimum` have a score,
 * protected when `disclosure` is (salted by `salt`, so two comparisons over other records draw
 * their noise independently).
 */
function medianComparison(
	model: ScoringModel,
	responses: readonly ComparableResponse[],
	minimum: number,
	disclosure: Disclosure | undefined,
	salt: string
): OthersComparison {
	const profiles = responses.map((response) => scoreResponse(model, response.answers));
	const median = medianProfile(profiles);
	const shown = <T extends { score: number | null; n: number }>(entry: T): T =>
		entry.n >= minimum ? entry : { ...entry, score: null };
	const exact: OthersComparison = {
		available: true,
		minimum,
		municipalities: responses.length,
		dimensions: median.dimensions.map(shown),
		overall: shown(median.overall)
	};
	return disclosure && !disclosure.exact
		? protectComparison(exact, responses, profiles, disclosure, salt)
		: exact;
}

/**
 * The municipality's own answers in an earlier round, as their median profile, or null when
 * there are fewer than `minimum` of them (perturbed, when protected): then no single person's
 * earlier assessment can be read off the page. `responses` are that municipality's responses
 * in that round, all of them (several people may assess; each counts).
 */
export function compareWithEarlier(
	model: ScoringModel,
	responses: readonly ComparableResponse[],
	minimum: number = MIN_OTHER_MUNICIPALITIES,
	disclosure?: Disclosure
): Omit<EarlierComparison, 'round' | 'closesAt'> | null {
	if (responses.length < minimum) return null;
	const result = medianComparison(model, responses, minimum, disclosure, 'feedback-earlier');
	if (!result.available) return null;
	return {
		answers: result.municipalities,
		minimum,
		dimensions: result.dimensions,
		overall: result.overall
	};
}

/**
 * The comparison as anyone may see it: the feedback page is public (whoever answers gets it),
 * and answering again as another municipality, or once more after another municipality has
 * answered, gives a comparison over a set of municipalities that differs by one. So the count
 * of municipalities is perturbed with the cell-key method and each median gets noise from the
 * same keys (protect.ts: up to ±100 / (2n) points, n the perturbed count of those with a score)
 * — a median of 6 that moves when a 7th arrives must not say where the 7th lies. Below the
 * minimum (perturbed) there is no comparison, or no median for that area.
 */
function protectComparison(
	exact: Extract<OthersComparison, { available: true }>,
	others: readonly ComparableResponse[],
	profiles: readonly MaturityProfile[],
	shown: Disclosure,
	salt: string
): OthersComparison {
	const all = cellOf(others);
	// The other municipalities are the view (protect.ts, inView).
	const d = inView(shown, all.key);
	if (!d.allows(all)) return { available: false, minimum: exact.minimum };
	const scoredFor = (score: (p: MaturityProfile) => number | null) =>
		cellOf(others.filter((_, i) => score(profiles[i]) !== null));
	const noisy = <T extends { score: number | null; n: number }>(
		entry: T,
		group: Cell,
		noiseKey: string
	): T => {
		const n = d.value(group);
		const allowed = d.allows(group) && n >= exact.minimum;
		return {
			...entry,
			n,
			score: allowed ? d.magnitude(entry.score, group, [0, 100], noiseKey) : null
		};
	};
	return {
		...exact,
		municipalities: d.value(all),
		dimensions: exact.dimensions.map((dimension, i) =>
			noisy(
				dimension,
				scoredFor((p) => p.dimensions[i]?.score ?? null),
				`${salt}:${dimension.code}`
			)
		),
		overall: noisy(
			exact.overall,
			scoredFor((p) => p.overall.score),
			`${salt}:overall`
		)
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
	responses: readonly ComparableResponse[],
	disclosure?: Disclosure
): FeedbackProfile {
	return {
		...scoreResponse(model, answers),
		levels: model.levels,
		minCoverage: model.minCoverage ?? DEFAULT_MIN_COVERAGE,
		others: compareWithOthers(
			model,
			responses,
			ownMunicipality,
			MIN_OTHER_MUNICIPALITIES,
			disclosure
		)
	};
}
