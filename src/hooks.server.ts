import { json, type Handle, type HandleServerError, type ServerInit } from '@sveltejs/kit';
import { isLocale, localeFromAcceptLanguage, type Locale } from '$lib/i18n/locales';
import { translate } from '$lib/i18n/messages';
import { requiredAccess } from '$lib/server/auth/access';
import { app, startApp, stopApp } from '$lib/server/app/context';
import { jsonForApiError } from '$lib/server/http/http';
import { clientAddress } from '$lib/server/http/rate-limit';
import { applySecurityHeaders } from '$lib/server/http/security-headers';
import { refusedEarly } from '$lib/server/auth/sign-in';
import * as tokens from '$lib/server/auth/tokens';
import * as users from '$lib/server/auth/users';

export const init: ServerInit = async () => {
	try {
		await startApp();
	} catch (e) {
		// A locked or damaged data folder: say why and stop, rather than serve without storage.
		console.error(`\nCannot start: ${(e as Error).message}\n`);
		process.exit(1);
	}
	process.once('sveltekit:shutdown', () => {
		void stopApp();
	});
};

const YEAR = 365 * 24 * 3600;
export const SESSION_COOKIE = 'odb_session';

function chooseLocale(event: Parameters<Handle>[0]['event']): Locale {
	// `?lang=` chooses and is remembered in a cookie; otherwise the cookie, then the
	// browser's preference, then Bokmål. On the API it is not remembered: there it is one
	// request's language (an export's labels), not a choice of the interface's.
	const chosen = event.url.searchParams.get('lang');
	const cookie = event.cookies.get('lang');
	if (isLocale(chosen)) {
		if (chosen !== cookie && !event.url.pathname.startsWith('/api/')) {
			event.cookies.set('lang', chosen, {
				path: '/',
				maxAge: YEAR,
				httpOnly: false,
				sameSite: 'lax'
			});
		}
		return chosen;
	}
	if (isLocale(cookie)) return cookie;
	return localeFromAcceptLanguage(event.request.headers.get('accept-language'));
}

export const handle: Handle = async ({ event, resolve }) => {
	const locale = chooseLocale(event);
	event.locals.locale = locale;

	// Who is asking: a session cookie (people), or on the API a bearer token (scripts).
	const { store, config } = app();
	// What other instances stored (sessions, rounds, answers) is seen here first (PostgreSQL).
	// Without the database nothing can be answered truthfully: 503, try again.
	try {
		await store.sync();
		// A questionnaire published on another instance is served here from this request on.
		if (store.kind === 'postgres') await app().surveys.followStore();
	} catch (e) {
		console.error(`[store] cannot reach the database: ${(e as Error).message}`);
		const unavailable = json(
			{ error: translate(locale, 'error.unavailable') },
			{ status: 503, headers: { 'Retry-After': '30' } }
		);
		applySecurityHeaders(unavailable.headers, event.url.pathname);
		return unavailable;
	}
	const isApi = event.url.pathname.startsWith('/api/');
	event.locals.user = users.userForSession(
		store,
		event.cookies.get(SESSION_COOKIE),
		Date.now(),
		config.sessionIdleMinutes
	);
	event.locals.token = isApi
		? tokens.fromBearer(store, config.apiToken, event.request.headers.get('authorization'))
		: null;

	// A sign-in that would be refused anyway (throttled address, full hash line) is answered
	// here, cheaply, instead of by the action and a rendered page (sign-in.ts, refusedEarly).
	if (
		event.request.method === 'POST' &&
		event.url.pathname === '/admin' &&
		event.url.searchParams.has('/login')
	) {
		const username = async () => {
			const form = await event.request
				.clone()
				.formData()
				.catch(() => null);
			return String(form?.get('username') ?? '')
				.trim()
				.toLowerCase()
				.slice(0, 64);
		};
		const refused = await refusedEarly(
			store,
			username,
			clientAddress(() => event.getClientAddress())
		);
		if (refused) {
			const message = translate(locale, 'login.throttled', { seconds: refused.wait });
			const page = deniedPage(429, message, locale, event.url);
			page.headers.set('Retry-After', String(refused.wait));
			applySecurityHeaders(page.headers, event.url.pathname);
			return page;
		}
	}

	// Every /admin and /api route is checked here, before its code runs (see access.ts).
	const needed = requiredAccess(event.route.id, event.request.method);
	const path = event.url.pathname;
	if (needed !== 'public') {
		// A token has its creator's current rights (tokens.ts), checked on every request.
		const role = event.locals.user?.role ?? event.locals.token?.role ?? null;
		const status = role === null ? 401 : users.roleAtLeast(role, needed) ? 0 : 403;
		if (status) {
			const message = translate(locale, status === 401 ? 'error.unauthorized' : 'error.forbidden');
			const denied = isApi
				? json(
						{ error: message },
						{ status, headers: status === 401 ? { 'WWW-Authenticate': 'Bearer' } : {} }
					)
				: deniedPage(status, message, locale, event.url);
			applySecurityHeaders(denied.headers, path);
			return denied;
		}
	}

	let response = await resolve(event, {
		transformPageChunk: ({ html }) => html.replace('%lang%', locale)
	});
	if (isApi) response = jsonForApiError(response, event.request.method, locale);
	applySecurityHeaders(response.headers, path);
	return response;
};

/**
 * The workspace's 401 and 403 (and a sign-in refused early, 429) as a page of their own, built
 * here rather than thrown: an error
 * thrown in the hooks is rendered by SvelteKit outside them, without the security headers and
 * without `Cache-Control: no-store`. Plain HTML, no script or style, so the strict non-page CSP
 * fits it; a 401 links to the sign-in with the way back.
 */
function deniedPage(status: number, message: string, locale: Locale, url: URL): Response {
	const escape = (text: string) => text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
	const signIn = `/admin?next=${encodeURIComponent(url.pathname + url.search)}`;
	const link =
		status === 401 || status === 429
			? `<p><a href="${escape(status === 401 ? signIn : '/admin')}">${escape(translate(locale, 'login.submit'))}</a></p>`
			: `<p><a href="/admin">${escape(translate(locale, 'admin.title'))}</a></p>`;
	const html = `<!doctype html><html lang="${locale}"><head><meta charset="utf-8"><title>${status}</title></head><body><h1>${escape(message)}</h1>${link}</body></html>`;
	return new Response(html, { status, headers: { 'content-type': 'text/html; charset=utf-8' } });
}

export const handleError: HandleServerError = ({ error, event, status }) => {
	// A bug (5xx) is logged once, with the route but never the body or the client's address. A
	// 4xx SvelteKit raises itself (an unknown path, a path that is not valid percent-encoding) is
	// the client's mistake, not ours, and logging it would let anyone fill the log.
	if (status >= 500) {
		console.error(
			`[error] ${event.request.method} ${event.route.id ?? event.url.pathname}:`,
			error
		);
	}
	// The message is what the error page says (routes/+error.svelte): in the reader's language.
	const locale = event.locals.locale ?? 'nb';
	return {
		message: translate(
			locale,
			status === 404 ? 'error.notFound' : status < 500 ? 'error.badRequest' : 'error.title'
		)
	};
};
