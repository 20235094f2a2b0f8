import { mkdir, mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { DefinitionValidator } from '../../validation';
import { kitchenSink } from '../../../test-data/definitions';
import { analyseDefinition } from '../../definitions/analyse';
import * as responses from '../responses';
import type { LoadedSurvey } from '../surveys/registry';
import { backupDataFolder, BackupError } from './backup';
import { openStore, type Store } from './index';
import { everyResponse } from '../../../test-data/stored';

const analysis = analyseDefinition('kitchen', kitchenSink);
const survey: LoadedSurvey = {
	definition: analysis.definition!,
	validator: new DefinitionValidator(kitchenSink)
};
const answer = (n: number): responses.Submission => ({
	answers: { role: 'staff', short: `nr ${n}` },
	locale: 'nb'
});

let root: string;
let store: Store | null = null;
const closeLater: Store[] = [];

beforeEach(async () => {
	root = await mkdtemp(join(tmpdir(), 'odb-backup-'));
});
afterEach(async () => {
	await store?.close();
	store = null;
	for (const s of closeLater.splice(0)) await s.close();
	await rm(root, { recursive: true, force: true });
});

describe('backupDataFolder', () => {
	it('copies everything acknowledged before it started while writes go on, as a gap-free prefix', async () => {
		const data = join(root, 'data');
		store = await openStore(data, { segmentSize: 8 });
		await store.definitions.keep('kitchen', survey.definition.version, kitchenSink);
		const before = await Promise.all(
			Array.from({ length: 30 }, (_, n) => responses.submit(store!, survey, answer(n)))
		);
		// 60 more arrive while the backup runs, crossing several segment roll-overs.
		const during = Promise.all(
			Array.from({ length: 60 }, (_, n) => responses.submit(store!, survey, answer(100 + n)))
		);
		const summary = await backupDataFolder(data, join(root, 'snapshot'));
		await during;

		expect(summary.responses).toBeGreaterThanOrEqual(30);
		expect((await readdir(join(root, 'snapshot'))).sort()).toEqual(['definitions', 'responses']);
		// Nothing left behind beside the target.
		expect((await readdir(root)).sort()).toEqual(['data', 'snapshot']);
		const copy = await openStore(join(root, 'snapshot'));
		closeLater.push(copy);
		const ids = new Set((await everyResponse(copy)).map((r) => r.id));
		for (const receipt of before) expect(ids.has(receipt.id)).toBe(true);
		// A prefix of the log: the copied responses are exactly the first N stored, in order.
		const original = (await everyResponse(store)).map((r) => r.id);
		expect((await everyResponse(copy)).map((r) => r.id)).toEqual(original.slice(0, ids.size));
		expect(await copy.definitions.read('kitchen', survey.definition.version)).toEqual(kitchenSink);
	});

	it('stays consistent while responses are deleted from old segments during the copy', async () => {
		const data = join(root, 'data');
		store = await openStore(data, { segmentSize: 8 });
		const before = await Promise.all(
			Array.from({ length: 40 }, (_, n) => responses.submit(store!, survey, answer(n)))
		);
		// Every third one, across all five segments, is deleted while the backup runs, and more
		// responses arrive at the same time.
		const victims = new Set(before.filter((_, n) => n % 3 === 0).map((r) => r.id));
		const deletion = store.responses.delete(victims);
		const during = Promise.all(
			Array.from({ length: 30 }, (_, n) => responses.submit(store!, survey, answer(100 + n)))
		);
		await backupDataFolder(data, join(root, 'snapshot'));
		await Promise.all([deletion, during]);

		const copy = await openStore(join(root, 'snapshot'));
		closeLater.push(copy);
		const copied = await everyResponse(copy);
		const ids = new Set(copied.map((r) => r.id));
		// Every response acknowledged before the backup and not deleted is in it; a deleted one
		// may or may not be (each segment is one whole version, before or after the deletion).
		for (const r of before) if (!victims.has(r.id)) expect(ids.has(r.id)).toBe(true);
		// Still in arrival order, and never a later response without all the earlier ones that
		// were not deleted.
		for (let i = 1; i < copied.length; i++)
			expect(copied[i].seq).toBeGreaterThan(copied[i - 1].seq);
		const last = copied[copied.length - 1].seq;
		const kept = (await everyResponse(store)).filter((r) => r.seq <= last);
		for (const r of kept) expect(ids.has(r.id)).toBe(true);
	});

	it('leaves out temporary files and the lock, and copies other top-level files', async () => {
		const data = join(root, 'data');
		store = await openStore(data);
		await responses.submit(store, survey, answer(1));
		await writeFile(join(data, 'responses', 'segment-000002.json.tmp'), '{"half');
		await writeFile(join(data, 'users.json'), '{"users":[]}');
		await backupDataFolder(data, join(root, 'snapshot'));
		expect((await readdir(join(root, 'snapshot'))).sort()).toEqual(['responses', 'users.json']);
		expect(await readdir(join(root, 'snapshot', 'responses'))).toEqual(['segment-000001.json']);
	});

	const refusals: [string, (data: string) => Promise<string>, RegExp][] = [
		[
			'a target that is not empty',
			async () => {
				await mkdir(join(root, 'full'));
				await writeFile(join(root, 'full', 'x'), 'x');
				return join(root, 'full');
			},
			/not empty/
		],
		[
			'a target inside the data folder',
			async (data) => join(data, 'backup'),
			/inside the data folder/
		],
		['a data folder inside the target', async () => root, /inside the data folder, or contain it/]
	];
	it.each(refusals)('refuses %s', async (_what, targetFor, message) => {
		const data = join(root, 'data');
		store = await openStore(data);
		await expect(backupDataFolder(data, await targetFor(data))).rejects.toThrow(message);
	});

	it('refuses a folder that is not a data folder', async () => {
		await expect(backupDataFolder(join(root, 'nothing'), join(root, 'snapshot'))).rejects.toThrow(
			/does not exist/
		);
		await mkdir(join(root, 'empty'));
		await expect(backupDataFolder(join(root, 'empty'), join(root, 'snapshot'))).rejects.toThrow(
			/not a data folder/
		);
	});

	it('stops at a damaged file, names it, and writes nothing', async () => {
		const data = join(root, 'data');
		store = await openStore(data);
		await responses.submit(store, survey, answer(1));
		await store.close();
		store = null;
		const damaged = join(data, 'responses', 'segment-000001.json');
		await writeFile(damaged, '{"format":"odb-responses/1","responses":[');
		const error = await backupDataFolder(data, join(root, 'snapshot')).catch((e: unknown) => e);
		expect(error).toBeInstanceOf(BackupError);
		expect((error as Error).message).toContain(damaged);
		expect((await readdir(root)).sort()).toEqual(['data']);
	});
});
