import { execFile } from 'node:child_process';
import { mkdir, mkdtemp, readFile, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import * as responses from '../responses';
import { kitchenSubmission, kitchenSurvey } from '../../../test-data/submissions';
import { refuseWritesForTests } from './durable-file';
import { DamagedFileError, DataFolderLockedError, openStore, type Store } from './index';
import { receiptHash } from './response-log';
import { checkRoundCells } from '../../../../tests/support/round-cells';
import { everyResponse } from '../../../test-data/stored';
import { importedResponse } from '../../../test-data/imported';

const run = promisify(execFile);
const root = resolve(import.meta.dirname, '../../../..');

const survey = kitchenSurvey;
const submission = kitchenSubmission;

let folder: string;
let store: Store | null = null;

beforeEach(async () => {
	folder = await mkdtemp(join(tmpdir(), 'odb-store-'));
});

afterEach(async () => {
	await store?.close();
	store = null;
	await rm(folder, { recursive: true, force: true });
});

async function segmentFiles(): Promise<string[]> {
	return (await readdir(join(folder, 'responses'))).sort();
}

describe('roundCells, on real files', () => {
	it('counts each questionnaire’s responses per round with their key sum, deletions gone', async () => {
		store = await openStore(folder);
		await checkRoundCells(store);
	});
});

describe('openStore and submit, on real files', () => {
	it('stores 500 concurrent submissions exactly once each, across segment files', async () => {
		store = await openStore(folder, { segmentSize: 64 });
		const receipts = await Promise.all(
			Array.from({ length: 500 }, (_, n) => responses.submit(store!, survey, submission(n)))
		);
		expect(new Set(receipts.map((r) => r.id)).size).toBe(500);
		expect(store.responses.size).toBe(500);
		// 500 / 64 → 7 full segments and one with 52.
		expect(await segmentFiles()).toHaveLength(8);

		await store.close();
		store = await openStore(folder, { segmentSize: 64 });
		expect(store.responses.size).toBe(500);
		const shorts = (await everyResponse(store)).map((r) => r.answers.short);
		expect(new Set(shorts).size).toBe(500);
		const seqs = (await everyResponse(store)).map((r) => r.seq);
		expect(seqs).toEqual([...seqs].sort((a, b) => a - b));
	});

	it('stores the same clientResponseId once and answers both requests with the first result', async () => {
		store = await openStore(folder);
		const [first, second] = await Promise.all([
			responses.submit(store, survey, submission(1, 'client-abc-123')),
			responses.submit(store, survey, submission(2, 'client-abc-123'))
		]);
		expect(second).toEqual(first);
		const third = await responses.submit(store, survey, submission(3, 'client-abc-123'));
		expect(third).toEqual(first);
		expect(store.responses.size).toBe(1);

		await store.close();
		store = await openStore(folder);
		const again = await responses.submit(store, survey, submission(4, 'client-abc-123'));
		expect(again).toEqual(first);
		expect(store.responses.size).toBe(1);
	});

	it('keeps receipts and submission ids only as hashes, and gives every response a fixed record key', async () => {
		store = await openStore(folder);
		const a = await responses.submit(store, survey, submission(1, 'client-hash-001'));
		const keys = (await everyResponse(store)).map((r) => r.recordKey);
		await store.close();
		const file = await readFile(join(folder, 'responses', 'segment-000001.json'), 'utf8');
		expect(file).not.toContain(a.receipt);
		expect(file).not.toContain('client-hash-001');
		store = await openStore(folder);
		expect((await store.responses.getByReceipt(a.receipt))?.id).toBe(a.id);
		expect((await everyResponse(store)).map((r) => r.recordKey)).toEqual(keys);
		expect(Number.isInteger(keys[0]) && keys[0] >= 0 && keys[0] < 2 ** 32).toBe(true);
	});

	it('converts a segment written before receipts were hashed, once, and keeps what it held', async () => {
		await mkdir(join(folder, 'responses'), { recursive: true });
		// As a segment held it then: the receipt and the submission id in clear, no record key.
		const legacy = {
			...importedResponse('legacy', 1, {
				surveyVersion: survey.definition.version,
				answers: { role: 'staff', short: 'gammel', score: 2 },
				clientResponseId: 'legacy-client-1',
				receipt: 'ABCD-EFGH-JKMN'
			}),
			seq: 1
		};
		const file = join(folder, 'responses', 'segment-000001.json');
		await writeFile(file, JSON.stringify({ format: 'odb-responses/1', responses: [legacy] }));
		store = await openStore(folder);
		const text = await readFile(file, 'utf8');
		expect(text).not.toContain('ABCD-EFGH-JKMN');
		expect(text).not.toContain('legacy-client-1');
		expect((await store.responses.getByReceipt('ABCD-EFGH-JKMN'))?.id).toBe('legacy-1');
		expect((await store.responses.getByClientId('legacy-client-1'))?.id).toBe('legacy-1');
		const key = (await store.responses.get('legacy-1'))!.recordKey;
		await store.close();
		// The key drawn at the conversion is the key for good.
		store = await openStore(folder);
		expect((await store.responses.get('legacy-1'))!.recordKey).toBe(key);
		expect((await store.responses.get('legacy-1'))!.answers).toEqual(legacy.answers);
		// A retry of it is recognised (stored once), though its random code cannot be given again.
		const retry = await responses.submit(store, survey, submission(2, 'legacy-client-1'));
		expect(retry).toEqual({ id: 'legacy-1', receipt: '' });
		expect(store.responses.size).toBe(1);
	});

	it('keeps everything across a restart, in order, with the answers as validated', async () => {
		store = await openStore(folder);
		const a = await responses.submit(store, survey, submission(1));
		const b = await responses.submit(store, survey, submission(2));
		await store.close();
		store = await openStore(folder);
		expect((await everyResponse(store)).map((r) => r.id)).toEqual([a.id, b.id]);
		expect(await store.responses.get(b.id)).toMatchObject({
			surveyId: 'kitchen',
			surveyVersion: survey.definition.version,
			answers: { role: 'staff', short: 'nr 2', score: 3 },
			audience: 'citizen',
			municipality: 'bodo',
			// Kept as a hash only (records.ts).
			receiptHash: receiptHash(b.receipt)
		});
	});

	it('stores nothing for a refused submission', async () => {
		store = await openStore(folder);
		await responses.submit(store, survey, submission(1));
		const before = await readFile(join(folder, 'responses', 'segment-000001.json'));
		await expect(
			responses.submit(store, survey, { ...submission(2), answers: { role: 'boss' } })
		).rejects.toMatchObject({ status: 422 });
		expect(store.responses.size).toBe(1);
		expect(await readFile(join(folder, 'responses', 'segment-000001.json'))).toEqual(before);
	});

	it('answers 503 when the disk refuses the write, keeps what was stored, and recovers', async () => {
		store = await openStore(folder);
		await responses.submit(store, survey, submission(1));
		// The folder refuses writes, as a full or read-only disk would (permissions do not stop
		// root, who runs the tests in CI).
		const allow = refuseWritesForTests(join(folder, 'responses'));
		await expect(responses.submit(store, survey, submission(2))).rejects.toMatchObject({
			status: 503
		});
		expect(store.responses.size).toBe(1);
		allow();
		await responses.submit(store, survey, submission(3));
		await store.close();
		store = await openStore(folder);
		expect((await everyResponse(store)).map((r) => r.answers.short)).toEqual(['nr 1', 'nr 3']);
	});

	it('refuses to start on a damaged segment, names it, and leaves it untouched', async () => {
		store = await openStore(folder);
		await responses.submit(store, survey, submission(1));
		await store.close();
		store = null;
		const file = join(folder, 'responses', 'segment-000001.json');
		const damaged = (await readFile(file, 'utf8')).slice(0, 40);
		await writeFile(file, damaged);
		const error = await openStore(folder).catch((e: unknown) => e);
		expect(error).toBeInstanceOf(DamagedFileError);
		expect((error as Error).message).toContain(file);
		expect(await readFile(file, 'utf8')).toBe(damaged);
		// The failed start released the folder: a repaired folder opens.
		await rm(file);
		store = await openStore(folder);
		expect(store.responses.size).toBe(0);
	});

	it('refuses a segment with the right JSON but the wrong structure', async () => {
		await mkdir(join(folder, 'responses'), { recursive: true });
		const file = join(folder, 'responses', 'segment-000001.json');
		await writeFile(file, JSON.stringify({ format: 'odb-responses/1', responses: [{ id: 1 }] }));
		await expect(openStore(folder)).rejects.toThrow(/segment-000001\.json is damaged/);
	});

	it('throws away a temporary file left by a write that never finished', async () => {
		store = await openStore(folder);
		await responses.submit(store, survey, submission(1));
		await store.close();
		await writeFile(join(folder, 'responses', 'segment-000001.json.tmp'), '{"format":"odb-res');
		store = await openStore(folder);
		expect(store.responses.size).toBe(1);
		expect(await segmentFiles()).toEqual(['segment-000001.json']);
	});

	it('numbers a new segment after the newest file, so a gap never makes it overwrite one', async () => {
		store = await openStore(folder, { segmentSize: 2 });
		for (let n = 1; n <= 6; n++) await responses.submit(store, survey, submission(n));
		await store.close();
		// Segment 2 (responses 3 and 4) moved away by hand: 1 and 3 remain, both full.
		await rm(join(folder, 'responses', 'segment-000002.json'));
		store = await openStore(folder, { segmentSize: 2 });
		await responses.submit(store, survey, submission(7));
		expect(await segmentFiles()).toEqual([
			'segment-000001.json',
			'segment-000003.json',
			'segment-000004.json'
		]);
		await store.close();
		store = await openStore(folder, { segmentSize: 2 });
		expect((await everyResponse(store)).map((r) => r.answers.short)).toEqual([
			'nr 1',
			'nr 2',
			'nr 5',
			'nr 6',
			'nr 7'
		]);
	});

	it('refuses a second store on the same folder in this process', async () => {
		store = await openStore(folder);
		await expect(openStore(folder)).rejects.toBeInstanceOf(DataFolderLockedError);
	});

	it('refuses a second process on the same folder, and lets one in after the first closes', async () => {
		store = await openStore(folder);
		const tsx = join(root, 'node_modules', '.bin', 'tsx');
		const script = join(root, 'tests', 'support', 'open-store.ts');
		const refused = await run(tsx, [script, folder]).catch(
			(e: { code: number; stderr: string }) => e
		);
		expect(refused).toMatchObject({ code: 3 });
		expect((refused as { stderr: string }).stderr).toMatch(/already in use by another process/);

		await store.close();
		store = null;
		const allowed = await run(tsx, [script, folder]);
		expect(allowed.stdout).toContain('opened with 0 responses');
	});

	it('takes over a lock left by a process that was killed', async () => {
		await writeFile(join(folder, 'server.lock'), '999999999');
		store = await openStore(folder);
		expect(store.responses.size).toBe(0);
	});
});
