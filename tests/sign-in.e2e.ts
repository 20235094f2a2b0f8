import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import {
	ADMIN_PASSWORD,
	postForm,
	signIn,
	startServer,
	TEST_TOKEN,
	type TestServer
} from './support/server';

/**
 * Signing in under attack and tokens that outlive their creator's rights: parallel guesses,
 * a flood of failed sign-ins, the throttle per IPv6 /64, a proxy header that is missing, a
 * `next=` that is not ASCII, and a researcher demoted or deleted while their token is in use.
 * Each server is its own: the throttle is per address, and every request here comes from one.
 */

let server: TestServer | null = null;
afterEach(async () => {
	await server?.stop();
	server = null;
});

interface Audit {
	entries: { actor: string; action: string; detail: Record<string, unknown> }[];
}
const auditFile = async (s: TestServer) =>
	JSON.parse(await readFile(join(s.dataDir, 'audit.json'), 'utf8')) as Audit;

async function createUser(s: TestServer, admin: string, username: string, role: string) {
	const password = `${username}-password-123`;
	const response = await postForm(s, '/admin/users?/create', { username, role, password }, admin);
	expect(response.status).toBe(200);
	return password;
}

async function userId(s: TestServer, username: string): Promise<string> {
	const meta = JSON.parse(await readFile(join(s.dataDir, 'meta.json'), 'utf8')) as {
		users: { id: string; username: string }[];
	};
	return meta.users.find((u) => u.username === username)!.id;
}

describe('failed sign-ins at once', () => {
	it('200 in parallel: no 5xx, each one audited, and the right password is not let through', async () => {
		server = await startServer();
		const s = server;
		const statuses = await Promise.all(
			Array.from(
				{ length: 200 },
				async (_, i) =>
					(await postForm(s, '/admin?/login', { username: 'admin', password: `guess-${i}` })).status
			)
		);
		expect(statuses.filter((status) => status >= 500)).toEqual([]);
		// Counted before the slow password check: the five free attempts and the one that sets the
		// first wait are checked, the others are held back at once (a few more get through if the
		// 200 take longer than the 1 s, 2 s … waits to arrive, as on a busy machine).
		expect(statuses.filter((status) => status === 400).length).toBeLessThanOrEqual(10);
		expect(statuses.filter((status) => status === 429).length).toBeGreaterThanOrEqual(190);
		const failed = (await auditFile(s)).entries.filter((e) => e.action === 'signInFailed');
		expect(failed).toHaveLength(200);
		// Why each was refused: a wrong password, the throttle, or (on a slow machine) a full line
		// of password checks.
		for (const entry of failed)
			expect(['password', 'throttled', 'busy']).toContain(entry.detail.reason);
		expect(failed.filter((e) => e.detail.reason === 'password').length).toBeLessThanOrEqual(10);

		// A right guess among parallel wrong ones from the same address is held back too.
		const guesses = await Promise.all(
			[...Array.from({ length: 20 }, (_, i) => `wrong-${i}`), ADMIN_PASSWORD].map(
				async (password) =>
					(await postForm(s, '/admin?/login', { username: 'admin', password })).status
			)
		);
		expect(guesses.at(-1)).toBe(429);
		expect(s.output()).not.toContain('[error]');
	});

	it('20 correct sign-ins at once: no 5xx, and every one is audited', async () => {
		server = await startServer();
		const s = server;
		const statuses = await Promise.all(
			Array.from(
				{ length: 20 },
				async () =>
					(await postForm(s, '/admin?/login', { username: 'admin', password: ADMIN_PASSWORD }))
						.status
			)
		);
		// Before the slow check a right password looks like any guess, so attempts sent at once
		// are counted (and held back) like guesses; those let through sign in.
		expect(statuses.filter((status) => status !== 303 && status !== 429)).toEqual([]);
		const signedIn = statuses.filter((status) => status === 303).length;
		expect(signedIn).toBeGreaterThan(0);
		const entries = (await auditFile(s)).entries;
		expect(entries.filter((e) => e.action === 'signIn')).toHaveLength(signedIn);
		expect(entries.filter((e) => e.action === 'signInFailed')).toHaveLength(20 - signedIn);
		// Afterwards, one at a time: the right password signs in, unless the burst left the
		// address waiting (attempts sent while it waited count, so a loaded machine that lets
		// more of them reach the count lengthens the wait); then a 429 says how long, never a 5xx.
		const after = await postForm(s, '/admin?/login', {
			username: 'admin',
			password: ADMIN_PASSWORD
		});
		expect([303, 429]).toContain(after.status);
		if (after.status === 429) {
			const wait = Number(after.headers.get('retry-after'));
			expect(wait).toBeGreaterThan(0);
			expect(wait).toBeLessThanOrEqual(300);
		}
	});
});

describe('where a sign-in comes from', () => {
	const proxied = { ADDRESS_HEADER: 'x-forwarded-for', XFF_DEPTH: '1' };
	// A new username each time, so only the address is what is throttled.
	let attempt = 0;
	const fromAddress = (s: TestServer, address: string | null, password: string) =>
		fetch(`${s.url}/admin?/login`, {
			method: 'POST',
			redirect: 'manual',
			headers: {
				'content-type': 'application/x-www-form-urlencoded',
				accept: 'text/html',
				origin: s.url,
				...(address ? { 'x-forwarded-for': address } : {})
			},
			body: new URLSearchParams({ username: `nobody-${++attempt}`, password })
		});

	it('throttles an IPv6 network by its /64, as submissions are limited', async () => {
		server = await startServer({ env: proxied });
		for (let i = 0; i < 6; i++)
			expect((await fromAddress(server, `2001:db8:1:2::${i + 1}`, `g${i}`)).status).toBe(400);
		// Another address in the same /64 is the same subscriber: it waits.
		expect((await fromAddress(server, '2001:db8:1:2:ffff::9', 'g7')).status).toBe(429);
		// The next /64 is someone else.
		expect((await fromAddress(server, '2001:db8:1:3::1', 'g8')).status).toBe(400);
	});

	it('answers a sign-in that did not come through the proxy, instead of a 500', async () => {
		server = await startServer({ env: proxied });
		expect((await fromAddress(server, null, 'wrong')).status).toBe(400);
		const ok = await fetch(`${server.url}/admin?/login`, {
			method: 'POST',
			redirect: 'manual',
			headers: {
				'content-type': 'application/x-www-form-urlencoded',
				accept: 'text/html',
				origin: server.url
			},
			body: new URLSearchParams({ username: 'admin', password: ADMIN_PASSWORD })
		});
		expect(ok.status).toBe(303);
		expect(server.output()).not.toContain('[error]');
	});

	it('follows a next= with letters outside ASCII, encoded, and never leaves the workspace', async () => {
		server = await startServer();
		const login = (next: string) =>
			postForm(server!, `/admin?/login&next=${encodeURIComponent(next)}`, {
				username: 'admin',
				password: ADMIN_PASSWORD
			});
		const norwegian = await login('/admin/surveys/barriers?municipality=bodø&q=æ');
		expect(norwegian.status).toBe(303);
		expect(norwegian.headers.get('location')).toBe(
			'/admin/surveys/barriers?municipality=bod%C3%B8&q=%C3%A6'
		);
		for (const away of ['https://evil.example/admin', '//evil.example/admin', '/admin/../s/x'])
			expect((await login(away)).headers.get('location')).toBe('/admin');
	});
});

describe('one’s own password and an idle session', () => {
	it('lets a signed-in person change their own password, which ends their other sessions', async () => {
		server = await startServer();
		const s = server;
		const admin = await signIn(s, 'admin', ADMIN_PASSWORD);
		const password = await createUser(s, admin, 'lone', 'leader');
		const here = await signIn(s, 'lone', password);
		const elsewhere = await signIn(s, 'lone', password);
		const change = (fields: Record<string, string>) =>
			postForm(s, '/admin/account?/password', fields, here);
		expect(
			(
				await change({
					current: 'wrong-password-1',
					password: 'a-new-password-1',
					repeat: 'a-new-password-1'
				})
			).status
		).toBe(400);
		expect(
			(await change({ current: password, password: 'a-new-password-1', repeat: 'another-one-12' }))
				.status
		).toBe(400);
		const changed = await change({
			current: password,
			password: 'a-new-password-1',
			repeat: 'a-new-password-1'
		});
		expect(changed.status).toBe(200);
		const fresh = changed.headers.getSetCookie().find((c) => c.startsWith('odb_session='))!;
		const overview = (cookie: string) =>
			fetch(`${s.url}/admin/surveys/method-evaluation`, { headers: { cookie } });
		expect((await overview(fresh.split(';')[0])).status).toBe(200);
		expect((await overview(elsewhere)).status).toBe(401);
		expect((await overview(here)).status).toBe(401);
		expect(await signIn(s, 'lone', 'a-new-password-1')).toMatch(/^odb_session=/);
		const actions = (await auditFile(s)).entries.map((e) => e.action);
		expect(actions).toContain('passwordChanged');
		expect(actions).toContain('passwordChangeFailed');
		const audit = await readFile(join(s.dataDir, 'audit.json'), 'utf8');
		expect(audit).not.toContain('a-new-password-1');
	});

	it('ends a session left unused for SESSION_IDLE_MINUTES', async () => {
		server = await startServer({ env: { SESSION_IDLE_MINUTES: '0.05' } });
		const cookie = await signIn(server, 'admin', ADMIN_PASSWORD);
		const rounds = () => fetch(`${server!.url}/admin/rounds`, { headers: { cookie } });
		expect((await rounds()).status).toBe(200);
		// 3 seconds allowed: idle for 4.
		await new Promise((r) => setTimeout(r, 4_000));
		expect((await rounds()).status).toBe(401);
	});
});

describe('a token and its creator', () => {
	it('gives a demoted researcher’s token a leader’s rights, and a deleted one’s none; admins see and revoke it', async () => {
		server = await startServer();
		const s = server;
		const admin = await signIn(s, 'admin', ADMIN_PASSWORD);
		const password = await createUser(s, admin, 'rolf', 'researcher');
		const researcher = await signIn(s, 'rolf', password);
		const page = await (
			await postForm(s, '/admin/tokens?/create', { name: 'rolfs skript' }, researcher)
		).text();
		const token = /data-testid="secret">([^<]+)</.exec(page)![1];
		const get = (path: string, bearer = token) =>
			fetch(`${s.url}${path}`, { headers: { authorization: `Bearer ${bearer}` } });
		const raw = '/api/surveys/method-evaluation/responses';
		const exported = '/api/surveys/method-evaluation/export.csv';
		const summary = '/api/surveys/method-evaluation/summary';
		expect((await get(raw)).status).toBe(200);
		expect((await get(exported)).status).toBe(200);

		const id = await userId(s, 'rolf');
		expect((await postForm(s, '/admin/users?/role', { id, role: 'leader' }, admin)).status).toBe(
			200
		);
		// At once, on the next request: no raw data, aggregated numbers as a leader sees them.
		expect((await get(raw)).status).toBe(403);
		expect((await get(exported)).status).toBe(403);
		expect((await get(summary)).status).toBe(200);

		// The admin sees the token with the rights it gives now, and can revoke it.
		const listing = await (
			await fetch(`${s.url}/admin/tokens`, { headers: { cookie: admin } })
		).text();
		expect(listing).toContain('rolfs skript');
		expect(listing).toContain('Prosjektleder');

		expect((await postForm(s, '/admin/users?/delete', { id }, admin)).status).toBe(200);
		expect((await get(summary)).status).toBe(401);
		const after = await (
			await fetch(`${s.url}/admin/tokens`, { headers: { cookie: admin } })
		).text();
		expect(after).toContain('rolfs skript');
		expect(after).toContain('ingen (den som laget den, er slettet)');
		const tokenId = /rolfs skript<\/th>[\s\S]*?name="id" value="([^"]+)"/.exec(after)![1];
		expect((await postForm(s, '/admin/tokens?/revoke', { id: tokenId }, admin)).status).toBe(200);
		expect(
			await (await fetch(`${s.url}/admin/tokens`, { headers: { cookie: admin } })).text()
		).toMatch(/rolfs skript<\/th>[\s\S]*?Trukket tilbake/);
		// The operator's token (API_TOKEN) has no creator to lose: it keeps its rights.
		expect((await get(raw, TEST_TOKEN)).status).toBe(200);
	});
});
