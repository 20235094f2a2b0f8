import { createHash } from 'node:crypto';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { contextFor, launchBrowser } from './support/browser';
import { goodSubmission } from './support/data';
import { startServer, TEST_TOKEN, type TestServer } from './support/server';

let server: TestServer;
let browser: Browser;

beforeAll(async () => {
	[server, browser] = await Promise.all([startServer(), launchBrowser()]);
});
afterAll(async () => {
	await browser?.close();
	await server?.stop();
});

/** The CSP header as a map of directive → sources. */
function directives(header: string | null): Map<string, string[]> {
	const map = new Map<string, string[]>();
	for (const part of (header ?? '').split(';')) {
		const [name, ...sources] = part.trim().split(/\s+/);
		if (name) map.set(name, sources);
	}
	return map;
}

function expectCommonHeaders(response: Response) {
	expect(response.headers.get('x-content-type-options')).toBe('nosniff');
	expect(response.headers.get('referrer-policy')).toBe('same-origin');
	expect(response.headers.get('x-frame-options')).toBe('DENY');
	expect(
		directives(response.headers.get('content-security-policy')).get('frame-ancestors')
	).toEqual(["'none'"]);
}

describe('security headers', () => {
	const pages = [
		'/',
		'/?lang=en',
		'/s/method-evaluation',
		'/s/barriers?audience=municipal',
		'/nope'
	];

	it.each(pages)(
		'page %s: a CSP with hashed inline scripts only, and the other headers',
		async (path) => {
			const response = await fetch(`${server.url}${path}`);
			expect(response.headers.get('content-type')).toMatch(/^text\/html/);
			expectCommonHeaders(response);
			const csp = directives(response.headers.get('content-security-policy'));
			expect(csp.get('default-src')).toEqual(["'self'"]);
			expect(csp.get('object-src')).toEqual(["'none'"]);
			expect(csp.get('base-uri')).toEqual(["'self'"]);
			const scriptSources = csp.get('script-src') ?? [];
			expect(scriptSources).toContain("'self'");
			expect(scriptSources).not.toContain("'unsafe-inline'");
			expect(scriptSources).not.toContain("'unsafe-eval'");

			// Every inline script on the page is allowed by its hash, and by nothing looser.
			const html = await response.text();
			const inline = [...html.matchAll(/<script(?![^>]*\bsrc=)[^>]*>([\s\S]*?)<\/script>/g)].map(
				(m) => m[1]
			);
			expect(inline.length).toBeGreaterThan(0);
			for (const script of inline) {
				const hash = createHash('sha256').update(script).digest('base64');
				expect(scriptSources).toContain(`'sha256-${hash}'`);
			}
		}
	);

	const apiAnswers: [string, () => Promise<Response>, number][] = [
		['GET /api/health', () => fetch(`${server.url}/api/health`), 200],
		['GET /api/surveys', () => fetch(`${server.url}/api/surveys`), 200],
		[
			'GET responses with the token',
			() =>
				fetch(`${server.url}/api/surveys/barriers/responses`, {
					headers: { authorization: `Bearer ${TEST_TOKEN}` }
				}),
			200
		],
		[
			'POST a good answer',
			() =>
				fetch(`${server.url}/api/surveys/method-evaluation/responses`, {
					method: 'POST',
					headers: { 'content-type': 'application/json' },
					body: JSON.stringify(goodSubmission())
				}),
			201
		],
		[
			'POST answers that do not fit',
			() =>
				fetch(`${server.url}/api/surveys/method-evaluation/responses`, {
					method: 'POST',
					headers: { 'content-type': 'application/json' },
					body: '{"answers":{"activity":"fax"}}'
				}),
			422
		],
		[
			'GET responses without a token',
			() => fetch(`${server.url}/api/surveys/barriers/responses`),
			401
		],
		['an unknown API path', () => fetch(`${server.url}/api/nope`), 404],
		['a wrong method', () => fetch(`${server.url}/api/health`, { method: 'DELETE' }), 405]
	];

	it.each(apiAnswers)(
		'%s: JSON with a CSP that allows nothing, and the other headers',
		async (_what, request, status) => {
			const response = await request();
			expect(response.status).toBe(status);
			expect(response.headers.get('content-type')).toMatch(/^application\/json/);
			expectCommonHeaders(response);
			const csp = directives(response.headers.get('content-security-policy'));
			expect(csp.get('default-src')).toEqual(["'none'"]);
			if (status >= 400)
				expect(typeof ((await response.json()) as { error: unknown }).error).toBe('string');
		}
	);

	it('sends static assets with their own content type (adapter-node serves them before the hooks)', async () => {
		const html = await (await fetch(`${server.url}/`)).text();
		const script = /_app\/immutable\/[\w./-]+\.js/.exec(html)?.[0];
		expect(script).toBeDefined();
		const response = await fetch(`${server.url}/${script}`);
		expect(response.status).toBe(200);
		expect(response.headers.get('content-type')).toMatch(/^text\/javascript/);
	});
});

/**
 * Collects CSP violations in the page. The listener is installed through the DevTools protocol,
 * which the page's CSP does not govern.
 */
async function watchViolations(page: Page): Promise<() => Promise<string[]>> {
	const console: string[] = [];
	page.on('console', (message) => {
		if (/Content Security Policy/i.test(message.text())) console.push(message.text());
	});
	await page.addInitScript(() => {
		const seen: string[] = [];
		(window as unknown as { cspViolations: string[] }).cspViolations = seen;
		document.addEventListener('securitypolicyviolation', (e) =>
			seen.push(`${e.violatedDirective} ${e.blockedURI}`)
		);
	});
	return async () => [
		...console,
		...(await page.evaluate(() => (window as unknown as { cspViolations: string[] }).cspViolations))
	];
}

describe('the Content-Security-Policy in Chromium', () => {
	it('lets a respondent answer and submit with no CSP violation', async () => {
		const { context, foreignRequests } = await contextFor(browser, server.url);
		const page = await context.newPage();
		const violations = await watchViolations(page);

		await page.goto(server.url);
		await page
			.getByRole('link', { name: /^Start «/ })
			.first()
			.waitFor();
		await page.goto(`${server.url}/s/method-evaluation?audience=citizen&municipality=bodo`);
		const hackathon = page.getByRole('radio', { name: 'Hackathon' });
		await hackathon.waitFor({ state: 'attached' });
		await hackathon.locator('xpath=ancestor::label[1]').click();
		for (let i = 0; i < 5; i++) {
			const submit = page.getByRole('button', { name: 'Send inn' });
			if (await submit.isVisible()) {
				await submit.click();
				break;
			}
			await page.getByRole('button', { name: 'Neste' }).click();
		}
		await page.getByRole('heading', { name: 'Takk for svaret!' }).waitFor({ timeout: 15_000 });
		expect(await violations()).toEqual([]);
		expect(foreignRequests).toEqual([]);
		await context.close();
	});

	it('does block an inline script without a hash (the check above can see violations)', async () => {
		const { context } = await contextFor(browser, server.url);
		const page = await context.newPage();
		const violations = await watchViolations(page);
		await page.goto(server.url);
		await page
			.addScriptTag({ content: 'window.injected = true;' })
			.catch(() => undefined /* refused by the CSP, as it should be */);
		await expect
			.poll(violations)
			.toEqual(expect.arrayContaining([expect.stringMatching(/script-src/)]));
		expect(await page.evaluate(() => (window as unknown as { injected?: boolean }).injected)).toBe(
			undefined
		);
		await context.close();
	});
});
