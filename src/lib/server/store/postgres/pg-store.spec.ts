import pg from 'pg';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { startPostgres, type PgCluster } from '../../../../../tests/support/postgres';
import { kitchenSubmission, kitchenSurvey } from '../../../../test-data/submissions';
import * as responses from '../../responses';
import { DuplicateSubmissionError, type Store } from '../index';
import { openPgStore, SchemaTooNewError, migrations } from './index';
import { docText } from './responses';
import type { StoredResponse } from '../records';
import { checkRoundCells } from '../../../../../tests/support/round-cells';
import { everyResponse } from '../../../../test-data/stored';
import { slugPattern } from '$lib/slug';

// One throw-away cluster for the file, a fresh database per test (tests/support/postgres.ts).
let cluster: PgCluster;
const open: Store[] = [];

beforeAll(async () => {
	cluster = await startPostgres();
}, 60_000);
afterAll(async () => {
	await cluster?.stop();
});
afterEach(async () => {
	for (const store of open.splice(0)) await store.close();
});

async function twoInstances(): Promise<[Store, Store, string]> {
	const url = await cluster.createDatabase();
	const a = await openPgStore(url);
	const b = await openPgStore(url);
	open.push(a, b);
	return [a, b, url];
}

describe('migrate', () => {
	it('creates the schema once, and opening again changes nothing', async () => {
		const [, , url] = await twoInstances();
		const client = new pg.Client({ connectionString: url });
		await client.connect();
		const { rows } = await client.query('SELECT version FROM schema_version ORDER BY version');
		await client.end();
		expect(rows.map((r) => r.version)).toEqual(migrations.map((_, i) => i + 1));
	});

	it('refuses a database whose schema is newer than the app knows, and changes nothing', async () => {
		const url = await cluster.createDatabase();
		const client = new pg.Client({ connectionString: url });
		await client.connect();
		await client.query(
			'CREATE TABLE schema_version (version int PRIMARY KEY, applied_at timestamptz)'
		);
		await client.query('INSERT INTO schema_version VALUES (99, now())');
		const error = await openPgStore(url).catch((e: unknown) => e);
		expect(error).toBeInstanceOf(SchemaTooNewError);
		expect((error as Error).message).toContain('version 99');
		const { rows } = await client.query(
			"SELECT count(*)::int AS n FROM information_schema.tables WHERE table_schema = 'public'"
		);
		await client.end();
		expect(rows[0].n).toBe(1);
	});
});

describe('migration 4 (round and record key as columns)', () => {
	it('fills the columns of responses stored before it, and the cells read them', async () => {
		const url = await cluster.createDatabase();
		const client = new pg.Client({ connectionString: url });
		await client.connect();
		try {
			await client.query(
				'CREATE TABLE schema_version (version int PRIMARY KEY, applied_at timestamptz NOT NULL DEFAULT now())'
			);
			for (const [i, migration] of migrations.slice(0, 3).entries()) {
				await client.query(migration);
				await client.query('INSERT INTO schema_version (version) VALUES ($1)', [i + 1]);
			}
			const doc = (seq: number, roundId: string, recordKey: number) =>
				JSON.stringify({ id: `old-${seq}`, seq, surveyId: 'kitchen', roundId, recordKey });
			await client.query(
				`INSERT INTO responses (seq, id, survey_id, client_id_hash, doc, change_seq) VALUES
				 (1, 'old-1', 'kitchen', NULL, $1, 1), (2, 'old-2', 'kitchen', NULL, $2, 1),
				 (3, 'old-3', 'kitchen', NULL, $3, 1), (4, 'deleted-4', '', 'h', NULL, 1)`,
				[doc(1, 'r1', 4_000_000_000), doc(2, 'r1', 500_000_000), doc(3, 'default', 7)]
			);
		} finally {
			await client.end();
		}
		const store = await openPgStore(url);
		open.push(store);
		// 4 000 000 000 + 500 000 000 = 4 500 000 000, mod 2³² (4 294 967 296) = 205 032 704.
		expect(await store.responses.roundCells()).toEqual([
			{ surveyId: 'kitchen', roundId: 'default', count: 1, key: 7 },
			{ surveyId: 'kitchen', roundId: 'r1', count: 2, key: 205_032_704 }
		]);
	});
});

describe('migration 2 (round slugs unique) on a database written before it', () => {
	it('gives every later round that shares a slug its own, and then holds slugs unique', async () => {
		const url = await cluster.createDatabase();
		const client = new pg.Client({ connectionString: url });
		await client.connect();
		const long = 'a'.repeat(54) + '-b-c-d-e'; // 62 characters; cut at 55 it ends in a hyphen
		const round = (id: string, slug: string) => ({
			id,
			slug,
			surveyId: 'kitchen',
			name: `Runde ${id}`,
			opensAt: null,
			closesAt: null,
			audiences: [],
			municipality: null,
			createdAt: '2026-01-01T00:00:00.000Z',
			updatedAt: '2026-01-01T00:00:00.000Z'
		});
		const rows = [
			round('0f1e2d3c-0000-4000-8000-000000000001', 'var-2026'),
			round('9a8b7c6d-0000-4000-8000-000000000002', 'var-2026'),
			round('11112222-0000-4000-8000-000000000003', 'host-2026'),
			round('33334444-0000-4000-8000-000000000004', 'var-2026'),
			round('55556666-0000-4000-8000-000000000005', long),
			round('77778888-0000-4000-8000-000000000006', long)
		];
		try {
			await client.query(
				'CREATE TABLE schema_version (version int PRIMARY KEY, applied_at timestamptz NOT NULL DEFAULT now())'
			);
			await client.query(migrations[0]);
			await client.query('INSERT INTO schema_version (version) VALUES (1)');
			for (const [i, r] of rows.entries())
				await client.query(
					"INSERT INTO meta_records VALUES ('rounds', $1, $2, $3, nextval('change_seq'))",
					[r.id, i + 1, JSON.stringify(r)]
				);
			await client.query("UPDATE store_state SET version = currval('change_seq')");
		} finally {
			await client.end();
		}
		const store = await openPgStore(url);
		open.push(store);
		const slugs = Object.fromEntries(store.rounds.list().map((r) => [r.id.slice(0, 8), r.slug]));
		expect(slugs).toEqual({
			'0f1e2d3c': 'var-2026', // the first created keeps its slug
			'9a8b7c6d': 'var-2026-9a8b7c6d',
			'11112222': 'host-2026',
			'33334444': 'var-2026-33334444',
			'55556666': long,
			'77778888': 'a'.repeat(54) + '-77778888'
		});
		for (const slug of Object.values(slugs)) expect(slug).toMatch(slugPattern);
		// The renamed rounds' change was numbered: a second instance opened now has the same.
		const other = await openPgStore(url);
		open.push(other);
		expect(other.rounds.list().map((r) => r.slug)).toEqual(store.rounds.list().map((r) => r.slug));
		// And from now on the database refuses a second live round with a slug.
		const check = new pg.Client({ connectionString: url });
		await check.connect();
		try {
			const error = await check
				.query("INSERT INTO meta_records VALUES ('rounds', 'x', 99, $1, nextval('change_seq'))", [
					JSON.stringify(round('x', 'host-2026'))
				])
				.catch((e: unknown) => e);
			expect(error).toMatchObject({ code: '23P01', constraint: 'round_slug_unique' });
		} finally {
			await check.end();
		}
	});
});

describe('one round trip a submission batch (docText, writeOnce)', () => {
	it('cuts a document where its number goes, as JSON.stringify writes it', () => {
		const base = { id: 'r1', answers: { seq: 0, note: 'seq' }, surveyId: 'kitchen' };
		const cases = [
			{ seq: 0, ...base },
			{ ...base, seq: 0 },
			{ id: 'r2', seq: 0, gone: undefined, answers: { "it's": 'a "quote" \\ æøå 😀' } }
		];
		for (const record of cases) {
			const [head, tail] = docText(record as unknown as StoredResponse);
			for (const seq of [1, 42, 123_456_789])
				expect(head + seq + tail).toBe(JSON.stringify({ ...record, seq }));
		}
		expect(() => docText({ id: 'x' } as unknown as StoredResponse)).toThrow(/seq/);
	});

	it('numbers a batch in order, stores the text as sent, and refuses a repeat within the batch', async () => {
		const [a, , url] = await twoInstances();
		const tricky = 'O\'Brien sa "hei" \\ på Vardø – 😀';
		const first = await responses.submit(a, kitchenSurvey, {
			...kitchenSubmission(1, 'batch-client-id-01'),
			answers: { role: 'staff', short: 'nr 1', long: tricky, score: 2 }
		});
		const template = (await a.responses.getByClientId('batch-client-id-01'))!;
		const record = (id: string, clientResponseId: string) => ({
			...template,
			id,
			clientResponseId,
			receipt: `RCPT-${id}`
		});
		// Appended in one tick: the first is written alone, the next two together (one batch,
		// one round trip), the third a repeat of the second's submission id.
		const sent = [
			a.responses.append(record('a-2', 'batch-client-id-02')),
			a.responses.append(record('a-3', 'batch-client-id-03')),
			a.responses.append(record('a-4', 'batch-client-id-03'))
		].map((p) =>
			p.then(
				() => null,
				(e: unknown) => e
			)
		);
		const [two, three, four] = await Promise.all(sent);
		expect([two, three]).toEqual([null, null]);
		expect(four).toBeInstanceOf(DuplicateSubmissionError);
		expect((four as DuplicateSubmissionError).existing?.id).toBe('a-3');
		expect(a.responses.size).toBe(3);
		const client = new pg.Client({ connectionString: url });
		await client.connect();
		const { rows } = await client.query<{ seq: string; text: string }>(
			'SELECT seq, doc::text AS text FROM responses ORDER BY seq'
		);
		await client.end();
		expect(rows.map((r) => JSON.parse(r.text).id)).toEqual([first.id, 'a-2', 'a-3']);
		for (const row of rows) {
			const doc = JSON.parse(row.text);
			// The number in the document is the row's, and the text is JSON.stringify's.
			expect(doc.seq).toBe(Number(row.seq));
			expect(row.text).toBe(JSON.stringify(doc));
			expect(doc.answers.long).toBe(tricky);
		}
	});
});

describe('two instances on one database', () => {
	it('see each other’s responses, users and audit entries after sync, in one order', async () => {
		const [a, b] = await twoInstances();
		await responses.submit(a, kitchenSurvey, kitchenSubmission(1));
		await responses.submit(b, kitchenSurvey, kitchenSubmission(2));
		await responses.submit(a, kitchenSurvey, kitchenSubmission(3));
		await a.users.add({
			id: 'u1',
			username: 'ragnhild',
			role: 'researcher',
			passwordHash: 'x',
			createdAt: '2026-01-01T00:00:00.000Z'
		});
		await b.audit.record({ actor: 'system', action: 'test', target: null });
		await a.sync();
		await b.sync();
		const shorts = async (s: Store) => (await everyResponse(s)).map((r) => r.answers.short);
		expect(await shorts(a)).toEqual(['nr 1', 'nr 2', 'nr 3']);
		expect(await shorts(b)).toEqual(['nr 1', 'nr 2', 'nr 3']);
		const seqs = (await everyResponse(a)).map((r) => r.seq);
		expect(seqs).toEqual((await everyResponse(b)).map((r) => r.seq));
		expect(seqs).toEqual([...seqs].sort((x, y) => x - y));
		expect(b.users.byUsername('ragnhild')?.id).toBe('u1');
		expect(a.audit.entries().map((e) => e.action)).toContain('test');
	});

	it('stores a clientResponseId sent to both at once once, and answers both with it', async () => {
		const [a, b] = await twoInstances();
		const [first, second] = await Promise.all([
			responses.submit(a, kitchenSurvey, kitchenSubmission(1, 'same-client-id-0001')),
			responses.submit(b, kitchenSurvey, kitchenSubmission(2, 'same-client-id-0001'))
		]);
		expect(second.id).toBe(first.id);
		expect(second.receipt).toBe(first.receipt);
		await a.sync();
		await b.sync();
		expect(a.responses.size).toBe(1);
		expect(b.responses.size).toBe(1);
	});

	it('refuses the second append of one clientResponseId with the first response', async () => {
		const [a, b] = await twoInstances();
		await responses.submit(a, kitchenSurvey, kitchenSubmission(1, 'client-id-append-01'));
		// b has not synced: its memory does not know the first, the unique constraint does.
		const stored = (await a.responses.getByClientId('client-id-append-01'))!;
		const error = await b.responses
			.append({
				...stored,
				id: 'another-id',
				clientResponseId: 'client-id-append-01',
				receipt: 'AAAA-BBBB-CCCC'
			})
			.catch((e: unknown) => e);
		expect(error).toBeInstanceOf(DuplicateSubmissionError);
		expect((error as DuplicateSubmissionError).existing?.id).toBe(stored.id);
	});

	it('lets only one of them take an invitation’s last use', async () => {
		const [a, b] = await twoInstances();
		await a.invitations.addMany([
			{
				id: 'inv1',
				roundId: 'r1',
				code: 'ABCDEFGHJKLMNPQRSTUV',
				label: null,
				municipality: 'bodo',
				audience: 'municipal',
				maxUses: 1,
				uses: 0,
				createdAt: '2026-01-01T00:00:00.000Z'
			}
		]);
		await b.sync();
		const taken = await Promise.all([a.invitations.takeUse('inv1'), b.invitations.takeUse('inv1')]);
		expect(taken.filter(Boolean)).toHaveLength(1);
		await a.sync();
		expect(a.invitations.byCode('ABCDEFGHJKLMNPQRSTUV')?.uses).toBe(1);
	});

	const round = (id: string, slug: string) => ({
		id,
		slug,
		surveyId: 'kitchen',
		name: `Runde ${id}`,
		opensAt: null,
		closesAt: null,
		audiences: [],
		municipality: null,
		createdAt: '2026-01-01T00:00:00.000Z',
		updatedAt: '2026-01-01T00:00:00.000Z'
	});

	it('lets only one of them create a round with one slug, both having seen it free', async () => {
		const [a, b] = await twoInstances();
		// Both asked at once, each on a copy without the other's round.
		const added = await Promise.all([
			a.rounds.add(round('ra', 'samme')),
			b.rounds.add(round('rb', 'samme'))
		]);
		expect(added.filter(Boolean)).toHaveLength(1);
		await Promise.all([a.sync(), b.sync()]);
		expect(a.rounds.list().map((r) => r.slug)).toEqual(['samme']);
		expect(b.rounds.list()).toEqual(a.rounds.list());
		// And renaming another round to it on the other instance is refused as well.
		await a.rounds.add(round('rc', 'annen'));
		await b.sync();
		expect(await b.rounds.update('rc', { slug: 'samme' })).toBe('slugTaken');
	});

	it('refuses a second live round with one slug in the database itself', async () => {
		const [a, , url] = await twoInstances();
		await a.rounds.add(round('ra', 'samme'));
		const client = new pg.Client({ connectionString: url });
		await client.connect();
		try {
			const insert = (key: string, doc: unknown) =>
				client.query(
					`INSERT INTO meta_records (collection, key, position, doc, change_seq) VALUES ('rounds', $1, 0, $2, 0)`,
					[key, doc === null ? null : JSON.stringify(doc)]
				);
			await expect(insert('rb', round('rb', 'samme'))).rejects.toMatchObject({
				code: '23P01',
				constraint: 'round_slug_unique'
			});
			// A removed round (doc null) holds no slug.
			await expect(insert('rd', null)).resolves.toBeDefined();
		} finally {
			await client.end();
		}
	});

	it('never lets two demotions at once remove the last two administrators', async () => {
		const [a, b] = await twoInstances();
		const admin = (id: string) => ({
			id,
			username: id,
			role: 'admin' as const,
			passwordHash: 'scrypt$x',
			createdAt: '2026-01-01T00:00:00.000Z'
		});
		await a.users.add(admin('one'));
		await a.users.add(admin('two'));
		await b.sync();
		const results = await Promise.all([
			a.users.setRole('one', 'researcher', true),
			b.users.setRole('two', 'researcher', true)
		]);
		expect(results.filter((r) => r === 'lastAdmin')).toHaveLength(1);
		await Promise.all([a.sync(), b.sync()]);
		for (const store of [a, b])
			expect(store.users.list().filter((u) => u.role === 'admin')).toHaveLength(1);
		// Removing the one left, and demoting it, are refused on either instance.
		const left = a.users.list().find((u) => u.role === 'admin')!;
		expect(await b.users.remove(left.id, true)).toBe('lastAdmin');
		expect(await a.users.setRole(left.id, 'leader', true)).toBe('lastAdmin');
	});

	it('propagates a deletion, and a deleted submission is not stored again by the other', async () => {
		const [a, b] = await twoInstances();
		const receipt = await responses.submit(
			a,
			kitchenSurvey,
			kitchenSubmission(1, 'client-id-deleted-1')
		);
		await b.sync();
		expect(await b.responses.delete([receipt.id])).toHaveLength(1);
		await a.sync();
		expect(await a.responses.get(receipt.id)).toBeUndefined();
		expect(await a.responses.wasDeleted('client-id-deleted-1')).toBe(true);
		const again = await responses
			.submit(a, kitchenSurvey, kitchenSubmission(1, 'client-id-deleted-1'))
			.catch((e: { status?: number }) => e.status);
		expect(again).toBe(410);
	});

	it('hold no response document in memory: counts only, the documents in the database', async () => {
		const [a, b] = await twoInstances();
		const stored = [];
		for (let i = 1; i <= 12; i++)
			stored.push(await responses.submit(i % 2 ? a : b, kitchenSurvey, kitchenSubmission(i)));
		await b.responses.delete([stored[0].id, stored[5].id]);
		await a.sync();
		await b.sync();
		// Everything either instance's response store holds, however deep: no document (an
		// object with answers), no response id among anything but the deleted ones counted off.
		const held = (root: unknown) => {
			const seen = new Set<unknown>();
			const found: unknown[] = [];
			const walk = (value: unknown, depth: number) => {
				if (value === null || typeof value !== 'object' || seen.has(value) || depth > 6) return;
				seen.add(value);
				if ('answers' in value) found.push(value);
				const inner =
					value instanceof Map
						? [...value.keys(), ...value.values()]
						: value instanceof Set || Array.isArray(value)
							? [...value]
							: Object.values(value);
				for (const v of inner) walk(v, depth + 1);
			};
			// The store's own fields, not the pool it shares with the rest of the store.
			for (const [name, v] of Object.entries(root as object)) if (name !== 'db') walk(v, 0);
			return found;
		};
		for (const store of [a, b]) {
			expect(held(store.responses)).toEqual([]);
			expect(store.responses.size).toBe(10);
		}
		// And the documents are all there, read from the database.
		expect((await everyResponse(a)).map((r) => r.id)).toEqual(
			stored.filter((_, i) => i !== 0 && i !== 5).map((r) => r.id)
		);
		// Counted once though heard of twice (committed by b, pulled by a; b pulled its own).
		expect(a.responses.removals).toBeGreaterThan(0);
	});

	it('count responses per round in the database: one sees the other’s deletion unsynced', async () => {
		const [a, b] = await twoInstances();
		await checkRoundCells(a, b);
	});

	it('look responses up in the database: found, deleted and refused without a sync', async () => {
		const [a, b, url] = await twoInstances();
		const first = await responses.submit(
			a,
			kitchenSurvey,
			kitchenSubmission(1, 'look-up-client-01')
		);
		const other = await responses.submit(a, kitchenSurvey, kitchenSubmission(2));
		// b has not synced: it has counted neither, the database holds both.
		expect(b.responses.size).toBe(0);
		expect((await b.responses.get(first.id))?.answers.short).toBe('nr 1');
		expect((await b.responses.getByClientId('look-up-client-01'))?.id).toBe(first.id);
		expect((await b.responses.getByReceipt(first.receipt))?.id).toBe(first.id);
		expect((await b.responses.getByReceipt(other.receipt))?.id).toBe(other.id);
		expect(await b.responses.getByReceipt('AAAA-BBBB-CCCC')).toBeUndefined();
		expect(await b.responses.wasDeleted('look-up-client-01')).toBe(false);
		// An import repeating a's id is refused whole, by name, with nothing stored.
		const again = { ...(await b.responses.get(other.id))!, clientResponseId: null, receipt: 'x' };
		await expect(b.responses.import([again])).rejects.toThrow(`repeats the id ${other.id}`);

		// b deletes what it never held in memory, and hears the document as it was.
		const deleted = await b.responses.delete([first.id]);
		expect(deleted.map((r) => [r.id, r.answers.short])).toEqual([[first.id, 'nr 1']]);
		// a, unsynced, no longer finds it by any key, and knows its submission was deleted.
		expect(await a.responses.get(first.id)).toBeUndefined();
		expect(await a.responses.getByClientId('look-up-client-01')).toBeUndefined();
		expect(await a.responses.getByReceipt(first.receipt)).toBeUndefined();
		expect(await a.responses.wasDeleted('look-up-client-01')).toBe(true);
		const retry = await responses
			.submit(a, kitchenSurvey, kitchenSubmission(1, 'look-up-client-01'))
			.catch((e: { status?: number }) => e.status);
		expect(retry).toBe(410);
		// And both mirrors, once synced, hold the one left.
		await Promise.all([a.sync(), b.sync()]);
		for (const store of [a, b])
			expect((await everyResponse(store)).map((r) => r.id)).toEqual([other.id]);

		// The receipt is found through its index, not by reading every document.
		const client = new pg.Client({ connectionString: url });
		await client.connect();
		try {
			await client.query('SET enable_seqscan = off');
			const { rows } = await client.query(
				"EXPLAIN SELECT doc FROM responses WHERE doc->>'receiptHash' = 'x' AND doc IS NOT NULL"
			);
			expect(rows.map((r) => r['QUERY PLAN']).join('\n')).toContain('responses_by_receipt');
		} finally {
			await client.end();
		}
	});

	it('runs a job on one instance at a time (onlyOne)', async () => {
		const [a, b] = await twoInstances();
		let release!: () => void;
		const held = new Promise<void>((r) => (release = r));
		const first = a.onlyOne('retention', () => held.then(() => 'a'));
		await new Promise((r) => setTimeout(r, 200));
		expect(await b.onlyOne('retention', async () => 'b')).toBeNull();
		release();
		expect(await first).toBe('a');
		expect(await b.onlyOne('retention', async () => 'b')).toBe('b');
	});
});
