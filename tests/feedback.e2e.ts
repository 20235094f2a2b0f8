import { readdir, readFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import {
	compareWithOthers,
	type ComparableResponse,
	type FeedbackProfile
} from '../src/lib/scoring/feedback';
import { protectedNumbers } from '../src/lib/summary/protect';
import { parseScoringModel, type ScoringModel } from '../src/lib/scoring/model';
import { scoreResponse } from '../src/lib/scoring/score';
import { contextFor, launchBrowser } from './support/browser';
import { fillQuestionnaire, type SurveyJson } from './support/questionnaire';
import { postJson, startServer, type TestServer } from './support/server';

/**
 * The feedback after the maturity questionnaire: the respondent's profile with chart, table and
 * suggestions, and the median of the other municipalities once five of them have answered.
 */

let server: TestServer;
let browser: Browser;
let json: SurveyJson;
let model: ScoringModel;

beforeAll(async () => {
	[server, browser] = await Promise.all([startServer(), launchBrowser()]);
	json = JSON.parse(
		await readFile(resolve(import.meta.dirname, '../surveys/maturity.json'), 'utf8')
	) as SurveyJson;
	const parsed = parseScoringModel((json.odb as { scoring: unknown }).scoring);
	if (!parsed.ok) throw new Error(parsed.errors.join('\n'));
	model = parsed.model;
});
afterAll(async () => {
	await browser?.close();
	await server?.stop();
});

const responsesUrl = () => `${server.url}/api/surveys/maturity/responses`;

/**
 * Answers that put every item of dimension i at grade grades[i]: 0 → 0 %, 1 → 25 %, 2 → 50 %,
 * 3 → 75 %, 4 → 100 % (each item's answer scale has exactly those five points). So a
 * municipality's dimension scores are 25 × its grades, and its overall score their mean.
 */
function answersAtGrades(grades: number[]): Record<string, string> {
	const answers: Record<string, string> = {};
	model.dimensions.forEach((dimension, i) => {
		for (const item of dimension.items) {
			const byPoints = Object.entries(item.points).sort((a, b) => a[1] - b[1]);
			answers[item.question] = byPoints[grades[i]][0];
		}
	});
	return answers;
}

async function seed(municipality: string, grades: number[]) {
	const posted = await postJson(responsesUrl(), {
		answers: answersAtGrades(grades),
		audience: 'municipal',
		municipality,
		locale: 'nb'
	});
	expect(posted.status).toBe(201);
	return posted.body as { id: string; receipt: string; profile: FeedbackProfile };
}

/**
 * The respondent's answers, and the scores worked out by hand from the weights and points in
 * surveys/maturity.json ("dont_know" has no points: the item is left out of earned and max):
 *
 * strategy_policy (weights 20, 15, 15, 10, 10, 5)
 *   full 20×1 + mostly 15×0.75 + partly 15×0.5 + planned 10×0.25 + none 0 = 41.25;
 *   sp_open_by_default "dont_know" is left out, so max 70 → 41.25/70 = 58.93 → 58.9, level 3.
 *   Target 4: the suggestion for level 4.
 * governance_roles (10, 15, 20, 15, 10, 5)
 *   10 + 15 + 20 + 15×0.75 + 10×0.75 = 63.75; vendor contracts "not_applicable" is excluded,
 *   so max 70 → 91.07 → 91.1, level 5. Target 3 is reached: no suggestions.
 * data_management_quality: all "none" → 0 of 75 → 0.0, level 1. No target chosen.
 * publication (15, 20, 15, 15, 10, 5)
 *   15×0.5 + 20×0.5 + 15×0.5 + 15×0.25 + API "not_applicable" (full credit: 10 of 10) + 0
 *   = 7.5 + 10 + 7.5 + 3.75 + 10 = 38.75 of 80 → 48.44 → 48.4, level 3.
 *   Target 5: the suggestions for levels 4 and 5.
 * use_cocreation_innovation: all "dont_know" → no score, no level. Target 2: the suggestion
 *   for level 2 (with no level, every suggestion up to the target applies).
 * coordination (15, 20, 10, 10, 5)
 *   15×0.25 + 20×0.5 + 0 + 10×1 + 0 = 23.75 of 60 → 39.58 → 39.6, level 2.
 *   Target 3: the suggestion for level 3.
 * overall: the mean of the five scores that exist, before rounding:
 *   (41.25/70 + 63.75/70 + 0 + 38.75/80 + 23.75/60) × 100 / 5
 *   = (58.929 + 91.071 + 0 + 48.438 + 39.583) / 5 = 238.021 / 5 = 47.604 → 47.6, level 3.
 */
const known: Record<string, string> = {
	respondent_role: 'open_data_coordinator',
	municipality_size: 'size_over_100k',
	assessed_by: 'with_colleagues',
	sp_strategy: 'full',
	sp_goals: 'mostly',
	sp_leadership: 'partly',
	sp_plans_budget: 'planned',
	sp_follow_up: 'none',
	sp_open_by_default: 'dont_know',
	strategy_policy_target: 'level_4',
	gr_coordinator: 'full',
	gr_roles_described: 'full',
	gr_data_owners: 'all',
	gr_release_process: 'mostly',
	gr_resources: 'mostly',
	gr_vendor_contracts: 'not_applicable',
	governance_roles_target: 'level_3',
	dm_inventory: 'none',
	dm_access_classification: 'none',
	dm_quality_routines: 'none',
	dm_update_plans: 'none',
	dm_common_terms: 'none',
	dm_error_follow_up: 'none',
	pb_portal: 'partly',
	pb_machine_readable: 'half',
	pb_open_licence: 'half',
	pb_metadata: 'few',
	pb_api: 'not_applicable',
	pb_service_level: 'none',
	publication_target: 'level_5',
	uc_user_dialogue: 'dont_know',
	uc_demand_driven: 'dont_know',
	uc_cocreation: 'dont_know',
	uc_measure_use: 'dont_know',
	uc_internal_use: 'dont_know',
	uc_documented_impact: 'dont_know',
	use_cocreation_innovation_target: 'level_2',
	co_network: 'planned',
	co_common_schemas: 'partly',
	co_joint_selection: 'none',
	co_experience_sharing: 'full',
	co_joint_procurement: 'none',
	coordination_target: 'level_3'
};

/** The stored maturity responses with their record keys, as the server compares them. */
async function storedMaturity(dataDir: string): Promise<ComparableResponse[]> {
	const folder = join(dataDir, 'responses');
	const stored: ComparableResponse[] = [];
	for (const name of (await readdir(folder)).filter((n) => n.endsWith('.json')).sort()) {
		const segment = JSON.parse(await readFile(join(folder, name), 'utf8')) as {
			responses: (ComparableResponse & { surveyId: string })[];
		};
		stored.push(...segment.responses.filter((r) => r.surveyId === 'maturity'));
	}
	return stored;
}

/** One decimal with a decimal comma, as a Norwegian reader writes it. */
const nb1 = (value: number) => value.toFixed(1).replace('.', ',');

/** The rows of the profile table as text: [area, score, level, target, median?]. */
async function tableRows(page: Page, name: string): Promise<string[][]> {
	const table = page.getByRole('table', { name });
	return table
		.locator('tbody tr, tfoot tr')
		.evaluateAll((rows) =>
			rows.map((row) =>
				[...row.querySelectorAll('th, td')].map((cell) => cell.textContent?.trim() ?? '')
			)
		);
}

describe('feedback after the maturity questionnaire', () => {
	let firstSeed: { id: string; receipt: string; profile: FeedbackProfile };

	it('answers 201 with a profile for a scored questionnaire only, keeping id and receipt', async () => {
		const plain = await postJson(`${server.url}/api/surveys/method-evaluation/responses`, {
			answers: { activity: 'workshop' },
			audience: 'citizen',
			municipality: 'oslo'
		});
		expect(plain.status).toBe(201);
		expect(Object.keys(plain.body).sort()).toEqual(['id', 'receipt']);

		// The first maturity response: nobody else to compare with yet.
		firstSeed = await seed('bodo', [4, 3, 2, 1, 0, 2]);
		expect(firstSeed.id).toMatch(/^[0-9a-f-]{36}$/);
		expect(firstSeed.receipt).toMatch(/^[0-9A-Z]{4}-[0-9A-Z]{4}-[0-9A-Z]{4}$/);
		// bodo's grades 4, 3, 2, 1, 0, 2 → 100, 75, 50, 25, 0, 50; overall 300 / 6 = 50.
		expect(firstSeed.profile.dimensions.map((d) => d.score)).toEqual([100, 75, 50, 25, 0, 50]);
		expect(firstSeed.profile.overall).toEqual({ score: 50, level: 3, levelCode: 'level_3' });
		expect(firstSeed.profile.others).toEqual({ available: false, minimum: 5 });
		expect(firstSeed.profile.levels.map((l) => l.min)).toEqual([0, 20, 40, 60, 80]);
	});

	it('says plainly that a comparison appears once five other municipalities have answered', async () => {
		// The view as bodo's respondent saw it, restored from the tab's storage as after a reload.
		const { context } = await contextFor(browser, server.url);
		const page = await context.newPage();
		const address = `${server.url}/s/maturity?audience=municipal&municipality=bodo`;
		await page.goto(address);
		await page.evaluate(
			(thanks) => sessionStorage.setItem('odb:thanks:maturity', JSON.stringify(thanks)),
			{ receipt: firstSeed.receipt, profile: firstSeed.profile }
		);
		await page.goto(`${address}&done=1`);
		await page.getByRole('heading', { name: 'Modenhetsprofilen deres' }).waitFor();
		expect(
			await page
				.getByText('Sammenligning med andre kommuner vises når minst 5 andre kommuner har svart.')
				.isVisible()
		).toBe(true);
		const rows = await tableRows(page, 'Poengsum og nivå per område');
		// No median column: area, score, level, target.
		expect(rows.map((row) => row.length)).toEqual([4, 4, 4, 4, 4, 4, 4]);
		expect(rows.at(-1)).toEqual(['Samlet', '50,0', 'Nivå 3 – Definert', '–']);
		await context.close();
	});

	it('shows the profile, the medians of five other municipalities and the suggestions', async () => {
		// Five more municipalities (bodo is already in), grades per dimension in the order of
		// the file: strategy, governance, data management, publication, use, coordination.
		await seed('oslo', [0, 1, 2, 3, 4, 4]); //      0, 25, 50, 75, 100, 100 → 58.33
		await seed('stavanger', [2, 2, 2, 2, 2, 2]); // 50 everywhere            → 50
		await seed('drammen', [1, 1, 1, 1, 1, 1]); //   25 everywhere            → 25
		await seed('larvik', [3, 3, 3, 3, 3, 3]); //    75 everywhere            → 75
		// fredrikstad answered twice: only the latest (0 everywhere) counts.
		await seed('fredrikstad', [4, 4, 4, 4, 4, 4]);
		await seed('fredrikstad', [0, 0, 0, 0, 0, 0]); // 0 everywhere           → 0
		// The respondent's own municipality answered before: it is not an "other".
		await seed('trondheim', [4, 4, 4, 4, 4, 4]);
		/*
		 * Six others (bodo, oslo, stavanger, drammen, larvik, fredrikstad), per dimension:
		 *   strategy      100, 0, 50, 25, 75, 0  → 0, 0, 25, 50, 75, 100   → (25 + 50) / 2 = 37.5
		 *   governance     75, 25, 50, 25, 75, 0 → 0, 25, 25, 50, 75, 75   → (25 + 50) / 2 = 37.5
		 *   data mgmt      50, 50, 50, 25, 75, 0 → 0, 25, 50, 50, 50, 75   → (50 + 50) / 2 = 50
		 *   publication    25, 75, 50, 25, 75, 0 → 0, 25, 25, 50, 75, 75   → 37.5
		 *   use             0, 100, 50, 25, 75, 0 → 0, 0, 25, 50, 75, 100  → 37.5
		 *   coordination   50, 100, 50, 25, 75, 0 → 0, 25, 50, 50, 75, 100 → 50
		 *   overall     50, 58.33, 50, 25, 75, 0 → 0, 25, 50, 50, 58.33, 75 → 50
		 * (With fredrikstad's first answer instead, strategy would be 62.5; with trondheim's, 50.)
		 */
		const medians = [37.5, 37.5, 50, 37.5, 37.5, 50];
		const overallMedian = 50;

		const { context, foreignRequests } = await contextFor(browser, server.url);
		const page = await context.newPage();
		await page.goto(`${server.url}/s/maturity?audience=municipal&municipality=trondheim`);
		const given = await fillQuestionnaire(page, json, 'nb', (q) =>
			q.name in known ? { [q.name]: known[q.name] } : null
		);
		expect(given).toEqual(known);
		await page.getByRole('heading', { name: 'Takk for svaret!' }).waitFor({ timeout: 15_000 });
		await page.getByRole('heading', { name: 'Modenhetsprofilen deres' }).waitFor();

		// What the scoring module predicts for these answers, and the hand-worked overall.
		const expected = scoreResponse(model, known);
		expect(expected.overall).toEqual({ score: 47.6, level: 3, levelCode: 'level_3' });
		expect(expected.dimensions.map((d) => d.score)).toEqual([58.9, 91.1, 0, 48.4, null, 39.6]);
		// And the medians the comparison module computes from the same seeds as by hand.
		const seeded = [
			[4, 3, 2, 1, 0, 2],
			[0, 1, 2, 3, 4, 4],
			[2, 2, 2, 2, 2, 2],
			[1, 1, 1, 1, 1, 1],
			[3, 3, 3, 3, 3, 3],
			[4, 4, 4, 4, 4, 4],
			[0, 0, 0, 0, 0, 0],
			[4, 4, 4, 4, 4, 4]
		];
		const places = [
			'bodo',
			'oslo',
			'stavanger',
			'drammen',
			'larvik',
			'fredrikstad',
			'fredrikstad',
			'trondheim'
		];
		const computed = compareWithOthers(
			model,
			seeded.map((grades, i) => ({
				municipality: places[i],
				seq: i,
				answers: answersAtGrades(grades)
			})),
			'trondheim'
		);
		expect(computed.available && computed.dimensions.map((d) => d.score)).toEqual(medians);
		expect(computed.available && computed.overall.score).toBe(overallMedian);

		// The page is public, so it shows the protected comparison (issue 14; before, these exact
		// medians and "de 6 andre kommunene"): the count of municipalities perturbed, each median
		// moved by at most 100 / (2n) points, n its perturbed count, all from the stored record
		// keys, so worked out here from the same keys with the same functions.
		const shown = compareWithOthers(
			model,
			await storedMaturity(server.dataDir),
			'trondheim',
			5,
			protectedNumbers(5)
		);
		if (!shown.available) {
			// Six others, perturbed to 4 (one time in ten): no comparison, as with fewer than five.
			expect(
				await page
					.getByText('Sammenligning med andre kommuner vises når minst 5 andre kommuner har svart.')
					.isVisible()
			).toBe(true);
			await context.close();
			return;
		}
		for (const [i, dimension] of shown.dimensions.entries()) {
			if (dimension.score === null) continue;
			expect(Math.abs(dimension.score - medians[i])).toBeLessThanOrEqual(100 / (2 * dimension.n));
		}
		const median = (score: number | null, format = nb1) => (score === null ? '–' : format(score));
		const levelName = (level: number | null) =>
			level === null
				? '–'
				: `Nivå ${level} – ${model.levels.find((l) => l.level === level)?.label.nb}`;
		const rows = await tableRows(page, 'Poengsum og nivå per område');
		expect(rows).toEqual([
			...expected.dimensions.map((d, i) => [
				d.label.nb,
				d.score === null ? 'Ikke beregnet' : nb1(d.score),
				levelName(d.level),
				d.target === null ? 'Ikke valgt' : levelName(d.target),
				median(shown.dimensions[i].score)
			]),
			['Samlet', '47,6', 'Nivå 3 – Definert', '–', median(shown.overall.score)]
		]);
		// Spelled out for two rows, so a shared mistake in the helpers above cannot hide.
		expect(rows[0].slice(1, 4)).toEqual(['58,9', 'Nivå 3 – Definert', 'Nivå 4 – Styrt']);
		expect(rows[4].slice(1, 4)).toEqual(['Ikke beregnet', '–', 'Nivå 2 – Repeterbar']);
		expect(
			await page
				.getByText(
					`Medianen er midtverdien for om lag ${shown.municipalities} andre kommuner som har svart`
				)
				.isVisible()
		).toBe(true);

		// Suggestions for the four dimensions below their targets, none for the others.
		expect(await page.getByRole('heading', { level: 4 }).allTextContents()).toEqual(
			expected.dimensions.filter((d) => d.suggestions.length > 0).map((d) => d.label.nb)
		);
		const strategy = model.dimensions[0];
		const publication = model.dimensions[3];
		const strategySection = page.getByRole('region', { name: strategy.label.nb });
		expect(await strategySection.locator('li').allTextContents()).toEqual(
			strategy.suggestions?.filter((s) => s.forLevel === 4).map((s) => s.text.nb)
		);
		expect(
			await strategySection.getByText('Nå: Nivå 3 – Definert. Mål: Nivå 4 – Styrt.').count()
		).toBe(1);
		expect(
			await page.getByRole('region', { name: publication.label.nb }).locator('li').allTextContents()
		).toEqual(publication.suggestions?.filter((s) => s.forLevel >= 4).map((s) => s.text.nb));
		expect(await page.getByRole('region', { name: model.dimensions[1].label.nb }).count()).toBe(0);

		// The chart: drawn by chart.js in the browser, described by the table.
		const chart = page.getByRole('img', { name: /Radardiagram/ });
		expect(await chart.getAttribute('aria-describedby')).toBe('feedback-table');
		await expect.poll(() => paintedPixels(page), { timeout: 10_000 }).toBeGreaterThan(1000);

		// Printing: the button asks the browser to print; on paper there is no navigation and
		// no buttons, but the chart and the table are there.
		await page.evaluate(() => {
			(window as unknown as { printed: number }).printed = 0;
			window.print = () => void (window as unknown as { printed: number }).printed++;
		});
		await page.getByRole('button', { name: 'Skriv ut' }).click();
		expect(await page.evaluate(() => (window as unknown as { printed: number }).printed)).toBe(1);
		await page.emulateMedia({ media: 'print' });
		expect(await page.getByRole('navigation').isVisible()).toBe(false);
		expect(await page.getByRole('button', { name: 'Skriv ut' }).isVisible()).toBe(false);
		expect(await page.getByRole('link', { name: 'Tilbake til forsiden' }).isVisible()).toBe(false);
		expect(await page.getByTestId('receipt').isVisible()).toBe(false);
		expect(await chart.isVisible()).toBe(true);
		expect(await page.getByRole('table', { name: 'Poengsum og nivå per område' }).isVisible()).toBe(
			true
		);
		await page.emulateMedia({ media: 'screen' });

		// A reload shows the same view; the language switch shows it in English.
		await page.reload();
		await page.getByRole('heading', { name: 'Modenhetsprofilen deres' }).waitFor();
		expect((await tableRows(page, 'Poengsum og nivå per område')).at(-1)).toEqual([
			'Samlet',
			'47,6',
			'Nivå 3 – Definert',
			'–',
			median(shown.overall.score)
		]);
		await page.getByRole('link', { name: 'English' }).click();
		await page.getByRole('heading', { name: 'Your maturity profile' }).waitFor();
		const english = await tableRows(page, 'Score and level per area');
		const en1 = (value: number) => value.toFixed(1);
		expect(english[0]).toEqual([
			strategy.label.en,
			'58.9',
			'Level 3 – Defined',
			'Level 4 – Managed',
			median(shown.dimensions[0].score, en1)
		]);
		expect(english.at(-1)).toEqual([
			'Overall',
			'47.6',
			'Level 3 – Defined',
			'–',
			median(shown.overall.score, en1)
		]);
		expect(
			await page.getByRole('region', { name: strategy.label.en }).locator('li').allTextContents()
		).toEqual(strategy.suggestions?.filter((s) => s.forLevel === 4).map((s) => s.text.en));

		expect(foreignRequests).toEqual([]);
		await context.close();
	});
});

/** How many pixels of the chart's canvas are not transparent. */
function paintedPixels(page: Page): Promise<number> {
	return page.evaluate(() => {
		const canvas = document.querySelector('canvas');
		const context = canvas?.getContext('2d');
		if (!canvas || !context || canvas.width === 0) return 0;
		const { data } = context.getImageData(0, 0, canvas.width, canvas.height);
		let painted = 0;
		for (let i = 3; i < data.length; i += 4) if (data[i] > 0) painted++;
		return painted;
	});
}
