import { readFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FeedbackProfile } from '../src/lib/scoring/feedback';
import { parseScoringModel, type ScoringModel } from '../src/lib/scoring/model';
import { medianProfile, scoreResponse } from '../src/lib/scoring/score';
import {
	demoStory,
	loadStoryQuestionnaires,
	seedDemoStory,
	storyRounds
} from '../src/test-data/demo-story';
import { allPlanned } from '../src/test-data/maturity';
import { axeViolations, describeViolations } from './support/axe';
import { contextFor, launchBrowser } from './support/browser';
import { fillQuestionnaire, type SurveyJson } from './support/questionnaire';
import { postJson, startServer, tempDir, type TestServer } from './support/server';

/**
 * Issue 13, tried as a respondent would (a 360 px phone, in Nynorsk): the maturity profile says
 * whose it is — municipality by name, questionnaire, round, date — on screen and on paper, where
 * "Takk for svaret!" is left out; and it compares the municipality with its own last closed
 * round, as a protected median of at least five answers, never one earlier answer. The data
 * folder holds the demo's story (three closed rounds of the maturity questionnaire).
 */

const now = new Date();
let server: TestServer;
let browser: Browser;
let json: SurveyJson & { title: Record<string, string> };
let model: ScoringModel;

beforeAll(async () => {
	const dataDir = await tempDir('odb-feedback-context-');
	await seedDemoStory(dataDir, now);
	[server, browser] = await Promise.all([startServer({ dataDir }), launchBrowser()]);
	json = JSON.parse(
		await readFile(resolve(import.meta.dirname, '../surveys/maturity.json'), 'utf8')
	);
	const parsed = parseScoringModel((json.odb as { scoring: unknown }).scoring);
	if (!parsed.ok) throw new Error(parsed.errors.join('\n'));
	model = parsed.model;
});
afterAll(async () => {
	await browser?.close();
	await server?.stop();
});

const lastRound = () => storyRounds(now).find((r) => r.surveyId === 'maturity' && r.index === 2)!;

/** The exact median overall score of a municipality's answers in the last dated round of the story. */
async function exactEarlierOverall(municipality: string): Promise<{ score: number; n: number }> {
	const story = demoStory(await loadStoryQuestionnaires(), now);
	const answers = story.responses.filter(
		(r) =>
			r.surveyId === 'maturity' && r.roundId === lastRound().slug && r.municipality === municipality
	);
	const median = medianProfile(answers.map((r) => scoreResponse(model, r.answers)));
	return { score: median.overall.score!, n: answers.length };
}

describe('the maturity profile says whose it is and compares with the last round', () => {
	it('on a 360 px phone in Nynorsk: Bodø, the questionnaire, the round and the date; the last closed round beside it; no thank-you on paper', async () => {
		const { context, foreignRequests } = await contextFor(browser, server.url, {
			viewport: { width: 360, height: 740 },
			locale: 'nn-NO'
		});
		const page = await context.newPage();
		await page.goto(`${server.url}/s/maturity?audience=municipal&municipality=bodo&lang=nn`);
		const answered = page.waitForResponse(
			(r) =>
				new URL(r.url()).pathname === '/api/surveys/maturity/responses' &&
				r.request().method() === 'POST',
			{ timeout: 120_000 }
		);
		await fillQuestionnaire(page, json, 'nn', (q) =>
			q.name in allPlanned ? { [q.name]: allPlanned[q.name] } : null
		);
		const profile = ((await (await answered).json()) as { profile: FeedbackProfile }).profile;
		await page.getByRole('heading', { name: 'Takk for svaret!' }).waitFor({ timeout: 15_000 });
		await page.getByRole('heading', { name: 'Modenskapsprofilen dykkar' }).waitFor();

		// Whose profile: terms and what they say, in Nynorsk.
		const terms = await page.getByRole('term').allTextContents();
		const definitions = await page.getByRole('definition').allTextContents();
		expect(terms.map((t) => t.trim())).toEqual(['Kommune', 'Spørjeskjema', 'Runde', 'Sendt']);
		expect(definitions[0].trim()).toBe('Bodø');
		expect(definitions[1].trim()).toBe(json.title.nn);
		expect(definitions[2].trim()).toBe('Open lenkje (inga runde)');
		// "1. desember 2026 kl. 23:40" or the like: the day as Norway reads it.
		const day = new Intl.DateTimeFormat('nn-NO', {
			dateStyle: 'long',
			timeZone: 'Europe/Oslo'
		}).format(now);
		expect(definitions[3]).toContain(day);

		// The last closed round of Bodø: a protected median of its ≥ 5 answers there.
		const round = lastRound();
		expect(profile.earlier).toMatchObject({
			round: round.name,
			closesAt: round.closesAt,
			minimum: 5
		});
		const exact = await exactEarlierOverall('bodo');
		expect(exact.n).toBeGreaterThanOrEqual(5);
		const earlier = profile.earlier!;
		expect(Math.abs(earlier.answers - exact.n)).toBeLessThanOrEqual(2);
		expect(earlier.overall.score).not.toBeNull();
		// Moved by at most 100 / (2n) points, n the perturbed count of those with a score.
		expect(Math.abs(earlier.overall.score! - exact.score)).toBeLessThanOrEqual(
			100 / (2 * earlier.overall.n) + 0.05
		);
		const column = `Bodø, ${round.name} (%)`;
		const table = page.getByRole('table', { name: 'Poengsum og nivå per område' });
		expect(await table.getByRole('columnheader', { name: column }).count()).toBe(1);
		const overallRow = (
			await table.locator('tfoot tr').first().locator('th, td').allTextContents()
		).map((c) => c.trim());
		expect(overallRow.at(-1)).toBe(earlier.overall.score!.toFixed(1).replace('.', ','));
		await page
			.getByText(`om lag ${earlier.answers} svar frå Bodø i runden «${round.name}»`)
			.waitFor();

		// Nothing wider than the phone; no axe violation.
		expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(
			360
		);
		const violations = await axeViolations(page);
		expect(violations, describeViolations('profile at 360 px', violations)).toEqual([]);

		// On paper: whose profile and the comparison, but no thank-you, no receipt.
		await page.emulateMedia({ media: 'print' });
		expect(await page.getByRole('heading', { name: 'Takk for svaret!' }).isVisible()).toBe(false);
		expect(await page.getByText('Svara dine er lagra.', { exact: true }).isVisible()).toBe(false);
		expect(await page.getByRole('heading', { name: 'Modenskapsprofilen dykkar' }).isVisible()).toBe(
			true
		);
		expect(await page.getByRole('definition').first().isVisible()).toBe(true);
		expect(await page.getByRole('definition').nth(1).isVisible()).toBe(true);
		expect(await table.getByRole('columnheader', { name: column }).isVisible()).toBe(true);
		expect(await page.getByTestId('receipt').isVisible()).toBe(false);
		await page.emulateMedia({ media: 'screen' });

		expect(foreignRequests).toEqual([]);
		await context.close();
	}, 180_000);

	it('a municipality without a closed round of five answers gets no earlier comparison; its profile names it and the open link', async () => {
		const posted = await postJson(`${server.url}/api/surveys/maturity/responses`, {
			answers: allPlanned,
			audience: 'municipal',
			municipality: 'hamar',
			locale: 'nn'
		});
		expect(posted.status).toBe(201);
		const profile = (posted.body as { profile: FeedbackProfile }).profile;
		expect(profile.earlier).toBeNull();
		expect(profile.about).toEqual({
			municipality: 'hamar',
			submittedAt: expect.stringMatching(/^\d{4}-\d\d-\d\dT/),
			round: null
		});
	});

	it('says on the page when there is no earlier round to compare with', async () => {
		const { context } = await contextFor(browser, server.url, {
			viewport: { width: 360, height: 740 },
			locale: 'nn-NO'
		});
		const page = await context.newPage();
		await page.goto(`${server.url}/s/maturity?audience=municipal&municipality=tynset&lang=nn`);
		await fillQuestionnaire(page, json, 'nn', (q) =>
			q.name in allPlanned ? { [q.name]: allPlanned[q.name] } : null
		);
		await page
			.getByRole('heading', { name: 'Modenskapsprofilen dykkar' })
			.waitFor({ timeout: 60_000 });
		await page
			.getByText('Inga tidlegare, avslutta runde har svar frå minst 5 i tynset', { exact: false })
			.waitFor();
		const table = page.getByRole('table', { name: 'Poengsum og nivå per område' });
		expect(await table.getByRole('columnheader').count()).toBe(5);
		await context.close();
	}, 180_000);

	it('Gjesdal, answering today, is compared with its own last closed round, where it stood low', async () => {
		const posted = await postJson(`${server.url}/api/surveys/maturity/responses`, {
			answers: allPlanned,
			audience: 'municipal',
			municipality: 'gjesdal',
			locale: 'nb'
		});
		expect(posted.status).toBe(201);
		const profile = (posted.body as { profile: FeedbackProfile }).profile;
		expect(profile.earlier?.round).toBe(lastRound().name);
		// Gjesdal scored low in its last round (the story: about 20 of 100).
		expect(profile.earlier!.overall.score!).toBeLessThan(35);
	});
});
