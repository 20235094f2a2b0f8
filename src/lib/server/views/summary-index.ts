import { Strata, type Stratum } from '$lib/summary/strata';
import type { SummaryPlan } from '$lib/summary/plan';
import type { ScoringModel } from '$lib/scoring/model';
import type { AppContext } from '../app/context';
import type { Store } from '../store';

/**
 * The strata of each questionnaire's responses (summary/strata.ts explains the design), kept
 * between requests and up to date on append: a request first adds the responses stored since
 * the last one to their strata. They are read through the store's selection (`select`, after
 * the highest arrival number already added: a cursor on PostgreSQL, the log's memory in the data
 * folder), so this holds no response itself and does not depend on how they are stored.
 *
 * Built again from all responses when anything but appends happened since (a deletion, a
 * retention sweep: the store's `removals` moved), when the questionnaire's summary plan or
 * scoring model changed (a new version), or for another store (tests). A maturity
 * questionnaire's strata also keep its responses' scores (strata.ts, `Stratum.maturity`).
 *
 * One update at a time per questionnaire: a request arriving while one is under way waits for it
 * (two would add the same responses twice). A long update (the first, at start-up) gives the
 * event loop back every `YIELD_MS`, so respondents submitting meanwhile are not held up.
 */
interface Entry {
	store: Store;
	plan: SummaryPlan;
	scoring: ScoringModel | null;
	strata: Strata;
	/** The highest arrival number (`seq`) added, and the store's removals when begun. */
	lastSeq: number;
	removals: number;
	/** The store's generation when last brought up to date (unchanged: nothing to read). */
	generation: number;
	updating: Promise<void> | null;
}

const entries = new Map<string, Entry>();
const YIELD_MS = 10;

const nextTurn = () => new Promise<void>((done) => setImmediate(done));

/** A questionnaire's entry, up to date with every response stored when it was asked for. */
async function upToDate(
	store: Store,
	surveyId: string,
	plan: SummaryPlan,
	scoring: ScoringModel | null
): Promise<Entry> {
	const log = store.responses;
	for (;;) {
		let entry = entries.get(surveyId);
		if (entry?.updating) {
			// Another request is reading: wait, then look again (it may have been outrun).
			await entry.updating.catch(() => {});
			continue;
		}
		if (
			!entry ||
			entry.store !== store ||
			entry.plan !== plan ||
			entry.scoring !== scoring ||
			entry.removals !== log.removals
		) {
			entry = {
				store,
				plan,
				scoring,
				strata: new Strata(plan, scoring),
				lastSeq: 0,
				removals: log.removals,
				generation: -1,
				updating: null
			};
			entries.set(surveyId, entry);
		}
		const generation = log.generation;
		if (entry.generation === generation) return entry;
		const e = entry;
		e.updating = (async () => {
			const selection = await log.select({ surveyId, afterSeq: e.lastSeq });
			let turn = performance.now();
			let i = 0;
			for await (const r of selection) {
				e.strata.add(r, r.seq);
				e.lastSeq = r.seq;
				if (++i % 256 === 0 && performance.now() - turn > YIELD_MS) {
					await nextTurn();
					turn = performance.now();
				}
			}
			e.generation = generation;
		})();
		try {
			await e.updating;
		} finally {
			e.updating = null;
		}
		// A removal while reading: what was read may hold a response no longer stored.
		if (entries.get(surveyId) === e && e.removals === log.removals) return e;
	}
}

/**
 * A questionnaire's strata (by day or of all days), up to date with every stored response, with
 * the responses' scores when `scoring` is the questionnaire's scoring model (null: none).
 */
export async function strataOf(
	store: Store,
	surveyId: string,
	plan: SummaryPlan,
	scoring: ScoringModel | null,
	byDay: boolean
): Promise<Stratum[]> {
	return (await upToDate(store, surveyId, plan, scoring)).strata.list(byDay);
}

/**
 * Builds every questionnaire's strata in the background after start-up, one questionnaire after
 * another, so that the first dashboard does not wait for them (it waits only for what is left);
 * the update gives the event loop back every `YIELD_MS`, so respondents submitting meanwhile
 * wait for at most about that long.
 */
export function warmStrata(ctx: AppContext): void {
	const warm = async () => {
		for (const survey of ctx.surveys.list()) {
			try {
				await upToDate(ctx.store, survey.definition.id, survey.summaryPlan, survey.scoring);
			} catch (e) {
				// Not worth stopping the server for: the dashboard builds the strata when asked (and
				// reports what goes wrong there).
				console.error(
					`[summaries] could not build the tallies of ${survey.definition.id}: ${(e as Error).message}`
				);
			}
		}
	};
	setTimeout(() => void warm(), 0).unref();
}
