import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Locale } from '../src/lib/i18n/locales';
import { translate } from '../src/lib/i18n/messages';
import { ADMIN_PASSWORD, signIn, startServer, type TestServer } from './support/server';

/**
 * Issue #9: the person's language holds everywhere — `<html lang>` on respondent and workspace
 * pages (so a screen reader speaks Norwegian as Norwegian), API errors, and the choice is
 * remembered in the `lang` cookie on the next request without `?lang=`.
 */

let server: TestServer;
let adminCookie: string;

beforeAll(async () => {
	server = await startServer();
	adminCookie = await signIn(server, 'admin', ADMIN_PASSWORD);
});
afterAll(async () => {
	await server?.stop();
});

async function get(path: string, cookie = '') {
	const response = await fetch(`${server.url}${path}`, {
		headers: { cookie, 'accept-language': 'nb-NO' },
		redirect: 'manual'
	});
	const body = await response.text();
	return {
		status: response.status,
		body,
		lang: /<html[^>]*\slang="([^"]+)"/.exec(body)?.[1] ?? null,
		setCookie: response.headers.getSetCookie().find((c) => c.startsWith('lang='))
	};
}

const respondentPages = ['/', '/s/barriers', '/s/maturity?audience=municipal&municipality=bodo'];
const adminPages = ['/admin', '/admin/rounds', '/admin/users', '/admin/surveys/barriers'];

describe.each(['nb', 'nn', 'en'] as Locale[])('in %s', (locale) => {
	it('<html lang> follows ?lang= on respondent and workspace pages', async () => {
		for (const path of respondentPages) {
			const page = await get(`${path}${path.includes('?') ? '&' : '?'}lang=${locale}`);
			expect([path, page.status, page.lang]).toEqual([path, 200, locale]);
		}
		for (const path of adminPages) {
			const page = await get(`${path}?lang=${locale}`, adminCookie);
			expect([path, page.status, page.lang]).toEqual([path, 200, locale]);
		}
	});

	it('API errors come in the language asked for', async () => {
		const refused = await get(`/api/surveys/no-such-survey?lang=${locale}`);
		expect(refused.status).toBe(404);
		expect(JSON.parse(refused.body).error).toBe(
			translate(locale, 'error.surveyNotFound', { id: 'no-such-survey' })
		);
	});

	it('the choice is remembered in a cookie, for pages and the API', async () => {
		const chosen = await get(`/?lang=${locale}`);
		expect(chosen.setCookie).toMatch(new RegExp(`^lang=${locale};`));
		const cookie = chosen.setCookie!.split(';')[0];
		// Later requests without ?lang= (and a browser preferring Bokmål) keep the choice.
		expect((await get('/s/barriers', cookie)).lang).toBe(locale);
		expect((await get('/admin/rounds', `${cookie}; ${adminCookie}`)).lang).toBe(locale);
		const refused = await get('/api/surveys/no-such-survey', cookie);
		expect(JSON.parse(refused.body).error).toBe(
			translate(locale, 'error.surveyNotFound', { id: 'no-such-survey' })
		);
	});
});
