import { osloDay } from '../i18n/format';
import type { SummaryPlan } from './plan';
import type { ScoringModel } from '../scoring/model';
import {
	addToEvaluationTally,
	addToMaturityTally,
	mergeEvaluationTally,
	mergeMaturityTally,
	newEvaluationTally,
	newMaturityTally,
	type EvaluationTally,
	type MaturityTally
} from './programme';
import {
	addResponse,
	finishSummary,
	mergeView,
	newViewTally,
	Visibility,
	type Summary,
	type SummaryInput,
	type SummaryOptions,
	type ViewTally
} from './summarise';

/**
 * Summaries at scale: tallies kept per stratum, views summarised from them.
 *
 * Why. A dashboard page summarises the same responses several times: the page itself, each
 * audience for the barrier ranking, each dated round for the changes between rounds, each
 * compare group. Summarised from the responses, each of those is a pass over every response and
 * every question (at 100 000 stored responses, seconds per page, and more on a busy machine).
 *
 * The design. Every response falls in one stratum: its round, audience, municipality,
 * questionnaire version and Norwegian day, the things a view is filtered and grouped by, and, in
 * a questionnaire that asks which activity is evaluated (a choice question named `activity`: the
 * method evaluation and its follow-up), that activity, which their rounds are compared within. Each
 * stratum keeps a tally of its responses (summarise.ts, `ViewTally`: cells of counts and
 * record-key sums per category, before any Disclosure). Tallies of disjoint responses add up, so
 * the tally of any view or group that is a union of strata is the merge of theirs, and the
 * summary is finished from it through the same Disclosure (`finishSummary`) as one pass over the
 * responses would be, with the same numbers: the same cells with the same keys give the same
 * perturbation, and categories keep the order of their first response (`seq`), so even sums of
 * floating-point numbers are taken in the same order. A page is then a pass over a few hundred
 * strata, not over a hundred thousand responses.
 *
 * Kept up to date on append (server/views/summary-index.ts): a new response is added to its
 * stratum; anything else (a deletion, a new questionnaire version) builds the strata again.
 * Views that cannot be made of strata (filters to the second, for researchers) are summarised
 * from their responses as before.
 */

/** What a stratum is made of; a StoredResponse has all of it. */
export interface StratumResponse extends SummaryInput {
	roundId: string;
	surveyVersion: string;
}

export interface Stratum {
	roundId: string;
	audience: string | null;
	municipality: string | null;
	surveyVersion: string;
	/** The Norwegian day (osloDay) of the responses' `submittedAt`; null in strata of all days. */
	day: string | null;
	/**
	 * The answer to the questionnaire's `activity` question, as text (`String(value)`, as the
	 * dashboard compares it with the option's value); null where the questionnaire has no such
	 * question or the response does not answer it with one value.
	 */
	activity: string | null;
	/** The place (`seq`) of its first response: groups of strata are listed in this order. */
	first: number;
	tally: ViewTally;
	/**
	 * The maturity scores' tally (programme.ts, `MaturityTally`) when the strata are kept with a
	 * scoring model (the maturity questionnaire); null otherwise.
	 */
	maturity: MaturityTally | null;
	/**
	 * The rated items' tally (programme.ts, `EvaluationTally`: every rating question and matrix
	 * row, by number answered) in a questionnaire that asks for the activity; null otherwise.
	 */
	evaluation: EvaluationTally | null;
}

/** The activity a response evaluates, when its questionnaire asks (see `Stratum.activity`). */
export function activityOf(answers: Record<string, unknown>): string | null {
	const value = answers.activity;
	return typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean'
		? String(value)
		: null;
}

/**
 * Strata by their key, in two grains: by day (`fine`), for views filtered by days, and over all
 * days (`coarse`: round, audience, municipality and version only), for every other view, so
 * that those merge a few strata rather than one per day. Each response is in one of each.
 */
export class Strata {
	private readonly fine = new Map<string, Stratum>();
	private readonly coarse = new Map<string, Stratum>();
	private readonly visibility = new Visibility();
	/** Whether the questionnaire asks for the activity (a choice question named `activity`). */
	private readonly byActivity: boolean;

	constructor(
		readonly plan: SummaryPlan,
		readonly scoring: ScoringModel | null = null
	) {
		this.byActivity = plan.questions.some((q) => q.name === 'activity' && q.kind === 'choice');
	}

	/** Adds a response; `seq` increases in the order responses come (their place in the store). */
	add(r: StratumResponse, seq: number): void {
		const day = osloDay(r.submittedAt);
		const activity = this.byActivity ? activityOf(r.answers) : null;
		const key = `${r.roundId}\u0001${r.audience}\u0001${r.municipality}\u0001${r.surveyVersion}\u0001${activity}`;
		const fine = this.stratum(this.fine, `${key}\u0001${day}`, r, day, activity, seq);
		const coarse = this.stratum(this.coarse, key, r, null, activity, seq);
		addResponse(this.plan, [fine.tally, coarse.tally], r, seq, this.visibility);
		if (this.scoring) addToMaturityTally(this.scoring, [fine.maturity!, coarse.maturity!], r);
		if (this.byActivity)
			addToEvaluationTally(this.plan.questions, [fine.evaluation!, coarse.evaluation!], r);
	}

	private stratum(
		map: Map<string, Stratum>,
		key: string,
		r: StratumResponse,
		day: string | null,
		activity: string | null,
		seq: number
	): Stratum {
		let stratum = map.get(key);
		if (!stratum) {
			stratum = {
				roundId: r.roundId,
				audience: r.audience,
				municipality: r.municipality,
				surveyVersion: r.surveyVersion,
				day,
				activity,
				first: seq,
				tally: newViewTally(this.plan),
				maturity: this.scoring && newMaturityTally(this.scoring),
				evaluation: this.byActivity ? newEvaluationTally() : null
			};
			map.set(key, stratum);
		}
		return stratum;
	}

	/** The strata by day (`byDay`), for views filtered by days, or over all days. */
	list(byDay = false): Stratum[] {
		return [...(byDay ? this.fine : this.coarse).values()];
	}
}

/**
 * Tallies of groups of strata (`groupOf` names a stratum's group), each the merge of its strata's
 * (`tallyOf`; strata without one are left out), in the order their first responses came: the
 * groups a pass over the same responses would make, in its order.
 */
function groupTallies<T>(
	strata: readonly Stratum[],
	groupOf: (s: Stratum) => string,
	tallyOf: (s: Stratum) => T | null,
	make: () => T,
	merge: (into: T, from: T) => void
): [key: string, tally: T][] {
	const groups = new Map<string, { first: number; tally: T }>();
	for (const s of strata) {
		const tally = tallyOf(s);
		if (tally === null) continue;
		const key = groupOf(s);
		let group = groups.get(key);
		if (!group) groups.set(key, (group = { first: s.first, tally: make() }));
		else group.first = Math.min(group.first, s.first);
		merge(group.tally, tally);
	}
	return [...groups]
		.sort(([, a], [, b]) => a.first - b.first)
		.map(([key, group]): [string, T] => [key, group.tally]);
}

/** The maturity score tallies of groups of strata (for `maturityOfTallies`). */
export const maturityTallies = (
	model: ScoringModel,
	strata: readonly Stratum[],
	groupOf: (s: Stratum) => string
): [key: string, tally: MaturityTally][] =>
	groupTallies(
		strata,
		groupOf,
		(s) => s.maturity,
		() => newMaturityTally(model),
		mergeMaturityTally
	);

/** The rated items' tallies of groups of strata (for `evaluationOfTallies`). */
export const evaluationTallies = (
	strata: readonly Stratum[],
	groupOf: (s: Stratum) => string
): [key: string, tally: EvaluationTally][] =>
	groupTallies(strata, groupOf, (s) => s.evaluation, newEvaluationTally, mergeEvaluationTally);

/** The summary of the union of `strata` (disjoint by construction), as `summarise` gives it. */
export function summariseStrata(
	plan: SummaryPlan,
	strata: readonly Stratum[],
	options: SummaryOptions = {}
): Summary {
	const view = newViewTally(plan);
	for (const s of strata) mergeView(view, s.tally);
	return finishSummary(plan, view, options);
}
