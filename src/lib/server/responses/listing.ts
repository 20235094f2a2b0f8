import type { ResponseFilters } from '$lib/filters';
import { collect, type Store, type StoredResponse } from '../store';

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
 * A page of one questionnaire's responses (those matching `filters`) in arrival order. The
 * cursor is the arrival number of the last response on the previous page, so pages never skip
 * or repeat while new responses keep arriving. Read as one selection of a page and one more
 * (store/selection.ts: on PostgreSQL a query with LIMIT, not every response in memory).
 */
export async function listResponses(
	store: Store,
	surveyId: string,
	options: { limit: number; cursor: number; filters?: ResponseFilters }
): Promise<{ responses: ReturnType<typeof publicView>[]; nextCursor: string | null }> {
	const found = await collect(
		await store.responses.select({
			surveyId,
			filters: options.filters ?? {},
			afterSeq: options.cursor,
			limit: options.limit + 1
		})
	);
	const page = found.slice(0, options.limit);
	const more = found.length > options.limit;
	const last = page[page.length - 1];
	return {
		responses: page.map(publicView),
		nextCursor: more && last ? encodeCursor(last.seq) : null
	};
}

/** Whether any response of this questionnaire is stored (one row read, at most). */
export async function hasResponses(store: Store, surveyId: string): Promise<boolean> {
	const selection = await store.responses.select({ surveyId, limit: 1 });
	await selection.close();
	return selection.count > 0;
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
