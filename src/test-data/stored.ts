import type { Store, StoredResponse } from '../lib/server/store';

/**
 * Every live response a store holds (every questionnaire), in arrival order, read as the app
 * reads them (`select`, a cursor on PostgreSQL): for tests, on either store. Neither store hands
 * out its responses as one array (PostgreSQL holds none in memory).
 */
export async function everyResponse(store: Store): Promise<StoredResponse[]> {
	const surveys = new Set((await store.responses.roundCells()).map((c) => c.surveyId));
	const lists = await Promise.all(
		[...surveys].map(async (surveyId) => {
			const list: StoredResponse[] = [];
			for await (const r of await store.responses.select({ surveyId })) list.push(r);
			return list;
		})
	);
	return lists.flat().sort((a, b) => a.seq - b.seq);
}
