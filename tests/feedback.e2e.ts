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
import { allPlanned, publisher, publishingAlsoAsks } from '../src/test-data/maturity';
import { contextFor, launchBrowser } from './support/browser';
import { fillQuestionnaire, type SurveyJson } from './support/questionnaire';
import { postJson, startServer, tempDir, type TestServer } from './support/server';
import { randomUUID } from 'node:crypto';
import { analyseDefinition } from '../src/lib/definitions/analyse';
import { newCode } from '../src/lib/server/invitations';
import { openStore, type ImportedResponse } from '../src/lib/server/store';

/**
 * The feedback after the maturity questionnaire: the respondent's profile with chart, table and
 * suggestions, and the median of the other municipalities once five of them have answered.
 */

let server: TestServer;
/**
 * A second server whose data folder was seeded (through the store, before it started) with the
 * other municipalities' verified answers from yesterday, and an invitation for Trondheim: the
 * comparison is taken only from such a snapshot (issue 18), never from answers sent today.
 */
let peerServer: TestServer;
let trondheimInvitation: string;
let browser: Browser;
let json: SurveyJson;
let model: ScoringModel;

beforeAll(async () => {
	json = JSON.parse(
		await readFile(resolve(import.meta.dirname, '../surveys/maturity.json'), 'utf8')
	) as SurveyJson;
	const parsed = parseScoringModel((json.odb as { scoring: unknown }).scoring);
	if (!parsed.ok) throw new Error(parsed.errors.join('\n'));
	model = parsed.model;
	[server, peerServer, browser] = await Promise.all([
		startServer(),
		seededPeers().then((dataDir) => startServer({ dataDir })),
		launchBrowser()
	]);
});
afterAll(async () => {
	await browser?.close();
	await server?.stop();
	await peerServer?.stop();
});

/**
 * Per area in the order of the file (strategy, governance, skills, data management,
 * publication, use, coordination) at its lowest (0) or best (100), overall = the number at
 * their best × 100 / 7. Stored in this order, so fredrikstad's second answer is its latest.
 */
const peerSeeds: [string, number[]][] = [
	['bodo', [1, 1, 1, 1, 0, 0, 0]], //      4/7 → 57.14
	['oslo', [1, 0, 1, 0, 1, 1, 0]], //      4/7 → 57.14
	['stavanger', [1, 1, 0, 0, 1, 0, 1]], // 4/7 → 57.14
	['drammen', [1, 0, 0, 1, 0, 1, 0]], //   3/7 → 42.86
	['larvik', [0, 1, 1, 1, 1, 1, 1]], //    6/7 → 85.71
	// fredrikstad answered twice: only the latest (0 everywhere) counts.
	['fredrikstad', [1, 1, 1, 1, 1, 1, 1]],
	['fredrikstad', [0, 0, 0, 0, 0, 0, 0]], // 0
	// The respondent's own municipality answered before: it is not an "other".
	['trondheim', [1, 1, 1, 1, 1, 1, 1]]
];

async function seededPeers(): Promise<string> {
	const dataDir = await tempDir();
	const version = analyseDefinition('maturity', json).definition!.version;
	const yesterday = new Date(Date.now() - 86400_000).toISOString();
	const store = await openStore(dataDir);
	try {
		await store.responses.import(
			peerSeeds.map(([municipality, high], i): ImportedResponse => ({
				id: randomUUID(),
				surveyId: 'maturity',
				surveyVersion: version,
				roundId: 'default',
				answers: answersAt(high),
				audience: 'municipal',
				municipality,
				locale: 'nb',
				status: 'complete',
				startedAt: yesterday,
				submittedAt: yesterday,
				clientResponseId: null,
				receipt: `PEER-0000-000${i}`,
				verified: true
			}))
		);
		const now = new Date().toISOString();
		await store.rounds.add({
			id: 'peer-round',
			slug: 'modenhet',
			surveyId: 'maturity',
			name: 'Modenhet',
			opensAt: null,
			closesAt: null,
			audiences: [],
			municipality: null,
			createdAt: now,
			updatedAt: now
		});
		trondheimInvitation = newCode();
		await store.invitations.addMany([
			{
				id: 'peer-trondheim',
				roundId: 'peer-round',
				code: trondheimInvitation,
				label: null,
				municipality: 'trondheim',
				audience: 'municipal',
				maxUses: 1,
				uses: 0,
				createdAt: now
			}
		]);
	} finally {
		await store.close();
	}
	return dataDir;
}

const responsesUrl = () => `${server.url}/api/surveys/maturity/responses`;

/**
 * Answers that put every item of dimension i at its lowest (high[i] = 0) or highest (1) answer,
 * so each dimension scores 0 or 100 (and with the highest answers every level condition holds).
 * Items routed by a filter ("has the municipality published data?", "is there an overview?")
 * are answered only when the filter's answer asks them, as the questionnaire shows them.
 */
function answersAt(high: number[]): Record<string, string> {
	const answers: Record<string, string> = {};
	const items = model.dimensions.flatMap((dimension, i) =>
		dimension.items.map((item) => ({ item, best: high[i] === 1 }))
	);
	const pick = ({ item, best }: (typeof items)[number]) => {
		const byPoints = Object.entries(item.points).sort((a, b) => a[1] - b[1]);
		answers[item.question] = (best ? byPoints.at(-1)! : byPoints[0])[0];
	};
	items.filter(({ item }) => !item.askedIf).forEach(pick);
	items
		.filter(({ item }) => item.askedIf?.values.includes(answers[item.askedIf.question]))
		.forEach(pick);
	return answers;
}

async function post(municipality: string, answers: Record<string, string>) {
	const posted = await postJson(responsesUrl(), {
		answers,
		audience: 'municipal',
		municipality,
		locale: 'nb'
	});
	expect(posted.status).toBe(201);
	return posted.body as { id: string; receipt: string; profile: FeedbackProfile };
}

const seed = (municipality: string, high: number[]) => post(municipality, answersAt(high));

/**
 * The respondent's answers, and the scores worked out by hand from the weights, points and
 * conditions in surveys/maturity.json. Each area's weights add up to 100. "dont_know" has no
 * points: the item is out of the score but counts against the 70 % coverage. The municipality
 * has published data, so the publication questions are shown.
 *
 * strategy_policy (20, 15, 15, 15, 15, 10, 10)
 *   full 20 + mostly 11.25 + partly 7.5 + started 3.75 + none 0 + review "done" 5 = 47.5;
 *   "open by default" don't know: 90 of 100 answered, 47.5/90 = 52.78 → 52.8, level 3 (its
 *   conditions hold: strategy and goals at least partly). Target 4: the suggestion for 4.
 * governance_roles (15, 15, 20, 15, 15, 10, 10)
 *   15 + 15 + 75–99 % 17.5 + 11.25 + 11.25 + review acted 10 = 80; vendors don't know:
 *   80/90 = 88.89 → 88.9, level 5 (every condition holds). Target 3 is reached: none.
 * knowledge_skills: only "share who know" (25) answered: 25 % < 70 % → not enough answers.
 *   Target 2: the suggestion for level 2 (with no level, every one up to the target).
 * data_management_quality (20, 15, 20, 10, 10, 15, 10)
 *   inventory started 5 + assessed 1–24 % 1.875 + 20 + 10 + updated 100 % 10 + 15 + 10
 *   = 71.875/100 → 71.9: the score reaches level 4, but level 3 needs the overview at least
 *   partly in place → level 2, and the page says why. No target.
 * publication (10, 10, 10, 15, 10, 10, 10, 5, 10, 10)
 *   published 10 + 1–4 datasets 2.5 + portal partly 5 + 50–74 % × 15 = 9.375 + 50–74 % × 10
 *   = 6.25 + 1–24 % × 10 = 1.25 + service level 0 + review 0 = 34.375; the API "not
 *   applicable" is out (90 apply), high-value don't know (80 of 90 answered, 88.9 %):
 *   34.375/80 = 42.97 → 43.0, level 3. Target 5: the suggestions for levels 4 and 5.
 * use_impact: all "dont_know" → not enough answers. Target 2: the suggestion for level 2.
 * coordination (20, 20, 15, 20, 15, 10)
 *   once 5 + schemas partly 10 + 0 + 7 times or more 20 + 0 = 35; review don't know:
 *   35/90 = 38.89 → 38.9, level 2. Target 3: the suggestion for level 3.
 * overall: two areas have no score, so there is no overall score either.
 */
const known: Record<string, string> = {
	respondent_role: 'open_data_coordinator',
	municipality_size: 'size_over_100k',
	assessed_by: 'with_colleagues',
	pb_published: 'yes',
	sp_strategy: 'full',
	sp_goals: 'mostly',
	sp_leadership: 'partly',
	sp_plans_budget: 'started',
	sp_follow_up: 'none',
	sp_open_by_default: 'dont_know',
	sp_review: 'review_done',
	strategy_policy_evidence: 'https://example.no/strategi.pdf',
	strategy_policy_target: 'level_4',
	gr_coordinator: 'full',
	gr_roles_described: 'full',
	gr_data_owners: 'pct_75_99',
	gr_release_process: 'mostly',
	gr_resources: 'mostly',
	gr_vendor_contracts: 'dont_know',
	gr_review: 'review_acted',
	governance_roles_target: 'level_3',
	ks_staff_knowledge: 'pct_25_49',
	ks_training: 'dont_know',
	ks_legal: 'dont_know',
	ks_technical: 'dont_know',
	ks_review: 'dont_know',
	knowledge_skills_target: 'level_2',
	dm_inventory: 'started',
	dm_access_classification: 'pct_1_24',
	dm_quality_routines: 'full',
	dm_common_terms: 'full',
	dm_update_plans: 'pct_100',
	dm_error_follow_up: 'full',
	dm_review: 'review_acted',
	pb_dataset_count: 'count_1_4',
	pb_portal: 'partly',
	pb_machine_readable: 'pct_50_74',
	pb_open_licence: 'pct_50_74',
	pb_metadata: 'pct_1_24',
	pb_api: 'not_applicable',
	pb_service_level: 'pct_0',
	pb_high_value: 'dont_know',
	pb_review: 'review_no',
	publication_target: 'level_5',
	uc_user_dialogue: 'dont_know',
	uc_demand_driven: 'dont_know',
	uc_cocreation: 'dont_know',
	uc_internal_use: 'dont_know',
	uc_measure_use: 'dont_know',
	uc_known_reuse: 'dont_know',
	uc_documented_impact: 'dont_know',
	uc_review: 'dont_know',
	use_impact_target: 'level_2',
	co_network: 'times_1',
	co_common_schemas: 'partly',
	co_joint_selection: 'none',
	co_experience_sharing: 'times_7_plus',
	co_joint_procurement: 'none',
	co_review: 'dont_know',
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
		firstSeed = await seed('bodo', [1, 1, 1, 1, 0, 0, 0]);
		expect(firstSeed.id).toMatch(/^[0-9a-f-]{36}$/);
		expect(firstSeed.receipt).toMatch(/^[0-9A-Z]{4}-[0-9A-Z]{4}-[0-9A-Z]{4}$/);
		// bodo: four areas at their best (100, level 5), three at their lowest (0, level 1);
		// overall 400 / 7 = 57.14 → 57.1, and the lowest level, 1.
		expect(firstSeed.profile.dimensions.map((d) => [d.score, d.level])).toEqual([
			[100, 5],
			[100, 5],
			[100, 5],
			[100, 5],
			[0, 1],
			[0, 1],
			[0, 1]
		]);
		expect(firstSeed.profile.overall).toEqual({ score: 57.1, level: 1, levelCode: 'level_1' });
		expect(firstSeed.profile.others).toEqual({ available: false, minimum: 5 });
		expect(firstSeed.profile.levels.map((l) => l.min)).toEqual([0, 20, 40, 60, 80]);
		expect(firstSeed.profile.minCoverage).toBe(70);
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
				.getByText(
					'Sammenligning med andre kommuner er ikke tilgjengelig ennå: den vises når minst 5 andre kommuner har svart gjennom sine invitasjonslenker.'
				)
				.isVisible()
		).toBe(true);
		const rows = await tableRows(page, 'Poengsum og nivå per område');
		// No median column: area, score, level, target; seven areas and the overall row.
		expect(rows.map((row) => row.length)).toEqual([4, 4, 4, 4, 4, 4, 4, 4]);
		expect(rows.at(-1)).toEqual(['Samlet', '57,1', 'Nivå 1 – Innledende', '–']);
		await context.close();
	});

	it('shows the profile, the medians of five other municipalities and the suggestions', async () => {
		// The other municipalities are peerSeeds, stored yesterday through their invitations on
		// peerServer; the respondent answers through Trondheim's invitation (so Trondheim is the
		// own municipality, left out).
		/*
		 * Six others (bodo, oslo, stavanger, drammen, larvik, fredrikstad), per area, counting
		 * those at 100 among the six: 4 or more → median 100, 3 → (0 + 100) / 2 = 50, 2 or
		 * fewer → 0.
		 *   strategy      1, 1, 1, 1, 0, 0 → 4 → 100
		 *   governance    1, 0, 1, 0, 1, 0 → 3 → 50
		 *   skills        1, 1, 0, 0, 1, 0 → 3 → 50
		 *   data mgmt     1, 0, 0, 1, 1, 0 → 3 → 50
		 *   publication   0, 1, 1, 0, 1, 0 → 3 → 50
		 *   use           0, 1, 0, 1, 1, 0 → 3 → 50
		 *   coordination  0, 0, 1, 0, 1, 0 → 2 → 0
		 *   overall  57.14, 57.14, 57.14, 42.86, 85.71, 0 → 0, 42.86, 57.14, 57.14, 57.14, 85.71
		 *            → (57.14 + 57.14) / 2 = 57.14 → 57.1
		 * (With fredrikstad's first answer instead, governance would be 100; with trondheim's too,
		 * coordination would be 50.)
		 */
		const medians = [100, 50, 50, 50, 50, 50, 0];
		const overallMedian = 57.1;

		const { context, foreignRequests } = await contextFor(browser, peerServer.url);
		const page = await context.newPage();
		await page.goto(`${peerServer.url}/i/${trondheimInvitation}`);
		expect(new URL(page.url()).searchParams.get('municipality')).toBe('trondheim');
		const given = await fillQuestionnaire(page, json, 'nb', (q) =>
			q.name in known ? { [q.name]: known[q.name] } : null
		);
		expect(given).toEqual(known);
		await page.getByRole('heading', { name: 'Takk for svaret!' }).waitFor({ timeout: 15_000 });
		await page.getByRole('heading', { name: 'Modenhetsprofilen deres' }).waitFor();

		// What the scoring module predicts for these answers, against the hand-worked numbers.
		const expected = scoreResponse(model, known);
		expect(expected.overall).toEqual({ score: null, level: null, levelCode: null });
		expect(expected.dimensions.map((d) => [d.score, d.level])).toEqual([
			[52.8, 3],
			[88.9, 5],
			[null, null],
			[71.9, 2],
			[43, 3],
			[null, null],
			[38.9, 2]
		]);
		// And the medians the comparison module computes from the same seeds as by hand.
		const seeded = [
			[1, 1, 1, 1, 0, 0, 0],
			[1, 0, 1, 0, 1, 1, 0],
			[1, 1, 0, 0, 1, 0, 1],
			[1, 0, 0, 1, 0, 1, 0],
			[0, 1, 1, 1, 1, 1, 1],
			[1, 1, 1, 1, 1, 1, 1],
			[0, 0, 0, 0, 0, 0, 0],
			[1, 1, 1, 1, 1, 1, 1]
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
				answers: answersAt(grades)
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
			(await storedMaturity(peerServer.dataDir)).filter(
				(r) => (r as { verified?: boolean }).verified === true && r.seq <= peerSeeds.length
			),
			'trondheim',
			5,
			protectedNumbers(5)
		);
		if (!shown.available) {
			// Six others, perturbed to 4 (one time in ten): no comparison, as with fewer than five.
			expect(
				await page
					.getByText(
						'Sammenligning med andre kommuner er ikke tilgjengelig ennå: den vises når minst 5 andre kommuner har svart gjennom sine invitasjonslenker.'
					)
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
				d.score === null ? 'For få svar' : nb1(d.score),
				levelName(d.level),
				d.target === null ? 'Ikke valgt' : levelName(d.target),
				median(shown.dimensions[i].score)
			]),
			['Samlet', 'For få svar', '–', '–', median(shown.overall.score)]
		]);
		// Spelled out for three rows (the others' medians are protected, so worked out above), so a shared mistake in the helpers above cannot hide.
		expect(rows[0].slice(1)).toEqual([
			'52,8',
			'Nivå 3 – Definert',
			'Nivå 4 – Styrt',
			median(shown.dimensions[0].score)
		]);
		expect(rows[2].slice(1)).toEqual([
			'For få svar',
			'–',
			'Nivå 2 – Repeterbar',
			median(shown.dimensions[2].score)
		]);
		expect(rows[3].slice(1)).toEqual([
			'71,9',
			'Nivå 2 – Repeterbar',
			'Ikke valgt',
			median(shown.dimensions[3].score)
		]);
		// Why data management is at level 2 with a score that reaches level 4, and why two areas
		// have no score.
		const dataManagement = model.dimensions[3];
		const condition = dataManagement.conditions?.find((c) => c.level === 3)?.text.nb;
		expect(
			await page
				.getByText(
					`${dataManagement.label.nb}: Poengsummen holder til Nivå 3 – Definert, men det nivået krever også dette: ${condition}`
				)
				.isVisible()
		).toBe(true);
		expect(
			await page
				.getByText('«For få svar»: under 70 % av spørsmålene på området er besvart')
				.isVisible()
		).toBe(true);
		expect(
			await page
				.getByText(
					`Medianen er midtverdien for om lag ${shown.municipalities} andre kommuner som har svart`
				)
				.isVisible()
		).toBe(true);

		// Suggestions for the five areas below their targets (or without a score), none for the others.
		expect(await page.getByRole('heading', { level: 4 }).allTextContents()).toEqual(
			expected.dimensions.filter((d) => d.suggestions.length > 0).map((d) => d.label.nb)
		);
		const strategy = model.dimensions[0];
		const publication = model.dimensions[4];
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
		expect(await page.getByRole('region', { name: model.dimensions[3].label.nb }).count()).toBe(0);

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
			'For få svar',
			'–',
			'–',
			median(shown.overall.score)
		]);
		await page.getByRole('link', { name: 'English' }).click();
		await page.getByRole('heading', { name: 'Your maturity profile' }).waitFor();
		const english = await tableRows(page, 'Score and level per area');
		const en1 = (value: number) => value.toFixed(1);
		expect(english[0]).toEqual([
			strategy.label.en,
			'52.8',
			'Level 3 – Defined',
			'Level 4 – Managed',
			median(shown.dimensions[0].score, en1)
		]);
		expect(english.at(-1)).toEqual([
			'Overall',
			'Not enough answers',
			'–',
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

/**
 * The scoring rules the issue measured through the API, on the shipped questionnaire: each
 * profile is read from the 201 answer. The numbers are worked out by hand in
 * src/lib/scoring/maturity.spec.ts from the same answers (src/test-data/maturity.ts).
 */
describe('the scoring rules, through the API', () => {
	const profileOf = async (municipality: string, answers: Record<string, string>) =>
		(await post(municipality, answers)).profile;
	const publishing = { ...allPlanned, ...publisher, ...publishingAlsoAsks };

	it('gives level 1 in every area when everything is only planned', async () => {
		// "planned" (and "none", "not at all", "no review" where a scale has no "planned")
		// earns 0: every area 0 % of what applies, all of it answered, level 1.
		const profile = await profileOf('hamar', allPlanned);
		expect(profile.dimensions.map((d) => [d.score, d.level, d.coverage])).toEqual(
			Array.from({ length: 7 }, () => [0, 1, 100])
		);
		expect(profile.overall).toEqual({ score: 0, level: 1, levelCode: 'level_1' });
	});

	it('does not score an area with one answer and the rest "don\'t know"', async () => {
		// Strategy: sp_strategy "full" (weight 20 of 100), the six others "don't know": 20 %
		// answered, under 70 % → no score and no level. The other areas as planned: 0, level 1.
		// With one area unscored there is no overall score.
		const profile = await profileOf('molde', {
			...allPlanned,
			sp_strategy: 'full',
			sp_goals: 'dont_know',
			sp_leadership: 'dont_know',
			sp_plans_budget: 'dont_know',
			sp_follow_up: 'dont_know',
			sp_open_by_default: 'dont_know',
			sp_review: 'dont_know'
		});
		expect(profile.dimensions[0]).toMatchObject({
			score: null,
			level: null,
			coverage: 20,
			enoughAnswers: false
		});
		expect(profile.dimensions.slice(1).map((d) => d.score)).toEqual([0, 0, 0, 0, 0, 0]);
		expect(profile.overall).toEqual({ score: null, level: null, levelCode: null });
	});

	it('never gives credit for "not applicable"', async () => {
		// Publication with the API and high-value datasets "not applicable": 71.875 of the 80
		// that apply = 89.8. "Don't know" on the API instead earns the same 71.875: N/A adds
		// nothing (only the coverage differs, 80 of 90 answered).
		const withNa = (await profileOf('skien', publishing)).dimensions[4];
		expect([withNa.earned, withNa.max, withNa.coverage, withNa.score]).toEqual([
			71.875, 80, 100, 89.8
		]);
		const dontKnow = (await profileOf('moss', { ...publishing, pb_api: 'dont_know' }))
			.dimensions[4];
		expect([dontKnow.earned, dontKnow.coverage]).toEqual([71.875, 88.9]);
		// N/A alone: published, API "not applicable", the rest "don't know": only the filter's
		// 10 of the 90 that apply are answered (11.1 %) → no score, nothing from the N/A.
		const alone = (
			await profileOf('halden', {
				...publishing,
				pb_dataset_count: 'dont_know',
				pb_portal: 'dont_know',
				pb_machine_readable: 'dont_know',
				pb_open_licence: 'dont_know',
				pb_metadata: 'dont_know',
				pb_api: 'not_applicable',
				pb_service_level: 'dont_know',
				pb_high_value: 'dont_know',
				pb_review: 'dont_know'
			})
		).dimensions[4];
		expect([alone.earned, alone.coverage, alone.score, alone.level]).toEqual([
			10,
			11.1,
			null,
			null
		]);
	});

	it('gives two municipalities in the same state the same profile, whatever the answer order', async () => {
		const forwards = { ...publishing, sp_strategy: 'partly' };
		const backwards = Object.fromEntries(Object.entries(forwards).reverse());
		expect(Object.keys(backwards)).not.toEqual(Object.keys(forwards));
		const [a, b] = [await profileOf('alta', forwards), await profileOf('vadso', backwards)];
		expect(b.dimensions).toEqual(a.dimensions);
		expect(b.overall).toEqual(a.overall);
		// strategy 20 × 0.5 = 10; publication 71.875/80 = 89.84; the other five 0:
		// (10 + 89.84) / 7 = 14.26 → 14.3, and the lowest level, 1.
		expect(a.overall).toEqual({ score: 14.3, level: 1, levelCode: 'level_1' });
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
