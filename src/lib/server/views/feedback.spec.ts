import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startPostgres, type PgCluster } from '../../../../tests/support/postgres';
import { openStore, type ImportedResponse, type Store } from '../store';
import { openPgStore } from '../store/postgres';
import { latestPeers, peerResponses } from './feedback';
import { importedResponse } from '../../../test-data/imported';

// Read through the store's selection on both stores (on PostgreSQL the audience and the
// snapshot time are SQL): the same peers, and a deleted one gone.
let cluster: PgCluster;
const folders: string[] = [];

beforeAll(async () => {
	cluster = await startPostgres();
}, 60_000);
afterAll(async () => {
	await cluster?.stop();
	for (const folder of folders) await rm(folder, { recursive: true, force: true });
});

const opens: Record<'files' | 'postgres', () => Promise<Store>> = {
	files: async () => {
		const folder = await mkdtemp(join(tmpdir(), 'odb-feedback-'));
		folders.push(folder);
		return openStore(folder);
	},
	postgres: async () => openPgStore(await cluster.createDatabase())
};

const now = new Date('2026-03-10T15:00:00.000Z');

const response = (n: number, extra: Partial<ImportedResponse>): ImportedResponse =>
	importedResponse('peer', n, {
		surveyId: 'maturity',
		audience: 'municipal',
		submittedAt: '2026-03-09T12:00:00.000Z',
		verified: true,
		...extra
	});

describe.each(['files', 'postgres'] as const)('peerResponses (%s)', (kind) => {
	it('takes verified municipal answers from registered municipalities before midnight UTC', async () => {
		const store = await opens[kind]();
		try {
			await store.responses.import([
				response(1, {}),
				response(2, { municipality: 'oslo', submittedAt: '2026-03-09T23:59:59.999Z' }),
				// Today (the snapshot is midnight UTC, 2026-03-10T00:00:00.000Z): not yet.
				response(3, { submittedAt: '2026-03-10T00:00:00.000Z' }),
				response(4, { verified: false }),
				response(5, { verified: undefined }),
				response(6, { audience: 'citizen' }),
				response(7, { municipality: 'atlantis' }),
				response(8, { municipality: null }),
				response(9, { surveyId: 'barriers' }),
				response(10, { submittedAt: '2025-01-01T00:00:00.000Z' })
			]);
			const ids = async () => (await peerResponses(store, 'maturity', now)).map((r) => r.id);
			expect(await ids()).toEqual(['peer-1', 'peer-2', 'peer-10']);
			await store.responses.delete(['peer-2']);
			expect(await ids()).toEqual(['peer-1', 'peer-10']);
		} finally {
			await store.close();
		}
	});

	it('keeps each municipality’s latest peer for the day, until a deletion is heard of', async () => {
		const store = await opens[kind]();
		try {
			await store.responses.import([
				response(1, {}),
				response(2, { municipality: 'oslo' }),
				response(3, { submittedAt: '2026-03-08T12:00:00.000Z' }),
				response(4, { municipality: 'oslo', submittedAt: '2026-03-09T13:00:00.000Z' })
			]);
			const first = await latestPeers(store, 'maturity', now);
			// Bodø's latest by arrival is peer-3, Oslo's peer-4.
			expect(first.map((r) => r.id)).toEqual(['peer-3', 'peer-4']);
			// Asked again the same day: the same, not read again.
			expect(await latestPeers(store, 'maturity', now)).toBe(first);
			// A deletion: read again, without it.
			await store.responses.delete(['peer-3']);
			expect((await latestPeers(store, 'maturity', now)).map((r) => r.id)).toEqual([
				'peer-1',
				'peer-4'
			]);
			// The next day's snapshot is read afresh.
			const later = await latestPeers(store, 'maturity', new Date('2026-03-11T09:00:00.000Z'));
			expect(later).not.toBe(first);
			expect(later.map((r) => r.id)).toEqual(['peer-1', 'peer-4']);
		} finally {
			await store.close();
		}
	});
});
