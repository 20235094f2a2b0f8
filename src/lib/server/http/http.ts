import { json } from '@sveltejs/kit';
import { isLocale, localeFromAcceptLanguage, type Locale } from '$lib/i18n/locales';
import { translate } from '$lib/i18n/messages';
import { RequestError } from './http-error';
import { asRequestError } from './store-errors';

/** The language of an API answer: `?lang=`, then the `lang` cookie, then Accept-Language. */
export function requestLocale(request: Request, url: URL, cookieLocale?: string): Locale {
	const query = url.searchParams.get('lang');
	if (isLocale(query)) return query;
	if (isLocale(cookieLocale)) return cookieLocale;
	return localeFromAcceptLanguage(request.headers.get('accept-language'));
}

/**
 * How deep a JSON body may nest. SurveyJS data is shallow (a dynamic panel holding a matrix is
 * about 6 levels); the checks after parsing walk values recursively, so a body nested 50 000
 * levels deep would overflow the stack and become a 500 instead of a 400.
 */
export const MAX_JSON_DEPTH = 32;

/**
 * Whether `value` has containers nested more than `max` levels deep (the top-level object or
 * array is level 1). Walks with an explicit stack: recursion here would fail on the very input
 * it guards against.
 */
export function nestedDeeperThan(value: unknown, max: number): boolean {
	const stack: [unknown, number][] = [[value, 1]];
	while (stack.length > 0) {
		const [item, depth] = stack.pop()!;
		if (typeof item !== 'object' || item === null) continue;
		if (depth > max) return true;
		for (const child of Array.isArray(item) ? item : Object.values(item)) {
			if (typeof child === 'object' && child !== null) stack.push([child, depth + 1]);
		}
	}
	return false;
}

/**
 * Reads a JSON body without trusting it: the content type must say JSON, the size is capped
 * while reading (a missing or false Content-Length does not help), bytes that are not UTF-8 are
 * refused rather than replaced, and so is nesting deeper than `MAX_JSON_DEPTH`.
 */
export async function readJsonBody(request: Request, limit: number): Promise<unknown> {
	const type = request.headers.get('content-type') ?? '';
	if (!/^application\/(?:[\w.+-]+\+)?json\s*(?:;|$)/i.test(type)) {
		throw new RequestError(415, 'error.wrongContentType');
	}
	const bytes = await readBytes(request, limit);
	let text: string;
	try {
		text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
	} catch {
		throw new RequestError(400, 'error.malformedJson', { detail: 'the body is not UTF-8' });
	}
	let value: unknown;
	try {
		value = JSON.parse(text);
	} catch (e) {
		throw new RequestError(400, 'error.malformedJson', { detail: (e as Error).message });
	}
	if (nestedDeeperThan(value, MAX_JSON_DEPTH)) {
		throw new RequestError(400, 'error.tooDeep', { max: MAX_JSON_DEPTH });
	}
	return value;
}

/**
 * The body's bytes, at most `limit` of them.
 *
 * A body declared too large is refused before reading. One that turns out too large while
 * reading (sent in chunks, without a Content-Length) is read to its end and thrown away, up to
 * a bound, before the 413 goes out: cancelling the stream would make adapter-node destroy the
 * socket, and the client would see a reset connection instead of the answer.
 */
async function readBytes(request: Request, limit: number): Promise<Buffer> {
	// The rest of an oversized body may not be read, so the connection cannot be reused: say
	// so, or a keep-alive client sends its next request into a socket the server is closing.
	const tooLarge = () =>
		new RequestError(413, 'error.bodyTooLarge', { limit }, undefined, { connection: 'close' });
	const declared = Number(request.headers.get('content-length'));
	if (Number.isFinite(declared) && declared > limit) throw tooLarge();
	if (!request.body) return Buffer.alloc(0);
	const chunks: Uint8Array[] = [];
	let size = 0;
	const reader = request.body.getReader();
	try {
		for (;;) {
			const { done, value } = await reader.read();
			if (done) break;
			size += value.byteLength;
			if (size <= limit) chunks.push(value);
			else if (size > DRAIN_AT_MOST + limit) {
				await reader.cancel();
				throw tooLarge();
			}
		}
	} catch (e) {
		if (e instanceof RequestError) throw e;
		// adapter-node ends the stream with an error past its own BODY_SIZE_LIMIT; anything else
		// is a client that went away mid-body, which no answer will reach.
		if ((e as { status?: number }).status === 413 || size > limit) throw tooLarge();
		throw new RequestError(400, 'error.malformedJson', { detail: 'the body could not be read' });
	}
	if (size > limit) throw tooLarge();
	return Buffer.concat(chunks);
}

/** How much of an oversized chunked body is read and discarded so the 413 reaches the client. */
const DRAIN_AT_MOST = 1024 * 1024;

/** `{ error, details }` in the requester's language, for a refused request. */
export function problem(error: RequestError, locale: Locale): Response {
	const body: { error: string; [field: string]: unknown } = {
		error: translate(locale, error.key, error.params)
	};
	if (error.details) body[error.detailsField] = error.details;
	return json(body, { status: error.status, headers: error.headers });
}

/** Runs a handler and turns a RequestError into its JSON answer; anything else is a bug. */
export async function handleApi(
	request: Request,
	url: URL,
	cookieLocale: string | undefined,
	handler: () => Promise<Response> | Response
): Promise<Response> {
	try {
		return await handler();
	} catch (e) {
		const refused = e instanceof RequestError ? e : asRequestError(e);
		if (refused) return problem(refused, requestLocale(request, url, cookieLocale));
		throw e;
	}
}

/**
 * The API answers in JSON, also where SvelteKit itself answers: an unknown API path (404, as an
 * HTML page), a wrong method (405, as text) or a path that is not valid percent-encoding (400,
 * as an HTML page). Such an answer is replaced by `{ error }` in the requester's language, with
 * the same status and `Allow` header. (SvelteKit's CSRF check answers cross-site form posts with
 * a plain-text 403 before the hooks run; that one stays as it is.)
 */
export function jsonForApiError(response: Response, method: string, locale: Locale): Response {
	if (response.status < 400 || response.status >= 500) return response;
	if (/^application\/(?:[\w.+-]+\+)?json/i.test(response.headers.get('content-type') ?? '')) {
		return response;
	}
	const key =
		response.status === 404
			? 'error.noSuchEndpoint'
			: response.status === 405
				? 'error.methodNotAllowed'
				: 'error.badRequest';
	const headers: Record<string, string> = {};
	const allow = response.headers.get('allow');
	if (allow) headers.allow = allow;
	return problem(
		new RequestError(response.status, key, { method: method.slice(0, 20) }, undefined, headers),
		locale
	);
}
