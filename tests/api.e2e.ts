import { copyFile, readFile, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { segmentFileName } from '../src/lib/server/store';
import { fingerprint } from './support/data';
import pg from 'pg';
import { testDatabase } from './support/postgres';
import {
	postJson,
	startServer,
	stores,
	tempDir,
	TEST_TOKEN,
	type TestServer
} from './support/server';

const surveys = resolve(import.meta.dirname, '../surveys');

const good = {
	answers: {
		activity: 'hackathon',
		reaction: { useful_for_me: 4, take_part_again: 'not_relevant' },
		what_worked: 'Gode data; «bra»'
	},
	audience: 'citizen',
	municipality: 'bodo',
	locale: 'nb'
};

describe.each(stores)('the HTTP API of the built server (%s store)', (store) => {
	let server: TestServer;
	let responsesUrl: string;

	beforeAll(async () => {
		server = await startServer({ store });
		responsesUrl = `${server.url}/api/surveys/method-evaluation/responses`;
	});
	afterAll(async () => {
		await server?.stop();
	});

	it('reports health', async () => {
		const response = await fetch(`${server.url}/api/health`);
		expect(response.status).toBe(200);
		expect(await response.json()).toEqual({ ok: true });
	});

	it('lists the open questionnaires with id, version and title', async () => {
		const list = (await (await fetch(`${server.url}/api/surveys`)).json()) as {
			id: string;
			version: string;
			title: string;
		}[];
		// The follow-up is answerable by link, so it is listed here, though not on the start page.
		expect(list.map((s) => s.id).sort()).toEqual([
			'barriers',
			'maturity',
			'method-evaluation',
			'method-follow-up'
		]);
		for (const item of list) {
			expect(item.version).toMatch(/^[a-f0-9]{12}$/);
			expect(item.title.length).toBeGreaterThan(5);
		}
	});

	it('serves a definition with its version', async () => {
		const body = (await (await fetch(`${server.url}/api/surveys/barriers`)).json()) as Record<
			string,
			unknown
		>;
		expect(body.id).toBe('barriers');
		expect(body.version).toMatch(/^[a-f0-9]{12}$/);
		expect((body.json as { pages: unknown[] }).pages.length).toBeGreaterThan(2);
	});

	it('answers 404 for an unknown questionnaire', async () => {
		expect((await fetch(`${server.url}/api/surveys/nope`)).status).toBe(404);
		const posted = await postJson(`${server.url}/api/surveys/nope/responses`, good);
		expect(posted.status).toBe(404);
		expect(posted.body.error).toContain('nope');
	});

	// Each row: what is wrong, the raw body or object, extra headers, status, a fragment of the message.
	const refused: [string, unknown, Record<string, string>, number, RegExp][] = [
		['malformed JSON', '{"answers": {', {}, 400, /ikke gyldig JSON/],
		['not JSON at all', 'answers=1', {}, 400, /ikke gyldig JSON/],
		[
			'wrong content type',
			JSON.stringify(good),
			{ 'content-type': 'text/xml' },
			415,
			/application\/json/
		],
		// SvelteKit refuses form posts from other origins (403); from our own, the API refuses them.
		[
			'form content type from another origin',
			'a=1',
			{ 'content-type': 'application/x-www-form-urlencoded', origin: 'http://evil.invalid' },
			403,
			/Cross-site/
		],
		['an unknown field', { ...good, ip: '1.2.3.4' }, {}, 400, /ip/],
		['an audience that does not exist', { ...good, audience: 'alien' }, {}, 400, /audience/],
		[
			'a municipality that is not a slug',
			{ ...good, municipality: 'Bodø kommune' },
			{},
			400,
			/municipality/
		],
		['a bad clientResponseId', { ...good, clientResponseId: 'x' }, {}, 400, /clientResponseId/],
		['answers that are a list', { ...good, answers: [1, 2] }, {}, 422, /passer ikke/],
		[
			'an unknown question',
			{ ...good, answers: { ...good.answers, hacker: 1 } },
			{},
			422,
			/passer ikke/
		],
		[
			'a choice that is not offered',
			{ ...good, answers: { activity: 'fax' } },
			{},
			422,
			/passer ikke/
		],
		[
			'a rating off the scale',
			{ ...good, answers: { ...good.answers, reaction: { useful_for_me: 6 } } },
			{},
			422,
			/passer ikke/
		],
		[
			'a required question missing',
			{ ...good, answers: { reaction: { useful_for_me: 3 } } },
			{},
			422,
			/passer ikke/
		],
		[
			'a text over its limit',
			{ ...good, answers: { ...good.answers, what_worked: 'x'.repeat(2001) } },
			{},
			422,
			/passer ikke/
		],
		['an unknown version', { ...good, surveyVersion: 'aaaaaaaaaaaa' }, {}, 422, /surveyVersion/],
		[
			'a body over the size limit',
			{ ...good, answers: { what_worked: 'x'.repeat(300_000) } },
			{},
			413,
			/for stor/
		]
	];

	it.each(refused)(
		'refuses %s with the right status and a message, storing nothing',
		async (_what, body, headers, status, message) => {
			const before = await fingerprint(server.dataDir);
			const response = await postJson(responsesUrl, body, headers);
			expect(response.status).toBe(status);
			expect(String(response.body.error ?? response.body.raw)).toMatch(message);
			expect(await fingerprint(server.dataDir)).toBe(before);
		}
	);

	it('says what is wrong with each answer, in the language asked for', async () => {
		const response = await postJson(`${responsesUrl}?lang=en`, {
			...good,
			locale: 'en',
			answers: { activity: 'fax', reaction: { useful_for_me: 6 } }
		});
		expect(response.status).toBe(422);
		expect(response.body.error).toBe('The answers do not fit the questionnaire.');
		expect(response.body.details).toEqual([
			{
				question: 'activity',
				code: 'notAChoice',
				message: 'The value "fax" is not one of the choices.'
			},
			{
				question: 'reaction.useful_for_me',
				code: 'unknownColumn',
				message: 'The column 6 does not exist in this question.'
			}
		]);
	});

	it('refuses an audience the questionnaire is not for', async () => {
		const response = await postJson(`${server.url}/api/surveys/maturity/responses`, {
			...good,
			answers: {}
		});
		expect(response.status).toBe(422);
		expect(response.body.error).toMatch(/citizen/);
	});

	it('stores a good answer once per clientResponseId, and serves it back with the token', async () => {
		const body = { ...good, clientResponseId: 'e2e-client-0001' };
		const first = await postJson(responsesUrl, body);
		expect(first.status).toBe(201);
		expect(first.body.receipt).toMatch(/^[0-9A-Z]{4}-[0-9A-Z]{4}-[0-9A-Z]{4}$/);
		const again = await postJson(responsesUrl, body);
		expect(again).toEqual(first);

		const unauthorised = await fetch(responsesUrl);
		expect(unauthorised.status).toBe(401);
		expect((await fetch(responsesUrl, { headers: { authorization: 'Bearer wrong' } })).status).toBe(
			401
		);

		const listed = (await (
			await fetch(responsesUrl, { headers: { authorization: `Bearer ${TEST_TOKEN}` } })
		).json()) as { responses: Record<string, unknown>[]; nextCursor: string | null };
		const mine = listed.responses.filter((r) => r.id === first.body.id);
		expect(mine).toHaveLength(1);
		expect(mine[0]).toMatchObject({
			surveyId: 'method-evaluation',
			answers: good.answers,
			audience: 'citizen',
			municipality: 'bodo',
			locale: 'nb'
		});
		expect(mine[0]).not.toHaveProperty('receipt');
		expect(mine[0]).not.toHaveProperty('clientResponseId');
	});

	it('pages through responses with a cursor, none skipped or repeated', async () => {
		for (let i = 0; i < 4; i++) {
			expect(
				(
					await postJson(responsesUrl, {
						...good,
						answers: { ...good.answers, what_worked: `svar ${i}` }
					})
				).status
			).toBe(201);
		}
		const seen: string[] = [];
		let cursor: string | null = '';
		let pages = 0;
		while (cursor !== null) {
			const url = `${responsesUrl}?limit=2${cursor ? `&cursor=${cursor}` : ''}`;
			const page = (await (
				await fetch(url, { headers: { authorization: `Bearer ${TEST_TOKEN}` } })
			).json()) as {
				responses: { id: string }[];
				nextCursor: string | null;
			};
			seen.push(...page.responses.map((r) => r.id));
			cursor = page.nextCursor;
			pages++;
		}
		expect(seen.length).toBeGreaterThanOrEqual(5);
		expect(new Set(seen).size).toBe(seen.length);
		expect(pages).toBe(Math.ceil(seen.length / 2));
		const badLimit = await fetch(`${responsesUrl}?limit=0`, {
			headers: { authorization: `Bearer ${TEST_TOKEN}` }
		});
		expect(badLimit.status).toBe(400);
	});

	it('never logs answers', () => {
		expect(server.output()).not.toContain('Gode data');
		expect(server.output()).not.toContain('svar 1');
	});
});

describe('start-up', () => {
	it('reports a questionnaire SurveyJS cannot load, and one with a duplicate name, and serves the rest', async () => {
		const folder = await tempDir('odb-surveys-');
		await copyFile(join(surveys, 'method-evaluation.json'), join(folder, 'method-evaluation.json'));
		await writeFile(
			join(folder, 'broken.json'),
			JSON.stringify({ elements: [{ type: 'no-such-type', name: 'q' }] })
		);
		await writeFile(
			join(folder, 'twice.json'),
			JSON.stringify({
				elements: [
					{ type: 'text', name: 'q' },
					{ type: 'comment', name: 'q' }
				]
			})
		);
		await writeFile(join(folder, 'garbled.json'), '{ "elements": [');
		const server = await startServer({ surveysDir: folder });
		try {
			const list = (await (await fetch(`${server.url}/api/surveys`)).json()) as { id: string }[];
			expect(list.map((s) => s.id)).toEqual(['method-evaluation']);
			const output = server.output();
			expect(output).toMatch(/broken\.json.*SurveyJS cannot load it.*no-such-type/);
			expect(output).toMatch(/twice\.json \(q\): the question name is used twice/);
			expect(output).toMatch(/garbled\.json: not valid JSON/);
		} finally {
			await server.stop();
		}
	});

	it('refuses a second server on the same data folder, saying why', async () => {
		const first = await startServer();
		try {
			const second = await startServer({ dataDir: first.dataDir, expectExit: true });
			expect(second.process.exitCode).toBe(1);
			expect(second.output()).toMatch(/already in use by another process/);
			expect((await fetch(`${first.url}/api/health`)).status).toBe(200);
		} finally {
			await first.stop();
		}
	});

	it('stops on a damaged data file, naming it, and does not touch it', async () => {
		const first = await startServer();
		expect(
			(await postJson(`${first.url}/api/surveys/method-evaluation/responses`, good)).status
		).toBe(201);
		await first.stop();
		// Damaged on purpose, the way a crash of the disk (not of the store) leaves a file: cut
		// off in the middle. The only writing of a data file outside the store, and its point.
		const file = join(first.dataDir, 'responses', segmentFileName(1));
		await writeFile(file, '{"format":"odb-responses/1","responses":[{"id"');
		const second = await startServer({ dataDir: first.dataDir, expectExit: true });
		expect(second.process.exitCode).toBe(1);
		expect(second.output()).toContain(file);
		expect(second.output()).toMatch(/damaged/);
		expect(await readFile(file, 'utf8')).toBe('{"format":"odb-responses/1","responses":[{"id"');
	});

	it.each(stores)('keeps every acknowledged answer across a restart (%s store)', async (store) => {
		const first = await startServer({ store });
		const ids = [];
		for (let i = 0; i < 3; i++)
			ids.push(
				(await postJson(`${first.url}/api/surveys/method-evaluation/responses`, good)).body.id
			);
		await first.stop();
		const second = await startServer({
			dataDir: first.dataDir,
			databaseUrl: first.databaseUrl ?? undefined
		});
		try {
			const listed = (await (
				await fetch(`${second.url}/api/surveys/method-evaluation/responses`, {
					headers: { authorization: `Bearer ${TEST_TOKEN}` }
				})
			).json()) as { responses: { id: string }[] };
			expect(listed.responses.map((r) => r.id)).toEqual(ids);
		} finally {
			await second.stop();
		}
	});

	it('refuses a database whose schema is newer than it knows, saying so, and changes nothing', async () => {
		const databaseUrl = await testDatabase();
		const client = new pg.Client({ connectionString: databaseUrl });
		await client.connect();
		try {
			await client.query(
				'CREATE TABLE schema_version (version int PRIMARY KEY, applied_at timestamptz)'
			);
			await client.query('INSERT INTO schema_version VALUES (1000, now())');
			const server = await startServer({ databaseUrl, expectExit: true });
			expect(server.process.exitCode).toBe(1);
			expect(server.output()).toMatch(
				/schema is at version 1000, newer than this version of the app knows/
			);
			const { rows } = await client.query(
				"SELECT table_name FROM information_schema.tables WHERE table_schema = 'public'"
			);
			expect(rows.map((r) => r.table_name)).toEqual(['schema_version']);
		} finally {
			await client.end();
		}
	});
});
