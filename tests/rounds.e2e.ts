import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { axeViolations, describeViolations } from './support/axe';
import { contextFor, launchBrowser } from './support/browser';
import { ensureReaders } from './support/bundle';
import {
	ADMIN_PASSWORD,
	seedLeaderAndRounds,
	postJson,
	signIn,
	startServer,
	tempDir,
	TEST_TOKEN,
	type TestServer
} from './support/server';

const run = promisify(execFile);

let server: TestServer;
let browser: Browser;

/**
 * Two dated rounds of the method evaluation, 100 responses each: 50 from businesses and 50 from
 * residents, activities alternating, "enough time" always 4.
 *
 * "Useful to me", businesses: round 1 cycles 1, 2, 3, 4, 5 (mean 3.0, sd √(2 · 50/49) = 1.43);
 * round 2 cycles 3, 4, 5, 5, 5 (mean 4.4, sd 0.81). The change is +1.4 with a standard error of
 * √(2.04/50 + 0.65/50) = 0.23: t ≈ 6, a change no correction for a page of comparisons can call
 * chance. Residents: 1–5 in both rounds, a change of 0 (give or take the perturbation).
 */
const ROUND_1 = 'vaar-2026';
const ROUND_2 = 'sommer-2026';
function seeded(i: number) {
	const round2 = i >= 100;
	const business = i % 2 === 0;
	const k = Math.floor(i / 2) % 5;
	const useful = business && round2 ? [3, 4, 5, 5, 5][k] : k + 1;
	return {
		answers: {
			activity: Math.floor(i / 10) % 2 === 0 ? 'hackathon' : 'workshop',
			reaction: { useful_for_me: useful },
			process: { time: 4 },
			...(i % 4 === 0 ? { what_worked: `Fritekst nummer ${i}` } : {})
		},
		audience: business ? 'business' : 'citizen',
		municipality: 'trondheim',
		round: round2 ? ROUND_2 : ROUND_1
	};
}

beforeAll(async () => {
	[server, browser] = await Promise.all([
		startServer({ env: { SUBMIT_RATE_LIMIT: '0' } }),
		launchBrowser()
	]);
	const admin = await signIn(server, 'admin', ADMIN_PASSWORD);
	// Made in the opposite order of their opening: the dashboard orders by opening, not by making.
	await seedLeaderAndRounds(server, admin, [
		['Sommer 2026', ROUND_2, '2026-06-01T09:00'],
		['Vår 2026', ROUND_1, '2026-02-01T09:00']
	]);
	for (let i = 0; i < 200; i += 25) {
		const batch = await Promise.all(
			Array.from({ length: 25 }, (_, k) =>
				postJson(`${server.url}/api/surveys/method-evaluation/responses`, seeded(i + k))
			)
		);
		expect(batch.map((r) => r.status)).toEqual(Array(25).fill(201));
	}
}, 120_000);

afterAll(async () => {
	await browser?.close();
	await server?.stop();
});

async function signedInPage(): Promise<{ page: Page; done: () => Promise<string[]> }> {
	const { context, foreignRequests } = await contextFor(browser, server.url);
	const page = await context.newPage();
	await page.goto(`${server.url}/admin`);
	await page.getByLabel('Brukernavn').fill('lea');
	await page.getByLabel('Passord').fill('leader-password-1');
	await page.getByRole('button', { name: 'Logg inn' }).click();
	await page.waitForURL(/\/admin(\/|$)/);
	return {
		page,
		done: async () => {
			await context.close();
			return foreignRequests;
		}
	};
}

describe('what changed between rounds, for a project leader', () => {
	it('states a real change as significant, with n and its interval, linked to its question', async () => {
		const { page, done } = await signedInPage();
		await page.goto(`${server.url}/admin/surveys/method-evaluation?audience=business`);
		const headline = page.getByTestId('what-changed');
		await headline.waitFor();
		expect(await headline.getByRole('heading').textContent()).toBe(
			'Hva har endret seg siden forrige runde'
		);
		const intro = await headline.locator('p').first().textContent();
		expect(intro).toContain('Fra Vår 2026 til Sommer 2026');
		expect(intro).toMatch(/\d+ av \d+ sammenligninger viser en signifikant endring/);
		const about = headline
			.getByTestId('significant-change')
			.filter({ hasText: 'Aktiviteten var nyttig for meg' });
		// The whole round's change, and (the method evaluation runs two activities a round) the
		// same item within an activity, named by the activity first. Within an activity the rounds
		// have 25 answers each, so after Holm (and the protection's noise) its change is significant
		// in most runs but not all; it is then the largest of those that may be chance, and named
		// there. The whole round's (50 and 50) is significant in every run.
		const withinActivity = /(Hackathon|Verksted \(workshop\)) – Aktiviteten var nyttig/;
		const named = headline
			.locator('[data-testid="significant-change"], [data-testid="uncertain-change"]')
			.filter({ hasText: withinActivity });
		expect(await named.count()).toBeGreaterThanOrEqual(1);
		const sentence = about.filter({ hasNotText: withinActivity });
		expect(await sentence.count()).toBe(1);
		const text = (await sentence.textContent()) ?? '';
		// Protected numbers: means of perturbed counts (10 a point, each within 2 of the truth).
		const [, before, after, change, low, high, n1, n2] =
			/snittet gikk opp fra (\d,\d) til (\d,\d) \(\+(\d,\d); 95 % KI (\d,\d) til (\d,\d); n = (\d+) og (\d+)\)/.exec(
				text
			) ?? [];
		const num = (s: string) => Number(s.replace(',', '.'));
		expect(Math.abs(num(before) - 3)).toBeLessThanOrEqual(0.3);
		expect(Math.abs(num(after) - 4.4)).toBeLessThanOrEqual(0.3);
		expect(Math.abs(num(change) - 1.4)).toBeLessThanOrEqual(0.4);
		expect(num(low)).toBeGreaterThan(0);
		expect(num(low)).toBeLessThan(num(change));
		expect(num(high)).toBeGreaterThan(num(change));
		expect(Math.abs(Number(n1) - 50)).toBeLessThanOrEqual(2);
		expect(Math.abs(Number(n2) - 50)).toBeLessThanOrEqual(2);
		// Linked to its question on the page.
		expect(await sentence.getByRole('link').getAttribute('href')).toBe('#q-reaction');
		expect(await page.locator('#q-reaction').count()).toBe(1);

		// Compared by round, the change column says the same, in words.
		await page.goto(
			`${server.url}/admin/surveys/method-evaluation?audience=business&compare=round`
		);
		const cells = await page
			.locator('section[data-question="reaction"] table tr')
			.filter({
				has: page.getByRole('rowheader', { name: 'Aktiviteten var nyttig for meg (Snitt)' })
			})
			.locator('td')
			.allTextContents();
		expect(cells).toHaveLength(3);
		expect(cells[2]).toMatch(
			/^snitt \+1,[0-9] \(95 % KI \d,\d til \d,\d; p (<|=) \d,\d{3}; signifikant\)$/
		);
		const columns = await page
			.locator('section[data-question="reaction"] table thead th')
			.allTextContents();
		expect(columns.slice(1)).toEqual([
			'Vår 2026',
			'Sommer 2026',
			'Endring fra forrige runde (Sommer 2026)'
		]);
		// Each mean's interval in a row under it; a trend over the dated rounds with interval
		// bands beside the table, described by it.
		const ci = await page
			.locator('section[data-question="reaction"] table tr')
			.filter({
				has: page.getByRole('rowheader', { name: 'Aktiviteten var nyttig for meg (95 % KI)' })
			})
			.locator('td')
			.allTextContents();
		expect(ci[0]).toMatch(/^\d,\d\d–\d,\d\d$/);
		expect(ci[2]).toBe('');
		const trend = page.locator('section[data-question="reaction"] [role="img"]', {
			hasText: ''
		});
		expect(
			await page
				.locator(
					'section[data-question="reaction"] [role="img"][aria-label^="Utvikling over rundene"]'
				)
				.getAttribute('aria-describedby')
		).toBe('table-reaction');
		expect(await trend.count()).toBeGreaterThan(1);
		// n has no change (a count is not a result), the median none either.
		const nRow = await page
			.locator('section[data-question="reaction"] table tr')
			.filter({ has: page.getByRole('rowheader', { name: 'n', exact: true }) })
			.locator('td')
			.allTextContents();
		expect(nRow[2]).toBe('');
		// Contents first; on paper, the questionnaire, filters, comparison and date.
		const contents = page.getByRole('navigation', { name: 'Innhold' });
		expect(
			await contents.getByRole('link', { name: 'Hva har endret seg siden forrige runde' }).count()
		).toBe(1);
		expect(await contents.locator('a[href="#q-reaction"]').count()).toBe(1);
		expect(await page.getByTestId('print-header').isVisible()).toBe(false);
		await page.emulateMedia({ media: 'print' });
		const printed = (await page.getByTestId('print-header').textContent()) ?? '';
		expect(printed).toContain('Evaluering av samskapingsaktivitet');
		expect(printed).toContain('Filtre: Målgruppe: Næringsliv');
		expect(printed).toContain('Sammenligning: Runde');
		expect(printed).toMatch(/Skrevet ut \d/);
		await page.emulateMedia({ media: 'screen' });
		const violations = await axeViolations(page);
		expect(violations, describeViolations('the round comparison', violations)).toEqual([]);
		expect(await done()).toEqual([]);
	});

	it('prints the questionnaire, the filters, the comparison and the date on every page', async () => {
		await ensureReaders();
		const { page, done } = await signedInPage();
		await page.goto(
			`${server.url}/admin/surveys/method-evaluation?audience=business&compare=round`
		);
		await page.getByTestId('what-changed').waitFor();
		const dir = await tempDir('odb-print-');
		const file = join(dir, 'dashboard.pdf');
		await page.pdf({ path: file, format: 'A4' });
		// pdftotext (poppler) reads the PDF back as a reader's tool does; pages end with a form feed.
		const { stdout } = await run('pdftotext', ['-layout', file, '-']);
		const pages = stdout.split('\f').filter((p) => p.trim() !== '');
		expect(pages.length).toBeGreaterThan(2);
		pages.forEach((text, i) => {
			const flat = text.replace(/\s+/g, ' ');
			expect(flat, `page ${i + 1}`).toContain('Evaluering av samskapingsaktivitet');
			expect(flat, `page ${i + 1}`).toContain('Filtre: Målgruppe: Næringsliv');
			expect(flat, `page ${i + 1}`).toContain('Sammenligning: Runde');
			expect(flat, `page ${i + 1}`).toMatch(/Skrevet ut \d{1,2}\. \p{L}+ \d{4} kl\. \d\d:\d\d/u);
			// Numbered "3 / 8" in the bottom margin (pdftotext may drop the spaces).
			expect(flat, `page ${i + 1}`).toMatch(new RegExp(`(^| )${i + 1} ?/ ?${pages.length}( |$)`));
		});
		expect(await done()).toEqual([]);
	}, 120_000);

	it('says so when nothing changed more than chance', async () => {
		const { page, done } = await signedInPage();
		await page.goto(`${server.url}/admin/surveys/method-evaluation?audience=citizen`);
		const none = page.getByTestId('no-significant-change');
		await none.waitFor();
		expect(await none.textContent()).toMatch(
			/Fra Vår 2026 til Sommer 2026: ingen av de \d+ sammenligningene viser en signifikant endring/
		);
		expect(await page.getByTestId('significant-change').count()).toBe(0);
		const violations = await axeViolations(page);
		expect(violations, describeViolations('the headline', violations)).toEqual([]);
		expect(await done()).toEqual([]);
	});

	it('gives the same in the JSON API: ci95 on estimates, change, ci95, p and significant on changes', async () => {
		const leader = await signIn(server, 'lea', 'leader-password-1');
		const get = async (query: string) =>
			(
				await fetch(`${server.url}/api/surveys/method-evaluation/summary?${query}`, {
					headers: { cookie: leader }
				})
			).json();
		const business = await get('audience=business');
		const rounds = business.choices.rounds.filter((r: { dated: boolean }) => r.dated);
		expect(rounds.map((r: { label: string; opensAt: string }) => [r.label, r.opensAt])).toEqual([
			['Vår 2026', '2026-02-01T08:00:00.000Z'],
			['Sommer 2026', '2026-06-01T07:00:00.000Z']
		]);
		const useful = business.changes.find(
			(c: { question: string; item: string }) =>
				c.question === 'reaction' && c.item === 'useful_for_me'
		);
		expect(useful).toMatchObject({ measure: 'mean', method: 'welch', significant: true });
		expect(useful.ci95[0]).toBeGreaterThan(0);
		expect(useful.ci95[0]).toBeLessThan(useful.change);
		expect(useful.p).toBeLessThan(0.001);
		expect(useful.pAdjusted).toBeGreaterThanOrEqual(useful.p);
		// The always-open round is nobody's previous round: every change is between the two.
		for (const c of business.changes) {
			expect([c.from, c.to]).toEqual([rounds[0].id, rounds[1].id]);
			expect(typeof c.p).toBe('number');
			expect(typeof c.significant).toBe('boolean');
		}
		// Every mean and share of the view carries its interval around it.
		const row = business.summary.questions
			.find((q: { name: string }) => q.name === 'reaction')
			.rows.find((r: { value: string }) => r.value === 'useful_for_me');
		expect(row.ci95[0]).toBeLessThan(row.mean);
		expect(row.ci95[1]).toBeGreaterThan(row.mean);
		const hackathon = business.summary.questions
			.find((q: { name: string }) => q.name === 'activity')
			.counts.find((c: { value: string }) => c.value === 'hackathon');
		expect(hackathon.ci95[0]).toBeLessThan(hackathon.pct);
		expect(hackathon.ci95[1]).toBeGreaterThan(hackathon.pct);

		const citizen = await get('audience=citizen');
		expect(citizen.changes.length).toBeGreaterThan(0);
		expect(citizen.changes.filter((c: { significant: boolean }) => c.significant)).toEqual([]);
	});

	it('loads free text on demand, a page at a time, for researchers only', async () => {
		// 50 texts (every fourth response), newest first.
		const texts = (query: string, headers: Record<string, string>) =>
			fetch(`${server.url}/api/surveys/method-evaluation/texts?${query}`, { headers });
		const token = { authorization: `Bearer ${TEST_TOKEN}` };
		const first = await texts('question=what_worked&limit=5', token);
		expect(first.status).toBe(200);
		expect(await first.json()).toEqual({
			total: 50,
			offset: 0,
			texts: [196, 192, 188, 184, 180].map((i) => `Fritekst nummer ${i}`)
		});
		const searched = await (
			await texts('question=what_worked&q=nummer%2012&audience=business', token)
		).json();
		// Businesses are the even i: 12, 120–128 → 12, 120, 124, 128.
		expect(searched.texts).toEqual([128, 124, 120, 12].map((i) => `Fritekst nummer ${i}`));
		for (const bad of ['question=reaction', 'question=what_worked&limit=500', 'offset=-1', 'x=1'])
			expect((await texts(bad, token)).status, bad).toBe(400);
		const leader = await signIn(server, 'lea', 'leader-password-1');
		expect((await texts('question=what_worked', { cookie: leader })).status).toBe(403);

		// The page does not inline them; asked for, they appear.
		const { context } = await contextFor(browser, server.url);
		const page = await context.newPage();
		await page.goto(`${server.url}/admin`);
		await page.getByLabel('Brukernavn').fill('admin');
		await page.getByLabel('Passord').fill(ADMIN_PASSWORD);
		await page.getByRole('button', { name: 'Logg inn' }).click();
		await page.waitForURL(/\/admin(\/|$)/);
		await page.goto(`${server.url}/admin/surveys/method-evaluation`);
		expect(await page.content()).not.toContain('Fritekst nummer');
		await page.getByRole('button', { name: 'Vis svarene' }).click();
		await page.getByText('Fritekst nummer 196', { exact: true }).waitFor();
		expect(await page.getByText(/^Fritekst nummer \d+$/).count()).toBe(20);

		// The audit log names its events in words (both rounds made at the start, this sign-in).
		await page.goto(`${server.url}/admin/audit`);
		const actions = await page.locator('table tbody tr td:nth-child(3)').allTextContents();
		expect(actions.filter((a) => a === 'Runde opprettet')).toHaveLength(2);
		expect(actions).toContain('Innlogging');
		expect(actions.join(' ')).not.toMatch(/roundCreated|signIn/);
		await context.close();
	});
});
