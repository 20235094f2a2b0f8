import type { Locator, Page } from 'playwright-core';

/**
 * Fills a SurveyJS questionnaire in the browser as a person would: page by page, reading each
 * visible question, clicking the labels of the choices by their text in the page's language,
 * opening dropdowns, picking ranking items, typing into text boxes. The definition JSON says
 * which question is which kind and what its texts are; the page says which questions are shown.
 */

export type Locale = 'nb' | 'nn' | 'en';
type Text = string | Record<string, string> | undefined;

interface ChoiceJson {
	value: string | number;
	text?: Text;
}
export interface QuestionJson {
	type: string;
	name: string;
	title?: Text;
	choices?: (ChoiceJson | string | number)[];
	columns?: (ChoiceJson | string | number)[];
	rows?: (ChoiceJson | string | number)[] | number;
	rateMin?: number;
	rateMax?: number;
	showOtherItem?: boolean;
	otherText?: Text;
	maxSelectedChoices?: number;
	elements?: QuestionJson[];
}
export interface SurveyJson {
	pages: { name: string; elements?: QuestionJson[] }[];
	pageNextText?: Text;
	pagePrevText?: Text;
	completeText?: Text;
	[key: string]: unknown;
}

/** A SurveyJS localisable text in `locale`, falling back as SurveyJS does. */
export function textIn(text: Text, locale: Locale, fallback = ''): string {
	if (text === undefined) return fallback;
	if (typeof text === 'string') return text;
	return text[locale] ?? text.default ?? fallback;
}

export function choicesOf(list: QuestionJson['choices']): { value: string | number; text: Text }[] {
	return (list ?? []).map((c) =>
		typeof c === 'object'
			? { value: c.value, text: c.text ?? String(c.value) }
			: { value: c, text: String(c) }
	);
}

/** A matrix's rows (for a comment box, `rows` is its height instead). */
export function matrixRows(question: QuestionJson) {
	return choicesOf(Array.isArray(question.rows) ? question.rows : []);
}

/** Every question of the definition by name, nested panels included. */
export function questionsByName(json: SurveyJson): Map<string, QuestionJson> {
	const found = new Map<string, QuestionJson>();
	const walk = (elements: QuestionJson[] = []) => {
		for (const element of elements) {
			found.set(element.name, element);
			walk(element.elements);
		}
	};
	for (const page of json.pages) walk(page.elements);
	return found;
}

/**
 * Pages on with the "next" button (`Neste` unless told) until question `name` is shown, and
 * returns it. For questions that no required question comes before.
 */
export async function goToQuestion(page: Page, name: string, next = 'Neste'): Promise<Locator> {
	const question = page.locator(`.sd-page [data-name="${name}"]`);
	await page.locator('.sd-page [data-name]').first().waitFor();
	for (let i = 0; i < 20 && !(await question.isVisible()); i++) {
		const first = await page.locator('.sd-page [data-name]').first().getAttribute('data-name');
		await page.getByRole('button', { name: next, exact: true }).click();
		await page.locator(`.sd-page [data-name="${first}"]`).waitFor({ state: 'detached' });
	}
	await question.waitFor();
	return question;
}

/** Next, page by page (the rest left unanswered), until the last page's button shows. */
export async function toLastPage(page: Page, last: string) {
	for (let i = 0; i < 10; i++) {
		if (await page.getByRole('button', { name: last }).isVisible()) return;
		const first = await page.locator('.sd-page [data-name]').first().getAttribute('data-name');
		await page.getByRole('button', { name: 'Neste', exact: true }).click();
		await page.locator(`.sd-page [data-name="${first}"]`).waitFor({ state: 'detached' });
	}
	await page.getByRole('button', { name: last }).waitFor();
}

/** SurveyJS hides the native radio and checkbox inputs; a person clicks the label around them. */
export function labelOf(input: Locator): Locator {
	return input.locator('xpath=ancestor::label[1]');
}

const escapeRegExp = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/**
 * What to answer to one question, as the entries it adds to the stored answers (the value
 * under its name, and `<name>-Comment` for an "other" text), or null to leave it unanswered.
 */
export type Chooser = (question: QuestionJson) => Record<string, unknown> | null;

export interface FillOptions {
	/** Called on each page with the names of the questions shown, before they are filled. */
	onPage?: (names: string[], pageNo: number) => Promise<void> | void;
}

/**
 * Answers every page of the questionnaire open in `page` and submits it. Checks on the way that
 * the navigation buttons and every question title are in `locale`. Returns the answers given,
 * keyed as SurveyJS stores them.
 */
export async function fillQuestionnaire(
	page: Page,
	json: SurveyJson,
	locale: Locale,
	choose: Chooser,
	options: FillOptions = {}
): Promise<Record<string, unknown>> {
	const questions = questionsByName(json);
	const next = page.getByRole('button', { name: textIn(json.pageNextText, locale), exact: true });
	const previous = page.getByRole('button', {
		name: textIn(json.pagePrevText, locale),
		exact: true
	});
	const complete = page.getByRole('button', {
		name: textIn(json.completeText, locale),
		exact: true
	});
	const given: Record<string, unknown> = {};
	/** The questions the page shows now, in order. */
	const shown = () =>
		page
			.locator('.sd-page [data-name]')
			.evaluateAll((elements) => elements.map((e) => e.getAttribute('data-name') ?? ''));

	for (let pageNo = 0; pageNo < 50; pageNo++) {
		await next.or(complete).first().waitFor({ timeout: 15_000 });
		const names = await shown();
		if (names.length === 0) throw new Error(`page ${pageNo} shows no questions`);
		await options.onPage?.(names, pageNo);
		if (pageNo > 0 && !(await previous.isVisible())) {
			throw new Error(`page ${pageNo}: no "${textIn(json.pagePrevText, locale)}" button`);
		}
		// A question can appear (or disappear) on this page once another is answered, as a
		// question routed by a filter above it does: read what is shown again after each answer.
		const handled = new Set<string>();
		for (
			let name: string | undefined = names[0];
			name !== undefined;
			name = (await shown()).find((n) => !handled.has(n))
		) {
			handled.add(name);
			const question = questions.get(name);
			if (!question) throw new Error(`the page shows "${name}", which the definition lacks`);
			if (question.type === 'html') continue;
			const element = page.locator(`.sd-page [data-name="${name}"]`);
			await expectTitle(element, question, locale);
			const answer = choose(question);
			if (!answer) continue;
			await answerQuestion(page, element, question, answer, locale);
			Object.assign(given, answer);
		}
		if (await complete.isVisible()) {
			await complete.click();
			return given;
		}
		await next.click();
		// The next page has other questions: wait for this one's first to leave.
		await page.locator(`.sd-page [data-name="${names[0]}"]`).waitFor({ state: 'detached' });
	}
	throw new Error('the questionnaire did not end within 50 pages');
}

async function expectTitle(element: Locator, question: QuestionJson, locale: Locale) {
	const expected = textIn(question.title, locale, question.name);
	const shown = (await element.locator('.sd-question__title').first().textContent()) ?? '';
	if (!shown.includes(expected)) {
		throw new Error(`"${question.name}" is titled "${shown}", expected "${expected}" (${locale})`);
	}
}

async function typeInto(page: Page, box: Locator, text: string) {
	await box.click();
	await page.keyboard.type(text);
}

async function answerQuestion(
	page: Page,
	element: Locator,
	question: QuestionJson,
	answer: Record<string, unknown>,
	locale: Locale
) {
	const value = answer[question.name];
	const comment = answer[`${question.name}-Comment`];
	const choiceText = (v: unknown) => {
		if (v === 'other') return textIn(question.otherText, locale, 'Other');
		const choice = choicesOf(question.choices).find((c) => c.value === v);
		if (!choice) throw new Error(`"${question.name}" has no choice ${String(v)}`);
		return textIn(choice.text, locale, String(v));
	};
	switch (question.type) {
		case 'radiogroup': {
			const radio = element.getByRole('radio', { name: choiceText(value), exact: true });
			await labelOf(radio).click();
			break;
		}
		case 'checkbox': {
			for (const v of value as unknown[]) {
				const box = element.getByRole('checkbox', { name: choiceText(v), exact: true });
				await labelOf(box).click();
			}
			break;
		}
		case 'dropdown': {
			await element.locator('.sd-dropdown').click();
			await page.getByRole('option', { name: choiceText(value), exact: true }).click();
			break;
		}
		case 'rating': {
			const radio = element.getByRole('radio', { name: String(value), exact: true });
			await labelOf(radio).click();
			break;
		}
		case 'matrix': {
			// Each cell's radio is named "row <row text>, column <column text>" in the page's language.
			const rows = matrixRows(question);
			const columns = choicesOf(question.columns);
			for (const [rowValue, columnValue] of Object.entries(value as Record<string, unknown>)) {
				const row = rows.find((r) => String(r.value) === rowValue);
				const column = columns.find((c) => c.value === columnValue);
				if (!row || !column)
					throw new Error(`"${question.name}" has no cell ${rowValue}/${String(columnValue)}`);
				const name = new RegExp(
					`^\\S+ ${escapeRegExp(textIn(row.text, locale))}, \\S+ ${escapeRegExp(textIn(column.text, locale))}$`
				);
				await labelOf(element.getByRole('radio', { name })).click();
			}
			break;
		}
		case 'ranking': {
			// Select-to-rank: an item moves to the ranked list when clicked or when Space is
			// pressed on it, in the order chosen. The first by keyboard, the rest by mouse.
			const ranked = value as unknown[];
			for (const [i, v] of ranked.entries()) {
				const item = element.locator('.sv-ranking__container--from .sv-ranking-item', {
					hasText: choiceText(v)
				});
				if (i === 0) {
					await item.focus();
					await page.keyboard.press('Space');
				} else await item.click();
				await element.locator('.sv-ranking__container--to .sv-ranking-item').nth(i).waitFor();
			}
			break;
		}
		case 'comment':
		case 'text':
			await typeInto(page, element.locator('textarea, input').first(), String(value));
			break;
		default:
			throw new Error(`no way to answer a "${question.type}" question (${question.name})`);
	}
	if (typeof comment === 'string')
		await typeInto(page, element.locator('textarea').first(), comment);
}

/**
 * The plainest answers: the first choice everywhere, the lowest rating, every matrix row in its
 * first column, the first items ranked, a short text. For tests about the pages rather than data.
 */
export const firstChoices: Chooser = (question) => {
	const { name } = question;
	const values = choicesOf(question.choices).map((c) => c.value);
	switch (question.type) {
		case 'radiogroup':
		case 'dropdown':
			return { [name]: values[0] };
		case 'checkbox':
			return { [name]: [values[0]] };
		case 'rating':
			return { [name]: question.rateMin ?? 1 };
		case 'matrix': {
			const first = choicesOf(question.columns)[0].value;
			return { [name]: Object.fromEntries(matrixRows(question).map((r) => [r.value, first])) };
		}
		case 'ranking':
			return { [name]: values.slice(0, question.maxSelectedChoices ?? values.length) };
		case 'comment':
		case 'text':
			return { [name]: 'Bra' };
		default:
			return null;
	}
};
