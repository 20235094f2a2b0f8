import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { goodSubmission } from './support/data';
import {
	ADMIN_PASSWORD,
	postJson,
	signIn,
	startServer,
	TEST_TOKEN,
	type TestServer
} from './support/server';

/**
 * Property-based fuzzing of the researchers' side with a valid session or token: hostile form
 * posts to the sign-in, round, user and token actions, and hostile query strings and ids to the
 * summary and responses APIs. Every answer must be a 4xx or an ordinary 200/303, never a 5xx or
 * a dropped connection; the server must stay up and nothing may reach Object.prototype.
 *
 * Reproduce with FUZZ_SEED=<seed printed below>; FUZZ_RUNS changes the number of requests.
 */
const seed = Number(process.env.FUZZ_SEED ?? 82026);
const numRuns = Math.ceil(Number(process.env.FUZZ_RUNS ?? 400) / 2);

const actions = [
	'/admin?/login',
	'/admin/rounds?/create',
	'/admin/users?/create',
	'/admin/tokens?/create'
];
const knownFields = [
	'username',
	'password',
	'surveyId',
	'name',
	'slug',
	'opensAt',
	'closesAt',
	'audiences',
	'municipality',
	'role',
	'id'
];
const hostileKey = fc.oneof(
	fc.constantFrom(...knownFields),
	fc.constantFrom(
		'__proto__',
		'constructor',
		'prototype',
		'__proto__[polluted]',
		'constructor[prototype][polluted]',
		'role[]',
		''
	),
	fc.string({ maxLength: 20 })
);
const hostileValue = fc.oneof(
	fc.string({ maxLength: 80 }),
	fc.string({ maxLength: 40, unit: 'binary' }),
	fc.constantFrom(
		'admin',
		'researcher',
		'leader',
		'method-evaluation',
		'../../etc/passwd',
		'<script>alert(1)</script>',
		'2026-13-45T25:61',
		'9999-12-31T23:59',
		'-1',
		'NaN',
		'\u0000',
		'\uD800',
		'{"polluted":"yes"}'
	),
	fc.integer({ min: 1_000, max: 120_000 }).map((n) => 'x'.repeat(n))
);
/** A form body: fields (repeated names allowed), or raw text that is not valid form encoding. */
const formBody = fc.oneof(
	fc.array(fc.tuple(hostileKey, hostileValue), { maxLength: 12 }).map((pairs) => {
		const body = new URLSearchParams();
		for (const [k, v] of pairs) body.append(k, v);
		return { what: `fields ${JSON.stringify(pairs).slice(0, 120)}`, body: body.toString() };
	}),
	fc
		.constantFrom(
			'%',
			'%zz=1',
			'username=%ff%fe',
			'&&&==&=',
			'a=1&a=2&a[]=3',
			'__proto__[polluted]=yes&constructor[prototype][polluted]=yes',
			'name=' + '%41'.repeat(30_000)
		)
		.map((body) => ({ what: `raw ${body.slice(0, 60)}`, body }))
);
const formPost = fc.record({
	action: fc.constantFrom(...actions),
	form: formBody,
	// Mostly proper form posts, so the actions' own checks are reached; some that cannot be read.
	type: fc.oneof(
		{ arbitrary: fc.constant('application/x-www-form-urlencoded'), weight: 4 },
		{ arbitrary: fc.constantFrom('multipart/form-data; boundary=x', 'text/plain'), weight: 1 }
	)
});

const queryKey = fc.oneof(
	fc.constantFrom(
		'round',
		'audience',
		'municipality',
		'version',
		'from',
		'to',
		'compare',
		'limit',
		'cursor',
		'__proto__',
		'constructor'
	),
	fc.string({ maxLength: 12 })
);
const queryValue = fc.oneof(
	fc.string({ maxLength: 60 }),
	fc.constantFrom(
		'round',
		'audience',
		'municipality',
		'default',
		'citizen',
		'2026-01-01',
		'2026-02-30',
		'0',
		'-1',
		'1001',
		'1e3',
		'czA',
		'czk5OTk5OTk5OTk5OTk5OTk5',
		'%',
		'x'.repeat(5_000)
	)
);
const queryString = fc.oneof(
	fc
		.array(fc.tuple(queryKey, queryValue), { maxLength: 8 })
		.map((pairs) =>
			pairs.map(([k, v]) => `${encodeURIComponent(k)}=${encodeURIComponent(v)}`).join('&')
		),
	// Not valid percent-encoding, brackets, prototype keys.
	fc.constantFrom(
		'%',
		'from=%ff',
		'round[]=1&round[]=2',
		'__proto__[polluted]=1',
		'compare=%E0%A4%A'
	)
);
const apiRequest = fc.oneof(
	queryString.map((q) => ({ method: 'GET', path: `/api/surveys/method-evaluation/summary?${q}` })),
	queryString.map((q) => ({
		method: 'GET',
		path: `/api/surveys/method-evaluation/responses?${q}`
	})),
	fc
		.oneof(
			fc.string({ minLength: 1, maxLength: 80 }).map(encodeURIComponent),
			fc.constantFrom('%', '%00', '__proto__', 'constructor', '..', 'x'.repeat(3000))
		)
		.map((id) => ({ method: 'DELETE', path: `/api/surveys/method-evaluation/responses/${id}` }))
);

describe('fuzzing the researchers’ forms and APIs with a valid session', () => {
	let server: TestServer;
	let admin: string;

	beforeAll(async () => {
		server = await startServer({ env: { SUBMIT_RATE_LIMIT: '0', MIN_GROUP_SIZE: '1' } });
		admin = await signIn(server, 'admin', ADMIN_PASSWORD);
		for (let i = 0; i < 3; i++) {
			const stored = await postJson(
				`${server.url}/api/surveys/method-evaluation/responses`,
				goodSubmission(`fuzz ${i}`)
			);
			expect(stored.status).toBe(201);
		}
	});
	afterAll(async () => {
		await server?.stop();
	});

	const healthy = async (what: string) =>
		expect((await fetch(`${server.url}/api/health`)).status, `health after ${what}`).toBe(200);

	it('answers every hostile form post with a 4xx, 200 or 303, and stays up', async () => {
		console.log(`admin fuzz: seed ${seed}, ${numRuns} form posts and ${numRuns} API requests`);
		const statuses = new Map<number, number>();
		await fc.assert(
			fc.asyncProperty(formPost, async ({ action, form, type }) => {
				const what = `${action} (${type}) ${form.what}`;
				let status: number;
				try {
					const response = await fetch(`${server.url}${action}`, {
						method: 'POST',
						redirect: 'manual',
						headers: {
							'content-type': type,
							accept: 'text/html',
							origin: server.url,
							cookie: admin
						},
						body: form.body
					});
					status = response.status;
					await response.arrayBuffer();
				} catch (e) {
					throw new Error(`${what}: no answer (${(e as Error).message})`);
				}
				statuses.set(status, (statuses.get(status) ?? 0) + 1);
				expect(
					[200, 303].includes(status) || (status >= 400 && status < 500),
					`${what} → ${status}`
				).toBe(true);
				await healthy(what);
			}),
			{ seed, numRuns }
		);
		console.log(
			`admin fuzz: form statuses ${JSON.stringify(Object.fromEntries([...statuses].sort()))}`
		);
		expect(server.output()).not.toContain('[error]');
	});

	it('answers every hostile query and id with JSON: 200 or a 4xx', async () => {
		const statuses = new Map<number, number>();
		await fc.assert(
			fc.asyncProperty(apiRequest, async ({ method, path }) => {
				const what = `${method} ${path.slice(0, 160)}`;
				let response: Response;
				try {
					response = await fetch(`${server.url}${path}`, {
						method,
						headers: { authorization: `Bearer ${TEST_TOKEN}` }
					});
				} catch (e) {
					throw new Error(`${what}: no answer (${(e as Error).message})`);
				}
				const text = await response.text();
				statuses.set(response.status, (statuses.get(response.status) ?? 0) + 1);
				const context = `${what} → ${response.status} ${text.slice(0, 200)}`;
				expect(
					response.status === 200 || (response.status >= 400 && response.status < 500),
					context
				).toBe(true);
				expect(response.headers.get('content-type') ?? '', context).toMatch(/^application\/json/);
				expect(() => JSON.parse(text) as unknown, context).not.toThrow();
				await healthy(what);
			}),
			{ seed, numRuns }
		);
		console.log(
			`admin fuzz: API statuses ${JSON.stringify(Object.fromEntries([...statuses].sort()))}`
		);
		expect(server.output()).not.toContain('[error]');
	});

	it('still works normally afterwards: no prototype was polluted', async () => {
		const overview = await fetch(`${server.url}/admin`, { headers: { cookie: admin } });
		expect(overview.status).toBe(200);
		const list = (await (await fetch(`${server.url}/api/surveys`)).json()) as object[];
		for (const item of list) expect(Object.keys(item).sort()).toEqual(['id', 'title', 'version']);
		const summary = (await (
			await fetch(`${server.url}/api/surveys/method-evaluation/summary`, {
				headers: { authorization: `Bearer ${TEST_TOKEN}` }
			})
		).json()) as Record<string, unknown>;
		expect(summary).not.toHaveProperty('polluted');
		expect(JSON.stringify(summary)).not.toContain('polluted');
		// An unknown key in a submission is still refused: a polluted prototype would change that.
		const refused = await postJson(`${server.url}/api/surveys/method-evaluation/responses`, {
			...goodSubmission('x'),
			polluted: 'yes'
		});
		expect(refused.status).toBe(400);
		// Only the three seeded answers (and none deleted by a random id).
		const page = (await (
			await fetch(`${server.url}/api/surveys/method-evaluation/responses`, {
				headers: { authorization: `Bearer ${TEST_TOKEN}` }
			})
		).json()) as { responses: unknown[] };
		expect(page.responses).toHaveLength(3);
	});
});
