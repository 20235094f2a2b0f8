import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { labelOf } from './support/questionnaire';
import { contextFor, launchBrowser } from './support/browser';
import { startServer, TEST_TOKEN, type TestServer } from './support/server';

let server: TestServer;
let browser: Browser;

beforeAll(async () => {
	[server, browser] = await Promise.all([startServer(), launchBrowser()]);
});
afterAll(async () => {
	await browser?.close();
	await server?.stop();
});

async function storedResponses(surveyId: string) {
	const response = await fetch(`${server.url}/api/surveys/${surveyId}/responses`, {
		headers: { authorization: `Bearer ${TEST_TOKEN}` }
	});
	return ((await response.json()) as { responses: Record<string, unknown>[] }).responses;
}

describe('a respondent answers in the browser', () => {
	it('answers with mouse and keyboard, reloads half way, continues, and gets a receipt', async () => {
		const { context, foreignRequests } = await contextFor(browser, server.url);
		const page = await context.newPage();
		await page.goto(`${server.url}/s/method-evaluation`);

		// Nobody preset who is answering: the page asks first.
		await expect
			.poll(() => page.getByRole('heading', { name: 'Før du begynner' }).isVisible())
			.toBe(true);
		await page.getByRole('radio', { name: 'Innbygger' }).check();
		await page.getByLabel('Kommune', { exact: true }).selectOption('bodo');
		await page.getByRole('button', { name: 'Start' }).press('Enter');

		// Page 1 of the questionnaire, in Bokmål, with SurveyJS's own buttons in Bokmål.
		const hackathon = page.getByRole('radio', { name: 'Hackathon' });
		await labelOf(hackathon).click();
		await page.getByRole('button', { name: 'Neste' }).click();

		// Page 2: a 1–5 agreement grid. Each cell is a radio named by its row and column.
		const cell = (row: string, column: string) =>
			page.getByRole('radio', { name: new RegExp(`^\\S+ ${row}, \\S+ ${column}$`) });
		const useful = cell('Aktiviteten var nyttig for meg', '4 – Delvis enig');
		await labelOf(useful).click();
		await expect.poll(() => page.url()).toContain('audience=citizen');

		// Half way: the tab is reloaded. The answers and the page come back.
		await page.reload();
		await expect
			.poll(() => page.getByText('Vi fant svar du begynte på tidligere').isVisible(), {
				timeout: 15_000
			})
			.toBe(true);
		await useful.waitFor({ state: 'attached' });
		expect(await useful.isChecked()).toBe(true);

		// "Not relevant" is an answer of its own, not a skipped row.
		await labelOf(cell('Det var nok tid til oppgavene', 'Ikke relevant')).click();
		// The data, learning and outcome pages are optional: on to the comments.
		for (const first of ['datasets_used', 'learning', 'what_worked']) {
			await page.getByRole('button', { name: 'Neste' }).click();
			await page.locator(`.sd-page [data-name="${first}"]`).waitFor();
		}

		const worked = page.locator('[data-name="what_worked"] textarea');
		await worked.waitFor();
		await worked.focus();
		await page.keyboard.type('Gode data fra kommunen; «åpne» og "ærlige" svar');
		await page.getByRole('button', { name: 'Send inn' }).click();

		const heading = page.getByRole('heading', { name: 'Takk for svaret!' });
		await heading.waitFor({ timeout: 15_000 });
		const receipt = (await page.getByTestId('receipt').textContent())?.trim();
		expect(receipt).toMatch(/^[0-9A-Z]{4}-[0-9A-Z]{4}-[0-9A-Z]{4}$/);

		const stored = await storedResponses('method-evaluation');
		expect(stored).toHaveLength(1);
		expect(stored[0]).toMatchObject({
			answers: {
				activity: 'hackathon',
				reaction: { useful_for_me: 4 },
				process: { time: 'not_relevant' },
				what_worked: 'Gode data fra kommunen; «åpne» og "ærlige" svar'
			},
			audience: 'citizen',
			municipality: 'bodo',
			locale: 'nb'
		});
		expect(foreignRequests).toEqual([]);

		// The draft is gone: opening the questionnaire again starts afresh.
		await page.goto(`${server.url}/s/method-evaluation?audience=citizen&municipality=bodo`);
		await page.getByRole('radio', { name: 'Hackathon' }).waitFor({ state: 'attached' });
		expect(await page.getByRole('radio', { name: 'Hackathon' }).isChecked()).toBe(false);
		await context.close();
	});

	it('retries a submission that fails on the network and stores it once', async () => {
		const { context } = await contextFor(browser, server.url);
		const page = await context.newPage();
		// The first two attempts never reach the server, as on a train going through a tunnel.
		let blocked = 0;
		await page.route('**/api/surveys/method-evaluation/responses*', async (route) => {
			if (route.request().method() === 'POST' && blocked < 2) {
				blocked++;
				await route.abort('internetdisconnected');
			} else await route.continue();
		});
		const before = (await storedResponses('method-evaluation')).length;
		await page.goto(
			`${server.url}/s/method-evaluation?audience=business&municipality=trondheim&lang=en`
		);
		await labelOf(page.getByRole('radio', { name: 'Workshop', exact: true })).click();
		// Four optional pages after the first.
		for (let i = 0; i < 4; i++) await page.getByRole('button', { name: 'Next' }).click();
		await page.getByRole('button', { name: 'Submit' }).click();
		await expect.poll(() => page.getByText('Could not reach the server').isVisible()).toBe(true);
		await page.getByRole('button', { name: 'Try again now' }).click();
		await page
			.getByRole('heading', { name: 'Thank you for answering!' })
			.waitFor({ timeout: 20_000 });
		expect(blocked).toBe(2);
		const after = await storedResponses('method-evaluation');
		expect(after).toHaveLength(before + 1);
		expect(after.at(-1)).toMatchObject({
			answers: { activity: 'workshop' },
			audience: 'business',
			locale: 'en'
		});
		await context.close();
	});

	it('shows the start page with the questionnaires and the privacy statement, in three languages', async () => {
		const { context, foreignRequests } = await contextFor(browser, server.url);
		const page = await context.newPage();
		await page.goto(server.url);
		expect(await page.locator('html').getAttribute('lang')).toBe('nb');
		await page.getByRole('heading', { name: 'Slik tar vi vare på svarene dine' }).waitFor();
		// Each link shows "Start" and is named "Start «title»" (WCAG 2.5.3, label in name).
		expect(await page.getByRole('link', { name: /^Start «/ }).count()).toBe(3);

		await page.getByRole('link', { name: 'Nynorsk' }).click();
		await page.getByRole('heading', { name: 'Slik tek vi vare på svara dine' }).waitFor();
		expect(await page.locator('html').getAttribute('lang')).toBe('nn');

		// The choice is remembered on the next visit.
		await page.goto(`${server.url}/s/method-evaluation?audience=citizen&municipality=oslo`);
		await page.getByRole('button', { name: 'Neste' }).waitFor();
		expect(await page.locator('html').getAttribute('lang')).toBe('nn');

		await page.getByRole('link', { name: 'English' }).click();
		await page.getByRole('button', { name: 'Next' }).waitFor();
		expect(await page.locator('html').getAttribute('lang')).toBe('en');
		expect(foreignRequests).toEqual([]);
		await context.close();
	});
});
