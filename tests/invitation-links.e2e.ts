import { execFileSync } from 'node:child_process';
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import Papa from 'papaparse';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { responseRates } from '../src/lib/server/invitations';
import type { InvitationRecord } from '../src/lib/server/store';
import { protectedNumbers } from '../src/lib/summary/protect';
import { axeViolations, describeViolations } from './support/axe';
import { contextFor, launchBrowser } from './support/browser';
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
 * Issue 18, the rest: the printed invitations' QR codes read back by an independent decoder
 * (zbar, installed by scripts/ensure-readers.mjs), withdrawing links, and response rates that
 * follow the small-group rule for leaders.
 */

let server: TestServer;
let browser: Browser;
let admin: string;
let roundId: string;
const token = { authorization: `Bearer ${TEST_TOKEN}` };
const LEADER = { username: 'lea', password: 'leader-password-1' };
const responsesUrl = () => `${server.url}/api/surveys/method-evaluation/responses`;

/** The round's invitation links by name, from the CSV download. */
async function linksByName(): Promise<Record<string, Record<string, string>>> {
	const response = await fetch(`${server.url}/admin/rounds/${roundId}/invitations.csv`, {
		headers: { cookie: admin }
	});
	expect(response.status).toBe(200);
	const rows = Papa.parse<Record<string, string>>((await response.text()).replace(/^\uFEFF/, ''), {
		header: true,
		skipEmptyLines: true,
		delimiter: ';'
	}).data;
	return Object.fromEntries(rows.map((row) => [row.name, row]));
}

const codeOf = (link: string) => link.split('/').at(-1)!;

/** How many method-evaluation responses are stored, as a researcher lists them. */
async function storedCount(): Promise<number> {
	const response = await fetch(`${responsesUrl()}?limit=1000`, { headers: token });
	expect(response.status).toBe(200);
	const body = (await response.json()) as { responses: unknown[]; nextCursor: string | null };
	expect(body.nextCursor).toBeNull();
	return body.responses.length;
}

async function signedInPage(
	username: string,
	password: string
): Promise<{ context: BrowserContext; page: Page; foreignRequests: string[] }> {
	const { context, foreignRequests } = await contextFor(browser, server.url);
	const page = await context.newPage();
	await page.goto(`${server.url}/admin`);
	await page.getByLabel('Brukernavn').fill(username);
	await page.getByLabel('Passord').fill(password);
	await page.getByRole('button', { name: 'Logg inn' }).click();
	await page.getByRole('heading', { name: 'Spørreskjemaer' }).waitFor({ timeout: 15_000 });
	return { context, page, foreignRequests };
}

beforeAll(async () => {
	[server, browser] = await Promise.all([
		startServer({ dataDir: await tempDir() }),
		launchBrowser()
	]);
	admin = await signIn(server, 'admin', ADMIN_PASSWORD);
	expect(
		(await postForm(server, '/admin/users?/create', { ...LEADER, role: 'leader' }, admin)).status
	).toBe(200);
	const created = await postForm(
		server,
		'/admin/rounds?/create',
		{
			surveyId: 'method-evaluation',
			name: 'Metode 2026',
			slug: 'metode-2026',
			opensAt: '',
			closesAt: '',
			municipality: ''
		},
		admin
	);
	expect(created.status).toBe(200);
	const list = await (
		await fetch(`${server.url}/admin/rounds`, { headers: { cookie: admin } })
	).text();
	roundId = /\/admin\/rounds\/([0-9a-f-]{36})/.exec(list)![1];
	const invite = (fields: Record<string, string>) =>
		postForm(server, `/admin/rounds/${roundId}?/invite`, { maxUses: '1', ...fields }, admin);
	expect(
		(await invite({ kind: 'municipalities', audience: 'municipal', lines: 'Larvik\nBodø\nTromsø' }))
			.status
	).toBe(200);
	// Six citizens, each with a link of their own (persons: their counts are protected).
	const citizens = Array.from({ length: 6 }, (_, i) => `Innbygger ${i + 1}; Bodø`).join('\n');
	expect(
		(await invite({ kind: 'organisations', audience: 'citizen', lines: citizens })).status
	).toBe(200);
});
afterAll(async () => {
	await browser?.close();
	await server?.stop();
});

describe('the printed invitations', () => {
	it('carry a QR code that decodes to the link written under it, drawn with nothing from elsewhere', async () => {
		const { context, page, foreignRequests } = await signedInPage('admin', ADMIN_PASSWORD);
		await page.goto(`${server.url}/admin/rounds/${roundId}/print`);
		const sheets = page.locator('.sheet');
		expect(await sheets.count()).toBe(9);
		const links = await linksByName();
		const pictures = await tempDir('odb-qr-');
		for (let i = 0; i < 9; i++) {
			const sheet = sheets.nth(i);
			const name = (await sheet.locator('h2').textContent())!.trim();
			const written = (await sheet.locator('.link').textContent())!.trim();
			expect(written).toBe(links[name].link);
			const qr = sheet.getByRole('img', { name: `QR-kode med invitasjonslenken for ${name}` });
			const file = join(pictures, `qr-${i}.png`);
			await writeFile(file, await qr.screenshot());
			const decoded = execFileSync('/usr/bin/zbarimg', ['--raw', '-q', file], {
				encoding: 'utf8',
				stdio: ['ignore', 'pipe', 'ignore']
			});
			expect(decoded.trim()).toBe(written);
		}
		// The code is markup in the page, not a picture fetched from anywhere.
		expect(await page.locator('.sheet img').count()).toBe(0);
		expect(foreignRequests).toEqual([]);
		expect(describeViolations('print page', await axeViolations(page))).toBe('');
		await context.close();
	});
});

describe('withdrawing invitations', () => {
	it('withdraws one link, then the round’s unused ones; a withdrawn link says so and takes no answer', async () => {
		const links = await linksByName();
		// Larvik answers before anything is withdrawn.
		expect(
			(
				await postJson(responsesUrl(), {
					answers: { activity: 'workshop' },
					invitation: codeOf(links.Larvik.link)
				})
			).status
		).toBe(201);

		const { context, page } = await signedInPage('admin', ADMIN_PASSWORD);
		await page.goto(`${server.url}/admin/rounds/${roundId}`);
		await page.getByRole('button', { name: 'Trekk tilbake lenken for Tromsø' }).click();
		await page.getByText('Lenker trukket tilbake: 1. De tar ikke imot flere svar.').waitFor();
		const table = page.getByRole('table', { name: 'Invitasjoner', exact: true });
		const stateOf = async (name: string) =>
			(await table.getByRole('row', { name: new RegExp(`^${name}`) }).textContent()) ?? '';
		expect(await stateOf('Tromsø')).toContain('Trukket tilbake');
		expect(await stateOf('Larvik')).toContain('Brukt opp');
		expect(await stateOf('Bodø')).toContain('Aktiv');
		expect(describeViolations('round page', await axeViolations(page))).toBe('');

		// The respondent is told, in each language; the API refuses with 410 and stores nothing.
		const respondent = await contextFor(browser, server.url);
		const link = await respondent.context.newPage();
		for (const [lang, heading, text] of [
			['nb', 'Lenken er trukket tilbake', 'Denne invitasjonslenken er trukket tilbake'],
			['nn', 'Lenkja er trekt tilbake', 'Denne invitasjonslenkja er trekt tilbake'],
			['en', 'The link has been withdrawn', 'This invitation link has been withdrawn']
		]) {
			await link.goto(`${links.Tromsø.link}?lang=${lang}`);
			await link.getByRole('heading', { name: heading }).waitFor();
			expect(await link.getByTestId('invitation-revoked').textContent()).toContain(text);
		}
		expect(describeViolations('withdrawn link', await axeViolations(link))).toBe('');
		const before = await storedCount();
		const refused = await postJson(responsesUrl(), {
			answers: { activity: 'workshop' },
			invitation: codeOf(links.Tromsø.link)
		});
		expect(refused.status).toBe(410);
		expect(refused.body.error).toBe(
			'Denne invitasjonslenken er trukket tilbake og tar ikke imot svar. Ta kontakt med den som sendte deg lenken hvis du mener det er feil.'
		);
		// The questionnaire opened with the code (a tab left open) refuses it too.
		const opened = await fetch(
			`${server.url}/s/method-evaluation?round=metode-2026&invitation=${codeOf(links.Tromsø.link)}`
		);
		expect(opened.status).toBe(410);

		// Every unused link of the round: only when confirmed.
		const unconfirmed = await postForm(server, `/admin/rounds/${roundId}?/revokeUnused`, {}, admin);
		expect(unconfirmed.status).toBe(400);
		expect((await linksByName())['Bodø'].revoked).toBe('0');
		await page.getByLabel(/Ja, trekk tilbake alle 7 lenker i runden som ikke er brukt/).check();
		await page.getByRole('button', { name: 'Trekk tilbake ubrukte lenker' }).click();
		await page.getByText('Lenker trukket tilbake: 7. De tar ikke imot flere svar.').waitFor();
		const after = await linksByName();
		expect(
			Object.fromEntries(Object.entries(after).map(([name, row]) => [name, row.revoked]))
		).toMatchObject({ Larvik: '0', Bodø: '1', Tromsø: '1', 'Innbygger 1 (Bodø)': '1' });
		expect(
			(
				await postJson(responsesUrl(), {
					answers: { activity: 'workshop' },
					invitation: codeOf(after.Bodø.link)
				})
			).status
		).toBe(410);
		expect(await storedCount()).toBe(before);
		// Nothing withdrawn is printed.
		await page.goto(`${server.url}/admin/rounds/${roundId}/print`);
		expect(await page.locator('.sheet').count()).toBe(0);

		// Audited in words, with the count; never whom the link was for.
		await page.goto(`${server.url}/admin/audit`);
		const audit = (await page.locator('table').textContent()) ?? '';
		expect(audit).toContain('Invitasjon trukket tilbake');
		expect(audit).toContain('Ubrukte invitasjoner trukket tilbake');
		expect(audit).toContain('count: 7');
		expect(audit).not.toContain('Tromsø');
		await respondent.context.close();
		await context.close();
	});
});

describe('response rates', () => {
	it('are exact for researchers, and protected for leaders where they concern persons', async () => {
		// A fresh round: three citizens answer through their own links.
		const created = await postForm(
			server,
			'/admin/rounds?/create',
			{
				surveyId: 'method-evaluation',
				name: 'Metode høst 2026',
				slug: 'metode-host-2026',
				opensAt: '',
				closesAt: '',
				municipality: ''
			},
			admin
		);
		expect(created.status).toBe(200);
		const list = await (
			await fetch(`${server.url}/admin/rounds`, { headers: { cookie: admin } })
		).text();
		const ids = [...list.matchAll(/\/admin\/rounds\/([0-9a-f-]{36})/g)].map((m) => m[1]);
		const second = ids.find((id) => id !== roundId)!;
		const citizens = Array.from({ length: 6 }, (_, i) => `Person ${i + 1}`).join('\n');
		expect(
			(
				await postForm(
					server,
					`/admin/rounds/${second}?/invite`,
					{ kind: 'organisations', audience: 'citizen', lines: citizens, maxUses: '1' },
					admin
				)
			).status
		).toBe(200);
		const meta = JSON.parse(await readFile(join(server.dataDir, 'meta.json'), 'utf8')) as {
			invitations: InvitationRecord[];
		};
		const mine = meta.invitations.filter((i) => i.roundId === second);
		for (const invitation of mine.slice(0, 3)) {
			const posted = await postJson(responsesUrl(), {
				answers: { activity: 'workshop' },
				invitation: invitation.code
			});
			expect(posted.status).toBe(201);
		}

		const cells = (page: Page, table: string) =>
			page
				.locator(`${table} tbody tr`)
				.evaluateAll((rows) =>
					rows.map((row) => [...row.querySelectorAll('th, td')].map((c) => c.textContent?.trim()))
				);

		// The researcher's round page: as counted.
		const researcher = await signedInPage('admin', ADMIN_PASSWORD);
		await researcher.page.goto(`${server.url}/admin/rounds/${second}`);
		expect(await cells(researcher.page, '#rates-audience')).toEqual([
			['Innbygger', '6', '3', '50 %', '3']
		]);
		await researcher.context.close();

		// The leader's rates page: what the Disclosure gives for these records (their keys from
		// meta.json), and never 1 to 4 of anything.
		const used = mine.map((i, n) => ({ ...i, uses: n < 3 ? 1 : 0 }));
		const expected = responseRates(used, 'nb', protectedNumbers(5));
		const show = (n: number | null) => (n === null ? ':' : String(n));
		const leader = await signedInPage(LEADER.username, LEADER.password);
		await leader.page.goto(`${server.url}/admin/surveys/method-evaluation`);
		await leader.page.getByRole('link', { name: 'Svarprosent for invitasjonene' }).click();
		await leader.page.getByRole('heading', { name: 'Metode høst 2026' }).waitFor();
		const shown = await cells(leader.page, `#rates-${second}-audience`);
		expect(shown).toEqual(
			expected.byAudience.map((r) => [
				r.label,
				show(r.sent),
				show(r.answered),
				r.share === null ? ':' : `${String(r.share).replace('.', ',')} %`,
				show(r.answers)
			])
		);
		for (const cell of shown.flatMap((row) => row.slice(1)))
			expect(cell === ':' || cell === '0' || /^([5-9]|\d\d+)/.test(cell!)).toBe(true);
		// The true 3 answered is below 5, perturbed or not it is at most 5: hidden, or 5.
		expect([':', '5']).toContain(shown[0][2]);
		// The first round's municipalities (institutions) are shown as counted: Larvik answered.
		expect(await cells(leader.page, `#rates-${roundId}-municipality`)).toContainEqual([
			'Larvik',
			'1',
			'1',
			'100 %',
			'1'
		]);
		expect(describeViolations('rates page', await axeViolations(leader.page))).toBe('');
		// Leaders still cannot open a round's page or its links.
		const refused = await leader.page.goto(`${server.url}/admin/rounds/${second}`);
		expect(refused?.status()).toBe(403);
		await leader.context.close();
	});
});
