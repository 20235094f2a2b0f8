import { readdir, readFile } from 'node:fs/promises';
import { randomUUID } from 'node:crypto';
import { join, resolve } from 'node:path';
import Papa from 'papaparse';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { analyseDefinition } from '../src/lib/definitions/analyse';
import { compareWithOthers, type FeedbackProfile } from '../src/lib/scoring/feedback';
import { parseScoringModel, type ScoringModel } from '../src/lib/scoring/model';
import { openStore, type ImportedResponse } from '../src/lib/server/store';
import { protectedNumbers } from '../src/lib/summary/protect';
import { allPlanned } from '../src/test-data/maturity';
import { axeViolations, describeViolations } from './support/axe';
import { contextFor, launchBrowser } from './support/browser';
import { fillQuestionnaire, type SurveyJson } from './support/questionnaire';
import {
	ADMIN_PASSWORD,
	postForm,
	postJson,
	signIn,
	startServer,
	tempDir,
	TEST_TOKEN,
	type TestServer
} from './support/server';

/**
 * Issue 18: municipalities from the register only, invitation links per round, and a peer
 * comparison that cannot be probed. The server starts on a data folder seeded (through the
 * store, before it starts) with eight municipalities' verified maturity answers from yesterday:
 * the snapshot the comparison is taken from.
 */

let server: TestServer;
let browser: Browser;
let json: SurveyJson;
let model: ScoringModel;
const token = { authorization: `Bearer ${TEST_TOKEN}` };
const yesterday = new Date(Date.now() - 86400_000).toISOString();

/** Every item of dimension i at its lowest (high[i] = 0) or highest (1) answer (feedback.e2e). */
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

const verifiedSeeds: [string, number[]][] = [
	['bodo', [1, 1, 1, 1, 0, 0, 0]],
	['oslo', [1, 0, 1, 0, 1, 1, 0]],
	['stavanger', [1, 1, 0, 0, 1, 0, 1]],
	['drammen', [1, 0, 0, 1, 0, 1, 0]],
	['larvik', [0, 1, 1, 1, 1, 1, 1]],
	['fredrikstad', [0, 0, 0, 0, 0, 0, 0]],
	['kristiansand', [1, 0, 1, 1, 0, 0, 1]],
	['gjesdal', [0, 1, 0, 1, 1, 0, 0]]
];

beforeAll(async () => {
	json = JSON.parse(
		await readFile(resolve(import.meta.dirname, '../surveys/maturity.json'), 'utf8')
	) as SurveyJson;
	const parsed = parseScoringModel((json.odb as { scoring: unknown }).scoring);
	if (!parsed.ok) throw new Error(parsed.errors.join('\n'));
	model = parsed.model;
	const version = analyseDefinition('maturity', json).definition!.version;
	const dataDir = await tempDir();
	const store = await openStore(dataDir);
	await store.responses.import(
		verifiedSeeds.map(([municipality, high], i): ImportedResponse => ({
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
			receipt: `SEED-0000-000${i}`,
			verified: true
		}))
	);
	await store.close();
	[server, browser] = await Promise.all([startServer({ dataDir }), launchBrowser()]);
});
afterAll(async () => {
	await browser?.close();
	await server?.stop();
});

const responsesUrl = () => `${server.url}/api/surveys/maturity/responses`;
const postMaturity = (body: Record<string, unknown>) =>
	postJson(responsesUrl(), { audience: 'municipal', locale: 'nb', ...body });

/** The stored maturity responses, as the comparison reads them, with their record keys. */
async function storedMaturity() {
	const folder = join(server.dataDir, 'responses');
	const stored: {
		municipality: string | null;
		seq: number;
		answers: Record<string, unknown>;
		recordKey: number;
		verified?: boolean;
		surveyId: string;
	}[] = [];
	for (const name of (await readdir(folder)).filter((n) => n.endsWith('.json')).sort()) {
		const segment = JSON.parse(await readFile(join(folder, name), 'utf8')) as {
			responses: typeof stored;
		};
		stored.push(...segment.responses.filter((r) => r.surveyId === 'maturity'));
	}
	return stored;
}

describe('the municipality register', () => {
	it('refuses an unknown municipality with a 422 naming the register, and stores nothing', async () => {
		const before = (await storedMaturity()).length;
		const refused = await postMaturity({ answers: allPlanned, municipality: 'xsstest' });
		expect(refused.status).toBe(422);
		expect(refused.body.error).toBe(
			'Kommunen «xsstest» finnes ikke i kommuneregisteret (SSBs standard for kommuneinndeling, de 357 kommunene fra 1. januar 2024). Velg en kommune fra listen, eller «Ingen kommune» hvis du ikke svarer for en kommune.'
		);
		// Municipal staff answer for a municipality: "none" is for others.
		const none = await postMaturity({ answers: allPlanned, municipality: 'none' });
		expect(none.status).toBe(422);
		expect(none.body.error).toBe('Kommuneansatte svarer for en kommune: velg kommunen fra listen.');
		const citizen = await postJson(`${server.url}/api/surveys/method-evaluation/responses`, {
			answers: { activity: 'workshop' },
			audience: 'citizen',
			municipality: 'none'
		});
		expect(citizen.status).toBe(201);
		expect((await storedMaturity()).length).toBe(before);
	});

	it('lists municipalities by id and name in the summary API', async () => {
		const response = await fetch(`${server.url}/api/surveys/maturity/summary`, {
			headers: token
		});
		expect(response.status).toBe(200);
		const body = (await response.json()) as {
			choices: { municipalities: { id: string; label: string }[] };
		};
		expect(body.choices.municipalities).toContainEqual({ id: 'bodo', label: 'Bodø' });
		expect(body.choices.municipalities).toContainEqual({
			id: 'kristiansand',
			label: 'Kristiansand'
		});
	});
});

describe('the peer comparison cannot be probed', () => {
	it('shows the same numbers to everyone, whatever fake or target answers are sent', async () => {
		// What the comparison must be: the eight verified municipalities of yesterday, none left
		// out (the respondents below are not verified), protected from their record keys.
		const seeded = (await storedMaturity()).filter((r) => r.verified === true);
		expect(seeded).toHaveLength(8);
		const expected = compareWithOthers(model, seeded, null, 5, protectedNumbers(5));
		expect(expected.available).toBe(true);

		const others = async (municipality: string, answers: Record<string, string>) => {
			const posted = await postMaturity({ answers, municipality });
			expect(posted.status).toBe(201);
			return (posted.body.profile as FeedbackProfile).others;
		};
		const baseline = await others('trondheim', answersAt([1, 0, 1, 0, 1, 0, 1]));
		expect(baseline).toEqual(expected);

		// The attack of the issue: made-up municipalities are refused outright …
		for (const fake of ['fake-1', 'fake-2', 'xsstest']) {
			expect((await postMaturity({ answers: allPlanned, municipality: fake })).status).toBe(422);
		}
		// … and real municipalities answered anonymously, all lowest and all highest, again and
		// again, walk nothing: they are not verified, and they are from today.
		const lowest = answersAt([0, 0, 0, 0, 0, 0, 0]);
		const highest = answersAt([1, 1, 1, 1, 1, 1, 1]);
		const walkers = ['tromso', 'alta', 'bergen', 'hamar', 'molde', 'skien', 'moss', 'halden'];
		for (const [i, place] of walkers.entries()) {
			expect(await others(place, i % 2 === 0 ? lowest : highest)).toEqual(baseline);
		}
		// Answering as the target does not take it out of "the others".
		for (const target of ['larvik', 'gjesdal']) {
			expect(await others(target, lowest)).toEqual(baseline);
			expect(await others(target, highest)).toEqual(baseline);
		}
		expect(await others('trondheim', highest)).toEqual(baseline);
	});
});

describe('invitations for a round', () => {
	const places = ['Larvik', '3107', 'gjesdal', 'Tromsø', '4601'];
	const names = ['Larvik', 'Fredrikstad', 'Gjesdal', 'Tromsø', 'Bergen'];

	it('makes five links, three answer, the round shows 3 of 5, a used link says so, the export says verified', async () => {
		const admin = await signIn(server, 'admin', ADMIN_PASSWORD);
		const created = await postForm(
			server,
			'/admin/rounds?/create',
			{
				surveyId: 'maturity',
				name: 'Modenhet 2026',
				slug: 'modenhet-2026',
				opensAt: '',
				closesAt: '',
				municipality: ''
			},
			admin
		);
		expect(created.status).toBe(200);

		const { context } = await contextFor(browser, server.url);
		const page = await context.newPage();
		await page.goto(`${server.url}/admin`);
		await page.getByLabel('Brukernavn').fill('admin');
		await page.getByLabel('Passord').fill(ADMIN_PASSWORD);
		await page.getByRole('button', { name: 'Logg inn' }).click();
		await page.getByRole('heading', { name: 'Spørreskjemaer' }).waitFor({ timeout: 15_000 });
		await page.goto(`${server.url}/admin/rounds`);
		await page.getByRole('link', { name: 'Rediger – Modenhet 2026' }).click();
		await page.getByRole('heading', { name: 'Invitasjoner' }).waitFor();
		const roundUrl = page.url();

		// A line not in the register refuses the whole list, naming the line.
		await page.getByLabel('Liste, én per linje').fill('Larvik\nAtlantis');
		await page.getByRole('button', { name: 'Lag invitasjoner' }).click();
		await page
			.getByText(
				'Linje 2: «Atlantis» finnes ikke i kommuneregisteret (SSBs standard for kommuneinndeling, 2024).'
			)
			.waitFor();
		expect(await page.getByText('Ingen invitasjoner i denne runden ennå.').isVisible()).toBe(true);

		await page.getByLabel('Liste, én per linje').fill(places.join('\n'));
		await page.getByLabel('Svar per lenke').fill('1');
		await page.getByRole('button', { name: 'Lag invitasjoner' }).click();
		await page.getByText('5 invitasjoner er laget.').waitFor();

		// The links, as CSV.
		const roundId = new URL(roundUrl).pathname.split('/').at(-1)!;
		const csvResponse = await fetch(`${server.url}/admin/rounds/${roundId}/invitations.csv`, {
			headers: { cookie: admin }
		});
		expect(csvResponse.status).toBe(200);
		const csv = Papa.parse<Record<string, string>>(
			(await csvResponse.text()).replace(/^\uFEFF/, ''),
			{
				header: true,
				skipEmptyLines: true,
				delimiter: ';'
			}
		).data;
		expect(csv.map((row) => row.name)).toEqual(names);
		expect(csv.map((row) => row.municipality_number)).toEqual([
			'3909',
			'3107',
			'1122',
			'5501',
			'4601'
		]);
		const links = Object.fromEntries(csv.map((row) => [row.name, row.link]));
		for (const link of Object.values(links))
			expect(link).toMatch(new RegExp(`^${server.url}/i/[0-9a-z]{20}$`));
		const codeOf = (name: string) => links[name].split('/').at(-1)!;

		// Larvik answers in the browser, through its link: preset, told it is an invitation.
		const respondent = await contextFor(browser, server.url);
		const answering = await respondent.context.newPage();
		await answering.goto(links.Larvik);
		expect(new URL(answering.url()).searchParams.get('municipality')).toBe('larvik');
		await answering.getByTestId('invitation-note').waitFor();
		expect(await answering.getByTestId('invitation-note').textContent()).toContain('for Larvik');
		await fillQuestionnaire(answering, json, 'nb', (q) =>
			q.name in allPlanned ? { [q.name]: allPlanned[q.name] } : null
		);
		await answering.getByRole('heading', { name: 'Takk for svaret!' }).waitFor({ timeout: 15_000 });

		// Fredrikstad and Gjesdal answer through theirs as the page does, by the API.
		for (const name of ['Fredrikstad', 'Gjesdal']) {
			const posted = await postJson(responsesUrl(), {
				answers: allPlanned,
				locale: 'nb',
				invitation: codeOf(name)
			});
			expect(posted.status).toBe(201);
		}
		// An invitation fixes the municipality: another is refused.
		const moved = await postJson(responsesUrl(), {
			answers: allPlanned,
			municipality: 'oslo',
			invitation: codeOf('Bergen')
		});
		expect(moved.status).toBe(422);

		// The round page: 3 of 5, by name.
		await page.goto(roundUrl);
		expect(await page.getByTestId('rates-total').textContent()).toContain(
			'3 av 5 inviterte har svart.'
		);
		const byMunicipality = await page
			.locator('#rates-municipality tbody tr')
			.evaluateAll((rows) =>
				rows.map((row) => [...row.querySelectorAll('th, td')].map((c) => c.textContent?.trim()))
			);
		expect(byMunicipality).toEqual([
			['Bergen', '1', '0', '0 %', '0'],
			['Fredrikstad', '1', '1', '100 %', '1'],
			['Gjesdal', '1', '1', '100 %', '1'],
			['Larvik', '1', '1', '100 %', '1'],
			['Tromsø', '1', '0', '0 %', '0']
		]);
		const byAudience = await page
			.locator('#rates-audience tbody tr')
			.evaluateAll((rows) =>
				rows.map((row) => [...row.querySelectorAll('th, td')].map((c) => c.textContent?.trim()))
			);
		expect(byAudience).toEqual([['Kommuneansatt', '5', '3', '60 %', '3']]);

		// Accessible: the round page with its invitations and rates, and the print view.
		expect(describeViolations('round page', await axeViolations(page))).toBe('');
		await page.goto(`${server.url}/admin/rounds/${roundId}/print`);
		// Only the links that still take answers are printed: Tromsø's and Bergen's.
		expect(await page.locator('.sheet h2').allTextContents()).toEqual(['Tromsø', 'Bergen']);
		expect(describeViolations('print page', await axeViolations(page))).toBe('');

		// A used single-use link says so, and the API refuses it with 410.
		const again = await respondent.context.newPage();
		await again.goto(links.Larvik);
		await again.getByRole('heading', { name: 'Lenken er brukt' }).waitFor();
		expect(await again.getByTestId('invitation-used').textContent()).toContain(
			'Denne invitasjonslenken er allerede brukt'
		);
		expect(describeViolations('used link', await axeViolations(again))).toBe('');
		const reused = await postJson(responsesUrl(), {
			answers: allPlanned,
			invitation: codeOf('Larvik')
		});
		expect(reused.status).toBe(410);

		// The export has a verified column, and no invitation code anywhere.
		const exported = await fetch(`${server.url}/api/surveys/maturity/export.csv`, {
			headers: token
		});
		expect(exported.status).toBe(200);
		const text = (await exported.text()).replace(/^\uFEFF/, '');
		const rows = Papa.parse<Record<string, string>>(text, {
			header: true,
			skipEmptyLines: true
		}).data;
		expect(Object.keys(rows[0])).toContain('verified');
		const verified = rows.filter((r) => r.verified === '1');
		// The eight seeds and the three invited answers.
		expect(verified.map((r) => r.municipality).sort()).toEqual(
			[...verifiedSeeds.map(([m]) => m), 'fredrikstad', 'gjesdal', 'larvik'].sort()
		);
		expect(rows.filter((r) => r.verified === '0').length).toBeGreaterThan(0);
		const codes = Object.values(links).map((l) => l.split('/').at(-1)!);
		for (const code of codes) expect(text).not.toContain(code);
		// Nor in the stored responses: only `verified`.
		const segments = await readdir(join(server.dataDir, 'responses'));
		for (const name of segments) {
			const segment = await readFile(join(server.dataDir, 'responses', name), 'utf8');
			for (const code of codes) expect(segment).not.toContain(code);
		}
		await respondent.context.close();
		await context.close();
	});

	it('lets a person choose any municipality by county on a 320 px screen, or none as a citizen', async () => {
		const { context } = await contextFor(browser, server.url);
		const page = await context.newPage();
		await page.setViewportSize({ width: 320, height: 640 });
		await page.goto(`${server.url}/s/method-evaluation`);
		await page.getByRole('radio', { name: 'Innbygger' }).check();
		const list = page.getByLabel('Kommunen du bor i', { exact: true });
		// 357 municipalities in 15 counties, and "none" for those who are not answering for one.
		expect(await list.locator('optgroup').count()).toBe(16);
		expect(await list.locator('optgroup option').count()).toBe(358);
		expect(
			await list.locator('optgroup[label="Kommuner i Innlandet"] option').allTextContents()
		).toContain('Nord-Aurdal');
		expect(describeViolations('who-form', await axeViolations(page))).toBe('');
		const box = await list.boundingBox();
		expect(box!.x + box!.width).toBeLessThanOrEqual(320);
		await list.selectOption('none');
		await page.getByRole('button', { name: 'Start' }).click();
		expect(new URL(page.url()).searchParams.get('municipality')).toBe('none');
		// Municipal staff are not offered "none".
		await page.goto(`${server.url}/s/barriers`);
		await page.getByRole('radio', { name: 'Kommuneansatt' }).check();
		expect(await page.locator('#municipality option[value="none"]').count()).toBe(0);
		await context.close();
	});

	it('says on the privacy page what is and is not linked', async () => {
		const page = await (await fetch(`${server.url}/s/maturity/personvern`)).text();
		expect(page).toContain('aldri med lenkens kode');
		expect(page).toContain('ikke hvilket svar som kom fra hvilken lenke');
		// The codes are kept (to print again), apart from the answers, and said to be.
		expect(page).toContain('bare forskerne kan se dem');
	});
});
