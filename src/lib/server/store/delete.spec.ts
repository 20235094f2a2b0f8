import { mkdtemp, readFile, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import * as responses from '../responses';
import { kitchenSubmission, kitchenSurvey } from '../../../test-data/submissions';
import { openStore, type Store } from './index';
import { clientIdHash } from './response-log';
import { everyResponse } from '../../../test-data/stored';

const survey = kitchenSurvey;
const submission = kitchenSubmission;

let folder: string;
let store: Store | null = null;

beforeEach(async () => {
	folder = await mkdtemp(join(tmpdir(), 'odb-delete-'));
});

afterEach(async () => {
	await store?.close();
	store = null;
	await rm(folder, { recursive: true, force: true });
});

const shorts = async (s: Store) => (await everyResponse(s)).map((r) => r.answers.short);

describe('ResponseLog.delete, on real files', () => {
	it('removes responses from old and new segments, and they stay gone after a restart', async () => {
		store = await openStore(folder, { segmentSize: 3 });
		const stored = [];
		for (let n = 1; n <= 8; n++) stored.push(await responses.submit(store, survey, submission(n)));
		// nr 2 is in segment 1, nr 5 in segment 2, nr 8 in the newest (segment 3).
		const deleted = await store.responses.delete([stored[1].id, stored[4].id, stored[7].id, 'x']);
		expect(deleted.map((r) => r.answers.short)).toEqual(['nr 2', 'nr 5', 'nr 8']);
		expect(await shorts(store)).toEqual(['nr 1', 'nr 3', 'nr 4', 'nr 6', 'nr 7']);
		expect(await store.responses.get(stored[1].id)).toBeUndefined();
		expect(await store.responses.getByReceipt(stored[4].receipt)).toBeUndefined();
		await store.close();

		// Nothing of a deleted response is left on disk but its number.
		const files = await readdir(join(folder, 'responses'));
		const text = (
			await Promise.all(files.map((f) => readFile(join(folder, 'responses', f), 'utf8')))
		).join('\n');
		for (const gone of [stored[1], stored[4], stored[7]]) {
			expect(text).not.toContain(gone.id);
			expect(text).not.toContain(gone.receipt);
		}
		expect(text).not.toContain('nr 5');

		store = await openStore(folder, { segmentSize: 3 });
		expect(await shorts(store)).toEqual(['nr 1', 'nr 3', 'nr 4', 'nr 6', 'nr 7']);
		// The newest segment has room again, and a new response never reuses a deleted number.
		const next = await responses.submit(store, survey, submission(9));
		expect((await store.responses.get(next.id))!.seq).toBe(9);
		expect(await readdir(join(folder, 'responses'))).toHaveLength(3);
	});

	it('keeps a tombstone of the clientResponseId, so a retried submission is refused, not stored again', async () => {
		store = await openStore(folder);
		const first = await responses.submit(store, survey, submission(1, 'client-abc-123'));
		await store.responses.delete([first.id]);
		await expect(
			responses.submit(store, survey, submission(1, 'client-abc-123'))
		).rejects.toMatchObject({ status: 410, key: 'error.responseDeleted' });
		await store.close();
		// Only the hash is kept.
		const segment = await readFile(join(folder, 'responses', 'segment-000001.json'), 'utf8');
		expect(segment).not.toContain('client-abc-123');
		expect(segment).toContain(clientIdHash('client-abc-123'));

		store = await openStore(folder);
		await expect(
			responses.submit(store, survey, submission(1, 'client-abc-123'))
		).rejects.toMatchObject({ status: 410 });
		expect(store.responses.size).toBe(0);
		// Another submission is stored as usual.
		await responses.submit(store, survey, submission(2, 'client-def-456'));
		expect(store.responses.size).toBe(1);
	});

	it('loses and reorders no append that arrives while a deletion is written', async () => {
		store = await openStore(folder, { segmentSize: 7 });
		const early = await Promise.all(
			Array.from({ length: 40 }, (_, n) => responses.submit(store!, survey, submission(n)))
		);
		const victims = early.filter((_, n) => n % 3 === 0).map((r) => r.id);
		// Appends before, during and after the deletion, all in flight at once.
		const before = Array.from({ length: 30 }, (_, n) =>
			responses.submit(store!, survey, submission(100 + n))
		);
		const deletion = store.responses.delete(victims);
		const after = Array.from({ length: 30 }, (_, n) =>
			responses.submit(store!, survey, submission(200 + n))
		);
		const [added, deleted] = await Promise.all([Promise.all([...before, ...after]), deletion]);
		expect(deleted).toHaveLength(victims.length);
		const expected = new Set([...early.map((r) => r.id), ...added.map((r) => r.id)]);
		for (const id of victims) expected.delete(id);

		const check = async (s: Store) => {
			const list = await everyResponse(s);
			expect(new Set(list.map((r) => r.id))).toEqual(expected);
			expect(list).toHaveLength(expected.size);
			// Still in arrival order.
			for (let i = 1; i < list.length; i++) expect(list[i].seq).toBeGreaterThan(list[i - 1].seq);
		};
		await check(store);
		await store.close();
		store = await openStore(folder, { segmentSize: 7 });
		await check(store);
	});

	it('changes nothing when the disk refuses the rewrite', async () => {
		store = await openStore(folder, { segmentSize: 3 });
		const a = await responses.submit(store, survey, submission(1));
		const segments = (store.responses as unknown as { segments: { write(): Promise<void> }[] })
			.segments;
		const write = segments[0].write.bind(segments[0]);
		segments[0].write = () => Promise.reject(new Error('ENOSPC: no space left on device'));
		await expect(store.responses.delete([a.id])).rejects.toThrow(/ENOSPC/);
		expect(await store.responses.get(a.id)).toBeDefined();
		segments[0].write = write;
		await store.close();
		store = await openStore(folder, { segmentSize: 3 });
		expect(await shorts(store)).toEqual(['nr 1']);
	});
});

describe('normalizeReceipt', () => {
	it.each([
		['ABCD-EFGH-JKMN', 'ABCD-EFGH-JKMN'],
		['abcd-efgh-jkmn', 'ABCD-EFGH-JKMN'],
		['abcdefghjkmn', 'ABCD-EFGH-JKMN'],
		[' abcd efgh jkmn ', 'ABCD-EFGH-JKMN'],
		// Crockford: O reads as 0, I and L as 1.
		['OOOO-IIII-LLLL', '0000-1111-1111'],
		['ABCD-EFGH-JKM', null],
		['ABCD-EFGH-JKMNP', null],
		['ABCD-EFGH-JKMU', null],
		['', null],
		['<script>', null]
	])('%j → %j', (typed, expected) => {
		expect(responses.normalizeReceipt(typed)).toBe(expected);
	});
});
