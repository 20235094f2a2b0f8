import { Strata, type Stratum } from '$lib/summary/strata';
import type { SummaryPlan } from '$lib/summary/plan';
import type { ScoringModel } from '$lib/scoring/model';
import type { AppContext } from '../app/context';
import type { Store, StoredResponse } from '../store';

/**
 * The strata of each questionnaire's responses (summary/strata.ts explains the design), kept
 * between requests and up to date on append: a request first adds the responses stored since
 * the last one to their strata. The responses come from `store.responses` as any reader takes
 * them (in arrival order), so this does not depend on how they are stored.
 *
 * Built again from all responses when anything but appends happened since (a deletion, a
 * retention sweep: the store's generation then moved by more than the responses added, or the
 * last response seen is no longer where it was), when the questionnaire's summary plan or scoring
 * model changed (a new version), or for another store (tests). A maturity questionnaire's strata
 * also keep its responses' scores (strata.ts, `Stratum.maturity`).
 */
interface Entry {
	store: Store;
	plan: SummaryPlan;
	scoring: ScoringModel | null;
	strata: Strata;
	/** How many of the store's responses have been seen, the last of them, and the generation. */
	seen: number;
	last: StoredResponse | undefined;
	generation: number;
}

const entries = new Map<string, Entry>();

/**
 * Brings a questionnaire's strata up to date with the store, adding at most `limit` responses
 * (of every questionnaire: the store's order is scanned); the entry once it is up to date.
 */
function advance(
	store: Store,
	surveyId: string,
	plan: SummaryPlan,
	scoring: ScoringModel | null,
	limit: number
): Entry | null {
	const log = store.responses;
	const responses = log.responses();
	const generation = log.generation;
	let entry = entries.get(surveyId);
	const onlyAppended =
		entry !== undefined &&
		entry.store === store &&
		entry.plan === plan &&
		entry.scoring === scoring &&
		responses.length >= entry.seen &&
		generation - entry.generation === responses.length - entry.seen &&
		(entry.seen === 0 || responses[entry.seen - 1] === entry.last);
	if (!entry || !onlyAppended) {
		entry = {
			store,
			plan,
			scoring,
			strata: new Strata(plan, scoring),
			seen: 0,
			last: undefined,
			generation: generation - responses.length
		};
		entries.set(surveyId, entry);
	}
	const end = Math.min(responses.length, entry.seen + limit);
	for (let i = entry.seen; i < end; i++) {
		const r = responses[i];
		if (r.surveyId === surveyId) entry.strata.add(r, i);
	}
	// Generation and position move together, one per response added (see the check above).
	entry.generation += end - entry.seen;
	entry.seen = end;
	entry.last = responses[end - 1];
	return end === responses.length ? entry : null;
}

/**
 * A questionnaire's strata (by day or of all days), up to date with every stored response, with
 * the responses' scores when `scoring` is the questionnaire's scoring model (null: none).
 */
export function strataOf(
	store: Store,
	surveyId: string,
	plan: SummaryPlan,
	scoring: ScoringModel | null,
	byDay: boolean
): Stratum[] {
	return advance(store, surveyId, plan, scoring, Infinity)!.strata.list(byDay);
}

/**
 * Builds every questionnaire's strata in the background after start-up, a slice of responses
 * per turn of the event loop, so that the first dashboard does not wait for them and
 * respondents submitting meanwhile wait for at most one slice. The slice is sized by time, about
 * `sliceMs` each: a maturity response costs several times a barrier one (its scores are tallied
 * too), so a fixed count would hold the loop back for one questionnaire ten times longer than
 * for another.
 */
export function warmStrata(ctx: AppContext, sliceMs = 10): void {
	const queue = ctx.surveys.list();
	let slice = 500;
	const step = () => {
		const survey = queue[0];
		if (!survey) return;
		const started = performance.now();
		try {
			if (advance(ctx.store, survey.definition.id, survey.summaryPlan, survey.scoring, slice))
				queue.shift();
		} catch (e) {
			// Not worth stopping the server for: the dashboard builds the strata when asked (and
			// reports what goes wrong there).
			console.error(
				`[summaries] could not build the tallies of ${survey.definition.id}: ${(e as Error).message}`
			);
			queue.shift();
		}
		// The next slice as many responses as would have taken `sliceMs` at this one's pace.
		const took = performance.now() - started;
		slice = Math.max(50, Math.min(20_000, Math.round((slice * sliceMs) / Math.max(took, 0.5))));
		setTimeout(step, 0).unref();
	};
	setTimeout(step, 0).unref();
}
