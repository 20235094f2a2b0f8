import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { translate } from '../src/lib/i18n/messages';
import { municipalities } from '../src/lib/municipalities';
import { seededRandom } from '../src/test-data/answers';
import { contextFor, launchBrowser } from './support/browser';
import {
	choicesOf,
	fillQuestionnaire,
	matrixRows,
	type Chooser,
	type Locale,
	type QuestionJson,
	type SurveyJson
} from './support/questionnaire';
import { startServer, TEST_TOKEN, type TestServer } from './support/server';

/**
 * The requirement: each questionnaire can be answered end to end in Chromium in each
 * language, and what is stored is what was filled in. The barrier questionnaire branches on
 * who answers and on whether they have used municipal data, so it runs for municipal staff, for
 * users who have (the long module) and for residents who have not (the short module only).
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

/** Free text as people type it: Norwegian letters, quotes, a second line, markup-like text. */
const typed: Record<Locale, string> = {
	nb: 'Trenger bedre metadata og «åpne» formater\nAndre linje: ÆØÅ æøå',
	nn: 'Treng betre metadata – "opne" data & API-ar',
	en: 'Needs <b>better</b> metadata; APIs & "open" licences'
};
const otherTyped: Record<Locale, string> = {
	nb: 'Rådgiver i bydel',
	nn: 'Rådgjevar i bydel',
	en: 'Adviser in a district'
};

/**
 * Answers every question a person is shown, with choices drawn from a seeded generator so each
 * run differs but is reproducible. The first question offering "other" gets "other" and a text.
 */
function varied(seed: number, locale: Locale): Chooser {
	const random = seededRandom(seed);
	const pick = <T>(list: readonly T[]): T => list[Math.floor(random() * list.length)];
	const shuffled = <T>(list: readonly T[]): T[] =>
		list
			.map((item) => ({ item, key: random() }))
			.sort((a, b) => a.key - b.key)
			.map(({ item }) => item);
	let otherGiven = false;
	return (question: QuestionJson) => {
		const { name } = question;
		const values = choicesOf(question.choices).map((c) => c.value);
		switch (question.type) {
			case 'radiogroup':
			case 'dropdown':
				if (question.showOtherItem && !otherGiven) {
					otherGiven = true;
					return { [name]: 'other', [`${name}-Comment`]: otherTyped[locale] };
				}
				return { [name]: pick(values) };
			case 'checkbox':
				return { [name]: shuffled(values).slice(0, 2) };
			case 'rating': {
				const min = question.rateMin ?? 1;
				const max = question.rateMax ?? 5;
				return { [name]: min + Math.floor(random() * (max - min + 1)) };
			}
			case 'matrix': {
				const columns = choicesOf(question.columns).map((c) => c.value);
				const rows = matrixRows(question);
				return { [name]: Object.fromEntries(rows.map((row) => [row.value, pick(columns)])) };
			}
			case 'ranking':
				return { [name]: shuffled(values).slice(0, question.maxSelectedChoices ?? values.length) };
			case 'comment':
			case 'text':
				return { [name]: typed[locale] };
			default:
				return null;
		}
	};
}

async function definition(id: string): Promise<SurveyJson> {
	const body = (await (await fetch(`${server.url}/api/surveys/${id}`)).json()) as {
		json: SurveyJson;
	};
	return body.json;
}

async function storedFor(id: string, municipality: string) {
	const response = await fetch(`${server.url}/api/surveys/${id}/responses?limit=1000`, {
		headers: { authorization: `Bearer ${TEST_TOKEN}` }
	});
	const { responses } = (await response.json()) as {
		responses: { answers: Record<string, unknown>; municipality: string; [k: string]: unknown }[];
	};
	return responses.filter((r) => r.municipality === municipality);
}

/** Answers given whatever the seed: the barrier survey's route depends on them. */
type Forced = Record<string, string>;
const forcing =
	(forced: Forced, choose: Chooser): Chooser =>
	(question) =>
		question.name in forced ? { [question.name]: forced[question.name] } : choose(question);

const runs: { id: string; locale: Locale; audience: string; forced?: Forced }[] = [
	{ id: 'barriers', locale: 'nb', audience: 'municipal' },
	{
		id: 'barriers',
		locale: 'nb',
		audience: 'business',
		forced: { used_municipal_data: 'yes_often' }
	},
	{ id: 'barriers', locale: 'nb', audience: 'citizen', forced: { used_municipal_data: 'no' } },
	{ id: 'barriers', locale: 'nn', audience: 'municipal' },
	{
		id: 'barriers',
		locale: 'nn',
		audience: 'citizen',
		forced: { used_municipal_data: 'yes_sometimes' }
	},
	{ id: 'barriers', locale: 'en', audience: 'municipal' },
	{
		id: 'barriers',
		locale: 'en',
		audience: 'voluntary',
		forced: { used_municipal_data: 'tried_gave_up' }
	},
	{ id: 'barriers', locale: 'en', audience: 'citizen', forced: { used_municipal_data: 'no' } },
	{ id: 'method-follow-up', locale: 'nb', audience: 'business' },
	{ id: 'method-follow-up', locale: 'nn', audience: 'citizen' },
	{ id: 'method-follow-up', locale: 'en', audience: 'municipal' },
	{ id: 'maturity', locale: 'nb', audience: 'municipal' },
	{ id: 'maturity', locale: 'nn', audience: 'municipal' },
	{ id: 'maturity', locale: 'en', audience: 'municipal' },
	{ id: 'method-evaluation', locale: 'nb', audience: 'municipal' },
	{ id: 'method-evaluation', locale: 'nn', audience: 'voluntary' },
	{ id: 'method-evaluation', locale: 'en', audience: 'business' }
];

describe('every questionnaire, answered in the browser in every language', () => {
	it.each(runs.map((run, i) => ({ ...run, seed: 1000 + i })))(
		'$id in $locale as $audience: stores exactly what was filled in',
		async ({ id, locale, audience, forced, seed }) => {
			const json = await definition(id);
			// One municipality of the register per run, so the stored response is found without
			// doubt (the register's 357 outnumber the runs; a made-up slug is no longer accepted).
			const municipality = municipalities[seed - 1000].slug;
			const { context, foreignRequests } = await contextFor(browser, server.url);
			const page = await context.newPage();
			await page.goto(
				`${server.url}/s/${id}?audience=${audience}&municipality=${municipality}&lang=${locale}`
			);
			expect(await page.locator('html').getAttribute('lang')).toBe(locale);

			const shown: string[] = [];
			const choose = forcing(forced ?? {}, varied(seed, locale));
			const given = await fillQuestionnaire(page, json, locale, choose, {
				onPage: (names) => void shown.push(...names)
			});
			await page
				.getByRole('heading', { name: translate(locale, 'thanks.title') })
				.waitFor({ timeout: 15_000 });

			// The branch for this audience, and for having used municipal data or not, was shown,
			// and no other: the short module is all a resident who never used such data sees.
			if (id === 'barriers') {
				const module = (prefix: string) => shown.filter((name) => name.startsWith(prefix));
				const route =
					audience === 'municipal'
						? 'publisher'
						: forced?.used_municipal_data === 'no'
							? 'short'
							: 'long';
				expect({
					pub: module('pub_').length > 0,
					use: module('use_').length > 0,
					new: module('new_').length > 0,
					ranked: shown.includes('top_barrier_categories'),
					businessOnly: shown.includes('use_licences') || shown.includes('use_economics_business')
				}).toEqual({
					pub: route === 'publisher',
					use: route === 'long',
					new: route === 'short',
					ranked: route !== 'short',
					businessOnly: route === 'long' && audience === 'business'
				});
				if (route === 'short') {
					expect(module('new_')).toEqual(['new_interest', 'new_barriers']);
					expect(Object.keys(given).filter((k) => /^(use|pub)_/.test(k))).toEqual([]);
				}
			}
			// The questions about published data were shown exactly when the filter said so.
			if (id === 'maturity') {
				expect([given.pb_published, shown.includes('pb_portal')]).toEqual([
					given.pb_published,
					given.pb_published === 'yes'
				]);
			}

			const stored = await storedFor(id, municipality);
			expect(stored).toHaveLength(1);
			expect(Object.keys(stored[0].answers).sort()).toEqual(Object.keys(given).sort());
			expect(stored[0].answers).toEqual(given);
			expect(stored[0]).toMatchObject({ audience, municipality, locale, status: 'complete' });
			expect(foreignRequests).toEqual([]);
			await context.close();
		}
	);
});
