/**
 * Headers every answer of the app carries. Pages get their Content-Security-Policy from
 * SvelteKit (`kit.csp` in svelte.config.js, with hashes for its inline start-up script); an
 * answer that is not a page (JSON, text) gets one that lets it load and run nothing at all, so
 * a JSON answer opened as a document, or sniffed as HTML by an old browser, is inert.
 *
 * Static files (`/_app/immutable/…`, `static/`) are served by adapter-node before the hooks run
 * and do not get these headers; they are our own scripts, styles and images, sent with their
 * correct content type. A reverse proxy may add the headers to them too.
 */
export const NON_PAGE_CSP =
	"default-src 'none'; frame-ancestors 'none'; base-uri 'none'; form-action 'none'";

export function applySecurityHeaders(headers: Headers): void {
	headers.set('X-Content-Type-Options', 'nosniff');
	// same-origin, not no-referrer: with no-referrer browsers send `Origin: null` on form posts,
	// which SvelteKit's CSRF check rightly refuses. Other sites still learn nothing.
	headers.set('Referrer-Policy', 'same-origin');
	// The CSP's frame-ancestors 'none' says the same to current browsers; this is for old ones.
	if (!headers.has('X-Frame-Options')) headers.set('X-Frame-Options', 'DENY');
	if (!headers.has('Content-Security-Policy')) headers.set('Content-Security-Policy', NON_PAGE_CSP);
}
