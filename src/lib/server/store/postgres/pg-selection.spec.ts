import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseExportQuery } from '$lib/export/options';
import type { ResponseFilters } from '$lib/filters';
import { planSummary } from '$lib/summary/plan';
import { exactNumbers, protectedNumbers } from '$lib/summary/protect';
import { summariseStrata } from '$lib/summary/strata';
import { startPostgres, type PgCluster } from '../../../../../tests/support/postgres';
import { loadQuestionnaires, programmeResponses } from '../../../../test-data/programme-responses';
import { listResponses } from '../../responses/listing';
import { SurveyRegistry } from '../../surveys/registry';
import { analysisBundle } from '../../views/bundle';
import * as exporter from '../../views/export';
import { strataOf } from '../../views/summary-index';
import { collect, openStore, type Store, type StoredResponse } from '../index';
import { readFolder, writeDatabase } from '../migrate';
import { openPgStore } from './index';
import { FETCH_SIZE } from './responses';

/**
 * The PostgreSQL store's selections (a cursor a batch at a time, responses.ts `select`) against
 * the data folder's (its memory, selection.ts) for the same imported responses: every selection,
 * CSV export, analysis bundle, page of the data API and summary (exact and protected) is the
 * same to the last byte. Then what only the cursor can get wrong: one snapshot while others
 * write, and the connection given back when a reader stops early.
 */

const root = resolve(import.meta.dirname, '../../../../..');
const NOW = Date.parse('2026-11-30T12:00:00Z');
let cluster: PgCluster;
let folder: string;
let files: Store;
let pg: Store;
let url: string;
const registries = new Map<Store, SurveyRegistry>();
let questionnairesLoaded: Awaited<ReturnType<typeof loadQuestionnaires>>;

async function registry(store: Store): Promise<SurveyRegistry> {
	const surveys = new SurveyRegistry(join(root, 'surveys'), store.definitions, () => {});
	await surveys.load();
	return surveys;
}

beforeAll(async () => {
	cluster = await startPostgres();
	url = await cluster.createDatabase();
	folder = await mkdtemp(join(tmpdir(), 'odb-pg-selection-'));
	files = await openStore(folder);
	// 1 800 responses: 600 a questionnaire, more than one batch of the cursor. Some deleted.
	questionnairesLoaded = await loadQuestionnaires();
	const records = programmeResponses(questionnairesLoaded, 1800, NOW);
	await files.responses.import(records);
	await files.responses.delete(records.filter((_, i) => i % 97 === 5).map((r) => r.id));
	await files.close();
	// The same stored responses (record keys, which the cell-key method reads, included) in
	// PostgreSQL, as `npm run migrate-store` copies them.
	await writeDatabase(url, await readFolder(folder));
	files = await openStore(folder);
	pg = await openPgStore(url);
	expect(pg.responses.size).toBe(files.responses.size);
	for (const store of [files, pg]) registries.set(store, await registry(store));
}, 120_000);

afterAll(async () => {
	await files?.close();
	await pg?.close();
	await cluster?.stop();
	if (folder) await rm(folder, { recursive: true, force: true });
});

const selections: [string, string, ResponseFilters, { afterSeq?: number; limit?: number }][] = [
	['barriers', 'all', {}, {}],
	['maturity', 'all', {}, {}],
	['method-evaluation', 'all', {}, {}],
	['barriers', 'the default round', { round: 'default' }, {}],
	['barriers', 'a round with none', { round: 'r-none' }, {}],
	['barriers', 'one audience', { audience: 'citizen' }, {}],
	['barriers', 'one municipality', { municipality: 'oslo' }, {}],
	[
		'barriers',
		'days (Norwegian time, both included)',
		{ from: '2026-11-10', to: '2026-11-15' },
		{}
	],
	['barriers', 'instants', { from: '2026-11-12T08:00:00Z', to: '2026-11-20T23:59:59.999Z' }, {}],
	['barriers', 'an offset instant', { from: '2026-11-12T09:00:00+01:00' }, {}],
	['maturity', 'audience and municipality', { audience: 'municipal', municipality: 'bodo' }, {}],
	['barriers', 'a page after a cursor', {}, { afterSeq: 700, limit: 37 }],
	['nope', 'a questionnaire with none', {}, {}]
];

const text = (rs: readonly StoredResponse[]) => rs.map((r) => JSON.stringify(r));

describe('the same selections from both stores', () => {
	it.each(selections)('%s: %s', async (surveyId, _name, filters, page) => {
		const [a, b] = await Promise.all(
			[files, pg].map((s) => s.responses.select({ surveyId, filters, ...page }))
		);
		expect(b.count).toBe(a.count);
		const [fromFiles, fromPg] = [await collect(a), await collect(b)];
		expect(fromPg.length).toBe(b.count);
		expect(text(fromPg)).toEqual(text(fromFiles));
		// What the filters should give, worked out here from the memory of the data folder.
		if (surveyId === 'barriers' && _name === 'all') expect(fromFiles.length).toBeGreaterThan(550);
	});

	it('the filters select what they say (checked on the rows themselves)', async () => {
		const rows = await collect(
			await pg.responses.select({
				surveyId: 'barriers',
				filters: { audience: 'citizen', from: '2026-11-10', to: '2026-11-15' }
			})
		);
		expect(rows.length).toBeGreaterThan(5);
		for (const r of rows) {
			expect(r.audience).toBe('citizen');
			// 10 November 00:00 and 16 November 00:00 in Oslo (UTC+1 in November).
			expect(r.submittedAt >= '2026-11-09T23:00:00.000Z').toBe(true);
			expect(r.submittedAt < '2026-11-15T23:00:00.000Z').toBe(true);
		}
	});
});

async function csvOf(store: Store, surveyId: string, query: string): Promise<string> {
	const parsed = parseExportQuery(new URLSearchParams(query));
	if (!parsed.ok) throw new Error(parsed.error);
	const columns = await exporter.columnsFor(store, registries.get(store)!, surveyId);
	const selection = await exporter.selectResponses(store, surveyId, parsed.filters);
	let out = '';
	const reader = exporter
		.streamChunks(exporter.exportChunks(columns!, selection, parsed.options), () =>
			selection.close()
		)
		.getReader();
	const decoder = new TextDecoder();
	for (;;) {
		const { done, value } = await reader.read();
		if (done) break;
		out += decoder.decode(value, { stream: true });
	}
	return out;
}

async function bytes(stream: ReadableStream<Uint8Array>): Promise<Buffer> {
	const parts: Uint8Array[] = [];
	const reader = stream.getReader();
	for (;;) {
		const { done, value } = await reader.read();
		if (done) return Buffer.concat(parts);
		parts.push(value);
	}
}

describe('the same exports from both stores', () => {
	it.each([
		['barriers', ''],
		['barriers', 'layout=long&values=labels'],
		['maturity', 'format=excel&values=codes&audience=municipal'],
		['method-evaluation', 'layout=long&from=2026-11-10'],
		['method-evaluation', 'format=excel&lang=en']
	])('%s ?%s', async (surveyId, query) => {
		const [a, b] = [await csvOf(files, surveyId, query), await csvOf(pg, surveyId, query)];
		expect(b).toBe(a);
		// A header and rows: not two empty files.
		expect(a.split('\n').length).toBeGreaterThan(100);
	});

	it('the analysis bundle is the same archive, byte for byte', async () => {
		const made = new Date(NOW);
		const [a, b] = await Promise.all(
			[files, pg].map((s) =>
				analysisBundle(s, registries.get(s)!, 'barriers', 'nb', { audience: 'business' }, made)
			)
		);
		expect(b!.responses).toBe(a!.responses);
		expect(a!.responses).toBeGreaterThan(100);
		const [zipA, zipB] = [await bytes(a!.stream), await bytes(b!.stream)];
		expect(zipB.equals(zipA)).toBe(true);
		expect(zipA.length).toBeGreaterThan(10_000);
	});

	it('the data API gives the same pages, cursor after cursor', async () => {
		const pages = async (store: Store) => {
			const all: unknown[] = [];
			let cursor = 0;
			for (let i = 0; i < 20; i++) {
				const page = await listResponses(store, 'maturity', {
					limit: 150,
					cursor,
					filters: { municipality: 'trondheim' }
				});
				all.push(page);
				if (!page.nextCursor) break;
				cursor = Number(Buffer.from(page.nextCursor, 'base64url').toString().slice(1));
			}
			return all;
		};
		const [a, b] = [await pages(files), await pages(pg)];
		expect(b).toEqual(a);
		expect(a.length).toBeGreaterThan(0);
	});

	it('the summaries are the same, exact and protected', async () => {
		const json = JSON.parse(await readFile(join(root, 'surveys', 'barriers.json'), 'utf8'));
		const plan = planSummary(json);
		for (const disclosure of [exactNumbers(5), protectedNumbers(5)]) {
			const options = { includeTexts: true, disclosure };
			const [a, b] = await Promise.all(
				[files, pg].map(async (s) =>
					summariseStrata(plan, await strataOf(s, 'barriers', plan, null, false), options)
				)
			);
			expect(a.n).toBeGreaterThan(500);
			expect(b).toStrictEqual(a);
		}
	});
});

describe('the summaries’ strata on PostgreSQL', () => {
	it('are brought up to date after rows written here or pulled from another instance, not built again', async () => {
		const json = JSON.parse(await readFile(join(root, 'surveys', 'barriers.json'), 'utf8'));
		const plan = planSummary(json);
		const other = await openPgStore(url);
		try {
			const before = await strataOf(pg, 'barriers', plan, null, false);
			const later = Date.parse('2026-12-01T12:00:00Z');
			const fresh = (n: number, tag: string) =>
				programmeResponses(questionnairesLoaded, n, later).map((r, i) => ({
					...r,
					receipt: `${tag}-${String(i).padStart(4, '0')}-0000`
				}));
			// Written by this instance (one group commit of 30), then by another, pulled by sync.
			await pg.responses.import(fresh(30, 'HERE'));
			await other.sync();
			await other.responses.import(fresh(30, 'THRE'));
			await pg.sync();
			const after = await strataOf(pg, 'barriers', plan, null, false);
			for (const s of before) expect(after).toContain(s);
			const stored = (await collect(await pg.responses.select({ surveyId: 'barriers' }))).length;
			expect(after.reduce((n, s) => n + s.tally.all.count, 0)).toBe(stored);
		} finally {
			await other.close();
		}
	});
});

describe('a selection on PostgreSQL', () => {
	it('is one snapshot: what others store or delete while it is read is not in it', async () => {
		const url2 = await cluster.createDatabase();
		const a = await openPgStore(url2);
		const b = await openPgStore(url2);
		try {
			const records = programmeResponses(await loadQuestionnaires(), 3 * (2 * FETCH_SIZE + 7));
			await a.responses.import(records);
			const before = await collect(await a.responses.select({ surveyId: 'barriers' }));
			expect(before.length).toBe(2 * FETCH_SIZE + 7);
			const selection = await a.responses.select({ surveyId: 'barriers' });
			const read: StoredResponse[] = [];
			for await (const r of selection) {
				read.push(r);
				if (read.length === 1) {
					// Another instance deletes a response the cursor has not reached and adds more.
					await b.sync();
					await b.responses.delete([before[FETCH_SIZE + 3].id]);
					await b.responses.import(programmeResponses(await loadQuestionnaires(), 30));
				}
			}
			expect(selection.count).toBe(before.length);
			expect(text(read)).toEqual(text(before));
			const after = await collect(await a.responses.select({ surveyId: 'barriers' }));
			expect(after.length).toBe(before.length - 1 + 10);
		} finally {
			await a.close();
			await b.close();
		}
	}, 60_000);

	it('gives its connection back when the reader stops early or never reads', async () => {
		const small = await openPgStore(url, { poolSize: 2 });
		try {
			// Each holds one of the two connections until closed: without that the third would wait
			// for ever.
			for (let i = 0; i < 10; i++) {
				const selection = await small.responses.select({ surveyId: 'barriers' });
				for await (const r of selection) {
					expect(r.surveyId).toBe('barriers');
					break;
				}
				const unread = await small.responses.select({ surveyId: 'maturity' });
				await unread.close();
			}
			const last = await collect(await small.responses.select({ surveyId: 'barriers', limit: 3 }));
			expect(last.length).toBe(3);
		} finally {
			await small.close();
		}
	}, 60_000);

	it('a cancelled export stream closes its selection', async () => {
		const small = await openPgStore(url, { poolSize: 1 });
		try {
			const columns = await exporter.columnsFor(small, registries.get(pg)!, 'barriers');
			for (let i = 0; i < 5; i++) {
				const selection = await exporter.selectResponses(small, 'barriers', {});
				const parsed = parseExportQuery(new URLSearchParams(''));
				if (!parsed.ok) throw new Error(parsed.error);
				const stream = exporter.streamChunks(
					exporter.exportChunks(columns!, selection, parsed.options),
					() => selection.close()
				);
				const reader = stream.getReader();
				if (i % 2 === 0) await reader.read(); // the header, then the client goes away
				await reader.cancel();
			}
			// The one connection is free again.
			const rows = await collect(await small.responses.select({ surveyId: 'barriers', limit: 1 }));
			expect(rows.length).toBe(1);
		} finally {
			await small.close();
		}
	}, 60_000);
});
