import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Locator } from 'playwright-core';
import { translate } from '../src/lib/i18n/messages';
import {
	goToQuestion,
	labelOf,
	textIn,
	toLastPage,
	type SurveyJson
} from './support/questionnaire';
import { contextFor, launchBrowser } from './support/browser';
import {
	ADMIN_PASSWORD,
	postJson,
	signIn,
	startServer,
	TEST_TOKEN,
	type TestServer
} from './support/server';

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
		// Which municipality is asked by who answers: a citizen's is where they live.
		await page.getByLabel('Kommunen du bor i', { exact: true }).selectOption('bodo');
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

/**
 * Issue 13, "respondents are never told something untrue", tried as a respondent would: on a
 * 360 px phone, in Nynorsk. Texts are the app's catalogue (`nn`) and the questionnaire files'.
 */
describe('on a 360 px phone in Nynorsk, a respondent is told only what is true', () => {
	const phone = { viewport: { width: 360, height: 780 }, locale: 'nn-NO' };
	const nn = (key: Parameters<typeof translate>[1], params?: Record<string, string | number>) =>
		translate('nn', key, params);

	/** A questionnaire's title in Nynorsk, from its definition (the file may be reworded). */
	async function titleOf(id: string): Promise<string> {
		const body = (await (await fetch(`${server.url}/api/surveys/${id}`)).json()) as {
			json: SurveyJson & { title: Record<string, string> };
		};
		return textIn(body.json.title, 'nn');
	}

	/** The words of each text that are split over two lines (a break after a hyphen is fine). */
	function wordsBrokenInside(texts: Locator): Promise<string[]> {
		return texts.evaluateAll((elements) => {
			const broken: string[] = [];
			for (const element of elements) {
				const walker = document.createTreeWalker(element, NodeFilter.SHOW_TEXT);
				for (let node = walker.nextNode(); node; node = walker.nextNode()) {
					const text = node.textContent ?? '';
					for (const match of text.matchAll(/[^\s-]+-?/g)) {
						const range = document.createRange();
						range.setStart(node, match.index);
						range.setEnd(node, match.index + match[0].length);
						const lines = new Set([...range.getClientRects()].map((r) => Math.round(r.top)));
						if (lines.size > 1) broken.push(match[0]);
					}
				}
			}
			return broken;
		});
	}

	it('the start page says whom each questionnaire is for', async () => {
		const { context } = await contextFor(browser, server.url, phone);
		const page = await context.newPage();
		await page.goto(`${server.url}/?lang=nn`);
		const forWhom = async (id: string) =>
			page
				.getByRole('listitem')
				.filter({
					has: page.getByRole('heading', {
						name: await titleOf(id)
					})
				})
				.locator('.for')
				.textContent();
		expect((await forWhom('maturity'))?.trim()).toBe('For kommunetilsette');
		expect((await forWhom('barriers'))?.trim()).toBe(
			'For kommunetilsette, verksemder, innbyggjarar og frivillige organisasjonar'
		);
		// The privacy links are a list a person can read: "A, B, C".
		expect(await page.getByText(nn('home.privacyPages')).textContent()).toMatch(/\w, \w/);
		await context.close();
	});

	it('the top-3 ranking: nothing chosen says so, words wrap at spaces, a fourth choice is answered', async () => {
		const { context } = await contextFor(browser, server.url, phone);
		const page = await context.newPage();
		// Municipal staff are always asked the ranking (the user side only after using data).
		await page.goto(`${server.url}/s/barriers?audience=municipal&municipality=bodo&lang=nn`);
		const ranking = await goToQuestion(page, 'top_barrier_categories');

		// Before anything is chosen, the ranked area says that nothing is, not that all are.
		const ranked = ranking.locator('[data-ranking="to-container"]');
		expect((await ranked.textContent())?.trim()).toBe(nn('ranking.emptyRanked', { max: 3 }));
		expect(await ranking.getByText(/Alle kategoriane er valde/).count()).toBe(0);

		// Every item's text wraps between words in its column, never inside one.
		const texts = ranking.locator('.sv-ranking-item__text');
		expect(await texts.count()).toBe(9);
		expect(await wordsBrokenInside(texts)).toEqual([]);
		expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBe(360);

		// Three are chosen; the live region stays empty until the ranking is full.
		const limit = ranking.getByRole('status');
		const unranked = ranking.locator('[data-ranking="from-container"] .sv-ranking-item');
		for (let i = 0; i < 3; i++) {
			expect((await limit.textContent())?.trim()).toBe('');
			await unranked.first().click();
			await ranked.locator('.sv-ranking-item').nth(i).waitFor();
		}
		const full = nn('ranking.limitReached', { max: 3 });
		await expect.poll(() => limit.textContent()).toBe(full);
		expect(await limit.isVisible()).toBe(true);

		// A fourth is not taken, and the person is told why, again.
		// (SurveyJS animates an item out of the list: wait until the three have left it.)
		await expect.poll(() => unranked.count()).toBe(6);
		const fourth = await unranked.first().textContent();
		await unranked.first().click();
		await ranking.locator('.odb-ranking-limit--again').waitFor();
		expect(await limit.textContent()).toBe(full);
		expect(await ranked.locator('.sv-ranking-item').count()).toBe(3);
		expect(await ranked.textContent()).not.toContain(fourth);

		// One taken back: the message goes, and another can be chosen.
		await ranked.locator('.sv-ranking-item').first().click();
		await expect.poll(() => limit.textContent()).toBe('');
		await context.close();
	});

	it('the maturity self-assessment is for municipal staff only, says so, and asks where they work', async () => {
		const { context } = await contextFor(browser, server.url, phone);
		const page = await context.newPage();
		await page.goto(`${server.url}/s/maturity?lang=nn`);
		await page.getByRole('heading', { name: nn('survey.whoTitle') }).waitFor();
		expect(await page.getByText('For kommunetilsette', { exact: true }).isVisible()).toBe(true);
		// No choice of audience to make: one is possible, and it is said as whom one answers.
		expect(await page.getByRole('radio').count()).toBe(0);
		expect(
			(await page.getByTestId('only-audience').textContent())?.replace(/\s+/g, ' ').trim()
		).toBe('Denne undersøkinga er berre for kommunetilsette. Du svarar som kommunetilsett.');
		await page.getByRole('link', { name: nn('survey.audienceOnlyElse') }).waitFor();
		// The municipality they work for, not one they "answer for, live in or work with".
		await page.getByLabel('Kommunen du jobbar for').waitFor();
		expect(await page.getByText(nn('survey.municipalityHint')).count()).toBe(0);

		// A link that presets a citizen does not make them municipal staff behind their back.
		await page.goto(`${server.url}/s/maturity?audience=citizen&municipality=bodo&lang=nn`);
		await page.getByRole('heading', { name: nn('survey.whoTitle') }).waitFor();
		await page
			.getByText(nn('survey.audienceRefused', { audience: nn('audience.citizen') }))
			.waitFor();
		expect(await page.locator('.sd-root-modern').count()).toBe(0);

		// A questionnaire for everyone asks the municipality by who answers.
		await page.goto(`${server.url}/s/barriers?lang=nn`);
		await page.getByRole('radio', { name: 'Innbyggjar' }).check();
		await page.getByLabel('Kommunen du bur i').waitFor();
		await page.getByRole('radio', { name: 'Kommunetilsett' }).check();
		await page.getByLabel('Kommunen du jobbar for').waitFor();
		await context.close();

		// And the server refuses a citizen's answer to it, in the person's language.
		const refused = await postJson(`${server.url}/api/surveys/maturity/responses?lang=nn`, {
			answers: {},
			audience: 'citizen',
			municipality: 'bodo'
		});
		expect(refused.status).toBe(422);
		expect(refused.body.error).toBe(nn('error.audienceNotAllowed', { audience: 'citizen' }));
	});

	it('copies the receipt, and deletes the answer after saying which one', async () => {
		const { context, foreignRequests } = await contextFor(browser, server.url, {
			...phone,
			permissions: ['clipboard-read', 'clipboard-write']
		});
		const page = await context.newPage();
		await page.goto(
			`${server.url}/s/method-evaluation?audience=voluntary&municipality=larvik&lang=nn`
		);
		await labelOf(page.getByRole('radio', { name: 'Hackathon' })).click();
		await toLastPage(page, 'Send inn');
		await page.getByRole('button', { name: 'Send inn' }).click();
		await page.getByRole('heading', { name: nn('thanks.title') }).waitFor({ timeout: 15_000 });
		const receipt = (await page.getByTestId('receipt').textContent())!.trim();

		// Copied in the browser; "Kopiert" shown and announced (a status region).
		const status = page.locator('#copy-status');
		expect(await status.getAttribute('role')).toBe('status');
		expect((await status.textContent())?.trim()).toBe('');
		await page.getByRole('button', { name: nn('thanks.copy') }).click();
		await expect.poll(async () => (await status.innerText()).trim()).toBe('✓Kopiert');
		expect(await status.isVisible()).toBe(true);
		expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(receipt);

		// "Slett svaret mitt" opens /slett with the code already given: it asks first, naming
		// the answer; the code is in no address.
		const submitted = (await allStored('method-evaluation')).find(
			(r) => r.municipality === 'larvik'
		);
		await page.getByRole('button', { name: nn('thanks.deleteLink') }).click();
		await page.getByRole('heading', { name: nn('delete.confirmTitle') }).waitFor();
		const title = await titleOf('method-evaluation');
		const which = (await page.getByTestId('answer-to-delete').textContent())?.trim();
		expect(which).toMatch(
			new RegExp(`^Svaret ditt på «${title}», sendt \\d{1,2}\\. \\p{L}+ \\d{4}`, 'u')
		);
		expect(page.url()).not.toContain(receipt);
		expect(page.url()).not.toContain(receipt.replace(/-/g, ''));
		expect((await allStored('method-evaluation')).map((r) => r.id)).toContain(submitted?.id);

		await page.getByRole('button', { name: nn('delete.submit') }).click();
		const done = page.getByRole('status').filter({ hasText: 'er sletta' });
		await done.waitFor();
		expect((await done.textContent())?.trim()).toBe(
			`${which!.replace(/\.$/, '')}, er sletta. Takk for at du var med.`
		);
		expect((await allStored('method-evaluation')).map((r) => r.id)).not.toContain(submitted?.id);

		// Back at the questionnaire in the same tab, nothing claims the answer is still stored.
		await page.goto(`${server.url}/s/method-evaluation?done=1&lang=nn`);
		await page.getByRole('heading', { name: title }).waitFor();
		expect(await page.getByText(nn('thanks.stored')).count()).toBe(0);
		expect(foreignRequests).toEqual([]);
		await context.close();
	});

	it('the preview says that nothing is sent or stored, up to its last button', async () => {
		const { context } = await contextFor(browser, server.url, phone);
		const [name, value] = (await signIn(server, 'admin', ADMIN_PASSWORD)).split('=');
		await context.addCookies([{ name, value, url: server.url }]);
		const page = await context.newPage();
		await page.goto(
			`${server.url}/s/method-evaluation?preview=&audience=citizen&municipality=bodo&lang=nn`
		);
		const finish = nn('preview.finish');
		await page.getByText(nn('preview.autosave', { finish })).waitFor();
		expect(await page.getByText(/blir sende først når du trykkjer/).count()).toBe(0);
		await labelOf(page.getByRole('radio', { name: 'Dialogseminar' })).click();
		await toLastPage(page, finish);
		expect(await page.getByRole('button', { name: 'Send inn' }).count()).toBe(0);
		await page.getByRole('button', { name: finish }).click();
		await page.getByRole('heading', { name: nn('preview.done') }).waitFor();
		await context.close();
	});
});

async function allStored(surveyId: string) {
	const response = await fetch(`${server.url}/api/surveys/${surveyId}/responses?limit=1000`, {
		headers: { authorization: `Bearer ${TEST_TOKEN}` }
	});
	return ((await response.json()) as { responses: { id: string; municipality: string }[] })
		.responses;
}
