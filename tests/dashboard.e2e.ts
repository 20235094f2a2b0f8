import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { contextFor, launchBrowser } from './support/browser';
import {
	ADMIN_PASSWORD,
	postForm,
	postJson,
	signIn,
	startServer,
	TEST_TOKEN,
	type TestServer
} from './support/server';

let server: TestServer;
let browser: Browser;
const audiences = ['business', 'citizen', 'voluntary'] as const;

/**
 * 300 method evaluations: the first 150 in the default round, the next 150 in "Runde 2".
 * "Useful to me" in round 1 cycles 1, 2, 3, 4, 5 (mean 3.0); in round 2 it cycles 2, 3, 4, 5, 5
 * (mean 19 / 5 = 3.8), so the change between rounds is +0.8. "Enough time" is 4 for two in three
 * and "not relevant" for the third, which must leave its mean at 4.0.
 */
function seeded(i: number) {
	const round2 = i >= 150;
	return {
		answers: {
			activity: i % 2 === 0 ? 'hackathon' : 'workshop',
			reaction: { useful_for_me: round2 ? Math.min(5, (i % 5) + 2) : (i % 5) + 1 },
			process: { time: i % 3 === 0 ? 'not_relevant' : 4 },
			what_worked: `Hemmelig fritekst nr ${i}`
		},
		audience: audiences[i % 3],
		municipality: i === 0 ? 'gjesdal' : i % 2 === 0 ? 'trondheim' : 'bodo',
		...(round2 ? { round: 'runde-2' } : {})
	};
}

beforeAll(async () => {
	// No rate limit: the seeding sends 300 answers from one address within seconds.
	[server, browser] = await Promise.all([
		startServer({ env: { SUBMIT_RATE_LIMIT: '0' } }),
		launchBrowser()
	]);
	const admin = await signIn(server, 'admin', ADMIN_PASSWORD);
	expect(
		(
			await postForm(
				server,
				'/admin/users?/create',
				{ username: 'lea', role: 'leader', password: 'leader-password-1' },
				admin
			)
		).status
	).toBe(200);
	const created = await postForm(
		server,
		'/admin/rounds?/create',
		{
			surveyId: 'method-evaluation',
			name: 'Runde 2',
			slug: 'runde-2',
			opensAt: '',
			closesAt: '',
			municipality: ''
		},
		admin
	);
	expect(created.status).toBe(200);
	for (let i = 0; i < 300; i += 25) {
		const batch = await Promise.all(
			Array.from({ length: 25 }, (_, k) =>
				postJson(`${server.url}/api/surveys/method-evaluation/responses`, seeded(i + k))
			)
		);
		expect(batch.every((r) => r.status === 201)).toBe(true);
	}
}, 120_000);

afterAll(async () => {
	await browser?.close();
	await server?.stop();
});

describe('the dashboard, for a project leader', () => {
	it('shows every question, filters by audience, compares rounds, and hides free text', async () => {
		const { context, foreignRequests } = await contextFor(browser, server.url);
		const page = await context.newPage();
		await page.goto(`${server.url}/admin`);
		await page.getByLabel('Brukernavn').fill('lea');
		await page.getByLabel('Passord').fill('leader-password-1');
		await page.getByRole('button', { name: 'Logg inn' }).click();
		await page.getByRole('link', { name: 'Resultater' }).nth(2).click();
		await page
			.getByRole('heading', { name: /Resultater: Evaluering av samskapingsaktivitet/ })
			.waitFor();
		expect(await page.getByTestId('response-count').textContent()).toBe('300');

		// Activity: 150 hackathon and 150 workshop of 300 → 50,0 % each.
		const activity = page.locator('section[data-question="activity"] table');
		expect(
			await activity.locator('tr', { hasText: 'Hackathon' }).locator('td').allTextContents()
		).toEqual(['150', '50,0 %']);
		// Every chart has a table beside it that a screen reader can read.
		expect(await page.locator('[role="img"][aria-describedby]').count()).toBeGreaterThan(3);

		// Filter: citizens only (i % 3 = 1) → 100 responses; the filter is in the URL.
		await page.getByLabel('Målgruppe').selectOption('citizen');
		await page.getByRole('button', { name: 'Vis' }).click();
		await page.waitForURL(/audience=citizen/);
		expect(await page.getByTestId('response-count').textContent()).toBe('100');

		// Compare rounds (all audiences): "useful to me" means 3,0 and 3,8, change +0,8.
		await page.getByLabel('Målgruppe').selectOption('');
		await page.getByLabel('Sammenlign').selectOption('round');
		await page.getByRole('button', { name: 'Vis' }).click();
		await page.waitForURL(/compare=round/);
		const row = (question: string, header: string) =>
			page
				.locator(`section[data-question="${question}"] table tr`)
				.filter({ has: page.getByRole('rowheader', { name: header, exact: true }) })
				.locator('td')
				.allTextContents();
		expect(await row('reaction', 'Aktiviteten var nyttig for meg (Snitt)')).toEqual([
			'3,0',
			'3,8',
			'snitt +0,8'
		]);
		expect(await row('reaction', 'n')).toEqual(['150', '150', '±0']);
		// "Not relevant" is left out of the mean: 4,0 in both rounds, not pulled towards 1.
		expect(await row('process', 'Det var nok tid til oppgavene (Snitt)')).toEqual([
			'4,0',
			'4,0',
			'snitt ±0,0'
		]);

		// The method-evaluation view: one row per item, one column per activity and round.
		const evaluation = page
			.getByRole('table')
			.filter({ has: page.getByText('Metodeevaluering per aktivitet og runde', { exact: true }) });
		const columns = await evaluation.locator('thead th').allTextContents();
		const cells = async (header: string) => {
			const values = await evaluation
				.locator('tbody tr')
				.filter({ has: page.getByRole('rowheader', { name: header, exact: true }) })
				.locator('td')
				.allTextContents();
			return Object.fromEntries(values.map((v, i) => [columns[i + 1], v]));
		};
		// 75 responses in each activity and round: hackathon (even i) and workshop (odd i) both
		// cycle through all five values in each round.
		expect(await cells('Aktiviteten var nyttig for meg')).toEqual({
			'Hackathon – Standardrunde (alltid åpen)': '3,0',
			'Hackathon – Runde 2': '3,8',
			'Verksted (workshop) – Standardrunde (alltid åpen)': '3,0',
			'Verksted (workshop) – Runde 2': '3,8'
		});
		expect(Object.values(await cells('Det var nok tid til oppgavene'))).toEqual([
			'4,0',
			'4,0',
			'4,0',
			'4,0'
		]);

		// A leader never sees free text, on the page or in what the page requests.
		expect(await page.content()).not.toContain('Hemmelig fritekst');
		expect(await page.getByText('Fritekst vises bare for forskere.').count()).toBeGreaterThan(0);

		// A municipality with one response is a group smaller than 5: no numbers.
		await page.goto(`${server.url}/admin/surveys/method-evaluation?municipality=gjesdal`);
		expect(await page.getByTestId('suppressed').textContent()).toContain('færre enn 5');
		expect(await page.getByTestId('response-count').textContent()).toBe('færre enn 5');
		expect(foreignRequests).toEqual([]);
		await context.close();
	});

	it('gives the same numbers as JSON, free text only with a researcher token', async () => {
		const leader = await signIn(server, 'lea', 'leader-password-1');
		const url = `${server.url}/api/surveys/method-evaluation/summary?compare=round`;
		const asLeader = await (await fetch(url, { headers: { cookie: leader } })).json();
		const group = (body: typeof asLeader, i: number) =>
			body.groups[i].summary.questions
				.find((q: { name: string }) => q.name === 'reaction')
				.rows.find((r: { value: string }) => r.value === 'useful_for_me');
		expect(group(asLeader, 0)).toMatchObject({ mean: 3, n: 150 });
		expect(group(asLeader, 1)).toMatchObject({ mean: 3.8, n: 150 });
		// "Not relevant" is counted apart: 50 of 150 in each round, out of n and the mean.
		const time = asLeader.summary.questions
			.find((q: { name: string }) => q.name === 'process')
			.rows.find((r: { value: string }) => r.value === 'time');
		expect(time).toMatchObject({ n: 200, mean: 4, notRelevant: 100, dontKnow: 0 });
		expect(JSON.stringify(asLeader)).not.toContain('Hemmelig fritekst');

		const asToken = await (
			await fetch(url, { headers: { authorization: `Bearer ${TEST_TOKEN}` } })
		).json();
		const texts = asToken.summary.questions.find(
			(q: { name: string }) => q.name === 'what_worked'
		).texts;
		expect(texts).toHaveLength(300);

		const small = await (
			await fetch(`${server.url}/api/surveys/method-evaluation/summary?municipality=gjesdal`, {
				headers: { cookie: leader }
			})
		).json();
		expect(small.summary).toMatchObject({ n: null, suppressed: true });
		expect(JSON.stringify(small)).not.toMatch(/"count":[1-9]/);

		expect((await fetch(url)).status).toBe(401);
		expect(
			(
				await fetch(`${server.url}/api/surveys/method-evaluation/summary?from=yesterday`, {
					headers: { cookie: leader }
				})
			).status
		).toBe(400);
	});
});
