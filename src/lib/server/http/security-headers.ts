import {
	BASE_HEADERS,
	mustNotBeStored,
	NON_PAGE_CSP
} from '../../../../scripts/security-headers.js';

export { NON_PAGE_CSP };

/**
 * Headers every answer of the app carries. Pages get their Content-Security-Policy from
 * SvelteKit (`kit.csp` in svelte.config.js, with hashes for its inline start-up script); an
 * answer that is not a page (JSON, text) gets one that lets it load and run nothing at all, so
 * a JSON answer opened as a document, or sniffed as HTML by an old browser, is inert.
 *
 * The start script (scripts/start.js) sets the same headers on every raw response first, which
 * covers what never passes through here: static files, SvelteKit's CSRF refusal.
 */
export function applySecurityHeaders(headers: Headers, path = ''): void {
	for (const [name, value] of Object.entries(BASE_HEADERS))
		if (name !== 'X-Frame-Options' || !headers.has(name)) headers.set(name, value);
	if (!headers.has('Content-Security-Policy')) headers.set('Content-Security-Policy', NON_PAGE_CSP);
	if (mustNotBeStored(path) && !headers.has('Cache-Control'))
		headers.set('Cache-Control', 'no-store');
}
