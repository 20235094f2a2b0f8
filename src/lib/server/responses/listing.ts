import { matchesFilters, type ResponseFilters } from '$lib/filters';
import type { Store, StoredResponse } from '../store';

/** What researchers and the data API see of stored responses: lists, pages and cursors. */

/** What a researcher's list of responses shows: when, where from, never the answers. */
export function listView(record: StoredResponse) {
	return {
		id: record.id,
		submittedAt: record.submittedAt,
		roundId: record.roundId,
		audience: record.audience,
		municipality: record.municipality,
		surveyVersion: record.surveyVersion
	};
}

/** What the data API shows of a response: never the receipt or the browser's submission id. */
export function publicView(record: StoredResponse) {
	return {
		id: record.id,
		surveyId: record.surveyId,
		surveyVersion: record.surveyVersion,
		roundId: record.roundId,
		answers: record.answers,
		audience: record.audience,
		municipality: record.municipality,
		locale: record.locale,
		status: record.status,
		startedAt: record.startedAt,
		submittedAt: record.submittedAt
	};
}

export const MAX_PAGE = 1000;

/**
 * A page of one questionnaire's responses (those matching `filters`) in arrival order. The cursor is the arrival number
 * of the last response on the previous page, so pages never skip or repeat while new responses
 * keep arriving.
 */
export function listResponses(
	store: Store,
	surveyId: string,
	options: { limit: number; cursor: number; filters?: ResponseFilters }
): { responses: ReturnType<typeof publicView>[]; nextCursor: string | null } {
	const filters = options.filters ?? {};
	const wanted = (r: StoredResponse) => r.surveyId === surveyId && matchesFilters(r, filters);
	const all = store.responses.responses();
	// Binary search for the first response after the cursor: records are in `seq` order.
	let low = 0;
	let high = all.length;
	while (low < high) {
		const mid = (low + high) >>> 1;
		if (all[mid].seq <= options.cursor) low = mid + 1;
		else high = mid;
	}
	const page: StoredResponse[] = [];
	let i = low;
	for (; i < all.length && page.length < options.limit; i++) {
		if (wanted(all[i])) page.push(all[i]);
	}
	let more = false;
	for (let j = i; j < all.length; j++) {
		if (wanted(all[j])) {
			more = true;
			break;
		}
	}
	const last = page[page.length - 1];
	return {
		responses: page.map(publicView),
		nextCursor: more && last ? encodeCursor(last.seq) : null
	};
}

export function encodeCursor(seq: number): string {
	return Buffer.from(`s${seq}`).toString('base64url');
}

export function decodeCursor(cursor: string | null): number | null {
	if (!cursor) return 0;
	const text = Buffer.from(cursor, 'base64url').toString();
	const match = /^s(\d{1,15})$/.exec(text);
	return match ? Number(match[1]) : null;
}
