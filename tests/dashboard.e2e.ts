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
 * A leader's numbers are perturbed (src/lib/summary/cell-key.ts): a count shows within D = 2 of
 * the truth, and a share, mean or median computed from such counts close to its true value.
 * Researchers' numbers are exact.
 */
const D = 2;
const nb = (text: string | null) => Number((text ?? '').replace(/[\s%]/g, '').replace(',', '.'));
/**
 * How far a protected mean of 150 answers, 30 at each of five points, can be from the truth: each
 * count moves by at most 2 (cell-key.ts PTABLE), at worst 28, 28, 28, 32, 32 for round 1: 3.08,
 * shown as 3.1. A bound of 0.1 failed in about 3 runs in 100 (3.1 − 3 is 0.1000…09 in floating
 * point, and a 3.1 or a 2.9 is that likely); the record keys are drawn anew each run.
 */
const MEAN_SHIFT = 0.15;
/**
 * The same for a cell of the method-evaluation table, 75 answers, 15 at each of five points: at
 * worst 13, 13, 13, 17, 17 for round 1 is 231/73 = 3.16, shown as 3.2 (and 2.8 the other way).
 * A bound of 0.2 failed about 6 runs in 10 000 (a 3.2 or a 2.8 comes 3 times in 10 000 per cell,
 * two round-1 cells, and 3.2 − 3 is 0.2000…02 in floating point). Round 2 (15, 15, 15, 30 at
 * 2–5) stays within 3.69 and 3.91.
 */
const CELL_MEAN_SHIFT = 0.25;

function near(text: string | null, truth: number, within: number) {
	const value = nb(text);
	expect(Number.isFinite(value), `"${text}" is a number`).toBe(true);
	expect(Math.abs(value - truth), `"${text}" within ${within} of ${truth}`).toBeLessThanOrEqual(
		within
	);
}

/**
 * 300 method evaluations: the first 150 in the dated round "Runde 1", the next 150 in "Runde 2",
 * opened later (changed with issue 15: the always-open default round is nobody's previous round,
 * so a change is only shown between dated rounds).
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
		round: round2 ? 'runde-2' : 'runde-1'
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
	for (const [name, slug, opensAt] of [
		['Runde 2', 'runde-2', '2026-05-01T09:00'],
		['Runde 1', 'runde-1', '2026-01-10T09:00']
	]) {
		const created = await postForm(
			server,
			'/admin/rounds?/create',
			{ surveyId: 'method-evaluation', name, slug, opensAt, closesAt: '', municipality: '' },
			admin
		);
		expect(created.status).toBe(200);
	}
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
		// A leader sees protected numbers: 300 responses perturbed by at most D (changed from an
		// exact 300 with issue 14: no exact n for a protected view).
		near(await page.getByTestId('response-count').textContent(), 300, D);
		expect(await page.getByTestId('disclosure').textContent()).toContain('justert litt tilfeldig');

		// Activity: 150 hackathon and 150 workshop of 300 → 50,0 % each (perturbed: 148–152 of
		// 298–302, so 49,0–51,0 %).
		const activity = page.locator('section[data-question="activity"] table');
		const hackathon = await activity
			.locator('tr', { hasText: 'Hackathon' })
			.locator('td')
			.allTextContents();
		near(hackathon[0], 150, D);
		near(hackathon[1], 50, 1);
		// Every chart has a table beside it that a screen reader can read.
		expect(await page.locator('[role="img"][aria-describedby]').count()).toBeGreaterThan(3);

		// Filter: citizens only (i % 3 = 1) → 100 responses; the filter is in the URL.
		await page.getByLabel('Målgruppe').selectOption('citizen');
		await page.getByRole('button', { name: 'Vis' }).click();
		await page.waitForURL(/audience=citizen/);
		near(await page.getByTestId('response-count').textContent(), 100, D);

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
		// Means from perturbed counts (30 a point, each within 2): see MEAN_SHIFT.
		const means = await row('reaction', 'Aktiviteten var nyttig for meg (Snitt)');
		near(means[0], 3, MEAN_SHIFT);
		near(means[1], 3.8, MEAN_SHIFT);
		expect(means[2]).toMatch(/^snitt \+0,[6-9]|^snitt \+1,0/);
		const n = await row('reaction', 'n');
		near(n[0], 150, D);
		near(n[1], 150, D);
		// "Not relevant" is left out of the mean: 4,0 in both rounds, not pulled towards 1 (every
		// answer on the scale is a 4, so no perturbation can move the mean).
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
		// Protected: means of perturbed counts (15 a point, each within 2): see CELL_MEAN_SHIFT.
		const useful = await cells('Aktiviteten var nyttig for meg');
		expect(Object.keys(useful)).toEqual([
			'Hackathon – Runde 1',
			'Hackathon – Runde 2',
			'Verksted (workshop) – Runde 1',
			'Verksted (workshop) – Runde 2'
		]);
		for (const [column, mean] of Object.entries(useful))
			near(mean, column.endsWith('Runde 2') ? 3.8 : 3, CELL_MEAN_SHIFT);
		expect(Object.values(await cells('Det var nok tid til oppgavene'))).toEqual([
			'4,0',
			'4,0',
			'4,0',
			'4,0'
		]);

		// A leader never sees free text, on the page or in what the page requests.
		expect(await page.content()).not.toContain('Hemmelig fritekst');
		expect(await page.getByText('Fritekst vises bare for forskere.').count()).toBeGreaterThan(0);

		// A municipality with one response is a group smaller than 5: no numbers, one neutral mark
		// (changed with issue 14 from "færre enn 5", which could be untrue of a perturbed count).
		await page.goto(`${server.url}/admin/surveys/method-evaluation?municipality=gjesdal`);
		expect(await page.getByTestId('suppressed').textContent()).toContain('For få svar');
		expect(await page.getByTestId('response-count').textContent()).toBe(':');
		// And Gjesdal is not offered as a filter: the list would say that someone there answered.
		await page.goto(`${server.url}/admin/surveys/method-evaluation`);
		// (Named, not coded, since issue 15: Trondheim and Bodø are offered, Gjesdal is not.)
		const offered = await page.getByLabel('Kommune').locator('option').allTextContents();
		expect(offered).toEqual(expect.arrayContaining(['Bodø', 'Trondheim – Tråante']));
		expect(offered).not.toContain('Gjesdal');
		expect(offered).not.toContain('gjesdal');
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
		// Protected for a leader (issue 14): perturbed, so within MEAN_SHIFT of 3.0 and 3.8.
		expect(asLeader.protected).toBe(true);
		expect(Math.abs(group(asLeader, 0).mean - 3)).toBeLessThanOrEqual(MEAN_SHIFT);
		expect(Math.abs(group(asLeader, 1).mean - 3.8)).toBeLessThanOrEqual(MEAN_SHIFT);
		near(String(group(asLeader, 0).n), 150, D);
		// "Not relevant" is counted apart: 100 of 300, out of n and the mean.
		const time = asLeader.summary.questions
			.find((q: { name: string }) => q.name === 'process')
			.rows.find((r: { value: string }) => r.value === 'time');
		expect(time).toMatchObject({ mean: 4, dontKnow: 0 });
		near(String(time.n), 200, D);
		near(String(time.notRelevant), 100, D);
		expect(JSON.stringify(asLeader)).not.toContain('Hemmelig fritekst');
		// Asked again, the same numbers to the last digit: nothing to average away.
		expect(await (await fetch(url, { headers: { cookie: leader } })).json()).toEqual(asLeader);

		const asToken = await (
			await fetch(url, { headers: { authorization: `Bearer ${TEST_TOKEN}` } })
		).json();
		const texts = asToken.summary.questions.find(
			(q: { name: string }) => q.name === 'what_worked'
		).texts;
		expect(texts).toHaveLength(300);
		// A researcher's token gets the exact numbers.
		expect(asToken.protected).toBe(false);
		expect(asToken.summary.n).toBe(300);
		expect(group(asToken, 0).mean).toBe(3);
		expect(group(asToken, 1).mean).toBe(3.8);

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

	it('refuses a leader what would undo the protection: exact numbers, times of day, unknown parameters', async () => {
		const leader = await signIn(server, 'lea', 'leader-password-1');
		const get = (query: string) =>
			fetch(`${server.url}/api/surveys/method-evaluation/summary?${query}`, {
				headers: { cookie: leader }
			});
		expect((await get('numbers=exact')).status).toBe(403);
		// Bisecting `to=` to the second found two views one response apart: days only.
		const instant = await get('to=2030-01-01T10:00:00Z');
		expect(instant.status).toBe(400);
		expect(((await instant.json()) as { error: string }).error).toMatch(/whole days/);
		expect((await get('to=2030-01-01')).status).toBe(200);
		expect((await get('audeince=citizen')).status).toBe(400);
		// The page too.
		const page = await fetch(
			`${server.url}/admin/surveys/method-evaluation?from=2026-01-01T00:00:00Z`,
			{ headers: { cookie: leader } }
		);
		expect(page.status).toBe(400);
		// A researcher may filter by the second, and ask for the protected numbers to share.
		const token = { authorization: `Bearer ${TEST_TOKEN}` };
		const exact = await fetch(
			`${server.url}/api/surveys/method-evaluation/summary?to=2030-01-01T10:00:00Z`,
			{ headers: token }
		);
		expect(exact.status).toBe(200);
		const shared = (await (
			await fetch(`${server.url}/api/surveys/method-evaluation/summary?numbers=protected`, {
				headers: token
			})
		).json()) as { protected: boolean; summary: { n: number } };
		expect(shared.protected).toBe(true);
		const asLeader = (await (await get('')).json()) as { summary: { n: number } };
		// The same view with protected numbers is the same for the researcher as for the leader.
		expect(shared.summary.n).toBe(asLeader.summary.n);
	});

	it('gives researchers numbers that agree exactly with the export', async () => {
		const token = { authorization: `Bearer ${TEST_TOKEN}` };
		const csv = await (
			await fetch(`${server.url}/api/surveys/method-evaluation/export.csv?audience=citizen`, {
				headers: token
			})
		).text();
		const [head, ...rows] = csv
			.trim()
			.split('\r\n')
			.map((line) => line.split(','));
		const column = (name: string) => rows.map((row) => row[head.indexOf(name)]);
		const summary = (await (
			await fetch(`${server.url}/api/surveys/method-evaluation/summary?audience=citizen`, {
				headers: token
			})
		).json()) as {
			summary: {
				n: number;
				questions: {
					name: string;
					counts?: { value: string; count: number }[];
					distribution?: { value: number; count: number }[];
					mean?: number;
					rows?: {
						value: string;
						distribution: { value: number; count: number }[];
						mean: number;
					}[];
				}[];
			};
		};
		expect(summary.summary.n).toBe(rows.length);
		const question = (name: string) => summary.summary.questions.find((q) => q.name === name)!;
		for (const c of question('activity').counts!)
			expect(c.count, String(c.value)).toBe(column('activity').filter((v) => v === c.value).length);
		const usefulness = column('reaction_useful_for_me').map(Number);
		expect(usefulness.length).toBeGreaterThan(0);
		const useful = question('reaction').rows!.find((r) => r.value === 'useful_for_me')!;
		for (const d of useful.distribution)
			expect(d.count, String(d.value)).toBe(usefulness.filter((v) => v === d.value).length);
		const mean = usefulness.reduce((a, b) => a + b, 0) / usefulness.length;
		expect(useful.mean).toBe(Math.round(mean * 10) / 10);
	});
});
