import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { axeViolations, describeViolations } from './support/axe';
import { contextFor, launchBrowser } from './support/browser';
import {
	ADMIN_PASSWORD,
	postJson,
	signIn,
	startServer,
	TEST_TOKEN,
	type TestServer
} from './support/server';

/**
 * The rest of the designer (issue 16): the metadata and maturity scoring model through a form,
 * the JSON view checked as typed, reopening a closed questionnaire, questionnaires managed as
 * files, the preview's who-form; a keyboard-only walk from nothing to published; and axe on every
 * designer page in nb, nn and en. Chromium against the built server, each on its own data folder.
 */
const auth = { authorization: `Bearer ${TEST_TOKEN}` };
const t = (nb: string, nn: string, en: string) => ({ nb, nn, en });

async function api(server: TestServer, method: string, path: string, body?: unknown) {
	const response = await fetch(`${server.url}${path}`, {
		method,
		headers: { ...auth, 'content-type': 'application/json' },
		body: body === undefined ? undefined : JSON.stringify(body)
	});
	const text = await response.text();
	return {
		status: response.status,
		body: text ? (JSON.parse(text) as Record<string, unknown>) : {}
	};
}

/** A questionnaire with a question to score (and "don't know") and a target-level question. */
function maturityDraft() {
	return {
		title: t('Modenhet', 'Modning', 'Maturity'),
		pages: [
			{
				name: 'page_1',
				elements: [
					{
						type: 'radiogroup',
						name: 'strategy',
						title: t(
							'Har kommunen en strategi?',
							'Har kommunen ein strategi?',
							'Is there a strategy?'
						),
						choices: [
							{ value: 'none', text: t('Nei', 'Nei', 'No') },
							{ value: 'partly', text: t('Delvis', 'Delvis', 'Partly') },
							{ value: 'full', text: t('Ja', 'Ja', 'Yes') },
							{ value: 'dont_know', text: t('Vet ikke', 'Veit ikkje', "Don't know") }
						]
					},
					{
						type: 'radiogroup',
						name: 'target',
						title: t(
							'Hvilket nivå sikter dere mot?',
							'Kva nivå siktar de mot?',
							'Which level do you aim for?'
						),
						choices: [
							{ value: 'level_2', text: t('Repeterbar', 'Repeterbar', 'Repeatable') },
							{ value: 'level_3', text: t('Definert', 'Definert', 'Defined') }
						]
					}
				]
			}
		],
		odb: { kind: 'other', audiences: ['municipal'] }
	};
}

describe('the designer’s forms', () => {
	let server: TestServer;
	let browser: Browser;
	let context: BrowserContext;
	let page: Page;
	let foreign: string[];
	const pageErrors: string[] = [];

	beforeAll(async () => {
		server = await startServer();
		browser = await launchBrowser();
		const cookie = await signIn(server, 'admin', ADMIN_PASSWORD);
		({ context, foreignRequests: foreign } = await contextFor(browser, server.url));
		const [name, value] = cookie.split('=');
		await context.addCookies([{ name, value, url: server.url }]);
		page = await context.newPage();
		page.on('pageerror', (e) => pageErrors.push(e.message));
	}, 60_000);
	afterAll(async () => {
		await browser?.close();
		await server?.stop();
	});

	async function noAxeViolations(where: string) {
		const violations = await axeViolations(page);
		expect(violations, describeViolations(where, violations)).toEqual([]);
	}

	async function saved() {
		await page.getByText('Utkastet er lagret.').waitFor();
		await page.waitForTimeout(700);
		await page.getByText('Utkastet er lagret.').waitFor();
	}

	async function draftOf(id: string) {
		const { status, body } = await api(server, 'GET', `/api/surveys/${id}/draft`);
		expect(status).toBe(200);
		return body as {
			pages: {
				elements: {
					name: string;
					type: string;
					visibleIf?: string;
					choices?: { value: string }[];
				}[];
			}[];
			odb?: Record<string, unknown>;
		};
	}

	async function openDesigner(id: string, lang = 'nb') {
		await page.goto(`${server.url}/admin/surveys/${id}/edit?lang=${lang}`);
		// Hydrated: the preview is drawn in the browser only.
		await page.locator('[data-testid="designer-preview"] .sd-root-modern').waitFor();
	}

	it('builds a maturity scoring model through the form, which the app then scores with', async () => {
		expect(
			(await api(server, 'POST', '/api/surveys', { id: 'modenhet', json: maturityDraft() })).status
		).toBe(201);
		await openDesigner('modenhet');

		await page.getByLabel('Slag', { exact: true }).selectOption({ label: 'Modenhet' });
		await page.getByRole('button', { name: 'Lag en modenhetsmodell' }).click();
		// The five levels to start from, at 0, 20, 40, 60 and 80 %.
		expect(await page.locator('#level-4-min').inputValue()).toBe('80');
		await page.getByRole('button', { name: 'Legg til et område' }).click();
		await page.locator('#dim-0-code').fill('strategy');
		await page.locator('#dim-0-code').press('Tab');
		await page.locator('#dim-0-label-nb').fill('Strategi');
		await page.locator('#dim-0-label-nn').fill('Strategi');
		await page.locator('#dim-0-label-en').fill('Strategy');
		await page.locator('#dim-0-add-item').selectOption('strategy');
		await page.getByRole('button', { name: 'Legg til spørsmålet' }).click();
		// Points spread over the three answers that are not "don't know": 0, 0.5, 1.
		expect(await page.locator('#dim-0-item-0-points-none').inputValue()).toBe('0');
		expect(await page.locator('#dim-0-item-0-points-partly').inputValue()).toBe('0.5');
		expect(await page.locator('#dim-0-item-0-points-full').inputValue()).toBe('1');
		expect(await page.locator('#dim-0-item-0-points-dont_know').inputValue()).toBe('');
		await page.locator('#dim-0-item-0-weight').fill('20');
		await page.locator('#dim-0-item-0-weight').press('Tab');
		await page.locator('#dim-0-item-0-points-partly').fill('0.4');
		await page.locator('#dim-0-item-0-points-partly').press('Tab');
		// Only the question whose answers are level codes is offered as the target.
		expect(await page.locator('#dim-0-target option').allInnerTexts()).toEqual(['Ingen', 'target']);
		await page.locator('#dim-0-target').selectOption('target');
		// Level 2 also needs "strategy" to earn at least 0.4 of its points.
		await page.getByRole('button', { name: 'Legg til et krav' }).click();
		expect(await page.locator('#dim-0-cond-0-level').inputValue()).toBe('2');
		await page.locator('#dim-0-cond-0-req-0-min').fill('0.4');
		await page.locator('#dim-0-cond-0-req-0-min').press('Tab');
		await page.locator('#dim-0-cond-0-text-nb').fill('En strategi er i gang.');
		await page.locator('#dim-0-cond-0-text-nn').fill('Ein strategi er i gang.');
		await page.locator('#dim-0-cond-0-text-en').fill('A strategy is under way.');
		await page.getByRole('button', { name: 'Legg til et forslag' }).click();
		await page.locator('#dim-0-sugg-0-text-nb').fill('Skriv en strategi.');
		await page.locator('#dim-0-sugg-0-text-nn').fill('Skriv ein strategi.');
		await page.locator('#dim-0-sugg-0-text-en').fill('Write a strategy.');
		await saved();
		await page.getByRole('heading', { name: /^Kontroller: 0 feil/ }).waitFor();
		await noAxeViolations('the scoring form');

		const odb = (await draftOf('modenhet')).odb as Record<string, unknown>;
		expect(odb.kind).toBe('maturity');
		const scoring = odb.scoring as { levels: unknown[]; dimensions: Record<string, unknown>[] };
		expect(scoring.levels).toHaveLength(5);
		expect(scoring.dimensions).toEqual([
			{
				code: 'strategy',
				label: t('Strategi', 'Strategi', 'Strategy'),
				items: [{ question: 'strategy', weight: 20, points: { none: 0, partly: 0.4, full: 1 } }],
				conditions: [
					{
						level: 2,
						text: t(
							'En strategi er i gang.',
							'Ein strategi er i gang.',
							'A strategy is under way.'
						),
						requires: [{ question: 'strategy', minPoints: 0.4 }]
					}
				],
				targetQuestion: 'target',
				suggestions: [
					{ forLevel: 2, text: t('Skriv en strategi.', 'Skriv ein strategi.', 'Write a strategy.') }
				]
			}
		]);

		// Removing the whole model asks first; "no" keeps it.
		await page.getByRole('button', { name: 'Fjern modenhetsmodellen' }).click();
		await page.getByRole('button', { name: 'Nei, behold den' }).click();
		expect(await page.locator('#level-0-code').inputValue()).toBe('level_1');

		await page.getByRole('button', { name: 'Publiser utkastet' }).click();
		await page.getByText(/Publisert som versjon [a-f0-9]{12}/).waitFor();
		// The app scores with what the form wrote: "partly" earns 0.4 of the weight, 40 % →
		// level 3 (Definert, from 40 %), the requirement of level 2 (0.4 points) met.
		const answered = await postJson(`${server.url}/api/surveys/modenhet/responses`, {
			answers: { strategy: 'partly', target: 'level_3' },
			audience: 'municipal',
			municipality: 'bodo',
			locale: 'nb'
		});
		expect(answered.status).toBe(201);
		const profile = JSON.stringify((answered.body as { profile?: unknown }).profile);
		expect(profile).toContain('"strategy"');
		expect(profile).toContain('level_3');
	}, 120_000);

	it('checks the JSON view as an expert types, and links an error to its question', async () => {
		await openDesigner('modenhet');
		await page.getByText('JSON (for eksperter)').click();
		const area = page.locator('#json-text');
		await expect.poll(() => area.inputValue()).toContain('"strategy"');
		const apply = page.getByRole('button', { name: 'Bruk denne JSON-en' });

		await area.fill('{\n  "pages": [\n    {"name": "p" ,, }\n  ]\n}');
		await expect
			.poll(() => page.locator('#json-checks').innerText())
			.toMatch(/Ikke gyldig JSON på linje 3/);
		expect(await apply.isDisabled()).toBe(true);

		// Loads, but two questions share a name: an authoring error, named and linked.
		const twice = maturityDraft();
		twice.pages[0].elements[1].name = 'strategy';
		await area.fill(JSON.stringify(twice, null, 2));
		const issue = page.locator('.json-issues li').first();
		await expect.poll(() => issue.innerText()).toContain('strategy');
		await issue.getByRole('button', { name: 'strategy' }).click();
		const selected = await area.evaluate((el: HTMLTextAreaElement) =>
			el.value.slice(el.selectionStart, el.selectionEnd)
		);
		expect(selected).toBe('"name": "strategy"');
		expect(await apply.isDisabled()).toBe(false);
		// Checked, not stored: the draft still has its two questions.
		expect((await draftOf('modenhet')).pages[0].elements.map((e) => e.name)).toEqual([
			'strategy',
			'target'
		]);

		// A question type SurveyJS does not know cannot be applied.
		// (The API refuses it with 422 too: designer-api.e2e.ts.)
		await area.fill(JSON.stringify({ elements: [{ type: 'no-such-kind', name: 'q' }] }));
		await expect
			.poll(() => page.locator('.json-issues').innerText())
			.toMatch(/property type is incorrect/);
		expect(await page.locator('#json-checks').innerText()).toMatch(/Kontroller: [1-9]\d* feil/);
		expect(await apply.isDisabled()).toBe(true);
	}, 60_000);

	it('the dry run stores nothing, and a draft SurveyJS cannot load is refused with 422', async () => {
		const before = await draftOf('modenhet');
		const broken = await api(server, 'PUT', '/api/surveys/modenhet/draft?dryRun=1', {
			json: {
				pages: [
					{
						name: 'p',
						elements: [
							{ type: 'text', name: 'a' },
							{ type: 'text', name: 'a' }
						]
					}
				]
			}
		});
		expect(broken.status).toBe(200);
		expect(broken.body.stored).toBe(false);
		expect(JSON.stringify(broken.body.errors)).toContain('"question":"a"');
		const unloadable = await api(server, 'PUT', '/api/surveys/modenhet/draft?dryRun=1', {
			json: []
		});
		expect(unloadable.status).toBe(422);
		expect(await draftOf('modenhet')).toEqual(before);
	});

	it('closes only after confirming, reopens, and the audit log says both in words', async () => {
		await openDesigner('modenhet');
		await page.getByRole('button', { name: 'Avslutt spørreskjemaet' }).click();
		await page.getByText(/^Er du sikker\?/).waitFor();
		// Changing one's mind closes nothing.
		await page.getByRole('button', { name: 'Nei, la det være åpent' }).click();
		expect(await (await fetch(`${server.url}/s/modenhet`)).status).toBe(200);

		await page.getByRole('button', { name: 'Avslutt spørreskjemaet' }).click();
		await page.getByRole('button', { name: 'Ja, avslutt det' }).click();
		await page.getByRole('status').filter({ hasText: 'Spørreskjemaet er avsluttet' }).waitFor();
		expect((await fetch(`${server.url}/s/modenhet`)).status).toBe(410);
		const refused = await postJson(`${server.url}/api/surveys/modenhet/responses`, {
			answers: { strategy: 'full' },
			audience: 'municipal',
			municipality: 'bodo'
		});
		expect(refused.status).toBe(403);

		await page.getByRole('button', { name: 'Åpne spørreskjemaet igjen' }).click();
		await page.getByRole('status').filter({ hasText: 'Spørreskjemaet er åpnet igjen' }).waitFor();
		expect((await fetch(`${server.url}/s/modenhet`)).status).toBe(200);
		const again = await postJson(`${server.url}/api/surveys/modenhet/responses`, {
			answers: { strategy: 'full' },
			audience: 'municipal',
			municipality: 'bodo'
		});
		expect(again.status).toBe(201);

		const audit = JSON.parse(await readFile(join(server.dataDir, 'audit.json'), 'utf8')) as {
			entries: { action: string; target: string | null; actor: string }[];
		};
		const mine = audit.entries.filter((e) => e.target === 'modenhet').map((e) => e.action);
		expect(mine).toEqual(
			expect.arrayContaining(['surveyCreated', 'surveyPublished', 'surveyClosed', 'surveyReopened'])
		);
		expect(audit.entries.find((e) => e.action === 'surveyReopened')?.actor).toBe('admin');
		await page.goto(`${server.url}/admin/audit`);
		const log = await page.locator('main').innerText();
		expect(log).toContain('Spørreskjema avsluttet');
		expect(log).toContain('Spørreskjema åpnet igjen');
	}, 60_000);

	it('offers a questionnaire managed as a file for download or as a copy to edit, not an editor', async () => {
		await page.goto(`${server.url}/admin/surveys/barriers/edit`);
		await page.getByRole('heading', { name: 'Styres som en fil' }).waitFor();
		expect(await page.locator('main').innerText()).toContain('filen er fasit');
		expect(await page.getByRole('button', { name: /^Legg til spørsmål/ }).count()).toBe(0);
		expect(await page.getByRole('button', { name: 'Publiser utkastet' }).count()).toBe(0);
		const download = await page
			.getByRole('link', { name: 'Last ned som fil (JSON)' })
			.first()
			.getAttribute('href');
		const file = JSON.parse(await readFile('surveys/barriers.json', 'utf8')) as unknown;
		expect(await (await fetch(`${server.url}${download}`, { headers: auth })).json()).toEqual(file);
		await noAxeViolations('a file questionnaire in the designer');

		// A taken id is refused in words, and nothing is made.
		await page.getByLabel('Id for kopien').fill('maturity');
		await page.getByRole('button', { name: 'Lag kopien og utform den' }).click();
		await page.getByRole('alert').waitFor();
		expect(await page.getByRole('alert').innerText()).toContain('maturity');

		await page.getByLabel('Id for kopien').fill('barriers-2027');
		await page.getByRole('button', { name: 'Lag kopien og utform den' }).click();
		await page.waitForURL(/\/admin\/surveys\/barriers-2027\/edit$/);
		await page.getByRole('button', { name: 'Publiser utkastet' }).waitFor();
		expect(
			await (await fetch(`${server.url}/api/surveys/barriers-2027/draft`, { headers: auth })).json()
		).toEqual(file);
	}, 60_000);

	it('previews from the respondent’s who-form, for the questionnaire’s own audiences', async () => {
		const json = maturityDraft();
		json.odb = { kind: 'other', audiences: ['business', 'citizen'] };
		json.pages[0].elements.push({
			type: 'comment',
			name: 'why',
			visibleIf: "{audience} = 'business'",
			title: t('Hvorfor (næringsliv)?', 'Kvifor (næringsliv)?', 'Why (business)?')
		} as never);
		expect((await api(server, 'POST', '/api/surveys', { id: 'hvem', json })).status).toBe(201);
		await openDesigner('hvem');
		await page.getByRole('button', { name: /^Begynn som respondent/ }).click();
		const who = page.getByTestId('designer-who');
		await who.getByRole('heading', { name: 'Før du begynner' }).waitFor();
		// Only the questionnaire's audiences are offered, as on the respondent's page.
		expect(await who.getByRole('radio').count()).toBe(2);
		await who.getByLabel('Næringsliv').check();
		await who.locator('#municipality').selectOption('bodo');
		await noAxeViolations('the preview’s who-form');
		await who.getByRole('button', { name: 'Start' }).click();
		const preview = page.getByTestId('designer-preview');
		await expect.poll(() => preview.innerText()).toContain('Hvorfor (næringsliv)?');
		expect(await page.locator('#preview-audience').inputValue()).toBe('business');
		expect(await page.locator('#preview-municipality').inputValue()).toBe('bodo');
	}, 60_000);

	/** Presses Tab until the focused element matches, as a keyboard user moves through the page. */
	async function tabTo(selector: string, max = 400) {
		for (let i = 0; i < max; i++) {
			await page.keyboard.press('Tab');
			if (await page.evaluate((s) => document.activeElement?.matches(s) ?? false, selector)) return;
		}
		throw new Error(`${selector} was not reached with Tab`);
	}
	/** The same for a button by its visible text (and hidden words). */
	async function tabToButton(text: string, backwards = false, max = 400) {
		return tabToNamed('BUTTON', text, backwards, max);
	}
	async function tabToNamed(tag: string, text: string, backwards = false, max = 400) {
		const seen: string[] = [];
		for (let i = 0; i < max; i++) {
			await page.keyboard.press(backwards ? 'Shift+Tab' : 'Tab');
			const focused = await page.evaluate(() => {
				const e = document.activeElement;
				return e ? `${e.tagName}:${(e.textContent ?? '').replace(/\s+/g, ' ').trim()}` : '';
			});
			// textContent runs a visually hidden word into the visible one ("Oppcheckbox"); the
			// accessible name has the space, so compare without spaces.
			if (focused.replace(/\s/g, '') === `${tag}:${text}`.replace(/\s/g, '')) return;
			seen.push(focused);
		}
		throw new Error(
			`The button "${text}" was not reached with Tab: ${seen.slice(0, 60).join(' | ')}`
		);
	}

	it('is walked with the keyboard alone: create, add, reorder, choices, condition, publish', async () => {
		await page.goto(`${server.url}/admin/surveys/new`);
		await page.locator('#new-id').waitFor();
		await tabTo('#new-id');
		await page.keyboard.type('tastatur');
		await tabTo('#new-title');
		await page.keyboard.type('Tastatur');
		await page.keyboard.press('Enter');
		await page.waitForURL(/\/admin\/surveys\/tastatur\/edit$/);
		await page.locator('[data-testid="designer-preview"] .sd-root-modern').waitFor();

		// A single choice question (the first kind), its first choice written.
		await tabTo('#new-type');
		await tabToButton('Legg til spørsmål på side 1');
		await page.keyboard.press('Enter');
		await expect
			.poll(() => page.evaluate(() => document.activeElement?.id))
			.toBe('question-editor-title');
		await tabTo('input[aria-label="Tekst for nr. 1 i Svaralternativer"]');
		await page.keyboard.type('Buss');
		await tabTo('input[aria-label="Tekst for nr. 2 i Svaralternativer"]');
		await page.keyboard.type('Tog');

		// The second kind (multiple choice), chosen with the arrow key, shown only to residents.
		await tabTo('#new-type');
		await page.keyboard.press('ArrowDown');
		expect(await page.locator('#new-type').inputValue()).toBe('checkbox');
		await tabToButton('Legg til spørsmål på side 1');
		await page.keyboard.press('Enter');
		await page.getByRole('heading', { name: 'Spørsmålet «checkbox»' }).waitFor();
		await tabTo('#q-checkbox-subject');
		await tabTo('#q-checkbox-value');
		await page.keyboard.type('Innb');
		expect(await page.locator('#q-checkbox-value').inputValue()).toBe('citizen');
		await tabToButton('Bruk betingelsen');
		await page.keyboard.press('Enter');

		// Moved above the first (its button is above the editor: back with Shift+Tab).
		await tabToButton('Opp checkbox', true);
		await page.keyboard.press('Enter');
		await saved();
		const draft = await draftOf('tastatur');
		const [first, second] = draft.pages[0].elements;
		expect([first.name, second.name]).toEqual(['checkbox', 'radiogroup']);
		expect(first.visibleIf).toBe("{audience} = 'citizen'");
		expect(second.choices?.map((c) => c.value)).toEqual(['buss', 'tog']);

		// Publishing is refused while errors stand (the texts have no Nynorsk or English yet).
		await tabToButton('Publiser utkastet');
		await page.keyboard.press('Enter');
		await page.getByRole('status').filter({ hasText: /feil/ }).first().waitFor();
		expect((await api(server, 'GET', '/api/surveys/tastatur')).status).toBe(404);

		// Every missing text written in the translations table, then published.
		await tabToNamed('A', 'Oversettelser', true);
		await page.keyboard.press('Enter');
		await page.waitForURL(/\/translations$/);
		await page.locator('main h1').waitFor();
		let written = 0;
		for (let i = 0; i < 400; i++) {
			await page.keyboard.press('Tab');
			const focused = await page.evaluate(() => {
				const e = document.activeElement;
				if (e instanceof HTMLTextAreaElement) return e.value === '' ? 'empty' : 'text';
				return e instanceof HTMLButtonElement ? (e.textContent ?? '').trim() : '';
			});
			if (focused === 'Lagre tekstene') break;
			if (focused === 'empty') await page.keyboard.type(`Tekst ${++written}`);
		}
		expect(written).toBeGreaterThan(0);
		await page.keyboard.press('Enter');
		await page.getByText(/Tekster endret i utkastet: [1-9]/).waitFor();
		await tabToNamed('A', 'Tilbake til utformingen');
		await page.keyboard.press('Enter');
		await page.waitForURL(/\/edit$/);
		await page.locator('[data-testid="designer-preview"] .sd-root-modern').waitFor();
		await tabToButton('Publiser utkastet');
		await page.keyboard.press('Enter');
		await page.getByText(/Publisert som versjon [a-f0-9]{12}/).waitFor();
		expect((await api(server, 'GET', '/api/surveys/tastatur')).status).toBe(200);
	}, 180_000);

	it('has no axe violations on any designer page, in Bokmål, Nynorsk and English', async () => {
		for (const lang of ['nb', 'nn', 'en']) {
			await page.goto(`${server.url}/admin/surveys/new?lang=${lang}`);
			await page.locator('#new-id').waitFor();
			await noAxeViolations(`new questionnaire (${lang})`);
			await openDesigner('modenhet', lang);
			// Every part open: the special codes, the privacy texts, the JSON view.
			for (const details of await page.locator('details').all())
				await details.locator('summary').click();
			await page.locator('#json-checks').waitFor();
			await noAxeViolations(`the designer with the scoring form (${lang})`);
			await page.goto(`${server.url}/admin/surveys/modenhet/translations?lang=${lang}`);
			await page.locator('main h1').waitFor();
			await noAxeViolations(`translations (${lang})`);
			await page.goto(`${server.url}/admin/surveys/modenhet/versions?lang=${lang}`);
			await page.locator('main h1').waitFor();
			await noAxeViolations(`versions (${lang})`);
			await page.goto(`${server.url}/admin/surveys/barriers/edit?lang=${lang}`);
			await page.locator('#copy-id').waitFor();
			await noAxeViolations(`a file questionnaire (${lang})`);
		}
		expect(foreign).toEqual([]);
		expect(pageErrors).toEqual([]);
	}, 180_000);
});
