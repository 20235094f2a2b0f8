import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
	ADMIN_PASSWORD,
	postForm,
	postJson,
	signIn,
	startServer,
	tempDir,
	TEST_TOKEN,
	type TestServer
} from './support/server';

/**
 * A series break that must survive a restart. Version 1 of a questionnaire offers bus, bicycle
 * and "don't know"; version 2 (published with a confirmed breaking change) drops the bicycle.
 * Round 1 is answered on version 1, round 2 on version 2. After the server restarts, only the
 * current version is in memory: the dashboard must still read version 1 from the archive and
 * refuse to compute a change of "transport" between the rounds (the share of bus riders would
 * otherwise rise from 50 % to 100 % only because the bicycle was no longer offered).
 */
const auth = { authorization: `Bearer ${TEST_TOKEN}` };
const t = (nb: string, nn: string, en: string) => ({ nb, nn, en });
const ROUND_1 = 'runde-en';
const ROUND_2 = 'runde-to';

function travel(withBike: boolean) {
	return {
		title: t('Reisevaner', 'Reisevanar', 'Travel habits'),
		pages: [
			{
				name: 'travel',
				title: t('Reisen', 'Reisa', 'The journey'),
				elements: [
					{
						type: 'radiogroup',
						name: 'transport',
						isRequired: true,
						title: t(
							'Hvordan reiser du til jobb?',
							'Korleis reiser du til jobb?',
							'How do you get to work?'
						),
						choices: [
							{ value: 'bus', text: t('Buss', 'Buss', 'Bus') },
							...(withBike ? [{ value: 'bike', text: t('Sykkel', 'Sykkel', 'Bicycle') }] : []),
							{ value: 'dont_know', text: t('Vet ikke', 'Veit ikkje', "Don't know") }
						]
					},
					{
						type: 'rating',
						name: 'satisfied',
						title: t('Hvor fornøyd er du?', 'Kor nøgd er du?', 'How satisfied are you?'),
						rateMin: 1,
						rateMax: 5
					}
				]
			}
		]
	};
}

async function send(
	server: TestServer,
	method: string,
	path: string,
	body?: unknown
): Promise<{ status: number; body: Record<string, unknown> }> {
	const response = await fetch(`${server.url}${path}`, {
		method,
		headers: { 'content-type': 'application/json', ...auth },
		body: body === undefined ? undefined : JSON.stringify(body)
	});
	return { status: response.status, body: (await response.json()) as Record<string, unknown> };
}

async function answer(
	server: TestServer,
	round: string,
	n: number,
	transport: (i: number) => string
) {
	const sent = await Promise.all(
		Array.from({ length: n }, (_, i) =>
			postJson(`${server.url}/api/surveys/travel/responses`, {
				answers: { transport: transport(i), satisfied: (i % 5) + 1 },
				audience: 'citizen',
				municipality: 'bodo',
				round,
				locale: 'nb'
			})
		)
	);
	expect(sent.map((r) => r.status)).toEqual(Array(n).fill(201));
}

interface Summary {
	choices: { rounds: { id: string; label: string }[] };
	breaks: { question: string; from: string; to: string }[];
	changes: { question: string; from: string; to: string }[];
}

let server: TestServer;
let dataDir: string;
let surveysDir: string;

beforeAll(async () => {
	[dataDir, surveysDir] = await Promise.all([tempDir(), tempDir('odb-surveys-')]);
	server = await startServer({ dataDir, surveysDir });
	expect(
		(await send(server, 'POST', '/api/surveys', { id: 'travel', json: travel(true) })).status
	).toBe(201);
	expect((await send(server, 'POST', '/api/surveys/travel/publish', {})).status).toBe(201);
	const admin = await signIn(server, 'admin', ADMIN_PASSWORD);
	for (const [name, slug, opensAt] of [
		['Runde 1', ROUND_1, '2026-02-01T09:00'],
		['Runde 2', ROUND_2, '2026-06-01T09:00']
	]) {
		const created = await postForm(
			server,
			'/admin/rounds?/create',
			{ surveyId: 'travel', name, slug, opensAt, closesAt: '', municipality: '' },
			admin
		);
		expect(created.status).toBe(200);
	}
	await answer(server, ROUND_1, 20, (i) => (i % 2 === 0 ? 'bus' : 'bike'));
	expect(
		(await send(server, 'PUT', '/api/surveys/travel/draft', { json: travel(false) })).status
	).toBe(200);
	const published = await send(server, 'POST', '/api/surveys/travel/publish', {
		confirm: true,
		reason: 'Sykkel hører hjemme i et eget spørsmål'
	});
	expect(published.status).toBe(201);
	await answer(server, ROUND_2, 20, () => 'bus');
}, 120_000);

afterAll(async () => {
	await server?.stop();
});

const summary = async () => {
	const got = await send(server, 'GET', '/api/surveys/travel/summary?compare=round');
	expect(got.status).toBe(200);
	return got.body as unknown as Summary;
};

describe('a question asked differently in two rounds', () => {
	it('is a break in the series, with no change computed, before and after a restart', async () => {
		const before = await summary();
		const id = (label: string) => before.choices.rounds.find((r) => r.label === label)?.id;
		const expected = { question: 'transport', from: id('Runde 1'), to: id('Runde 2') };
		expect(expected.from).toBeTruthy();
		expect(before.breaks).toEqual([expected]);
		expect(before.changes.filter((c) => c.question === 'transport')).toEqual([]);
		// The unchanged rating is still compared: the series itself is there.
		expect(before.changes.filter((c) => c.question === 'satisfied').length).toBeGreaterThan(0);

		// A restart forgets every version but the current one.
		expect(await server.stop()).toBe(0);
		server = await startServer({ dataDir, surveysDir });
		const after = await summary();
		expect(after.breaks).toEqual([expected]);
		expect(after.changes.filter((c) => c.question === 'transport')).toEqual([]);
		expect(after.changes.filter((c) => c.question === 'satisfied').length).toBeGreaterThan(0);

		// The page says so under the question, and draws no change for it.
		const admin = await signIn(server, 'admin', ADMIN_PASSWORD);
		const page = await fetch(`${server.url}/admin/surveys/travel?compare=round`, {
			headers: { cookie: admin }
		});
		expect(page.status).toBe(200);
		const html = await page.text();
		expect(html).toContain('Runde 1');
		expect(html).toMatch(/Hvordan reiser du til jobb\?[\s\S]*spørsmålet ble endret/i);
	}, 120_000);
});
