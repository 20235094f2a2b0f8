import pg from 'pg';
import { afterAll, describe, expect, it } from 'vitest';
import { goodSubmission } from './support/data';
import { testDatabase } from './support/postgres';
import { ADMIN_PASSWORD, postForm, signIn, startServer, type TestServer } from './support/server';

/**
 * What two built servers on one PostgreSQL database must share beyond the stored records, as
 * behind a load balancer: the sign-in throttle and the submission rate limit count requests
 * wherever they arrive (two instances give an attacker no more attempts than one), and the
 * checks "this slug is free" and "an administrator is left" hold when both instances are asked
 * at the same moment.
 */

const survey = 'method-evaluation';
const servers: TestServer[] = [];
afterAll(async () => {
	for (const server of servers) await server.kill();
});

async function instances(env: Record<string, string> = {}) {
	const databaseUrl = await testDatabase();
	const a = await startServer({ databaseUrl, env });
	const b = await startServer({ databaseUrl, env });
	servers.push(a, b);
	return { a, b, databaseUrl };
}

/** Runs one query on the test database (to look at what is stored, never to change it). */
async function query<T extends pg.QueryResultRow>(
	url: string,
	sql: string,
	params: unknown[] = []
) {
	const client = new pg.Client({ connectionString: url });
	await client.connect();
	try {
		return (await client.query<T>(sql, params)).rows;
	} finally {
		await client.end();
	}
}

/** Wrong passwords for `admin`, one after another, sent to the servers in turn: the statuses. */
async function wrongPasswords(targets: TestServer[], count: number): Promise<number[]> {
	const statuses: number[] = [];
	for (let n = 0; n < count; n++) {
		const response = await postForm(targets[n % targets.length], '/admin?/login', {
			username: 'admin',
			password: `wrong-${n}`
		});
		await response.arrayBuffer();
		statuses.push(response.status);
	}
	return statuses;
}

describe('two instances share the limits', () => {
	it('trips the sign-in throttle after the same number of failures whichever instance gets them', async () => {
		const one = await instances();
		const two = await instances();
		// Five failures are free, the sixth sets a 1 s wait: the seventh attempt is refused
		// (429), on one instance and on two alike. Counted per instance, the alternating
		// attempts would reach the seventh failure only at the fourteenth attempt.
		const alone = await wrongPasswords([one.a], 7);
		const alternating = await wrongPasswords([two.a, two.b], 7);
		expect(alone).toEqual([400, 400, 400, 400, 400, 400, 429]);
		expect(alternating).toEqual(alone);
		// Refused on the other instance too, and the right password waits as well (429, not 303):
		// the count is the database's, not the instance's.
		const right = await postForm(two.b, '/admin?/login', {
			username: 'admin',
			password: ADMIN_PASSWORD
		});
		expect(right.status).toBe(429);
		expect(Number(right.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
		// What the database keeps: counts under keyed hashes, never the username or the address.
		const rows = await query<{ key: string }>(two.databaseUrl, 'SELECT key FROM failure_counts');
		expect(rows.length).toBe(2);
		for (const { key } of rows) expect(key).not.toMatch(/admin|127\.0\.0\.1/);
	});

	it('shares one submission rate limit between the instances', async () => {
		const { a, b, databaseUrl } = await instances({ SUBMIT_RATE_LIMIT: '4' });
		const statuses: number[] = [];
		for (let n = 0; n < 6; n++) {
			const response = await fetch(`${[a, b][n % 2].url}/api/surveys/${survey}/responses`, {
				method: 'POST',
				headers: { 'content-type': 'application/json' },
				body: JSON.stringify(goodSubmission(`limited-${n}`))
			});
			await response.arrayBuffer();
			statuses.push(response.status);
			if (response.status === 429) expect(Number(response.headers.get('retry-after'))).toBe(15);
		}
		// 4 a minute in all, not 4 on each: the fifth and sixth are refused, and not stored.
		expect(statuses).toEqual([201, 201, 201, 201, 429, 429]);
		const stored = await query<{ n: string }>(
			databaseUrl,
			'SELECT count(*) AS n FROM responses WHERE doc IS NOT NULL'
		);
		expect(Number(stored[0].n)).toBe(4);
	});
});

describe('two instances decide on the latest data', () => {
	it('creates a slug asked for on both at once once: one success, one refusal, one round', async () => {
		const { a, b, databaseUrl } = await instances();
		const [cookieA, cookieB] = await Promise.all([
			signIn(a, 'admin', ADMIN_PASSWORD),
			signIn(b, 'admin', ADMIN_PASSWORD)
		]);
		const create = (server: TestServer, cookie: string, name: string) =>
			postForm(
				server,
				'/admin/rounds?/create',
				{ surveyId: survey, name, slug: 'var-2027' },
				cookie
			);
		const answers = await Promise.all([create(a, cookieA, 'Vår A'), create(b, cookieB, 'Vår B')]);
		const statuses = answers.map((r) => r.status).sort();
		// The app's answer to a taken slug, as on one instance: the form again with the message.
		expect(statuses).toEqual([200, 400]);
		const refused = answers.find((r) => r.status === 400)!;
		expect(await refused.text()).toContain('Lenkenavnet er allerede i bruk.');
		const rounds = await query<{ name: string }>(
			databaseUrl,
			`SELECT doc->>'name' AS name FROM meta_records
			 WHERE collection = 'rounds' AND doc IS NOT NULL AND doc->>'slug' = 'var-2027'`
		);
		expect(rounds.length).toBe(1);
		// Both instances know the round's link (it leads on to the questionnaire); a slug never
		// made is a 404.
		for (const server of [a, b]) {
			const link = await fetch(`${server.url}/r/var-2027`, { redirect: 'manual' });
			expect(link.status).toBe(303);
			expect(link.headers.get('location')).toContain(survey);
			expect((await fetch(`${server.url}/r/var-2028`, { redirect: 'manual' })).status).toBe(404);
		}
	});

	it('refuses one of two demotions at once of the last two administrators', async () => {
		const { a, b, databaseUrl } = await instances();
		const cookieA = await signIn(a, 'admin', ADMIN_PASSWORD);
		const created = await postForm(
			a,
			'/admin/users?/create',
			{ username: 'admin2', role: 'admin', password: 'second-admin-password' },
			cookieA
		);
		expect(created.status).toBe(200);
		const cookieB = await signIn(b, 'admin2', 'second-admin-password');
		const ids = Object.fromEntries(
			(
				await query<{ username: string; id: string }>(
					databaseUrl,
					`SELECT doc->>'username' AS username, doc->>'id' AS id FROM meta_records
					 WHERE collection = 'users' AND doc IS NOT NULL`
				)
			).map((u) => [u.username, u.id])
		);
		// Each instance sees two administrators, and each administrator gives up their own role at
		// the same moment (each stays an administrator until the other's demotion is decided, so
		// both pass the access check and the store decides).
		const answers = await Promise.all([
			postForm(a, '/admin/users?/role', { id: ids.admin, role: 'researcher' }, cookieA),
			postForm(b, '/admin/users?/role', { id: ids.admin2, role: 'researcher' }, cookieB)
		]);
		expect(answers.map((r) => r.status).sort()).toEqual([200, 400]);
		const refused = answers.find((r) => r.status === 400)!;
		expect(await refused.text()).toContain(
			'Den siste administratoren kan ikke slettes eller få en annen rolle.'
		);
		const admins = await query<{ username: string }>(
			databaseUrl,
			`SELECT doc->>'username' AS username FROM meta_records
			 WHERE collection = 'users' AND doc IS NOT NULL AND doc->>'role' = 'admin'`
		);
		expect(admins.length).toBe(1);
	});
});
