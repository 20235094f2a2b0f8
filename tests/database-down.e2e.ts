import { afterAll, describe, expect, it } from 'vitest';
import { goodSubmission } from './support/data';
import { startPostgres, type PgCluster } from './support/postgres';
import { postJson, startServer, type TestServer } from './support/server';

/**
 * The database going away under a running server: every request answers 503 with Retry-After
 * (nothing is acknowledged that was not committed), and the log says why without any answer.
 */
describe('PostgreSQL unreachable', () => {
	let cluster: PgCluster | null = null;
	let server: TestServer | null = null;
	afterAll(async () => {
		await server?.kill();
		await cluster?.stop();
	});

	it('answers 503 with Retry-After while the database is down, and logs no answer', async () => {
		// A cluster of its own, to stop without disturbing the run's.
		cluster = await startPostgres();
		server = await startServer({ databaseUrl: await cluster.createDatabase() });
		const url = `${server.url}/api/surveys/method-evaluation/responses`;
		expect((await postJson(url, goodSubmission('før stopp'))).status).toBe(201);

		await cluster.stop();
		cluster = null;
		const refused = await postJson(url, goodSubmission('Hemmelig svar under stopp'));
		expect(refused.status).toBe(503);
		expect(String(refused.body.error)).toMatch(/kan ikke ta imot svar/);
		const health = await fetch(`${server.url}/api/health`);
		expect(health.status).toBe(503);
		expect(health.headers.get('retry-after')).toBe('30');
		expect(server.output()).toMatch(/\[store\] cannot reach the database/);
		expect(server.output()).not.toContain('Hemmelig svar');
	});
});
