import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { axeViolations, describeViolations } from './support/axe';
import { contextFor, launchBrowser } from './support/browser';
import { ADMIN_PASSWORD, postJson, signIn, startServer, type TestServer } from './support/server';

/**
 * The "done when", in Chromium against the built server: a researcher designs a
 * questionnaire from nothing, translates it in the table, previews and publishes it; it is
 * answered and shows on the dashboard and in the export; a choice with answers is removed, the
 * breaking change is explained and published only with a reason, which the audit log and the
 * versions page show.
 */
describe('designing a questionnaire in the browser', () => {
	let server: TestServer;
	let browser: Browser;
	let page: Page;
	let cookie: string;
	let foreign: string[];
	const pageErrors: string[] = [];

	beforeAll(async () => {
		server = await startServer();
		browser = await launchBrowser();
		cookie = await signIn(server, 'admin', ADMIN_PASSWORD);
		const { context, foreignRequests } = await contextFor(browser, server.url);
		foreign = foreignRequests;
		const [name, value] = cookie.split('=');
		await context.addCookies([{ name, value, url: server.url }]);
		page = await context.newPage();
		// A script error in the page (Svelte refusing a state change, say) fails the test.
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
		// A change made just now may still be waiting for its half second.
		await page.waitForTimeout(700);
		await page.getByText('Utkastet er lagret.').waitFor();
	}

	const kinds = [
		['radiogroup', 'Ett valg'],
		['checkbox', 'Flere valg'],
		['rating', 'Skala'],
		['matrix', 'Likert-matrise'],
		['boolean', 'Ja/nei'],
		['comment', 'Lang tekst']
	] as const;

	it('creates a questionnaire from nothing with six kinds, a condition and a "don’t know"', async () => {
		await page.goto(`${server.url}/admin`);
		await page.getByRole('link', { name: 'Lag et nytt spørreskjema' }).click();
		await page.getByLabel('Id (i lenken)').fill('reise');
		await page.getByLabel('Tittel (bokmål)').fill('Reisevaner');
		await page.getByRole('button', { name: 'Lag utkastet' }).click();
		await page.waitForURL(/\/admin\/surveys\/reise\/edit$/);
		await page.getByRole('heading', { name: 'Utform «reise»' }).waitFor();
		// Hydrated: the preview is drawn in the browser only.
		await page.locator('[data-testid="designer-preview"] .sd-root-modern').waitFor();

		for (const [type, label] of kinds) {
			await page.getByLabel('Slag spørsmål å legge til').selectOption({ label });
			// Keyboard: the add button is a real button, used with Enter.
			await page.getByRole('button', { name: 'Legg til spørsmål på side 1' }).focus();
			await page.keyboard.press('Enter');
			await page.getByRole('heading', { name: `Spørsmålet «${type}»` }).waitFor();
			await expect
				.poll(() => page.evaluate(() => document.activeElement?.id))
				.toBe('question-editor-title');
			await page.locator(`#q-${type}-title-nb`).fill(`Spørsmål om ${type}`);
		}

		// The single choice: coded choices from their texts, and "don't know".
		// In the list of questions (the checks above also name questions, as buttons).
		await page
			.locator('ol.questions')
			.getByRole('button', { name: /^radiogroup/ })
			.click();
		await page.getByLabel('Tekst for nr. 1 i Svaralternativer').fill('Buss');
		await page.getByLabel('Tekst for nr. 2 i Svaralternativer').fill('Sykkel');
		await expect
			.poll(() => page.getByLabel('Kode for nr. 1 i Svaralternativer').inputValue())
			.toBe('buss');
		await expect
			.poll(() => page.getByLabel('Kode for nr. 2 i Svaralternativer').inputValue())
			.toBe('sykkel');
		await page.getByLabel(/«Vet ikke»/).check();
		await page.getByLabel('Må besvares').check();

		// The long text only for residents: the condition builder on {audience}.
		await page
			.locator('ol.questions')
			.getByRole('button', { name: /^comment/ })
			.click();
		await page.getByLabel('Hva').selectOption('audience');
		await page.getByLabel('Er', { exact: true }).selectOption('=');
		await page.getByLabel('Verdi').selectOption('citizen');
		await page.getByRole('button', { name: 'Bruk betingelsen' }).click();
		await expect
			.poll(() => page.getByLabel('Uttrykk (for eksperter)').inputValue())
			.toBe("{audience} = 'citizen'");

		await saved();
		// Untranslated texts are errors, each linked to its question.
		await page.getByRole('heading', { name: /Kontroller: [1-9]\d* feil/ }).waitFor();
		await page.getByRole('button', { name: 'matrix', exact: true }).first().click();
		await page.getByRole('heading', { name: 'Spørsmålet «matrix»' }).waitFor();
		await noAxeViolations('the designer');
	}, 120_000);

	it('translates every text in the table, then previews and publishes', async () => {
		await page.getByRole('link', { name: 'Oversettelser' }).click();
		await page.getByRole('heading', { name: 'Oversettelser av «reise»' }).waitFor();
		await noAxeViolations('the translations table');
		const cells = page.locator('table.translations textarea');
		const count = await cells.count();
		expect(count).toBeGreaterThan(20);
		for (let i = 0; i < count; i++) {
			const cell = cells.nth(i);
			if ((await cell.inputValue()) !== '') continue;
			const name = (await cell.getAttribute('name'))!;
			const [lang, key] = name.split(':');
			await cell.fill(lang === 'en' ? `English ${key}` : `${lang} «${key}»`);
		}
		await page.getByRole('button', { name: 'Lagre tekstene' }).click();
		await page.getByText(/Tekster endret i utkastet: [1-9]/).waitFor();
		await expect
			.poll(() => page.getByRole('status').first().innerText())
			.toContain('0 mangler en oversettelse');

		await page.getByRole('link', { name: 'Tilbake til utformingen' }).click();
		await page.locator('[data-testid="designer-preview"] .sd-root-modern').waitFor();
		await page.getByRole('heading', { name: 'Kontroller: 0 feil, 0 advarsler' }).waitFor();
		const preview = page.getByTestId('designer-preview');
		await expect.poll(() => preview.innerText()).toContain('Spørsmål om radiogroup');
		// Styled as the respondent's page is (survey-theme.css): its matrix breakpoint and its
		// muted ink for SurveyJS's greys, not SurveyJS's defaults (600 px, 3.3:1 grey).
		const theme = () =>
			preview.locator('.sd-root-modern').evaluate((root) => {
				const style = getComputedStyle(root);
				return [
					style.getPropertyValue('--sd-mobile-width').trim(),
					style.getPropertyValue('--sjs-general-forecolor-light').trim()
				];
			});
		await expect.poll(theme).toEqual(['800px', '#4a4a4a']);
		// The preview for a resident shows the conditional question; in English.
		await expect.poll(() => preview.innerText()).toContain('Spørsmål om comment');
		await page.locator('#preview-locale').selectOption('en');
		await expect.poll(() => preview.innerText()).toContain('English radiogroup/title');
		await page.getByLabel('Hvem som svarer ({audience})').selectOption('business');
		await expect.poll(() => preview.innerText()).not.toContain('English comment/title');

		await page.getByRole('button', { name: 'Publiser utkastet' }).click();
		await page.getByText(/Publisert som versjon [a-f0-9]{12}/).waitFor();
	}, 120_000);

	it('is answered, and shows on the dashboard and in the export', async () => {
		// A respondent answers in the browser, as a resident of Bodø (the link presets both).
		await page.goto(`${server.url}/s/reise?audience=citizen&municipality=bodo`);
		await page.getByText('Spørsmål om radiogroup').waitFor();
		await page.getByText('Sykkel', { exact: true }).click();
		await page.getByText('Spørsmål om comment').waitFor();
		await page.locator('.sd-navigation__complete-btn').click();
		await page.getByTestId('receipt').waitFor();
		// Four more: fewer than five shows no numbers to anyone (the small-group limit).
		for (const [i, choice] of ['sykkel', 'buss', 'dont_know', 'buss'].entries()) {
			const answered = await postJson(`${server.url}/api/surveys/reise/responses`, {
				answers: { radiogroup: choice, boolean: i % 2 === 0, rating: 4 },
				audience: 'business',
				municipality: 'bodo',
				locale: 'nb'
			});
			expect(answered.status).toBe(201);
		}
		const start = await (await fetch(`${server.url}/`)).text();
		expect(start).toContain('Reisevaner');
		await page.goto(`${server.url}/admin/surveys/reise`);
		await expect.poll(() => page.locator('main').innerText()).toContain('Spørsmål om radiogroup');
		const csv = await (
			await fetch(`${server.url}/api/surveys/reise/export.csv`, { headers: { cookie } })
		).text();
		expect(csv).toContain('radiogroup');
		expect(csv).toContain('sykkel');
	}, 60_000);

	it('stops the removal of an answered choice until confirmed with a reason', async () => {
		await page.goto(`${server.url}/admin/surveys/reise/edit`);
		await page.locator('[data-testid="designer-preview"] .sd-root-modern').waitFor();
		await page
			.locator('ol.questions')
			.getByRole('button', { name: /^radiogroup/ })
			.click();
		await page.getByRole('button', { name: 'Fjern Sykkel' }).click();
		await saved();
		await page.getByRole('button', { name: 'Publiser utkastet' }).click();
		const breaking = page.getByTestId('breaking');
		await expect
			.poll(() => breaking.innerText())
			.toContain('The choice “Sykkel” (code sykkel) of “radiogroup” was removed');
		const anyway = page.getByRole('button', { name: 'Publiser likevel' });
		expect(await anyway.isDisabled()).toBe(true);
		await page.getByLabel(/Jeg vet at svarene før og etter/).check();
		await page.getByLabel('Begrunnelse (lagres i revisjonsloggen)').fill('Ingen sykler her');
		await anyway.click();
		await page.getByText(/Publisert som versjon [a-f0-9]{12}/).waitFor();

		await page.goto(`${server.url}/admin/surveys/reise/versions`);
		await expect.poll(() => page.locator('main').innerText()).toContain('Bryter sammenligningen');
		await expect
			.poll(() => page.locator('main').innerText())
			.toContain('Begrunnelse: Ingen sykler her');
		await noAxeViolations('the versions page');
		await page.goto(`${server.url}/admin/audit`);
		// In words, as every event in the log (the code stays in audit.json).
		await expect.poll(() => page.locator('main').innerText()).toContain('Spørreskjema publisert');
		await expect.poll(() => page.locator('main').innerText()).toContain('Ingen sykler her');
		const audit = JSON.parse(await readFile(join(server.dataDir, 'audit.json'), 'utf8')) as {
			entries: { action: string; detail: Record<string, unknown> }[];
		};
		expect(
			audit.entries.filter((e) => e.action === 'surveyPublished').map((e) => e.detail.breaking)
		).toEqual([0, 1]);
	}, 60_000);

	it('takes a translator’s CSV, shows what changes, and applies it only when asked', async () => {
		await page.goto(`${server.url}/admin/surveys/reise/translations`);
		const csv = await (
			await fetch(`${server.url}/api/surveys/reise/translations.csv`, { headers: { cookie } })
		).text();
		const edited = csv.replace('"English boolean/title"', '"Yes or no, ""really""?\nSay so"');
		expect(edited).not.toBe(csv);
		await page.getByLabel(/CSV-fil/).setInputFiles({
			name: 'reise.csv',
			mimeType: 'text/csv',
			buffer: Buffer.from(edited)
		});
		await page.getByRole('button', { name: 'Se hva som endres' }).click();
		const changes = page.getByTestId('translation-changes');
		await changes.waitFor();
		await expect.poll(() => changes.innerText()).toContain('English boolean/title');
		await expect.poll(() => changes.innerText()).toContain('Yes or no, "really"?');
		// Nothing is applied yet.
		const before = (await (
			await fetch(`${server.url}/api/surveys/reise/draft`, { headers: { cookie } })
		).json()) as unknown;
		expect(JSON.stringify(before)).not.toContain('really');
		await noAxeViolations('the translation preview');
		await page.getByRole('button', { name: 'Bruk endringene' }).click();
		await page.getByText('Tekster endret i utkastet: 1.').waitFor();
		const after = (await (
			await fetch(`${server.url}/api/surveys/reise/draft`, { headers: { cookie } })
		).json()) as unknown;
		expect(JSON.stringify(after)).toContain('Yes or no, \\"really\\"?\\nSay so');
	}, 60_000);

	it('speaks Nynorsk and English too, without axe violations', async () => {
		for (const [lang, heading] of [
			['nn', 'Utform «reise»'],
			['en', 'Design “reise”']
		] as const) {
			await page.goto(`${server.url}/admin/surveys/reise/edit?lang=${lang}`);
			await page.getByRole('heading', { name: heading }).waitFor();
			await page.locator('[data-testid="designer-preview"] .sd-root-modern').waitFor();
			await noAxeViolations(`the designer in ${lang}`);
		}
		await page.goto(`${server.url}/admin/surveys/reise/edit?lang=nb`);
		expect(foreign).toEqual([]);
		expect(pageErrors).toEqual([]);
	}, 60_000);
});
