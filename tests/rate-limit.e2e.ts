import { readFile } from 'node:fs/promises';
import { afterEach, describe, expect, it } from 'vitest';
import { fingerprint, filesUnder, goodSubmission } from './support/data';
import { startServer, type TestServer } from './support/server';

let server: TestServer | null = null;
afterEach(async () => {
	await server?.stop();
	server = null;
});

async function submit(url: string, headers: Record<string, string> = {}) {
	const response = await fetch(`${url}/api/surveys/method-evaluation/responses`, {
		method: 'POST',
		headers: { 'content-type': 'application/json', ...headers },
		body: JSON.stringify(goodSubmission())
	});
	return {
		status: response.status,
		retryAfter: response.headers.get('retry-after'),
		body: (await response.json()) as { error?: string; id?: string }
	};
}

describe('the submission rate limit per client address', () => {
	it('answers 429 with Retry-After and a message in the asker’s language, storing nothing', async () => {
		server = await startServer({ env: { SUBMIT_RATE_LIMIT: '3' } });
		for (let i = 0; i < 3; i++) expect((await submit(server.url)).status).toBe(201);
		const before = await fingerprint(server.dataDir);

		const refused = await submit(server.url);
		expect(refused.status).toBe(429);
		// 3 per minute: the next one is earned 20 s after the burst (a little less by now).
		expect(Number(refused.retryAfter)).toBeGreaterThanOrEqual(1);
		expect(Number(refused.retryAfter)).toBeLessThanOrEqual(20);
		expect(refused.body.error).toMatch(/For mange innsendinger .* Vent \d+ sekunder/);
		const english = await submit(server.url, { 'accept-language': 'en' });
		expect(english.status).toBe(429);
		expect(english.body.error).toMatch(/^Too many submissions/);
		expect(await fingerprint(server.dataDir)).toBe(before);

		// Reading is not limited.
		expect((await fetch(`${server.url}/api/surveys`)).status).toBe(200);
	});

	it('limits forwarded addresses separately behind a proxy, and keeps no address anywhere', async () => {
		server = await startServer({
			env: { SUBMIT_RATE_LIMIT: '2', ADDRESS_HEADER: 'x-forwarded-for', XFF_DEPTH: '1' }
		});
		const first = { 'x-forwarded-for': '203.0.113.77' };
		// The proxy appends the address it saw; XFF_DEPTH=1 trusts only that last entry, so a
		// client cannot choose its own bucket by sending a header of its own.
		const second = { 'x-forwarded-for': '203.0.113.77, 198.51.100.88' };
		expect((await submit(server.url, first)).status).toBe(201);
		expect((await submit(server.url, first)).status).toBe(201);
		expect((await submit(server.url, first)).status).toBe(429);
		expect((await submit(server.url, second)).status).toBe(201);
		expect((await submit(server.url, second)).status).toBe(201);
		expect((await submit(server.url, second)).status).toBe(429);
		// A third address still has its whole allowance.
		expect((await submit(server.url, { 'x-forwarded-for': '192.0.2.5' })).status).toBe(201);
		// Without the header the request did not come through the proxy: one shared bucket,
		// not a server error.
		expect((await submit(server.url)).status).toBe(201);

		for (const file of await filesUnder(server.dataDir)) {
			const text = await readFile(file, 'utf8');
			expect(text).not.toContain('203.0.113.77');
			expect(text).not.toContain('198.51.100.88');
		}
		expect(server.output()).not.toMatch(/203\.0\.113|198\.51\.100|192\.0\.2\./);
	});

	it('is off with SUBMIT_RATE_LIMIT=0', async () => {
		server = await startServer({ env: { SUBMIT_RATE_LIMIT: '0' } });
		// More than the default allowance (120 a minute), from 8 clients at once.
		const statuses: number[] = [];
		let sent = 0;
		await Promise.all(
			Array.from({ length: 8 }, async () => {
				while (sent < 125) {
					sent++;
					statuses.push((await submit(server!.url)).status);
				}
			})
		);
		expect(statuses).toEqual(Array(125).fill(201));
	});
});
