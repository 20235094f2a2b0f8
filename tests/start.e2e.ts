// The README's start commands as a newcomer runs them: no ORIGIN, nothing but PATH and HOME
// (and a port and a temporary data folder), a browser on http://localhost. Every other test
// sets ORIGIN, which hid that adapter-node assumes https without it and refused every sign-in.
import { request } from 'node:http';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { contextFor, launchBrowser } from './support/browser';
import { runScript, scriptAfterBuild, type ScriptRun } from './support/package-script';
import { freePort, tempDir } from './support/server';

const demoCommand = scriptAfterBuild('demo', 'vite build');
const startCommand = scriptAfterBuild('start', 'npm run build');
const runs: ScriptRun[] = [];
let browser: Browser;

function run(command: string, env: Record<string, string>): ScriptRun {
	const started = runScript(command, env);
	runs.push(started);
	return started;
}

beforeAll(async () => {
	browser = await launchBrowser();
});
afterAll(async () => {
	await browser?.close();
	await Promise.all(runs.map((r) => r.stop()));
});

/**
 * Signs in through the form in Chromium, as a person would, and waits for the workspace; then
 * opens each of `visits` and returns their HTTP statuses.
 */
async function signInWithBrowser(
	url: string,
	password: string,
	username = 'admin',
	visits: string[] = []
): Promise<number[]> {
	const { context } = await contextFor(browser, url);
	try {
		const page = await context.newPage();
		await page.goto(url);
		await page.getByLabel('Brukernavn').fill(username);
		await page.getByLabel('Passord').fill(password);
		await page.getByRole('button', { name: 'Logg inn' }).click();
		await page.getByRole('heading', { name: 'Spørreskjemaer' }).waitFor({ timeout: 15_000 });
		expect(new URL(page.url()).pathname).toBe('/admin');
		expect(await page.getByRole('button', { name: 'Logg inn' }).count()).toBe(0);
		expect(await page.getByText(`Logget inn som ${username}`).count()).toBe(1);
		const statuses: number[] = [];
		for (const visit of visits) statuses.push((await page.goto(visit))?.status() ?? 0);
		return statuses;
	} finally {
		await context.close();
	}
}

/** A sign-in form post with headers chosen by the test (the Host a browser could not send). */
function postSignIn(
	port: number,
	headers: Record<string, string>,
	password: string
): Promise<{ status: number; body: string }> {
	const body = new URLSearchParams({ username: 'admin', password }).toString();
	return new Promise((done, fail) => {
		const req = request(
			{
				host: '127.0.0.1',
				port,
				method: 'POST',
				path: '/admin?/login',
				headers: {
					'content-type': 'application/x-www-form-urlencoded',
					accept: 'text/html',
					...headers
				}
			},
			(res) => {
				let text = '';
				res.on('data', (chunk) => (text += chunk));
				res.on('end', () => done({ status: res.statusCode ?? 0, body: text }));
			}
		);
		req.on('error', fail);
		req.end(body);
	});
}

describe(`npm run demo (${demoCommand})`, () => {
	it('prints an address and three users whose passwords sign in through the form in Chromium', async () => {
		const port = await freePort();
		const base = `http://localhost:${port}`;
		const demo = run(demoCommand, {
			PORT: String(port),
			DEMO_DATA_DIR: await tempDir('odb-demo-')
		});
		const [, address] = await demo.waitFor(/Sign in for the researchers' workspace at (\S+)/);
		await demo.waitFor(/Listening on/);
		expect(address).toBe(`${base}/admin`);

		// admin, researcher and leader, each with a password and what the role may do.
		const printed = [...demo.output().matchAll(/^ {2}(\w+) +password (\S+) +may: (.+)$/gm)];
		expect(printed.map(([, username]) => username)).toEqual(['admin', 'researcher', 'leader']);
		const passwords = Object.fromEntries(
			printed.map(([, username, password]) => [username, password])
		);
		expect(printed.every(([, , , may]) => may.length > 10)).toBe(true);
		// The server made no admin of its own: the demo's are the users.
		expect(demo.output()).not.toMatch(/Created the administrator/);

		// Where each kind of user goes first, printed as links, and each may open theirs.
		const respondent = `${base}/`;
		const dashboard = `${base}/admin/surveys/barriers?compare=round`;
		const exportPage = `${base}/admin/surveys/barriers/export`;
		for (const link of [respondent, dashboard, exportPage]) expect(demo.output()).toContain(link);
		expect(
			await signInWithBrowser(address, passwords.admin, 'admin', [`${base}/admin/users`])
		).toEqual([200]);
		expect(
			await signInWithBrowser(address, passwords.researcher, 'researcher', [exportPage, dashboard])
		).toEqual([200, 200]);
		// A leader reads the dashboard comparing rounds, but may not export raw data.
		expect(
			await signInWithBrowser(address, passwords.leader, 'leader', [dashboard, exportPage])
		).toEqual([200, 403]);
		expect((await fetch(respondent)).status).toBe(200);
		expect(demo.output()).not.toMatch(/Cross-site|Cannot start/);
	});
});

describe(`npm start (${startCommand}) without PORT`, () => {
	// A newcomer sets nothing: adapter-node then listens on 3000, and every address the start-up
	// prints must be that one (they once said 5173, the development server's, while it listened
	// on 3000). Needs port 3000 free on the machine, as the README's quick start does.
	it('prints only the address it listens on', async () => {
		const server = run(startCommand, { DATA_DIR: await tempDir(), ADMIN_PASSWORD: 'x'.repeat(20) });
		const [, listening] = await server.waitFor(/Listening on http:\/\/[^:\s]+:(\d+)/);
		expect(listening).toBe('3000');
		const printed = [...server.output().matchAll(/http:\/\/(?:localhost|127\.0\.0\.1):(\d+)/g)];
		expect(printed.length).toBeGreaterThanOrEqual(3);
		expect(new Set(printed.map(([, port]) => port))).toEqual(new Set(['3000']));
		expect(server.output()).toContain('Answer the questionnaires at http://localhost:3000/');
		expect((await fetch('http://localhost:3000/')).status).toBe(200);
		await server.stop();
	});
});

describe(`npm start (${startCommand}) without ORIGIN`, () => {
	const password = 'start-test-password-1234';
	let port: number;
	let server: ScriptRun;

	beforeAll(async () => {
		port = await freePort();
		server = run(startCommand, {
			PORT: String(port),
			DATA_DIR: await tempDir(),
			ADMIN_PASSWORD: password
		});
		await server.waitFor(/Listening on/);
	});

	it('creates no demo users: a real data folder starts with admin alone', () => {
		expect(server.output()).not.toMatch(/Demo users|^ +(researcher|leader) +password/m);
	});

	it.each(['localhost', '127.0.0.1'])(
		'accepts the sign-in form from a browser on http://%s',
		async (host) => {
			await signInWithBrowser(`http://${host}:${port}/admin`, password);
		}
	);

	it('still refuses a form posted from another site', async () => {
		const crossSite = await postSignIn(
			port,
			{ host: `localhost:${port}`, origin: 'http://evil.example' },
			password
		);
		expect(crossSite.status).toBe(403);
		expect(crossSite.body).toMatch(/Cross-site POST form submissions are forbidden/);
	});

	it('takes only loopback addresses to be plain http (a rebound DNS name is not)', async () => {
		// A page on http://evil.example:PORT whose name now resolves to 127.0.0.1 sends its own
		// name as Host and Origin; that is not a loopback address, so adapter-node's https stands.
		const rebound = await postSignIn(
			port,
			{ host: `evil.example:${port}`, origin: `http://evil.example:${port}` },
			password
		);
		expect(rebound.status).toBe(403);
		// The same request from the real local address is signed in (303 to the workspace).
		const local = await postSignIn(
			port,
			{ host: `127.0.0.1:${port}`, origin: `http://127.0.0.1:${port}` },
			password
		);
		expect(local.status).toBe(303);
	});

	it('says once, at the first forwarded request, that ORIGIN is missing', async () => {
		const forwarded = { 'x-forwarded-proto': 'https', 'x-forwarded-host': 'survey.example.org' };
		expect(server.output()).not.toMatch(/came through a proxy/);
		await postSignIn(port, { host: `127.0.0.1:${port}`, ...forwarded }, password);
		await postSignIn(port, { host: `127.0.0.1:${port}`, ...forwarded }, password);
		await server.waitFor(/A request came through a proxy .* but ORIGIN is not set/, 5_000);
		expect(server.output().match(/came through a proxy/g)).toHaveLength(1);
	});
});

describe('a wrong proxy setting is reported at start-up', () => {
	it.each([
		[
			'ORIGIN without a scheme',
			{ ORIGIN: 'localhost:3000' },
			/ORIGIN="localhost:3000" must start with http:\/\/ or https:\/\//
		],
		['ORIGIN with a path', { ORIGIN: 'https://survey.example.org/survey' }, /has a path/],
		[
			'PROTOCOL_HEADER without HOST_HEADER',
			{ PROTOCOL_HEADER: 'x-forwarded-proto' },
			/without HOST_HEADER/
		]
	])('%s: a message and exit code 1, never listening', async (_, env, message) => {
		const started = run(startCommand, {
			PORT: String(await freePort()),
			DATA_DIR: await tempDir(),
			...env
		});
		const code = await started.exited;
		expect(code).toBe(1);
		expect(started.output()).toMatch(/Cannot start:/);
		expect(started.output()).toMatch(message);
		expect(started.output()).toMatch(/Running behind a proxy/);
		expect(started.output()).not.toMatch(/Listening on/);
	});
});
