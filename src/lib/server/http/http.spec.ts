import { describe, expect, it } from 'vitest';
import { RequestError } from './http-error';
import { jsonForApiError, MAX_JSON_DEPTH, nestedDeeperThan, readJsonBody } from './http';

describe('nestedDeeperThan', () => {
	const cases: [string, unknown, number, boolean][] = [
		['a number is no container', 1, 0, false],
		['{} is 1 level', {}, 1, false],
		['{} is more than 0 levels', {}, 0, true],
		['[[1]] is 2 levels', [[1]], 2, false],
		['[[1]] is more than 1 level', [[1]], 1, true],
		['{ a: [ { b: 1 } ] } is 3 levels', { a: [{ b: 1 }] }, 3, false],
		['{ a: [ { b: {} } ] } is 4 levels', { a: [{ b: {} }] }, 3, true],
		['the deepest branch counts, not the first', { a: 1, b: { c: { d: [] } } }, 3, true],
		['null inside is not a level', { a: null }, 1, false]
	];
	it.each(cases)('%s', (_what, value, max, expected) => {
		expect(nestedDeeperThan(value, max)).toBe(expected);
	});

	it('walks 200 000 levels without overflowing the stack', () => {
		const deep = JSON.parse('['.repeat(200_000) + ']'.repeat(200_000)) as unknown;
		expect(nestedDeeperThan(deep, MAX_JSON_DEPTH)).toBe(true);
	});
});

function post(body: BodyInit | null, headers: Record<string, string> = {}, chunked = false) {
	return new Request('http://localhost/api', {
		method: 'POST',
		headers: { 'content-type': 'application/json', ...headers },
		body,
		...(chunked ? { duplex: 'half' } : {})
	} as RequestInit);
}

async function refusal(request: Request, limit = 1000): Promise<RequestError> {
	const error = await readJsonBody(request, limit).then(
		() => null,
		(e: unknown) => e
	);
	expect(error).toBeInstanceOf(RequestError);
	return error as RequestError;
}

describe('readJsonBody', () => {
	it('parses JSON sent as application/json or a +json type', async () => {
		expect(await readJsonBody(post('{"a":[1,"ø"]}'), 1000)).toEqual({ a: [1, 'ø'] });
		const typed = post('{"a":1}', { 'content-type': 'application/vnd.odb+json; charset=utf-8' });
		expect(await readJsonBody(typed, 1000)).toEqual({ a: 1 });
	});

	it('refuses another content type with 415', async () => {
		expect(await refusal(post('{}', { 'content-type': 'text/plain' }))).toMatchObject({
			status: 415
		});
	});

	it('refuses a body declared too large with 413 before reading it', async () => {
		const error = await refusal(post('x'.repeat(1001)));
		expect(error).toMatchObject({ status: 413, headers: { connection: 'close' } });
	});

	it('refuses a chunked body that grows too large with 413, having read it to the end', async () => {
		// 5 000 bytes in chunks of 1 000, pulled one at a time, so the test sees how far it was read.
		let pulled = 0;
		let cancelled = false;
		const stream = new ReadableStream<Uint8Array>({
			pull(controller) {
				if (pulled === 5) controller.close();
				else controller.enqueue(new Uint8Array(1000).fill(0x20));
				pulled++;
			},
			cancel() {
				cancelled = true;
			}
		});
		const error = await refusal(post(stream, {}, true));
		expect(error).toMatchObject({ status: 413, params: { limit: 1000 } });
		// Drained, not cancelled: a cancelled stream makes adapter-node reset the socket, and the
		// client would never see the 413.
		expect(cancelled).toBe(false);
		expect(pulled).toBe(6);
	});

	it('refuses bytes that are not UTF-8 with 400', async () => {
		const bytes = new Uint8Array([0x7b, 0x22, 0x61, 0x22, 0x3a, 0x22, 0xc3, 0x28, 0x22, 0x7d]);
		expect(await refusal(post(bytes))).toMatchObject({
			status: 400,
			params: { detail: 'the body is not UTF-8' }
		});
	});

	it('refuses malformed JSON with 400', async () => {
		expect(await refusal(post('{"a":'))).toMatchObject({ status: 400, key: 'error.malformedJson' });
	});

	it(`accepts ${MAX_JSON_DEPTH} levels of nesting and refuses one more with 400`, async () => {
		const nested = (levels: number) => '{"a":'.repeat(levels - 1) + '{}' + '}'.repeat(levels - 1);
		expect(await readJsonBody(post(nested(MAX_JSON_DEPTH)), 1000)).toBeTruthy();
		expect(await refusal(post(nested(MAX_JSON_DEPTH + 1)))).toMatchObject({
			status: 400,
			key: 'error.tooDeep',
			params: { max: MAX_JSON_DEPTH }
		});
	});
});

describe('jsonForApiError', () => {
	const html = (status: number, headers: Record<string, string> = {}) =>
		new Response('<!doctype html><p>oops</p>', {
			status,
			headers: { 'content-type': 'text/html', ...headers }
		});

	it.each([
		[404, 'nb', 'API-et har ingen slik adresse.'],
		[400, 'en', 'The request is not valid.'],
		[405, 'nn', 'Metoden PUT er ikkje tillaten på denne adressa.']
	] as const)('turns SvelteKit’s %i page into JSON in %s', async (status, locale, error) => {
		const answer = jsonForApiError(html(status, { allow: 'GET, POST' }), 'PUT', locale);
		expect(answer.status).toBe(status);
		expect(answer.headers.get('content-type')).toMatch(/^application\/json/);
		expect(answer.headers.get('allow')).toBe('GET, POST');
		expect(await answer.json()).toEqual({ error });
	});

	it('leaves JSON answers, successes and server errors alone', () => {
		const jsonAnswer = Response.json({ error: 'x' }, { status: 422 });
		expect(jsonForApiError(jsonAnswer, 'POST', 'nb')).toBe(jsonAnswer);
		const ok = html(200);
		expect(jsonForApiError(ok, 'GET', 'nb')).toBe(ok);
		const broken = html(500);
		expect(jsonForApiError(broken, 'GET', 'nb')).toBe(broken);
	});
});
