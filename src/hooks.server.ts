import type { Handle, HandleServerError, ServerInit } from '@sveltejs/kit';
import { isLocale, localeFromAcceptLanguage } from '$lib/i18n/locales';
import { startApp, stopApp } from '$lib/server/context';
import { jsonForApiError } from '$lib/server/http';
import { applySecurityHeaders } from '$lib/server/security-headers';

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

export const handle: Handle = async ({ event, resolve }) => {
	// The language: `?lang=` chooses and is remembered in a cookie; otherwise the cookie, then
	// the browser's preference, then Bokmål.
	const chosen = event.url.searchParams.get('lang');
	const cookie = event.cookies.get('lang');
	let locale = isLocale(chosen) ? chosen : isLocale(cookie) ? cookie : null;
	if (isLocale(chosen) && chosen !== cookie) {
		event.cookies.set('lang', chosen, {
			path: '/',
			maxAge: YEAR,
			httpOnly: false,
			sameSite: 'lax'
		});
	}
	locale ??= localeFromAcceptLanguage(event.request.headers.get('accept-language'));
	event.locals.locale = locale;

	let response = await resolve(event, {
		transformPageChunk: ({ html }) => html.replace('%lang%', locale)
	});
	if (event.url.pathname.startsWith('/api/')) {
		response = jsonForApiError(response, event.request.method, locale);
	}
	applySecurityHeaders(response.headers);
	return response;
};

export const handleError: HandleServerError = ({ error, event, status }) => {
	// A bug (5xx) is logged once, with the route but never the body or the client's address. A
	// 4xx SvelteKit raises itself (an unknown path, a path that is not valid percent-encoding) is
	// the client's mistake, not ours, and logging it would let anyone fill the log.
	if (status >= 500)
		console.error(
			`[error] ${event.request.method} ${event.route.id ?? event.url.pathname}:`,
			error
		);
	return {
		message: status === 404 ? 'Not found' : status < 500 ? 'Bad request' : 'Internal error'
	};
};
