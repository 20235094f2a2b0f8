import { expect } from 'vitest';
import * as rounds from '../../src/lib/server/rounds';
import type { ImportedResponse, RoundCell, Store } from '../../src/lib/server/store';
import { everyResponse } from '../../src/test-data/stored';
import { importedResponse } from '../../src/test-data/imported';

/**
 * One check of `Responses.roundCells` (and the round counts read from it), run against each
 * store by its own spec: responses in two rounds and the default of one questionnaire and in
 * one round of another, then one deleted. `deleter` is the store that deletes (on PostgreSQL
 * another instance); `store` must count without being told of it beyond what its store reads.
 */
export async function checkRoundCells(store: Store, deleter: Store = store): Promise<void> {
	const response = (n: number, surveyId: string, roundId: string): ImportedResponse =>
		importedResponse('cells', n, { surveyId, roundId });
	await store.responses.import([
		response(1, 'kitchen', 'r1'),
		response(2, 'kitchen', 'default'),
		response(3, 'kitchen', 'r1'),
		response(4, 'other', 'r2'),
		response(5, 'kitchen', 'default'),
		response(6, 'kitchen', 'r1')
	]);
	await store.sync();
	// The record keys the store drew (never handed out but here, where the cells are checked).
	const key = new Map((await everyResponse(store)).map((r) => [r.id, r.recordKey]));
	const k = (...ns: number[]) => ns.reduce((sum, n) => sum + key.get(`cells-${n}`)!, 0) % 2 ** 32;
	const sorted = (cells: RoundCell[]) =>
		[...cells].sort((a, b) =>
			`${a.surveyId}/${a.roundId}`.localeCompare(`${b.surveyId}/${b.roundId}`)
		);

	expect(sorted(await store.responses.roundCells())).toEqual([
		{ surveyId: 'kitchen', roundId: 'default', count: 2, key: k(2, 5) },
		{ surveyId: 'kitchen', roundId: 'r1', count: 3, key: k(1, 3, 6) },
		{ surveyId: 'other', roundId: 'r2', count: 1, key: k(4) }
	]);

	await deleter.sync();
	expect((await deleter.responses.delete(['cells-3', 'cells-4'])).map((r) => r.id)).toEqual([
		'cells-3',
		'cells-4'
	]);
	expect(sorted(await store.responses.roundCells('kitchen'))).toEqual([
		{ surveyId: 'kitchen', roundId: 'default', count: 2, key: k(2, 5) },
		{ surveyId: 'kitchen', roundId: 'r1', count: 2, key: k(1, 6) }
	]);
	expect(await store.responses.roundCells('other')).toEqual([]);
	expect(Object.fromEntries(await rounds.responseCounts(store))).toEqual({
		'kitchen:default': 2,
		r1: 2
	});
}
