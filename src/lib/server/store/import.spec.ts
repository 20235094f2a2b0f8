import { mkdtemp, readFile, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import * as responses from '../responses';
import { kitchenSubmission, kitchenSurvey } from '../../../test-data/submissions';
import { receiptHash } from './response-log';
import { openStore, type ImportedResponse, type Store } from './index';
import { everyResponse } from '../../../test-data/stored';
import { importedResponse } from '../../../test-data/imported';

let folder: string;
let store: Store | null = null;

beforeEach(async () => {
	folder = await mkdtemp(join(tmpdir(), 'odb-import-'));
});

afterEach(async () => {
	await store?.close();
	store = null;
	await rm(folder, { recursive: true, force: true });
});

async function reopen(segmentSize = 1000): Promise<Store> {
	await store?.close();
	store = await openStore(folder, { segmentSize });
	return store;
}

function imported(n: number, extra: Partial<ImportedResponse> = {}): ImportedResponse {
	return importedResponse('imported', n, {
		surveyVersion: kitchenSurvey.definition.version,
		answers: { role: 'staff', short: `imported ${n}`, score: 3 },
		receipt: `IMPT-${String(n).padStart(4, '0')}-0000`,
		...extra
	});
}

const many = (count: number, from = 0) =>
	Array.from({ length: count }, (_, i) => imported(from + i));

async function segmentFiles(): Promise<string[]> {
	return (await readdir(join(folder, 'responses'))).sort();
}

describe('ResponseLog.import, on real files', () => {
	it('stores 2 500 records across segments, numbered in order, and they survive a reopen', async () => {
		store = await reopen();
		await store.responses.import(many(2500));
		expect(store.responses.size).toBe(2500);
		expect(await segmentFiles()).toEqual([
			'segment-000001.json',
			'segment-000002.json',
			'segment-000003.json'
		]);
		const again = await reopen();
		const stored = await everyResponse(again);
		expect(stored).toHaveLength(2500);
		expect(new Set(stored.map((r) => r.id)).size).toBe(2500);
		expect(stored.map((r) => r.seq)).toEqual(Array.from({ length: 2500 }, (_, i) => i + 1));
		// As imported, with the receipt kept as its hash and a record key drawn by the store.
		const { receipt, clientResponseId, ...rest } = imported(2499);
		expect(clientResponseId).toBeNull();
		expect(stored[2499]).toEqual({
			...rest,
			seq: 2500,
			clientIdHash: null,
			receiptHash: receiptHash(receipt),
			recordKey: expect.any(Number)
		});
		// A submission after it gets the next number.
		await responses.submit(again, kitchenSurvey, kitchenSubmission(1));
		expect((await everyResponse(again)).at(-1)!.seq).toBe(2501);
	});

	it('fills the newest segment first, after what is stored, alongside submissions', async () => {
		store = await reopen(100);
		const s = store;
		await responses.submit(s, kitchenSurvey, kitchenSubmission(1));
		await Promise.all([
			responses.submit(s, kitchenSurvey, kitchenSubmission(2)),
			s.responses.import(many(250)),
			responses.submit(s, kitchenSurvey, kitchenSubmission(3))
		]);
		// 253 responses, 100 a segment.
		expect(await segmentFiles()).toHaveLength(3);
		const stored = await everyResponse(await reopen(100));
		expect(stored).toHaveLength(253);
		expect(stored.map((r) => r.seq)).toEqual(Array.from({ length: 253 }, (_, i) => i + 1));
		const shorts = stored.map((r) => r.answers.short);
		expect([shorts[0], shorts[1], shorts[2], shorts[251], shorts[252]]).toEqual([
			'nr 1',
			'nr 2',
			'imported 0',
			'imported 249',
			'nr 3'
		]);
	});

	it('refuses the whole import, writing nothing, when a record repeats an id or is malformed', async () => {
		store = await reopen();
		await store.responses.import(many(3));
		const before = await readFile(join(folder, 'responses', 'segment-000001.json'), 'utf8');
		const refusals: ImportedResponse[][] = [
			[...many(5, 10), imported(12)],
			[...many(2, 20), imported(1)],
			[imported(30, { clientResponseId: 'c' }), imported(31, { clientResponseId: 'c' })],
			[imported(40), { ...imported(41), answers: null } as unknown as ImportedResponse],
			[{ ...imported(50), locale: 'xx' } as unknown as ImportedResponse]
		];
		for (const records of refusals)
			await expect(store.responses.import(records)).rejects.toThrow(/Not imported: record \d/);
		expect(store.responses.size).toBe(3);
		expect(await readFile(join(folder, 'responses', 'segment-000001.json'), 'utf8')).toBe(before);
		expect(await segmentFiles()).toEqual(['segment-000001.json']);
	});

	it('imports nothing when given nothing', async () => {
		store = await reopen();
		await store.responses.import([]);
		expect(store.responses.size).toBe(0);
		expect(await segmentFiles()).toEqual([]);
	});
});
