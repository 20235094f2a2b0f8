// The README's demo as a newcomer tries it (issue 13, "Done when"): `npm run demo` run as the
// package script says, with nothing but PATH, HOME, a port and a temporary data folder (no
// ORIGIN); Chromium signs in as each printed user, and the dashboard comparing rounds shows
// three dated rounds of at least 30 responses for every questionnaire, and the programme's
// municipalities by name. Read through the JSON summary and the filter's option labels, which
// outlive a redesign of the dashboard page.
import { readdirSync } from 'node:fs';
import { resolve } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { knownMunicipalities } from '../src/lib/respondents';
import { axeViolations, describeViolations } from './support/axe';
import { contextFor, launchBrowser } from './support/browser';
import { runScript, scriptAfterBuild, type ScriptRun } from './support/package-script';
import { freePort, tempDir } from './support/server';

const demoCommand = scriptAfterBuild('demo', 'vite build');
const surveyIds = readdirSync(resolve(import.meta.dirname, '..', 'surveys'))
	.filter((f) => f.endsWith('.json'))
	.map((f) => f.replace(/\.json$/, ''))
	.sort();

let browser: Browser;
let demo: ScriptRun;
let base: string;
let passwords: Record<string, string>;

beforeAll(async () => {
	browser = await launchBrowser();
	const port = await freePort();
	base = `http://localhost:${port}`;
	demo = runScript(demoCommand, { PORT: String(port), DEMO_DATA_DIR: await tempDir('odb-demo-') });
	await demo.waitFor(/Listening on/, 120_000);
	const printed = [...demo.output().matchAll(/^ {2}(\w+) +password (\S+) +may: (.+)$/gm)];
	passwords = Object.fromEntries(printed.map(([, username, password]) => [username, password]));
}, 150_000);
afterAll(async () => {
	await browser?.close();
	await demo?.stop();
});

async function signIn(username: string): Promise<{ page: Page; close: () => Promise<void> }> {
	const { context, foreignRequests } = await contextFor(browser, base);
	const page = await context.newPage();
	await page.goto(`${base}/admin`);
	await page.getByLabel('Brukernavn').fill(username);
	await page.getByLabel('Passord').fill(passwords[username]);
	await page.getByRole('button', { name: 'Logg inn' }).click();
	await page.getByText(`Logget inn som ${username}`).waitFor({ timeout: 15_000 });
	return {
		page,
		close: async () => {
			expect(foreignRequests).toEqual([]);
			await context.close();
		}
	};
}

interface RoundGroup {
	key: string;
	label: string;
	summary: { n: number | null };
}
interface SummaryJson {
	protected: boolean;
	areaChanges?: {
		item: string;
		to: string;
		change: number;
		ci95: [number, number];
		p: number;
		pAdjusted: number;
		significant: boolean;
	}[];
	groups: RoundGroup[] | null;
	choices: {
		rounds: { id: string; label: string }[];
		// Slugs today; `{ id, label }` once the summary names them (issue 18): either is read.
		municipalities: (string | { id: string; label: string })[];
	};
}

const names = knownMunicipalities.map((m) => m.name);

describe(`the demo (${demoCommand}), without ORIGIN`, () => {
	it('prints the address and the three users with what each may do', () => {
		expect(demo.output()).toContain(`Sign in for the researchers' workspace at ${base}/admin`);
		expect(Object.keys(passwords)).toEqual(['admin', 'researcher', 'leader']);
		expect(demo.output()).toMatch(/Demo data: \d+ responses in three dated rounds/);
		expect(demo.output()).not.toMatch(/Cross-site|Cannot start/);
	});

	it.each(['leader', 'researcher', 'admin'])(
		'%s: every questionnaire compares three dated rounds of at least 30 responses, and names at least eight municipalities',
		async (username) => {
			const { page, close } = await signIn(username);
			try {
				expect(surveyIds.length).toBeGreaterThanOrEqual(4);
				for (const id of surveyIds) {
					const response = await page.request.get(
						`${base}/api/surveys/${id}/summary?compare=round`
					);
					expect(response.status(), id).toBe(200);
					const data = (await response.json()) as SummaryJson;
					// A leader sees protected numbers (perturbed by at most ±2), the others exact ones.
					expect(data.protected).toBe(username === 'leader');
					const dated = (data.groups ?? []).filter((g) => g.key !== 'default');
					expect(dated.length, id).toBeGreaterThanOrEqual(3);
					for (const group of dated) {
						expect(group.label, id).toMatch(/(vår|høst) \d{4}$/);
						expect(group.summary.n, `${id} ${group.label}`).toBeGreaterThanOrEqual(30);
					}
					// Round names people use, in time order: the three dated ones, then the always-open
					// one (issue 15: dated rounds by their opening, the open round never "previous").
					// The maturity areas' changes between rounds, tested, in one family with the rest:
					// coordination's rise into the third round is significant.
					if (id === 'maturity') {
						const areas = data.areaChanges ?? [];
						expect(areas.length).toBe(2 * 7);
						for (const c of areas) {
							expect(c.ci95[0]).toBeLessThanOrEqual(c.change);
							expect(c.ci95[1]).toBeGreaterThanOrEqual(c.change);
							expect(c.pAdjusted).toBeGreaterThanOrEqual(c.p);
							expect(c.significant).toBe(c.pAdjusted < 0.05);
						}
						const coordination = areas.find(
							(c) => c.item === 'coordination' && c.to === dated[2].key
						);
						expect(coordination).toMatchObject({ significant: true });
						expect(coordination!.change).toBeGreaterThan(5);
					} else expect(data.areaChanges).toEqual([]);
					const roundLabels = data.choices.rounds.map((r) => r.label);
					expect(roundLabels.slice(0, 3)).toEqual(dated.slice(0, 3).map((g) => g.label));
					expect(roundLabels.at(-1)).toBe('Standardrunde (alltid åpen)');
					expect(data.choices.municipalities.length, id).toBeGreaterThanOrEqual(8);
					const labels = data.choices.municipalities.map((m) =>
						typeof m === 'string' ? m : m.label
					);
					if (typeof data.choices.municipalities[0] !== 'string') {
						expect(labels.filter((l) => names.includes(l)).length, id).toBeGreaterThanOrEqual(8);
					}

					// The page a person reads: the filter offers the rounds and the municipalities by name.
					await page.goto(`${base}/admin/surveys/${id}?compare=round`);
					const municipalityOptions = await page
						.getByLabel('Kommune', { exact: true })
						.locator('option')
						.allTextContents();
					const named = municipalityOptions.map((o) => o.trim()).filter((o) => names.includes(o));
					expect(named.length, `${id}: ${municipalityOptions.join(', ')}`).toBeGreaterThanOrEqual(
						8
					);
					expect(named).toContain('Bodø');
					const roundOptions = await page
						.getByLabel('Runde', { exact: true })
						.locator('option')
						.allTextContents();
					for (const group of dated) expect(roundOptions).toContain(group.label);

					// At the top, in words: what changed since the previous round. The barrier
					// survey's licence fall, the Challenge's rise (within its activity) and the
					// follow-up's are significant for everyone, leaders' noise-aware tests included;
					// every questionnaire names a difference that may be chance. The maturity
					// areas are compared too: coordination's rise after the shared energy schema is
					// significant.
					const top = page.getByTestId('what-changed');
					await expect.poll(() => top.isVisible()).toBe(true);
					expect(await top.getByTestId('significant-change').count(), id).toBeGreaterThan(0);
					if (id === 'maturity') {
						expect(await top.getByTestId('significant-change').allTextContents()).toEqual(
							expect.arrayContaining([
								expect.stringMatching(
									/Samordning.*\(modenhetspoeng, 0–100\): snittet gikk opp fra \d+,\d til \d+,\d/
								)
							])
						);
						// Linked to the area scores' table, whose rounds' rows say the same.
						const link = top
							.getByTestId('significant-change')
							.filter({ hasText: 'modenhetspoeng' })
							.locator('a')
							.first();
						expect(await link.getAttribute('href')).toBe('#maturity-areas');
						expect(await page.getByTestId('area-change').count()).toBeGreaterThan(0);
						const violations = await axeViolations(page);
						expect(violations, describeViolations('the maturity dashboard', violations)).toEqual(
							[]
						);
					}
					if (id === 'method-evaluation') {
						// Compared within the activity: the Challenge's rise, named as the Challenge's.
						expect(await top.getByTestId('significant-change').allTextContents()).toEqual(
							expect.arrayContaining([expect.stringMatching(/^\s*Open Data Challenge/)])
						);
					}
					if (id === 'barriers') {
						// The contents list names every question once: the publisher and user sides'
						// matrices of the same title say which side they are.
						const entries = (
							await page
								.getByRole('navigation', { name: 'Innhold' })
								.locator('a[href^="#q-"]')
								.allTextContents()
						).map((e) => e.trim());
						expect(entries.length).toBeGreaterThan(20);
						expect(new Set(entries).size).toBe(entries.length);
						expect(entries).toContain('Kjennskap og synlighet – utgiversiden (kommuneansatte)');
						expect(entries).toContain(
							'Kjennskap og synlighet – brukersiden (har brukt kommunale data)'
						);
						expect(await top.getByTestId('significant-change').allTextContents()).toEqual(
							expect.arrayContaining([expect.stringMatching(/Lisenser og bruksvilkår/)])
						);
					}
					expect(await top.getByTestId('uncertain-change').count(), id).toBeGreaterThan(0);
					expect((await top.getByTestId('uncertain-change').first().textContent())?.trim()).toMatch(
						/\(p [=<] \d+,\d+; ikke signifikant etter Holm-korreksjon\)$/
					);
				}
			} finally {
				await close();
			}
		},
		120_000
	);

	it('a leader comparing municipalities reads their names, and the maturity view names each municipality and round', async () => {
		const { page, close } = await signIn('leader');
		try {
			const response = await page.request.get(
				`${base}/api/surveys/barriers/summary?compare=municipality`
			);
			const data = (await response.json()) as SummaryJson;
			const labels = (data.groups ?? []).map((g) => g.label);
			expect(labels.filter((l) => names.includes(l)).length).toBeGreaterThanOrEqual(8);
			expect(labels).toContain('Bodø');
			await page.goto(`${base}/admin/surveys/maturity`);
			await page
				.getByText(/^Bodø – Egenvurdering 1 – vår \d{4}$/)
				.first()
				.waitFor();
			expect(await page.getByText(/^bodo – /).count()).toBe(0);
			// The table by municipality shows no untested differences: it says how to have each
			// municipality's changes tested, and with the rounds compared within municipalities
			// its cells carry the tested changes (change, interval, p) of the demo's places.
			const byPlace = page.locator('#maturity-table-1');
			expect(await byPlace.getByTestId('area-change').count()).toBe(0);
			await page.getByTestId('municipality-changes-hint').waitFor();
			await page.goto(`${base}/admin/surveys/maturity?within=municipality`);
			await byPlace.waitFor();
			expect(await byPlace.getByTestId('area-change').count()).toBeGreaterThan(0);
			expect(await page.getByTestId('municipality-changes-hint').count()).toBe(0);
		} finally {
			await close();
		}
	});

	it('the leader may not export; the researcher may', async () => {
		for (const [username, status] of [
			['leader', 403],
			['researcher', 200]
		] as const) {
			const { page, close } = await signIn(username);
			try {
				const response = await page.goto(`${base}/admin/surveys/barriers/export`);
				expect(response?.status(), username).toBe(status);
			} finally {
				await close();
			}
		}
	});
});
