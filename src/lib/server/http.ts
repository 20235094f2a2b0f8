import { json } from '@sveltejs/kit';
import { isLocale, localeFromAcceptLanguage, type Locale } from '$lib/i18n/locales';
import { translate } from '$lib/i18n/messages';
import { RequestError } from './http-error';

/** The language of an API answer: `?lang=`, then the `lang` cookie, then Accept-Language. */
export function requestLocale(request: Request, url: URL, cookieLocale?: string): Locale {
	const query = url.searchParams.get('lang');
	if (isLocale(query)) return query;
	if (isLocale(cookieLocale)) return cookieLocale;
	return localeFromAcceptLanguage(request.headers.get('accept-language'));
}

/**
 * Reads a JSON body without trusting it: the content type must say JSON, the size is capped
 * while reading (a missing or false Content-Length does not help), and bytes that are not
 * UTF-8 are refused rather than replaced.
 */
export async function readJsonBody(request: Request, limit: number): Promise<unknown> {
	const type = request.headers.get('content-type') ?? '';
	if (!/^application\/(?:[\w.+-]+\+)?json\s*(?:;|$)/i.test(type)) {
		throw new RequestError(415, 'error.wrongContentType');
	}
	const declared = Number(request.headers.get('content-length'));
	// The rest of an oversized body is never read, so the connection cannot be reused: say so,
	// or a keep-alive client sends its next request into a socket the server is closing.
	const tooLarge = () =>
		new RequestError(413, 'error.bodyTooLarge', { limit }, undefined, { connection: 'close' });
	if (Number.isFinite(declared) && declared > limit) throw tooLarge();
	const chunks: Uint8Array[] = [];
	let size = 0;
	if (request.body) {
		const reader = request.body.getReader();
		for (;;) {
			const { done, value } = await reader.read();
			if (done) break;
			size += value.byteLength;
			if (size > limit) {
				await reader.cancel();
				throw tooLarge();
			}
			chunks.push(value);
		}
	}
	const bytes = Buffer.concat(chunks);
	let text: string;
	try {
		text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
	} catch {
		throw new RequestError(400, 'error.malformedJson', { detail: 'the body is not UTF-8' });
	}
	try {
		return JSON.parse(text);
	} catch (e) {
		throw new RequestError(400, 'error.malformedJson', { detail: (e as Error).message });
	}
}

/** `{ error, details }` in the requester's language, for a refused request. */
export function problem(error: RequestError, locale: Locale): Response {
	const body: { error: string; details?: unknown[] } = {
		error: translate(locale, error.key, error.params)
	};
	if (error.details) body.details = error.details;
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
		if (e instanceof RequestError) return problem(e, requestLocale(request, url, cookieLocale));
		throw e;
	}
}
