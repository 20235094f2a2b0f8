import { matchesFilters, type ResponseFilters } from '$lib/filters';
import { KEY_RANGE } from '$lib/summary/cell-key';
import type { StoredResponse } from './records';

/**
 * Reading responses without holding them all: `Responses.select` (response-log.ts for the data
 * folder, postgres/responses.ts for PostgreSQL) opens a `Selection`, one questionnaire's
 * responses that match `filters`, in arrival order (`seq`), after `afterSeq`, at most `limit`.
 *
 * A selection is one snapshot: `count` and the rows are the same set, whatever arrives or is
 * deleted while it is read (an export's header says how many rows follow, and then exactly
 * those follow). On PostgreSQL it is a REPEATABLE READ transaction holding a server-side cursor
 * that is read a batch at a time, so memory holds one batch, not the questionnaire's responses;
 * in the data folder it is the matching records of the memory the log already holds.
 *
 * Always `close` it (a `for await` that runs to its end or breaks closes it too): on PostgreSQL
 * it holds a pooled connection until then.
 */
export interface SelectionQuery {
	surveyId: string;
	filters?: ResponseFilters;
	/** Only responses numbered above this (a page's cursor); 0 for all. */
	afterSeq?: number;
	/** At most this many; all when absent. */
	limit?: number;
}

export interface Selection extends AsyncIterable<StoredResponse> {
	/** How many responses the selection holds. */
	readonly count: number;
	close(): Promise<void>;
}

/** A selection of records already in memory (the data folder's log). */
export function memorySelection(all: readonly StoredResponse[], query: SelectionQuery): Selection {
	const filters = query.filters ?? {};
	const after = query.afterSeq ?? 0;
	const limit = query.limit ?? Infinity;
	// Records are in `seq` order: binary search for the first one after the cursor.
	let low = 0;
	let high = all.length;
	while (low < high) {
		const mid = (low + high) >>> 1;
		if (all[mid].seq <= after) low = mid + 1;
		else high = mid;
	}
	// Taken at once: the log's array changes as responses arrive or are deleted.
	const chosen: StoredResponse[] = [];
	for (let i = low; i < all.length && chosen.length < limit; i++) {
		const r = all[i];
		if (r.surveyId === query.surveyId && matchesFilters(r, filters)) chosen.push(r);
	}
	return {
		count: chosen.length,
		close: () => Promise.resolve(),
		async *[Symbol.asyncIterator]() {
			yield* chosen;
		}
	};
}

/** Every response of a selection in an array: for small selections only (a page of a list). */
export async function collect(selection: Selection): Promise<StoredResponse[]> {
	const out: StoredResponse[] = [];
	try {
		for await (const r of selection) out.push(r);
	} finally {
		await selection.close();
	}
	return out;
}

/**
 * How many live responses a questionnaire has in one round, and the sum of their record keys
 * mod 2³² (records.ts): the cell (summary/cell-key.ts) the counts shown outside the dashboard
 * are protected by, so a protected count is the same perturbed number wherever it appears.
 * `Responses.roundCells` gives them without handing out the responses: in SQL on PostgreSQL.
 */
export interface RoundCell {
	surveyId: string;
	/** The round's id, or `default` for the always-open link. */
	roundId: string;
	count: number;
	key: number;
}

/** The round cells of responses in memory (the data folder's log), in order of first arrival. */
export function roundCellsOf(all: readonly StoredResponse[], surveyId?: string): RoundCell[] {
	const cells = new Map<string, RoundCell>();
	for (const r of all) {
		if (surveyId !== undefined && r.surveyId !== surveyId) continue;
		const at = JSON.stringify([r.surveyId, r.roundId]);
		let cell = cells.get(at);
		if (!cell)
			cells.set(at, (cell = { surveyId: r.surveyId, roundId: r.roundId, count: 0, key: 0 }));
		cell.count++;
		cell.key = (cell.key + r.recordKey) % KEY_RANGE;
	}
	return [...cells.values()];
}
