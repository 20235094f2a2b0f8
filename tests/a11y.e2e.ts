import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import type { Locale } from '../src/lib/i18n/locales';
import { translate } from '../src/lib/i18n/messages';
import { AxeReport } from './support/axe';
import { contextFor, launchBrowser } from './support/browser';
import {
	fillQuestionnaire,
	firstChoices,
	goToQuestion,
	labelOf,
	toLastPage,
	type SurveyJson
} from './support/questionnaire';
import {
	ADMIN_PASSWORD,
	postForm,
	postJson,
	signIn,
	startServer,
	type TestServer
} from './support/server';

/**
 * Issue #9: every page a respondent or a researcher sees passes axe-core's WCAG 2.1 A and AA
 * rules, in every language. No rule is switched off; a failure prints each violation.
 */

let server: TestServer;
let browser: Browser;
let adminCookie: string;
let roundId: string;

beforeAll(async () => {
	[server, browser] = await Promise.all([startServer(), launchBrowser()]);
	adminCookie = await signIn(server, 'admin', ADMIN_PASSWORD);
	// A second round, so the dashboard can compare rounds, and one that has not opened yet.
	const inTwoDays = new Date(Date.now() + 2 * 86400_000).toISOString().slice(0, 16);
	for (const [slug, opensAt] of [
		['runde-2', ''],
		['senere', inTwoDays]
	]) {
		const created = await postForm(
			server,
			'/admin/rounds?/create',
			{ surveyId: 'method-evaluation', name: slug, slug, opensAt, closesAt: '', municipality: '' },
			adminCookie
		);
		expect(created.status).toBe(200);
	}
	// Enough answers in both rounds for the dashboard to show numbers (small groups are hidden).
	const posted = await Promise.all(
		Array.from({ length: 24 }, (_, i) =>
			postJson(`${server.url}/api/surveys/method-evaluation/responses`, {
				answers: {
					activity: i % 2 ? 'workshop' : 'hackathon',
					reaction: { useful_for_me: (i % 5) + 1 },
					process: { time: i % 4 === 0 ? 'not_relevant' : (i % 5) + 1 },
					what_worked: `Svar ${i}`
				},
				audience: 'citizen',
				municipality: i % 2 ? 'bodo' : 'trondheim',
				...(i >= 12 ? { round: 'runde-2' } : {})
			})
		)
	);
	expect(posted.every((p) => p.status === 201)).toBe(true);
}, 120_000);
afterAll(async () => {
	await browser?.close();
	await server?.stop();
});

async function definition(id: string): Promise<SurveyJson> {
	const response = await fetch(`${server.url}/api/surveys/${id}`);
	return ((await response.json()) as { json: SurveyJson }).json;
}

async function signedInContext(): Promise<BrowserContext> {
	const { context } = await contextFor(browser, server.url);
	const [name, value] = adminCookie.split('=');
	await context.addCookies([{ name, value, url: server.url }]);
	return context;
}

/** Opens `path` and waits until the page's own script has run (the page is hydrated). */
async function open(page: Page, path: string) {
	await page.goto(`${server.url}${path}`);
	await page.waitForLoadState('networkidle');
}

const locales: Locale[] = ['nb', 'nn', 'en'];

/**
 * Every chart is readable without sight: each canvas is hidden from assistive technology inside
 * an element with role="img", a name, and aria-describedby pointing to a table that holds the
 * numbers. Returns how many charts there are, and what is wrong with any.
 */
async function chartAlternatives(page: Page) {
	return page.evaluate(() => {
		const canvases = [...document.querySelectorAll('canvas')];
		const problems: string[] = [];
		for (const canvas of canvases) {
			const figure = canvas.closest('[role="img"]');
			if (canvas.getAttribute('aria-hidden') !== 'true') problems.push('canvas not aria-hidden');
			if (!figure) {
				problems.push('canvas outside role="img"');
				continue;
			}
			const name = figure.getAttribute('aria-label') ?? '';
			const ids = (figure.getAttribute('aria-describedby') ?? '').split(/\s+/).filter(Boolean);
			const tables = ids.map((id) => document.getElementById(id));
			if (!name.trim()) problems.push('chart without a name');
			if (tables.length === 0) problems.push(`"${name}" is described by nothing`);
			for (const [i, table] of tables.entries()) {
				if (table?.tagName !== 'TABLE') problems.push(`"${name}": #${ids[i]} is not a table`);
				else if (!/\d/.test(table.querySelector('tbody')?.textContent ?? ''))
					problems.push(`"${name}": table #${ids[i]} holds no numbers`);
			}
		}
		return { charts: canvases.length, problems };
	});
}

describe('axe-core finds no WCAG 2.1 A/AA violation', () => {
	it.each(locales)(
		'on the public and workspace pages in %s',
		async (locale) => {
			const report = new AxeReport();
			const { context: anonymous } = await contextFor(browser, server.url);
			const page = await anonymous.newPage();

			await open(page, `/?lang=${locale}`);
			await report.check(page, `start page (${locale})`);

			await open(page, `/s/method-evaluation?lang=${locale}`);
			await page.getByRole('heading', { name: translate(locale, 'survey.whoTitle') }).waitFor();
			await report.check(page, `who-are-you form (${locale})`);
			// The same form after "Start" with nothing chosen: its error messages.
			await page.getByRole('button', { name: translate(locale, 'survey.start') }).click();
			await page.locator('#audience-error').waitFor();
			await report.check(page, `who-are-you form with errors (${locale})`);

			await open(page, `/r/senere?lang=${locale}`);
			await report.check(page, `round not open (${locale})`);

			await open(page, `/s/method-evaluation/personvern?lang=${locale}`);
			await report.check(page, `privacy page (${locale})`);

			await open(page, `/slett?lang=${locale}`);
			await report.check(page, `deletion by receipt (${locale})`);

			await open(page, `/admin?lang=${locale}`);
			await report.check(page, `sign-in (${locale})`);

			// A page that does not exist says so in words, in the reader's language (not "404").
			const missing = await page.goto(`${server.url}/finnes-ikke?lang=${locale}`);
			expect(missing?.status()).toBe(404);
			await expect
				.poll(() => page.getByTestId('error-heading').textContent())
				.toBe(translate(locale, 'error.notFound'));
			await report.check(page, `page not found (${locale})`);
			await anonymous.close();

			const context = await signedInContext();
			const admin = await context.newPage();
			await open(admin, `/admin/rounds?lang=${locale}`);
			roundId ??= (await admin.locator('a[href^="/admin/rounds/"]').first().getAttribute('href'))!
				.split('/')
				.pop()!;
			const pages: [string, string][] = [
				['overview', '/admin'],
				['rounds', '/admin/rounds'],
				["a round's edit page", `/admin/rounds/${roundId}`],
				['tokens', '/admin/tokens'],
				['users', '/admin/users'],
				['audit log', '/admin/audit'],
				['versions', '/admin/surveys/method-evaluation/versions'],
				['responses', '/admin/surveys/method-evaluation/responses'],
				['export and codebook', '/admin/surveys/method-evaluation/export'],
				['dashboard', '/admin/surveys/method-evaluation'],
				['dashboard comparing rounds', '/admin/surveys/method-evaluation?compare=round']
			];
			for (const [name, path] of pages) {
				await open(admin, `${path}${path.includes('?') ? '&' : '?'}lang=${locale}`);
				expect(await admin.locator('html').getAttribute('lang')).toBe(locale);
				await report.check(admin, `${name} (${locale})`);
				if (name.startsWith('dashboard')) {
					await admin.locator('canvas').first().waitFor();
					const alternatives = await chartAlternatives(admin);
					expect(alternatives.charts).toBeGreaterThan(2);
					expect(alternatives.problems).toEqual([]);
				}
			}
			await context.close();
			expect(report.text()).toBe('');
			// Eighteen pages through axe, the method evaluation's dashboards with some thirty rated
			// items among them: over a minute on a busy two-core machine.
		},
		180_000
	);

	/**
	 * Each questionnaire walked page by page with axe on every page, then the view after it
	 * (thank-you, and after the maturity questionnaire the feedback). One language per
	 * questionnaire, a different one each, to keep the run short; the barrier questionnaire
	 * also once for a user-side audience, whose pages differ.
	 */
	const walks: { id: string; locale: Locale; audience: string }[] = [
		{ id: 'barriers', locale: 'nb', audience: 'municipal' },
		{ id: 'barriers', locale: 'en', audience: 'citizen' },
		{ id: 'maturity', locale: 'nn', audience: 'municipal' },
		{ id: 'method-evaluation', locale: 'en', audience: 'business' }
	];
	it.each(walks)(
		'on every page of $id in $locale as $audience',
		async ({ id, locale, audience }) => {
			const report = new AxeReport();
			const json = await definition(id);
			const { context } = await contextFor(browser, server.url);
			const page = await context.newPage();
			await open(page, `/s/${id}?audience=${audience}&municipality=oslo&lang=${locale}`);
			await fillQuestionnaire(page, json, locale, firstChoices, {
				onPage: (_names, pageNo) => report.check(page, `${id} page ${pageNo + 1} (${locale})`)
			});
			await page
				.getByRole('heading', { name: translate(locale, 'thanks.title') })
				.waitFor({ timeout: 15_000 });
			if (id === 'maturity') {
				// The feedback: a radar chart described by its table.
				await page.locator('canvas').waitFor();
				expect(await chartAlternatives(page)).toEqual({ charts: 1, problems: [] });
			}
			await report.check(
				page,
				`${id}: thank-you${id === 'maturity' ? ' and feedback' : ''} (${locale})`
			);
			await context.close();
			expect(report.checked.length).toBeGreaterThan(2);
			expect(report.text()).toBe('');
		}
	);

	/**
	 * Issue 13's states, on a 360 px phone in Nynorsk: the who-form of a questionnaire for one
	 * audience (and with a link naming another), a full ranking with its message, the receipt
	 * copied, and deletion's confirmation and result.
	 */
	it('in the states a respondent meets on a phone (nn, 360 px)', async () => {
		const report = new AxeReport();
		const nn = (key: Parameters<typeof translate>[1], params?: Record<string, string>) =>
			translate('nn', key, params);
		const { context } = await contextFor(browser, server.url, {
			viewport: { width: 360, height: 780 },
			permissions: ['clipboard-read', 'clipboard-write']
		});
		const page = await context.newPage();

		await open(page, '/s/maturity?lang=nn');
		await page.getByTestId('only-audience').waitFor();
		await report.check(page, 'who-form of a questionnaire for municipal staff only (nn)');
		await open(page, '/s/maturity?audience=citizen&lang=nn');
		await page
			.getByText(nn('survey.audienceRefused', { audience: nn('audience.citizen') }))
			.waitFor();
		await report.check(page, 'who-form after a link naming another audience (nn)');

		// Municipal staff are always asked the ranking (the user side only after using data).
		await open(page, '/s/barriers?audience=municipal&municipality=bodo&lang=nn');
		const ranking = await goToQuestion(page, 'top_barrier_categories');
		await report.check(page, 'an empty top-3 ranking (nn, 360 px)');
		const unranked = ranking.locator('[data-ranking="from-container"] .sv-ranking-item');
		for (let i = 0; i < 4; i++) await unranked.first().click();
		await ranking.locator('.odb-ranking-limit--again').waitFor();
		await report.check(page, 'a full top-3 ranking and its message (nn, 360 px)');

		await open(page, '/s/method-evaluation?audience=citizen&municipality=bodo&lang=nn');
		await labelOf(page.getByRole('radio', { name: 'Hackathon' })).click();
		await toLastPage(page, 'Send inn');
		await page.getByRole('button', { name: 'Send inn' }).click();
		await page.getByRole('button', { name: nn('thanks.copy') }).click();
		await page.getByText(nn('thanks.copied')).waitFor();
		await report.check(page, 'thank-you view with the receipt copied (nn, 360 px)');
		await page.getByRole('button', { name: nn('thanks.deleteLink') }).click();
		await page.getByRole('heading', { name: nn('delete.confirmTitle') }).waitFor();
		await report.check(page, 'deletion: which answer, confirm (nn, 360 px)');
		await page.getByRole('button', { name: nn('delete.submit') }).click();
		await page.getByRole('status').filter({ hasText: 'er sletta' }).waitFor();
		await report.check(page, 'deletion: done (nn, 360 px)');
		await context.close();
		expect(report.checked.length).toBe(7);
		expect(report.text()).toBe('');
	});
});
