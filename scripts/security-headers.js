// The headers every answer of the server carries, set by the start script on the raw Node
// response before anything else runs, so they are also on what the app's hooks never see:
// static files (adapter-node serves them first), SvelteKit's own CSRF refusal (a plain-text 403
// sent before the hooks), and any error page SvelteKit renders by itself. The app's hooks set
// the same ones (src/lib/server/http/security-headers.ts, which imports these), and a page's own
// Content-Security-Policy from SvelteKit replaces the strict default here.

/** A Content-Security-Policy that lets an answer load and run nothing: for all but pages. */
export const NON_PAGE_CSP =
	"default-src 'none'; frame-ancestors 'none'; base-uri 'none'; form-action 'none'";

/** Header name → value, for every answer. */
export const BASE_HEADERS = {
	'X-Content-Type-Options': 'nosniff',
	// same-origin, not no-referrer: with no-referrer browsers send `Origin: null` on form posts,
	// which SvelteKit's CSRF check rightly refuses. Other sites still learn nothing.
	'Referrer-Policy': 'same-origin',
	// The CSP's frame-ancestors 'none' says the same to current browsers; this is for old ones.
	'X-Frame-Options': 'DENY'
};

/**
 * Whether answers to this path must not be kept by a browser or a proxy: the workspace (it
 * shows who did what, and numbers for one role) and the data API (raw answers, summaries).
 * Public questionnaires and static files may be cached.
 *
 * @param {string} path
 */
export function mustNotBeStored(path) {
	return (
		path === '/admin' ||
		path.startsWith('/admin/') ||
		path.startsWith('/admin?') ||
		/^\/api\/surveys\/[^/]+\/(responses|summary|export\.csv|codebook\.csv)(\/|\?|$)/.test(path)
	);
}

/**
 * Sets the headers on a Node response before the app writes it; the app (or adapter-node, for
 * a static file) can still replace any of them.
 *
 * The strict Content-Security-Policy is added as the head is written, and only if the answer
 * has none of its own and is not a 304: a 304's headers replace those of the page the browser
 * kept, and SvelteKit's 304 for a page carries no CSP, so a default there turned the kept page's
 * policy into one that blocks its own scripts (a questionnaire opened again stayed "loading").
 *
 * @param {string} path
 * @param {import('node:http').ServerResponse} res
 */
export function setDefaultHeaders(path, res) {
	for (const [name, value] of Object.entries(BASE_HEADERS)) res.setHeader(name, value);
	if (mustNotBeStored(path)) res.setHeader('Cache-Control', 'no-store');
	const writeHead = res.writeHead;
	res.writeHead = /** @type {typeof res.writeHead} */ (
		function (/** @type {number} */ status, /** @type {any[]} */ ...rest) {
			const given = rest.find((r) => typeof r === 'object' && r !== null);
			const has = (/** @type {string} */ name) =>
				res.hasHeader(name) ||
				(given &&
					(Array.isArray(given)
						? given.some((h, i) => i % 2 === 0 && String(h).toLowerCase() === name)
						: Object.keys(given).some((k) => k.toLowerCase() === name)));
			if (status !== 304 && !has('content-security-policy'))
				res.setHeader('Content-Security-Policy', NON_PAGE_CSP);
			return writeHead.call(res, status, ...rest);
		}
	);
}
