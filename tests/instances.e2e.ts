import { readFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { allResponses, goodSubmission } from './support/data';
import { testDatabase } from './support/postgres';
import {
	ADMIN_PASSWORD,
	postForm,
	signIn,
	startServer,
	TEST_TOKEN,
	type TestServer
} from './support/server';

/**
 * Two built servers on one PostgreSQL database, as behind a load balancer: submissions go to
 * both under load, one is killed with SIGKILL, and every answer either acknowledged was stored
 * exactly once; the same clientResponseId sent to both at once is stored once; a session made
 * on one is honoured by the other.
 */

const survey = 'method-evaluation';
const root = resolve(import.meta.dirname, '..');
const CLIENTS_PER_INSTANCE = 8;

function post(url: string, marker: string) {
	return fetch(`${url}/api/surveys/${survey}/responses`, {
		method: 'POST',
		headers: { 'content-type': 'application/json' },
		body: JSON.stringify(goodSubmission(marker, { clientResponseId: marker }))
	});
}

/** Clients submitting one answer after another to one server, until it dies or `stop()`. */
class Load {
	readonly acked = new Map<string, string>();
	readonly unanswered: string[] = [];
	readonly unexpected: string[] = [];
	readonly done: Promise<void>;
	private stopped = false;

	constructor(url: string, name: string) {
		this.done = Promise.all(
			Array.from({ length: CLIENTS_PER_INSTANCE }, async (_, client) => {
				for (let n = 0; !this.stopped; n++) {
					const marker = `instance-${name}-${client}-${n}`;
					let response: Response;
					try {
						response = await post(url, marker);
					} catch {
						this.unanswered.push(marker);
						return;
					}
					const body = (await response.json().catch(() => ({}))) as { id?: string };
					if (response.status === 201 && body.id) this.acked.set(marker, body.id);
					else this.unexpected.push(`${marker}: ${response.status}`);
				}
			})
		).then(() => undefined);
	}

	stop() {
		this.stopped = true;
		return this.done;
	}
}

describe('two instances on one PostgreSQL database', () => {
	const servers: TestServer[] = [];
	afterAll(async () => {
		for (const server of servers) await server.kill();
	});

	it('keeps every acknowledged answer exactly once when one is killed under load', async () => {
		const databaseUrl = await testDatabase();
		const a = await startServer({ databaseUrl });
		const b = await startServer({ databaseUrl });
		servers.push(a, b);

		const onA = new Load(a.url, 'a');
		const onB = new Load(b.url, 'b');
		const until = async (done: () => boolean) => {
			while (!done()) {
				if (onA.unexpected.length + onB.unexpected.length > 0)
					throw new Error(
						`Refused: ${[...onA.unexpected, ...onB.unexpected].slice(0, 3).join('; ')}`
					);
				await new Promise((r) => setTimeout(r, 5));
			}
		};
		await until(() => onA.acked.size >= 60);
		a.process.kill('SIGKILL');
		await a.kill();
		await onA.done;
		// B goes on taking answers after A is gone.
		const atKill = onB.acked.size;
		await until(() => onB.acked.size >= atKill + 40);
		await onB.stop();
		console.log(
			`instances: ${onA.acked.size} acknowledged by A before SIGKILL (${onA.unanswered.length} without reply), ${onB.acked.size} by B`
		);
		expect(onA.unexpected).toEqual([]);
		expect(onB.unexpected).toEqual([]);

		// What A got no reply for is sent again to B with the same clientResponseId: stored once,
		// whether or not A committed it before it died.
		const acked = new Map([...onA.acked, ...onB.acked]);
		for (const marker of onA.unanswered) {
			const response = await post(b.url, marker);
			expect(response.status).toBe(201);
			acked.set(marker, ((await response.json()) as { id: string }).id);
		}

		// A restarted on the same database sees the same answers, in the same order, as B.
		const again = await startServer({ databaseUrl });
		servers.push(again);
		for (const server of [b, again]) {
			const listed = await allResponses(server.url, survey, 53);
			const ids = listed.map((r) => r.id);
			expect(new Set(ids).size).toBe(ids.length);
			const byMarker = new Map(listed.map((r) => [String(r.answers.what_worked), r.id]));
			expect(byMarker.size).toBe(listed.length);
			expect([...acked].filter(([marker, id]) => byMarker.get(marker) !== id)).toEqual([]);
			expect(listed.length).toBe(acked.size);
		}
		const order = async (server: TestServer) =>
			(await allResponses(server.url, survey)).map((r) => r.id);
		expect(await order(again)).toEqual(await order(b));
	});

	it('stores a clientResponseId sent to both instances at once once, answering both alike', async () => {
		const databaseUrl = await testDatabase();
		const a = await startServer({ databaseUrl });
		const b = await startServer({ databaseUrl });
		servers.push(a, b);
		const pairs = await Promise.all(
			Array.from({ length: 30 }, async (_, n) => {
				const marker = `both-pair-${n}`;
				const [x, y] = await Promise.all([post(a.url, marker), post(b.url, marker)]);
				return [
					x.status,
					y.status,
					(await x.json()) as { id: string; receipt: string },
					(await y.json()) as { id: string; receipt: string }
				] as const;
			})
		);
		for (const [statusA, statusB, bodyA, bodyB] of pairs) {
			expect([statusA, statusB]).toEqual([201, 201]);
			expect(bodyB.id).toBe(bodyA.id);
			expect(bodyB.receipt).toBe(bodyA.receipt);
		}
		for (const server of [a, b]) {
			const listed = await allResponses(server.url, survey);
			expect(listed.length).toBe(30);
			expect(new Set(listed.map((r) => r.answers.what_worked)).size).toBe(30);
		}
	});

	it('honours on one instance a session signed in on the other, and ends it on both', async () => {
		const databaseUrl = await testDatabase();
		const a = await startServer({ databaseUrl });
		const b = await startServer({ databaseUrl });
		servers.push(a, b);
		const cookie = await signIn(a, 'admin', ADMIN_PASSWORD);
		const onB = await fetch(`${b.url}/admin/users`, { headers: { cookie }, redirect: 'manual' });
		expect(onB.status).toBe(200);
		expect(await onB.text()).toContain('admin');
		// Without the cookie B sends to the sign-in: the 200 above was the session, not the page.
		const without = await fetch(`${b.url}/admin/users`, { redirect: 'manual' });
		expect(without.status).not.toBe(200);
		// Signed out on B: A no longer honours the cookie either.
		await postForm(b, '/admin?/logout', {}, cookie);
		const afterOnA = await fetch(`${a.url}/admin/users`, {
			headers: { cookie },
			redirect: 'manual'
		});
		expect(afterOnA.status).not.toBe(200);
	});

	it('serves on the other instance a questionnaire published in the designer on one', async () => {
		const databaseUrl = await testDatabase();
		const a = await startServer({ databaseUrl });
		const b = await startServer({ databaseUrl });
		servers.push(a, b);
		const json = JSON.parse(await readFile(join(root, 'surveys', `${survey}.json`), 'utf8'));
		const api = (server: TestServer, path: string, body: unknown) =>
			fetch(`${server.url}${path}`, {
				method: 'POST',
				headers: { 'content-type': 'application/json', authorization: `Bearer ${TEST_TOKEN}` },
				body: JSON.stringify(body)
			});
		expect((await api(a, '/api/surveys', { id: 'designed-copy', json })).status).toBe(201);
		expect((await fetch(`${b.url}/api/surveys/designed-copy`)).status).toBe(404);
		const published = await api(a, '/api/surveys/designed-copy/publish', {});
		expect(published.status).toBe(201);
		const { version } = (await published.json()) as { version: string };
		const onB = await fetch(`${b.url}/api/surveys/designed-copy`);
		expect(onB.status).toBe(200);
		expect(((await onB.json()) as { version: string }).version).toBe(version);
		const answered = await fetch(`${b.url}/api/surveys/designed-copy/responses`, {
			method: 'POST',
			headers: { 'content-type': 'application/json' },
			body: JSON.stringify(goodSubmission('designet svar'))
		});
		expect(answered.status).toBe(201);
	});
});
