import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import type { Locale } from '../src/lib/i18n/locales';
import { translate } from '../src/lib/i18n/messages';
import { contextFor, launchBrowser } from './support/browser';
import { fillQuestionnaire, firstChoices, type SurveyJson } from './support/questionnaire';
import { startServer, type TestServer } from './support/server';

/**
 * Issue #9 (WCAG 1.4.10 Reflow, 1.4.4 Resize text): every respondent page reads without
 * horizontal scrolling on a 320 px phone, a 768 px tablet, a 1280 px screen, and that screen at
 * 200 % zoom — 640 CSS pixels at a device scale factor of 2, which is what the browser lays out
 * at 200 %. The browser context has the scale factor 2 throughout and the viewport is resized
 * on each page, so every page of every questionnaire is laid out at every width.
 * Screenshots go to a temporary folder (printed) for a person to look at.
 */

const widths = [
	{ name: '320px', width: 320, height: 640 },
	{ name: '768px', width: 768, height: 1024 },
	{ name: '1280px-at-200%', width: 640, height: 400 },
	{ name: '1280px', width: 1280, height: 800 }
];

let server: TestServer;
let browser: Browser;
let shots: string;

beforeAll(async () => {
	[server, browser, shots] = await Promise.all([
		startServer(),
		launchBrowser(),
		mkdtemp(join(tmpdir(), 'odb-screens-'))
	]);
	console.log(`small-screens: screenshots in ${shots}`);
});
afterAll(async () => {
	await browser?.close();
	await server?.stop();
});

/** Lays the page out at each width; returns the widths at which it scrolls sideways. */
async function overflowAtEachWidth(page: Page, where: string, screenshot: boolean) {
	const overflows: string[] = [];
	for (const { name, width, height } of widths) {
		await page.setViewportSize({ width, height });
		// SurveyJS switches to its mobile layout from a ResizeObserver: let it run and repaint.
		await page.evaluate(
			() => new Promise((done) => requestAnimationFrame(() => requestAnimationFrame(done)))
		);
		const { scrollWidth, innerWidth, widest, scrollers } = await page.evaluate(() => {
			// The element reaching furthest right, to say what overflows when something does.
			let widest = '';
			let right = 0;
			for (const el of document.body.querySelectorAll('*')) {
				const r = el.getBoundingClientRect();
				if (r.right > right) {
					right = r.right;
					widest = `${el.tagName.toLowerCase()}.${String(el.className).slice(0, 60)} (${Math.round(r.right)} px)`;
				}
			}
			// A matrix that scrolls inside its own box hides answer columns just as badly.
			const scrollers = [...document.querySelectorAll('.survey-host *')]
				.filter((el) => {
					const x = getComputedStyle(el).overflowX;
					return (x === 'auto' || x === 'scroll') && el.scrollWidth > el.clientWidth + 1;
				})
				.map((el) => `${el.className} (${el.scrollWidth} > ${el.clientWidth})`);
			return {
				scrollers,
				scrollWidth: document.documentElement.scrollWidth,
				innerWidth: window.innerWidth,
				widest
			};
		});
		for (const scroller of scrollers)
			overflows.push(`${where} at ${name}: scrolls inside ${scroller}`);
		if (scrollWidth > innerWidth)
			overflows.push(`${where} at ${name}: ${scrollWidth} > ${innerWidth}; widest ${widest}`);
		if (screenshot) {
			// One screenful, from the first matrix (or the page's top), to be looked at.
			await page.evaluate(() =>
				(document.querySelector('.sd-table') ?? document.body).scrollIntoView()
			);
			await page.screenshot({ path: join(shots, `${where.replace(/\W+/g, '-')}-${name}.png`) });
		}
	}
	return overflows;
}

const walks: { id: string; locale: Locale; audience: string }[] = [
	{ id: 'barriers', locale: 'nb', audience: 'municipal' },
	{ id: 'maturity', locale: 'en', audience: 'municipal' },
	{ id: 'method-evaluation', locale: 'nn', audience: 'citizen' }
];

describe('no horizontal scrolling at 320, 768, 1280 px and 200 % zoom', () => {
	it('on the start page and the who-are-you form', async () => {
		const { context } = await contextFor(browser, server.url, { deviceScaleFactor: 2 });
		const page = await context.newPage();
		await page.goto(`${server.url}/?lang=nb`);
		const overflows = await overflowAtEachWidth(page, 'start', true);
		await page.goto(`${server.url}/s/barriers?lang=nb`);
		await page.getByRole('heading', { name: translate('nb', 'survey.whoTitle') }).waitFor();
		overflows.push(...(await overflowAtEachWidth(page, 'who', true)));
		await context.close();
		expect(overflows).toEqual([]);
	});

	it.each(walks)(
		'on every page of $id, and the view after it',
		async ({ id, locale, audience }) => {
			const json = (
				(await (await fetch(`${server.url}/api/surveys/${id}`)).json()) as {
					json: SurveyJson;
				}
			).json;
			const { context } = await contextFor(browser, server.url, { deviceScaleFactor: 2 });
			const page = await context.newPage();
			await page.goto(
				`${server.url}/s/${id}?audience=${audience}&municipality=trondheim&lang=${locale}`
			);
			const overflows: string[] = [];
			await fillQuestionnaire(page, json, locale, firstChoices, {
				onPage: async (names, pageNo) => {
					// Screenshots of the first page and of those with matrices (their layout changes most).
					const matrices = await page.locator('.sd-page .sd-table').count();
					overflows.push(
						...(await overflowAtEachWidth(
							page,
							`${id}-page-${pageNo + 1}`,
							pageNo === 0 || matrices > 0
						))
					);
					// Fill at the widest layout, as the filler expects all choices to be on screen.
					void names;
				}
			});
			await page
				.getByRole('heading', { name: translate(locale, 'thanks.title') })
				.waitFor({ timeout: 15_000 });
			if (id === 'maturity') await page.locator('canvas').waitFor();
			overflows.push(...(await overflowAtEachWidth(page, `${id}-after`, true)));
			await context.close();
			expect(overflows).toEqual([]);
		}
	);
});
