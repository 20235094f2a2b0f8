import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import type { Locale } from '../src/lib/i18n/locales';
import { translate } from '../src/lib/i18n/messages';
import { contextFor, launchBrowser } from './support/browser';
import {
	choicesOf,
	firstChoices,
	questionsByName,
	textIn,
	type SurveyJson
} from './support/questionnaire';
import { startServer, TEST_TOKEN, type TestServer } from './support/server';

/**
 * Issue #9: each questionnaire can be completed with the keyboard alone — Tab, Shift+Tab, Space,
 * Enter, arrow keys and typing; no click, no `.fill()` — the focus is visible at every stop, and
 * a page that fails validation puts the focus on the first question in error.
 */

let server: TestServer;
let browser: Browser;

beforeAll(async () => {
	[server, browser] = await Promise.all([startServer(), launchBrowser()]);
});
afterAll(async () => {
	await browser?.close();
	await server?.stop();
});

interface Focused {
	/** The question the focus is in (`data-name`), if any. */
	question: string | null;
	kind: 'radio' | 'checkbox' | 'text' | 'ranking' | 'dropdown' | 'button' | 'other' | 'none';
	/** For a radio: whether its group already has a choice; for a ranking item: ranked already. */
	done: boolean;
	label: string;
	/** Why the focus is not visible, or null when it is. */
	invisible: string | null;
}

/**
 * Where the focus is, and whether a sighted keyboard user can see it: the focused element, or
 * for SurveyJS's hidden radio and checkbox inputs the circle or box drawn beside them (or the
 * label around them), has an outline of at least 2 px or a box-shadow ring spreading 2 px.
 */
async function focused(page: Page): Promise<Focused> {
	return page.evaluate(() => {
		const e = document.activeElement as HTMLElement | null;
		if (!e || e === document.body)
			return { question: null, kind: 'none', done: false, label: 'body', invisible: null };
		const candidates: Element[] = [e];
		const label = e.closest('label');
		if (label) candidates.push(...label.querySelectorAll('.sd-item__decorator'), label);
		// A dropdown's or text box's frame is drawn around the input that has the focus.
		const frame = e.closest('.sd-input');
		if (frame && frame !== e) candidates.push(frame);
		const ranking = e.closest('.sv-ranking-item');
		if (ranking) candidates.push(...ranking.querySelectorAll('.sv-ranking-item__content'));
		const ring = (el: Element) => {
			const box = el.getBoundingClientRect();
			if (box.width < 4 || box.height < 4) return false;
			const s = getComputedStyle(el);
			if (s.outlineStyle !== 'none' && parseFloat(s.outlineWidth) >= 2) return true;
			return [...s.boxShadow.matchAll(/(-?[\d.]+)px (-?[\d.]+)px (-?[\d.]+)px (-?[\d.]+)px/g)].some(
				(m) => parseFloat(m[4]) >= 2
			);
		};
		const input = e as HTMLInputElement;
		const type = e.tagName === 'INPUT' ? input.type : '';
		const kind =
			type === 'radio'
				? 'radio'
				: type === 'checkbox'
					? 'checkbox'
					: e.closest('.sd-dropdown')
						? 'dropdown'
						: e.tagName === 'TEXTAREA' || (e.tagName === 'INPUT' && type === 'text')
							? 'text'
							: ranking
								? 'ranking'
								: e.tagName === 'BUTTON' || type === 'button' || e.tagName === 'A'
									? 'button'
									: 'other';
		const done =
			kind === 'radio'
				? !!document.querySelector(`input[type=radio][name="${input.name}"]:checked`)
				: kind === 'ranking'
					? !!e.closest('.sv-ranking__container--to')
					: false;
		const question = e.closest('.sd-page [data-name]')?.getAttribute('data-name') ?? null;
		const text = (e.getAttribute('aria-label') ?? input.value ?? e.textContent ?? '').trim();
		return {
			question,
			kind,
			done,
			label: `${e.tagName.toLowerCase()}.${e.className} "${text.slice(0, 40)}"`,
			invisible: candidates.some(ring) ? null : `no visible focus on ${e.outerHTML.slice(0, 160)}`
		} as Focused;
	});
}

async function press(page: Page, key: string, stops: string[]): Promise<Focused> {
	await page.keyboard.press(key);
	const now = await focused(page);
	stops.push(now.label);
	expect(now.invisible, `after ${key}, at stop ${stops.length}`).toBeNull();
	return now;
}

interface Walk {
	id: string;
	locale: Locale;
	audience: string;
	/** The page (0-based) on which Next is first pressed with a required question unanswered. */
	validateOn: number | null;
}

const walks: Walk[] = [
	{ id: 'method-evaluation', locale: 'nb', audience: 'municipal', validateOn: 0 },
	{ id: 'maturity', locale: 'en', audience: 'municipal', validateOn: 1 },
	// A user-side audience, for the dropdown (sector), matrices, the ranking and comments.
	{ id: 'barriers', locale: 'nn', audience: 'business', validateOn: null }
];

describe('a questionnaire answered with the keyboard alone', () => {
	it.each(walks)('$id in $locale as $audience', async ({ id, locale, audience, validateOn }) => {
		const json = (await (await fetch(`${server.url}/api/surveys/${id}`)).json()).json as SurveyJson;
		const questions = questionsByName(json);
		const nextText = textIn(json.pageNextText, locale);
		const completeText = textIn(json.completeText, locale);
		// One municipality of the register per walk, so each walk's answer is found by it.
		const municipality = { 'method-evaluation': 'alta', maturity: 'hamar', barriers: 'molde' }[id]!;
		const { context } = await contextFor(browser, server.url);
		const page = await context.newPage();
		await page.goto(
			`${server.url}/s/${id}?audience=${audience}&municipality=${municipality}&lang=${locale}`
		);
		await page.locator('.sd-page [data-name]').first().waitFor();

		const expected: Record<string, unknown> = {};
		const stops: string[] = [];
		let validated = validateOn === null;
		for (let pageNo = 0; ; pageNo++) {
			expect(pageNo, 'pages').toBeLessThan(20);
			const firstName = await page
				.locator('.sd-page [data-name]')
				.first()
				.getAttribute('data-name');
			const answered = new Set<string>();
			let leftPage = false;
			for (let presses = 0; presses < 300 && !leftPage; presses++) {
				const at = await press(page, 'Tab', stops);
				const question = at.question ? questions.get(at.question) : undefined;
				if (question && !(pageNo === validateOn && !validated)) {
					const answer = firstChoices(question);
					if (at.kind === 'radio' && !at.done) {
						// Arrow keys move and choose; back up to the first choice (first column).
						await page.keyboard.press('ArrowDown');
						await page.keyboard.press('ArrowUp');
						if (!(await focused(page)).done) await page.keyboard.press('Space');
						if (answer) Object.assign(expected, answer);
					} else if (at.kind === 'checkbox' && !answered.has(question.name)) {
						await page.keyboard.press('Space');
						if (answer) Object.assign(expected, answer);
					} else if (at.kind === 'text' && !answered.has(question.name)) {
						await page.keyboard.type(String(answer?.[question.name] ?? ''));
						if (answer) Object.assign(expected, answer);
					} else if (at.kind === 'dropdown' && !answered.has(question.name)) {
						// Open the list, move to the first choice, take it. The list opens in a popup
						// after a moment: wait for it before Enter, and for the choice to be shown.
						await page.keyboard.press('ArrowDown');
						await page.getByRole('option').first().waitFor();
						await page.keyboard.press('Enter');
						await page
							.locator(`[data-name="${question.name}"] .sd-dropdown__value`)
							.filter({ hasText: /\S/ })
							.waitFor();
						if (answer) Object.assign(expected, answer);
					} else if (at.kind === 'ranking' && !at.done) {
						// Select-to-rank: Space moves the focused item to the ranked list, in order.
						const max = question.maxSelectedChoices ?? 99;
						const ranked = page.locator(
							`[data-name="${question.name}"] .sv-ranking__container--to .sv-ranking-item`
						);
						// Space moves the focused item to the ranked list; the focus then follows it
						// or stays behind, so find the next item to choose from with Shift+Tab.
						for (let step = 0; step < 40; step++) {
							const count = await ranked.count();
							if (count >= max) break;
							const now = step === 0 ? at : await press(page, 'Shift+Tab', stops);
							if (now.kind !== 'ranking' || now.done) continue;
							await page.keyboard.press('Space');
							await expect
								.poll(() => ranked.count(), { timeout: 2000 })
								.toBeGreaterThanOrEqual(count);
						}
						expect(await ranked.count()).toBe(max);
						// The order is the one the keys gave: read it back as choice values.
						const shown = await ranked.allTextContents();
						expected[question.name] = shown.map((text) => {
							const choice = choicesOf(question.choices).find((c) =>
								text.includes(textIn(c.text, locale))
							);
							if (!choice) throw new Error(`ranked item "${text}" is no choice`);
							return choice.value;
						});
					}
					answered.add(question.name);
				}
				if (
					at.kind === 'button' &&
					(at.label.includes(nextText) || at.label.includes(completeText))
				) {
					// Back and forth once, so Shift+Tab is exercised and its stop checked too.
					await press(page, 'Shift+Tab', stops);
					await press(page, 'Tab', stops);
					const completing = at.label.includes(completeText);
					await page.keyboard.press('Enter');
					if (pageNo === validateOn && !validated) {
						// Nothing answered: SurveyJS stays on the page and focuses the first error.
						await page.locator('.sd-page .sd-question--error').first().waitFor();
						const errorQuestion = await page
							.locator('.sd-page .sd-question--error')
							.first()
							.getAttribute('data-name');
						await expect.poll(async () => (await focused(page)).question).toBe(errorQuestion);
						const now = await focused(page);
						expect(now.invisible).toBeNull();
						validated = true;
						// Step back out of the question, so the next Tab arrives in it to answer.
						await press(page, 'Shift+Tab', stops);
						presses = 0;
						continue;
					}
					if (completing) {
						await page
							.getByRole('heading', { name: translate(locale, 'thanks.title') })
							.waitFor({ timeout: 15_000 });
						// The thank-you heading takes the focus, so a screen reader announces it.
						expect(await page.evaluate(() => document.activeElement?.id)).toBe('thanks-title');
						const stored = await storedFor(id, municipality);
						expect(stored).toHaveLength(1);
						expect(stored[0]).toEqual(expected);
						expect(validated).toBe(true);
						await context.close();
						return;
					}
					await page.locator(`.sd-page [data-name="${firstName}"]`).waitFor({ state: 'detached' });
					leftPage = true;
				}
			}
			expect(leftPage, `page ${pageNo}: no way to the next page by Tab`).toBe(true);
		}
	});
});

async function storedFor(id: string, municipality: string) {
	const response = await fetch(`${server.url}/api/surveys/${id}/responses?limit=1000`, {
		headers: { authorization: `Bearer ${TEST_TOKEN}` }
	});
	const { responses } = (await response.json()) as {
		responses: { answers: Record<string, unknown>; municipality: string }[];
	};
	return responses.filter((r) => r.municipality === municipality).map((r) => r.answers);
}
