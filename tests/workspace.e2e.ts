import { readFile, readdir } from 'node:fs/promises';
import { join } from 'node:path';
import type { Browser } from 'playwright-core';
import { labelOf } from './support/questionnaire';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { requiredAccess } from '../src/lib/server/auth/access';
import { contextFor, launchBrowser } from './support/browser';
import { routeIdsUnder } from './support/routes';
import {
	ADMIN_PASSWORD,
	postForm,
	postJson,
	signIn,
	startServer,
	TEST_TOKEN,
	type TestServer
} from './support/server';

let server: TestServer;
let adminCookie: string;
const passwords = { researcher: 'researcher-pass-1234', leader: 'leader-pass-123456' };

async function createUser(username: string, role: string, password: string) {
	const response = await postForm(
		server,
		'/admin/users?/create',
		{ username, role, password },
		adminCookie
	);
	expect(response.status).toBe(200);
}

beforeAll(async () => {
	server = await startServer();
	adminCookie = await signIn(server, 'admin', ADMIN_PASSWORD);
	await createUser('rita', 'researcher', passwords.researcher);
	await createUser('leo', 'leader', passwords.leader);
});
afterAll(async () => {
	await server?.stop();
});

/** A concrete URL for a route id: parameters filled with values that exist or look real. */
function pathFor(routeId: string): string {
	// Closing (and reopening) needs no body, so a token's POST would really close the
	// questionnaire the later tests answer: it is sent to one that does not exist (the access
	// check comes first).
	const id = routeId.startsWith('/admin/rounds')
		? 'no-such-round'
		: routeId.endsWith('/close') || routeId.endsWith('/reopen')
			? 'no-such-survey'
			: 'method-evaluation';
	return routeId.replace('[id]', id);
}

describe('every /admin and /api route checks who is asking', () => {
	const routeIds = [...routeIdsUnder('admin'), ...routeIdsUnder('api')];

	it('finds the routes to walk', () => {
		expect(routeIds).toContain('/admin/users');
		expect(routeIds).toContain('/api/surveys/[id]/responses');
	});

	it.each(routeIds)(
		'%s: 401 without a session or token, 403 for a role below the one it needs',
		async (routeId) => {
			const leader = await signIn(server, 'leo', passwords.leader);
			const researcher = await signIn(server, 'rita', passwords.researcher);
			const path = pathFor(routeId);
			const isApi = routeId.startsWith('/api');
			let checked = 0;
			for (const method of ['GET', 'POST']) {
				const needed = requiredAccess(routeId, method);
				if (needed === 'public') continue;
				const send = (headers: Record<string, string>) =>
					method === 'GET'
						? fetch(`${server.url}${path}`, { headers, redirect: 'manual' })
						: fetch(`${server.url}${path}`, {
								method: 'POST',
								redirect: 'manual',
								headers: {
									'content-type': 'application/x-www-form-urlencoded',
									origin: server.url,
									...headers
								},
								body: 'id=x&name=y'
							});
				expect((await send({})).status, `${method} ${path} anonymous`).toBe(401);
				// A token is for scripts on /api; on a page it is no sign-in.
				const withToken = (await send({ authorization: `Bearer ${TEST_TOKEN}` })).status;
				if (isApi)
					expect(withToken === 401 || withToken === 403, `${method} ${path} token`).toBe(
						needed === 'admin'
					);
				else expect(withToken, `${method} ${path} token on a page`).toBe(401);
				if (needed !== 'leader')
					expect((await send({ cookie: leader })).status, `${method} ${path} leader`).toBe(403);
				if (needed === 'admin')
					expect((await send({ cookie: researcher })).status, `${method} ${path} researcher`).toBe(
						403
					);
				checked++;
			}
			// Only routes public for every method (the sign-in page, health, the questionnaires) skip.
			const allPublic = ['GET', 'POST'].every((m) => requiredAccess(routeId, m) === 'public');
			expect(checked > 0 || allPublic).toBe(true);
		}
	);

	it('the preview of a questionnaire needs a researcher', async () => {
		const preview = `${server.url}/s/method-evaluation?preview=`;
		expect((await fetch(preview)).status).toBe(401);
		expect(
			(await fetch(preview, { headers: { cookie: await signIn(server, 'leo', passwords.leader) } }))
				.status
		).toBe(403);
		expect(
			(
				await fetch(preview, {
					headers: { cookie: await signIn(server, 'rita', passwords.researcher) }
				})
			).status
		).toBe(200);
	});

	it('a revoked token stops working at once', async () => {
		const researcher = await signIn(server, 'rita', passwords.researcher);
		const page = await (
			await postForm(server, '/admin/tokens?/create', { name: 'R-skript' }, researcher)
		).text();
		const token = /data-testid="secret">([^<]+)</.exec(page)?.[1];
		expect(token).toMatch(/^odb_/);
		const url = `${server.url}/api/surveys/method-evaluation/responses`;
		expect((await fetch(url, { headers: { authorization: `Bearer ${token}` } })).status).toBe(200);
		const listing = await (
			await fetch(`${server.url}/admin/tokens`, { headers: { cookie: researcher } })
		).text();
		expect(listing).toContain('R-skript');
		const id = /name="id" value="([^"]+)"/.exec(listing)?.[1];
		expect((await postForm(server, '/admin/tokens?/revoke', { id: id! }, researcher)).status).toBe(
			200
		);
		expect((await fetch(url, { headers: { authorization: `Bearer ${token}` } })).status).toBe(401);
	});
});

describe('sign-in', () => {
	it('ends the session on sign-out', async () => {
		const cookie = await signIn(server, 'rita', passwords.researcher);
		expect((await fetch(`${server.url}/admin/rounds`, { headers: { cookie } })).status).toBe(200);
		expect((await postForm(server, '/admin?/logout', {}, cookie)).status).toBe(303);
		expect((await fetch(`${server.url}/admin/rounds`, { headers: { cookie } })).status).toBe(401);
	});

	it('sets the session cookie HttpOnly and SameSite', async () => {
		const response = await postForm(server, '/admin?/login', {
			username: 'rita',
			password: passwords.researcher
		});
		const cookie = response.headers.getSetCookie().find((c) => c.startsWith('odb_session='))!;
		expect(cookie).toMatch(/HttpOnly/i);
		expect(cookie).toMatch(/SameSite=Lax/i);
		expect(cookie).toMatch(/Expires=/i);
	});
});

describe('secrets at rest', () => {
	it('keeps no password, token or session in clear text in any data file', async () => {
		const researcher = await signIn(server, 'rita', passwords.researcher);
		const page = await (
			await postForm(server, '/admin/tokens?/create', { name: 'klartekst' }, researcher)
		).text();
		const token = /data-testid="secret">([^<]+)</.exec(page)![1];
		const secrets = [
			ADMIN_PASSWORD,
			passwords.researcher,
			passwords.leader,
			token,
			researcher.split('=')[1],
			adminCookie.split('=')[1]
		];
		const files: string[] = [];
		const walk = async (dir: string) => {
			for (const entry of await readdir(dir, { withFileTypes: true })) {
				if (entry.isDirectory()) await walk(join(dir, entry.name));
				else files.push(join(dir, entry.name));
			}
		};
		await walk(server.dataDir);
		expect(files.some((f) => f.endsWith('meta.json'))).toBe(true);
		for (const file of files) {
			const text = await readFile(file, 'utf8');
			for (const secret of secrets)
				expect(text.includes(secret), `${secret} in ${file}`).toBe(false);
		}
		const meta = JSON.parse(await readFile(join(server.dataDir, 'meta.json'), 'utf8'));
		expect(meta.users.length).toBe(3);
		expect(
			meta.users.every((u: { passwordHash: string }) => u.passwordHash.startsWith('scrypt$'))
		).toBe(true);
	});
});

describe('rounds in the browser', () => {
	let browser: Browser;
	beforeAll(async () => {
		browser = await launchBrowser();
	});
	afterAll(async () => {
		await browser?.close();
	});

	it('an admin creates a researcher and a round; the researcher answers through the round link and sees it counted', async () => {
		const admin = await contextFor(browser, server.url);
		const page = await admin.context.newPage();
		await page.goto(`${server.url}/admin`);
		await page.getByLabel('Brukernavn').fill('admin');
		await page.getByLabel('Passord').fill(ADMIN_PASSWORD);
		await page.getByRole('button', { name: 'Logg inn' }).click();
		await page.getByRole('heading', { name: 'Spørreskjemaer' }).waitFor();

		// A new researcher, with a password chosen by the admin.
		await page.getByRole('link', { name: 'Brukere' }).click();
		await page.getByLabel('Brukernavn').fill('randi');
		await page.getByLabel('Rolle', { exact: true }).selectOption('researcher');
		await page.getByLabel('Passord (valgfritt)').fill('randi-password-42');
		await page.getByRole('button', { name: 'Legg til bruker' }).click();
		await page.getByText('Brukeren «randi» er lagt til').waitFor();

		// A round of the method evaluation for citizens in Bodø, open from yesterday to tomorrow.
		await page.getByRole('link', { name: 'Runder' }).click();
		await page.getByLabel('Spørreskjema', { exact: true }).selectOption('method-evaluation');
		await page.getByLabel('Navn', { exact: true }).fill('Runde 2 – vår 2026');
		await page.getByLabel('Lenkenavn', { exact: true }).fill('hackathon-runde-2');
		const local = (d: Date) =>
			new Date(d.getTime() - d.getTimezoneOffset() * 60000).toISOString().slice(0, 16);
		await page.getByLabel('Åpner').fill(local(new Date(Date.now() - 86400_000)));
		await page.getByLabel('Stenger').fill(local(new Date(Date.now() + 86400_000)));
		await page.getByRole('checkbox', { name: 'Innbygger' }).check();
		await page.getByLabel('Fast kommune').fill('bodo');
		await page.getByRole('button', { name: 'Opprett runden' }).click();
		await page.getByText('Runden «Runde 2 – vår 2026» er opprettet.').waitFor();
		expect(await page.getByTestId('responses-hackathon-runde-2').textContent()).toBe('0');

		// The researcher, in another browser context, follows the round link and answers.
		const researcher = await contextFor(browser, server.url);
		const answerer = await researcher.context.newPage();
		await answerer.goto(`${server.url}/r/hackathon-runde-2`);
		await answerer.getByText('Runde 2 – vår 2026').waitFor();
		expect(answerer.url()).toContain('round=hackathon-runde-2');
		await labelOf(answerer.getByRole('radio', { name: 'Hackathon' })).click();
		// Four optional pages after the first.
		for (let i = 0; i < 4; i++) await answerer.getByRole('button', { name: 'Neste' }).click();
		await answerer.getByRole('button', { name: 'Send inn' }).click();
		await answerer.getByRole('heading', { name: 'Takk for svaret!' }).waitFor();

		await answerer.goto(`${server.url}/admin`);
		await answerer.getByLabel('Brukernavn').fill('randi');
		await answerer.getByLabel('Passord').fill('randi-password-42');
		await answerer.getByRole('button', { name: 'Logg inn' }).click();
		await answerer.getByRole('link', { name: 'Runder' }).click();
		expect(await answerer.getByTestId('responses-hackathon-runde-2').textContent()).toBe('1');

		const stored = (await (
			await fetch(`${server.url}/api/surveys/method-evaluation/responses`, {
				headers: { authorization: `Bearer ${TEST_TOKEN}` }
			})
		).json()) as { responses: { roundId: string; audience: string; municipality: string }[] };
		const round = stored.responses.filter((r) => r.roundId !== 'default');
		expect(round).toHaveLength(1);
		expect(round[0]).toMatchObject({ audience: 'citizen', municipality: 'bodo' });
		expect(researcher.foreignRequests).toEqual([]);

		// The admin closes the round: the link says so, and the API refuses answers with 403.
		await page.getByRole('link', { name: 'Rediger – Runde 2 – vår 2026' }).click();
		// The list page has a "Stenger" field too (the new-round form): wait for the edit page.
		await page.getByRole('heading', { name: 'Rediger runden «Runde 2 – vår 2026»' }).waitFor();
		await page.getByLabel('Stenger').fill(local(new Date(Date.now() - 3600_000)));
		await page.getByRole('button', { name: 'Lagre endringene' }).click();
		await page.getByText('Endringene er lagret.').waitFor();

		await answerer.goto(`${server.url}/r/hackathon-runde-2`);
		await answerer.getByRole('heading', { name: 'Undersøkelsen er ikke åpen' }).waitFor();
		expect(await answerer.getByTestId('round-not-open').textContent()).toMatch(
			/stengte .* og tar ikke imot flere svar/
		);
		const refused = await postJson(`${server.url}/api/surveys/method-evaluation/responses`, {
			answers: { activity: 'hackathon' },
			audience: 'citizen',
			round: 'hackathon-runde-2'
		});
		expect(refused.status).toBe(403);
		expect(String(refused.body.error)).toMatch(/stengte/);

		// Every change is in the audit log, readable by the admin.
		await page.getByRole('link', { name: 'Logg' }).click();
		const log = await page.locator('table').textContent();
		// Named in words, never as codes (issue 15).
		for (const action of ['Innlogging', 'Bruker opprettet', 'Runde opprettet', 'Runde endret'])
			expect(log).toContain(action);
		expect(log).not.toContain('roundCreated');
		expect(log).not.toContain('randi-password-42');
		await admin.context.close();
		await researcher.context.close();
	});

	it('a round not yet open says when it opens', async () => {
		const inTwoDays = new Date(Date.now() + 2 * 86400_000);
		const local = new Date(inTwoDays.getTime() - inTwoDays.getTimezoneOffset() * 60000)
			.toISOString()
			.slice(0, 16);
		const created = await postForm(
			server,
			'/admin/rounds?/create',
			{
				surveyId: 'barriers',
				name: 'Runde 3',
				slug: 'runde-3',
				opensAt: local,
				closesAt: '',
				municipality: ''
			},
			adminCookie
		);
		expect(created.status).toBe(200);
		const page = await (await fetch(`${server.url}/r/runde-3`)).text();
		expect(page).toContain('«Runde 3» er ikke åpen ennå. Den åpner');
	});
});

describe('failed sign-ins', () => {
	it('are slowed down, with a message saying how long to wait', async () => {
		// Its own server: the slow-down is per address, and every test here comes from 127.0.0.1.
		const own = await startServer();
		try {
			const statuses: number[] = [];
			for (let i = 0; i < 7; i++) {
				statuses.push(
					(await postForm(own, '/admin?/login', { username: 'nobody', password: `guess-${i}` }))
						.status
				);
			}
			expect(statuses.slice(0, 5)).toEqual([400, 400, 400, 400, 400]);
			expect(statuses.at(-1)).toBe(429);
			const page = await (
				await postForm(own, '/admin?/login', { username: 'admin', password: ADMIN_PASSWORD })
			).text();
			expect(page).toMatch(/Vent \d+ sekunder/);
		} finally {
			await own.stop();
		}
	});
});
