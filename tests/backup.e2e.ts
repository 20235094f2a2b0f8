import { execFile } from 'node:child_process';
import { cp, readdir, rm } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';
import { allResponses, goodSubmission } from './support/data';
import { startServer, tempDir, type TestServer } from './support/server';

const run = promisify(execFile);
const root = resolve(import.meta.dirname, '..');
const survey = 'method-evaluation';
const env = { SEGMENT_SIZE: '25', SUBMIT_RATE_LIMIT: '0' };

/** Clients submitting one answer after another until told to stop; every 201 is kept. */
function submitUntil(url: string, clients: number, stop: { now: boolean }) {
	const acked: string[] = [];
	const done = Promise.all(
		Array.from({ length: clients }, async (_, client) => {
			for (let n = 0; !stop.now; n++) {
				const response = await fetch(`${url}/api/surveys/${survey}/responses`, {
					method: 'POST',
					headers: { 'content-type': 'application/json' },
					body: JSON.stringify(goodSubmission(`backup-${client}-${n}`))
				});
				if (response.status === 201) acked.push(((await response.json()) as { id: string }).id);
				else throw new Error(`HTTP ${response.status}`);
			}
		})
	);
	return { acked, done };
}

describe('npm run backup, while the server takes answers, and a restore', () => {
	const folders: string[] = [];
	let servers: TestServer[] = [];
	afterAll(async () => {
		for (const server of servers) await server.stop();
		for (const folder of folders) await rm(folder, { recursive: true, force: true });
	});

	it('restores every answer acknowledged before the backup started', async () => {
		const dataDir = await tempDir('odb-live-');
		const scratch = await tempDir('odb-backups-');
		folders.push(dataDir, scratch);
		const live = await startServer({ dataDir, env });
		servers.push(live);

		const stop = { now: false };
		const load = submitUntil(live.url, 8, stop);
		while (load.acked.length < 120) await new Promise((r) => setTimeout(r, 10));

		// Everything acknowledged up to here must be in the backup.
		const beforeBackup = [...load.acked];
		const snapshot = join(scratch, 'snapshot');
		const backup = await run('npm', ['run', '--silent', 'backup', '--', snapshot], {
			cwd: root,
			env: { ...process.env, DATA_DIR: dataDir }
		});
		const duringBackup = load.acked.length - beforeBackup.length;
		stop.now = true;
		await load.done;
		console.log(
			`backup: ${beforeBackup.length} answers acknowledged before it, ${duringBackup} during it; ` +
				backup.stdout.trim().split('\n')[0]
		);
		expect(backup.stdout).toMatch(/^Backed up \d+ responses? in \d+ segments?/);
		expect(duringBackup).toBeGreaterThan(0);
		expect(await readdir(snapshot)).not.toContain('server.lock');

		// Restore as the README says: stop the server, put the snapshot in place, start.
		await live.stop();
		servers = [];
		const restored = await tempDir('odb-restored-');
		folders.push(restored);
		await cp(snapshot, restored, { recursive: true });
		const server = await startServer({ dataDir: restored, env });
		servers.push(server);

		const listed = await allResponses(server.url, survey, 50);
		const ids = listed.map((r) => r.id);
		expect(new Set(ids).size).toBe(ids.length);
		const missing = beforeBackup.filter((id) => !ids.includes(id));
		expect(missing).toEqual([]);
		// Nothing in the backup that was never acknowledged.
		const everAcked = new Set(load.acked);
		expect(ids.filter((id) => !everAcked.has(id))).toEqual([]);
		// The restored server takes answers again.
		const after = await fetch(`${server.url}/api/surveys/${survey}/responses`, {
			method: 'POST',
			headers: { 'content-type': 'application/json' },
			body: JSON.stringify(goodSubmission('after the restore'))
		});
		expect(after.status).toBe(201);
	});

	it('refuses to write the backup into the data folder, saying why', async () => {
		const dataDir = await tempDir('odb-live-');
		folders.push(dataDir);
		const live = await startServer({ dataDir, env });
		servers.push(live);
		const failed = await run('npm', ['run', '--silent', 'backup', '--', dataDir], {
			cwd: root,
			env: { ...process.env, DATA_DIR: dataDir }
		}).catch((e: { code: number; stderr: string }) => e);
		expect(failed).toMatchObject({ code: 1 });
		expect((failed as { stderr: string }).stderr).toMatch(
			/Backup failed: .*inside the data folder/
		);
	});
});
