import { mkdtemp, readFile, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { AuditLog } from './audit-log';
import { refuseWritesForTests, StoreWriteError, writeFileDurably } from './durable-file';

/** The audit log and the durable writer under concurrent writes, on real files. */

let folder: string;

beforeEach(async () => {
	folder = await mkdtemp(join(tmpdir(), 'odb-audit-'));
});
afterEach(async () => {
	await rm(folder, { recursive: true, force: true });
});

const onDisk = async () =>
	(JSON.parse(await readFile(join(folder, 'audit.json'), 'utf8')) as { entries: unknown[] })
		.entries;

describe('AuditLog.record', () => {
	it('keeps 200 entries recorded at once, each on disk when its promise resolves', async () => {
		const log = await AuditLog.open(join(folder, 'audit.json'));
		// Each caller checks, as soon as it hears back, that its own entry is in the file.
		const seen = await Promise.all(
			Array.from({ length: 200 }, async (_, i) => {
				await log.record({ actor: `user-${i}`, action: 'signInFailed', target: null });
				return (await onDisk()).some((e) => (e as { actor: string }).actor === `user-${i}`);
			})
		);
		expect(seen.every(Boolean)).toBe(true);
		expect(await onDisk()).toHaveLength(200);
		expect(log.size).toBe(200);
		// No temporary file is left behind, and a reopened log has them all.
		expect(await readdir(folder)).toEqual(['audit.json']);
		expect((await AuditLog.open(join(folder, 'audit.json'))).size).toBe(200);
	});

	it('takes back exactly the entries whose write failed, and keeps the others', async () => {
		const log = await AuditLog.open(join(folder, 'audit.json'));
		await log.record({ actor: 'a', action: 'x', target: null });
		const allow = refuseWritesForTests(folder);
		const refused = await Promise.allSettled([
			log.record({ actor: 'b', action: 'x', target: null }),
			log.record({ actor: 'c', action: 'x', target: null })
		]);
		expect(refused.map((r) => r.status)).toEqual(['rejected', 'rejected']);
		expect((refused[0] as PromiseRejectedResult).reason).toBeInstanceOf(StoreWriteError);
		expect(log.entries().map((e) => e.actor)).toEqual(['a']);
		allow();
		await log.record({ actor: 'd', action: 'x', target: null });
		expect((await onDisk()).map((e) => (e as { actor: string }).actor)).toEqual(['a', 'd']);
	});
});

describe('writeFileDurably', () => {
	it('writes one file from many callers at once in the order they asked, never failing', async () => {
		const file = join(folder, 'same.json');
		const results = await Promise.allSettled(
			Array.from({ length: 50 }, (_, i) => writeFileDurably(file, JSON.stringify({ i })))
		);
		expect(results.every((r) => r.status === 'fulfilled')).toBe(true);
		// The last one asked for is the one left.
		expect(JSON.parse(await readFile(file, 'utf8'))).toEqual({ i: 49 });
		expect(await readdir(folder)).toEqual(['same.json']);
	});
});
