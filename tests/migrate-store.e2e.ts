import { spawn } from 'node:child_process';
import { resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { allResponses, goodSubmission } from './support/data';
import { testDatabase } from './support/postgres';
import { postForm, postJson, startServer, tempDir, type TestServer } from './support/server';

/**
 * `npm run migrate-store` as an operator runs it: a data folder with answers, a deletion and
 * audit entries is copied into PostgreSQL, a server on the database serves the same answers
 * (and the receipt codes handed out before still delete them), and the database is copied back
 * into an empty folder that a server on files serves the same way.
 */

const root = resolve(import.meta.dirname, '..');
const survey = 'method-evaluation';

function migrateStore(
	args: string[],
	dataDir: string
): Promise<{ code: number | null; output: string }> {
	return new Promise((done) => {
		const child = spawn('npm', ['run', '--silent', 'migrate-store', '--', ...args], {
			cwd: root,
			env: { PATH: process.env.PATH ?? '', DATA_DIR: dataDir },
			stdio: ['ignore', 'pipe', 'pipe']
		});
		let output = '';
		child.stdout.on('data', (c) => (output += c));
		child.stderr.on('data', (c) => (output += c));
		child.once('exit', (code) => done({ code, output }));
	});
}

const submit = async (server: TestServer, note: string, clientResponseId: string) => {
	const answer = await postJson(
		`${server.url}/api/surveys/${survey}/responses`,
		goodSubmission(note, { clientResponseId })
	);
	expect(answer.status).toBe(201);
	return answer.body as { id: string; receipt: string };
};

describe('npm run migrate-store', () => {
	const servers: TestServer[] = [];
	afterAll(async () => {
		for (const server of servers) await server.stop();
	});

	it('copies a data folder into PostgreSQL and back, verified, with codes that still work', async () => {
		const dataDir = await tempDir('odb-migrate-');
		const files = await startServer({ dataDir });
		servers.push(files);
		const receipts: { id: string; receipt: string }[] = [];
		for (let n = 0; n < 12; n++)
			receipts.push(await submit(files, `svar ${n}`, `client-migrate-${n}`));
		const deleted = await postForm(files, '/slett?/delete', { code: receipts[0].receipt });
		expect(deleted.status).toBe(200);
		const before = await allResponses(files.url, survey);
		expect(before).toHaveLength(11);
		await files.stop();

		const databaseUrl = await testDatabase();
		const to = await migrateStore(['--to', databaseUrl], dataDir);
		expect(to.output).toMatch(
			/verified:[\s\S]*responses: 11[\s\S]*tombstones: 1[\s\S]*checksum matches \(11\)/
		);
		expect(to.code).toBe(0);
		// Into a database that holds a store already: refused, nothing changed.
		const twice = await migrateStore(['--to', databaseUrl], dataDir);
		expect(twice.code).toBe(1);
		expect(twice.output).toMatch(/already holds a store/);

		const onPg = await startServer({ databaseUrl });
		servers.push(onPg);
		expect(await allResponses(onPg.url, survey)).toEqual(before);
		// The deleted answer stays deleted: its retry is refused, not stored again.
		const retry = await postJson(
			`${onPg.url}/api/surveys/${survey}/responses`,
			goodSubmission('svar 0', { clientResponseId: 'client-migrate-0' })
		);
		expect(retry.status).toBe(410);
		// A receipt code handed out by the files server deletes its answer on the database.
		const gone = await postForm(onPg, '/slett?/delete', { code: receipts[1].receipt });
		expect(await gone.text()).toContain('er slettet');
		const afterDeletion = await allResponses(onPg.url, survey);
		expect(afterDeletion.map((r) => r.id)).toEqual(
			before.map((r) => r.id).filter((id) => id !== receipts[1].id)
		);
		await onPg.stop();

		const backDir = await tempDir('odb-migrate-back-');
		const from = await migrateStore(['--from', databaseUrl], backDir);
		expect(from.output).toMatch(/verified:[\s\S]*responses: 10[\s\S]*tombstones: 2/);
		expect(from.code).toBe(0);
		const back = await startServer({ dataDir: backDir });
		servers.push(back);
		expect(await allResponses(back.url, survey)).toEqual(afterDeletion);
		const retryBack = await postJson(
			`${back.url}/api/surveys/${survey}/responses`,
			goodSubmission('svar 1', { clientResponseId: 'client-migrate-1' })
		);
		expect(retryBack.status).toBe(410);
	});
});
