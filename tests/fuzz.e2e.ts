import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { allResponses, goodSubmission } from './support/data';
import { startServer, stores, type TestServer } from './support/server';
import { storedFingerprint } from './support/stored';

/**
 * Property-based fuzzing of the submission API of the built server: every request below is
 * wrong by construction (malformed, of the wrong type, too big, too deep, prototype keys, bytes
 * that are not UTF-8, a wrong content type, an unknown questionnaire), and every one must get a
 * 4xx with a JSON `{ error }` message, never a 5xx or a dropped connection, and change nothing on
 * disk. The one exception is SvelteKit's own CSRF check, which answers a cross-site form post
 * (form or text/plain content type with a foreign or missing Origin) with 403 and a plain-text
 * "Cross-site POST form submissions are forbidden" before the app sees it.
 *
 * Reproduce a run with FUZZ_SEED=<seed printed below>; FUZZ_RUNS changes the number of requests.
 */
const seed = Number(process.env.FUZZ_SEED ?? 82025);
const numRuns = Number(process.env.FUZZ_RUNS ?? 400);
const MAX_BODY_BYTES = 262_144;

const knownSurveys = ['barriers', 'maturity', 'method-evaluation', 'method-follow-up'];
const good = goodSubmission('fuzz');
/** The choices of `activity` in surveys/method-evaluation.json ("other" is allowed too). */
const activityChoices = [
	'workshop',
	'dialogue_seminar',
	'idea_workshop',
	'open_data_challenge',
	'hackathon',
	'other'
];

interface FuzzRequest {
	what: string;
	survey: string;
	headers: Record<string, string>;
	body: string | Uint8Array;
	/** Send the body in chunks with no Content-Length (Transfer-Encoding: chunked). */
	chunked?: boolean;
	/** Send the server's own origin in an Origin header. */
	sameOrigin?: boolean;
	/** The status this request must get, when it is known exactly. */
	status?: number;
}

const encoder = new TextEncoder();
const byteLength = (body: string | Uint8Array) =>
	typeof body === 'string' ? encoder.encode(body).byteLength : body.byteLength;

const json = { 'content-type': 'application/json' };

/** A value that is not empty (SurveyJS treats `[]`, `{}` and `''` as "not answered"). */
const nonEmptyContainer = fc.oneof(
	fc.array(fc.jsonValue({ maxDepth: 2 }), { minLength: 1, maxLength: 5 }),
	fc.dictionary(fc.string({ minLength: 1, maxLength: 8 }), fc.constant('x'), {
		minKeys: 1,
		maxKeys: 4
	})
);
/** Not a string and not null: the wrong type for every optional top-level field. */
const notAString = fc.oneof(
	fc.integer(),
	fc.double({ noNaN: true }),
	fc.boolean(),
	nonEmptyContainer
);

const randomJson = fc.json({ maxDepth: 4 }).map((body): FuzzRequest => ({
	what: 'random JSON',
	survey: 'method-evaluation',
	headers: json,
	body
}));

const malformedJson = fc
	.oneof(
		fc.string({ maxLength: 200 }),
		fc
			.integer({ min: 0, max: JSON.stringify(good).length - 1 })
			.map((cut) => JSON.stringify(good).slice(0, cut)),
		fc.constantFrom(
			"{'answers': {}}",
			'{"answers": {},}',
			'{"answers": NaN}',
			'{"answers": Infinity}',
			'{"answers": {}} // comment',
			'{"answers": {}} trailing',
			'{"answers": "\\x41"}',
			'{"answers": "\\uD800"',
			'[' + '1,'.repeat(1000)
		)
	)
	.filter((text) => {
		try {
			JSON.parse(text);
			return false;
		} catch {
			return true;
		}
	})
	.map((body): FuzzRequest => ({
		what: 'malformed JSON',
		survey: 'method-evaluation',
		headers: json,
		body,
		status: 400
	}));

const topLevelFields = [
	'audience',
	'municipality',
	'locale',
	'clientResponseId',
	'startedAt',
	'surveyVersion'
];
const wrongTopLevelType = fc
	.record({ field: fc.constantFrom(...topLevelFields), value: notAString })
	.map(({ field, value }): FuzzRequest => ({
		what: `${field} of the wrong type`,
		survey: 'method-evaluation',
		headers: json,
		body: JSON.stringify({ ...good, [field]: value }),
		status: 400
	}));

const wrongAnswers = fc
	.oneof(
		fc.record({
			// Anything but an object: null, numbers, strings, lists.
			answers: fc.jsonValue().filter((v) => typeof v !== 'object' || v === null || Array.isArray(v))
		}),
		fc.record({
			activity: fc.oneof(
				nonEmptyContainer,
				fc.integer(),
				fc.boolean(),
				fc.string({ minLength: 1 }).filter((s) => !activityChoices.includes(s))
			)
		}),
		fc.record({
			// A rated item is a row of a 1–5 matrix beside "not relevant": off the scale, a part of
			// a number, another code, or no object at all.
			reaction: fc.oneof(
				fc
					.oneof(
						nonEmptyContainer,
						fc.integer({ min: 6 }),
						fc.integer({ max: 0 }),
						fc.double({ min: 1.01, max: 4.99, noNaN: true }).filter((n) => !Number.isInteger(n)),
						fc.string({ minLength: 1 }).filter((s) => s.trim() !== '' && s !== 'not_relevant'),
						fc.boolean()
					)
					.map((cell) => ({ useful_for_me: cell })),
				fc.oneof(
					fc.integer(),
					fc.string({ minLength: 1 }),
					fc.boolean(),
					fc.array(fc.integer(), { minLength: 1 })
				)
			)
		}),
		fc.record({ what_worked: fc.oneof(nonEmptyContainer, fc.integer(), fc.boolean()) }),
		fc.record({ [`unknown_question`]: fc.jsonValue() })
	)
	.map((change): FuzzRequest => {
		const body =
			'answers' in change
				? { ...good, answers: change.answers }
				: { ...good, answers: { ...good.answers, ...change } };
		return {
			what: `wrong answers: ${JSON.stringify(change).slice(0, 80)}`,
			survey: 'method-evaluation',
			headers: json,
			body: JSON.stringify(body),
			status: 422
		};
	});

/** Sizes on both sides of MAX_BODY_BYTES. */
const size = fc.oneof(
	fc.integer({ min: 2_001, max: 250_000 }),
	fc.integer({ min: 250_000, max: 480_000 })
);
const huge = fc
	.oneof(
		fc
			.record({ n: size, char: fc.constantFrom('x', 'ø', '😀', '"', '\\', '\u0000') })
			.map(({ n, char }) => {
				// n is about the size in bytes of the text as JSON; past what_worked's 2 000 either way.
				const count = Math.max(2_001, Math.ceil(n / byteLength(JSON.stringify(char).slice(1, -1))));
				return {
					what: `a text of ${count} × ${JSON.stringify(char)}`,
					body: { ...good, answers: { ...good.answers, what_worked: char.repeat(count) } }
				};
			}),
		size.map((n) => ({
			what: `a choice list of ${n}`,
			body: {
				...good,
				answers: { ...good.answers, activity: Array(Math.ceil(n / 12)).fill('hackathon') }
			}
		})),
		size.map((n) => ({
			what: `${Math.ceil(n / 12)} unknown questions`,
			body: {
				...good,
				answers: Object.fromEntries(
					Array.from({ length: Math.ceil(n / 12) }, (_, i) => [`q${i}`, 1])
				)
			}
		})),
		size.map((n) => ({
			what: `a municipality of ${n} letters`,
			body: { ...good, municipality: 'a'.repeat(n) }
		}))
	)
	.chain(({ what, body }) =>
		fc.boolean().map((chunked): FuzzRequest => {
			const text = JSON.stringify(body);
			return {
				what: `${what}${chunked ? ', chunked' : ''}`,
				survey: 'method-evaluation',
				headers: json,
				body: text,
				chunked,
				status: byteLength(text) > MAX_BODY_BYTES ? 413 : undefined
			};
		})
	);

const nested = (depth: number, kind: 'array' | 'object', leaf = '1') =>
	kind === 'array'
		? '['.repeat(depth) + leaf + ']'.repeat(depth)
		: '{"a":'.repeat(depth) + leaf + '}'.repeat(depth);
const deep = fc
	.record({
		depth: fc.oneof(fc.integer({ min: 1, max: 100 }), fc.integer({ min: 100, max: 60_000 })),
		kind: fc.constantFrom('array' as const, 'object' as const),
		where: fc.constantFrom(
			'answers',
			'what_worked',
			'activity',
			'audience',
			'unknown-top',
			'unknown-answer',
			'matrix-row'
		)
	})
	.map(({ depth, kind, where }): FuzzRequest => {
		const value = nested(depth, kind);
		const answers = '"activity":"hackathon","reaction":{"useful_for_me":4}';
		const body = {
			answers: `{"answers":${value}}`,
			what_worked: `{"answers":{${answers},"what_worked":${value}}}`,
			activity: `{"answers":{"activity":${value}}}`,
			audience: `{"answers":{${answers}},"audience":${value}}`,
			'unknown-top': `{"answers":{${answers}},"extra":${value}}`,
			'unknown-answer': `{"answers":{${answers},"extra":${value}}}`,
			'matrix-row': `{"answers":{"pub_awareness":{"row":${value}}}}`
		}[where];
		return {
			what: `${kind} nested ${depth} deep in ${where}`,
			survey: where === 'matrix-row' ? 'barriers' : 'method-evaluation',
			headers: json,
			body
		};
	});

const protoKey = fc.constantFrom('__proto__', 'constructor', 'prototype');
const protoValue = fc.constantFrom(
	'{"polluted":"yes"}',
	'{"activity":"hackathon"}',
	'{"isAdmin":true,"toString":1}',
	'"x"',
	'1',
	'null',
	'[]',
	'{"prototype":{"polluted":"yes"}}'
);
const prototypeKeys = fc
	.record({
		key: protoKey,
		value: protoValue,
		where: fc.constantFrom('top', 'answers', 'matrix', 'nested-answer', 'only-key')
	})
	.map(({ key, value, where }): FuzzRequest => {
		const answers = '"activity":"hackathon","reaction":{"useful_for_me":4}';
		const body = {
			top: `{"answers":{${answers}},"${key}":${value}}`,
			answers: `{"answers":{${answers},"${key}":${value}}}`,
			matrix: `{"answers":{"pub_awareness":{"${key}":${value}}}}`,
			'nested-answer': `{"answers":{${answers},"what_worked":{"${key}":${value}}}}`,
			'only-key': `{"${key}":${value}}`
		}[where];
		return {
			what: `"${key}": ${value} in ${where}`,
			survey: where === 'matrix' ? 'barriers' : 'method-evaluation',
			headers: json,
			body
		};
	});

const invalidUtf8Sequences: number[][] = [
	[0xff],
	[0xfe, 0xff],
	[0xc3, 0x28],
	[0xa0, 0xa1],
	[0xe2, 0x28, 0xa1],
	[0xf0, 0x90, 0x28, 0xbc],
	[0xc0, 0xaf], // an overlong "/"
	[0xed, 0xa0, 0x80], // a UTF-16 surrogate encoded as UTF-8
	[0xf8, 0x88, 0x80, 0x80, 0x80],
	[0xe2, 0x82] // cut short
];
const invalidUtf8 = fc
	.record({
		bad: fc.constantFrom(...invalidUtf8Sequences),
		before: fc
			.string({ maxLength: 20, unit: 'grapheme-ascii' })
			.map((s) => s.replace(/["\\]/g, '')),
		inKey: fc.boolean()
	})
	.map(({ bad, before, inKey }): FuzzRequest => {
		const [head, tail] = inKey
			? ['{"answers":{"activity":"hackathon","', '":1}}']
			: ['{"answers":{"activity":"hackathon","what_worked":"' + before, '"}}'];
		const body = new Uint8Array([...encoder.encode(head), ...bad, ...encoder.encode(tail)]);
		return {
			what: `bytes ${bad.map((b) => b.toString(16)).join(' ')} (not UTF-8)`,
			survey: 'method-evaluation',
			headers: json,
			body,
			status: 400
		};
	});

const formTypes = [
	'application/x-www-form-urlencoded',
	'multipart/form-data; boundary=xyz',
	'text/plain',
	'text/plain;charset=UTF-8'
];
const otherTypes = [
	'text/xml',
	'application/xml',
	'text/html',
	'application/jsonp',
	'application/json-seq',
	'json',
	'application/octet-stream',
	'image/png',
	'application/ json'
];
const wrongContentType = fc
	.record({
		type: fc.option(fc.constantFrom(...formTypes, ...otherTypes), { nil: undefined }),
		origin: fc.constantFrom('none', 'same', 'foreign')
	})
	.map(({ type, origin }): FuzzRequest => {
		const headers: Record<string, string> = {};
		if (type) headers['content-type'] = type;
		if (origin === 'foreign') headers.origin = 'http://evil.invalid';
		const form = type !== undefined && formTypes.includes(type);
		return {
			what: `content type ${type ?? '(none)'} with ${origin} origin`,
			survey: 'method-evaluation',
			headers,
			// A byte body, so fetch adds no content type of its own.
			body: encoder.encode(JSON.stringify(good)),
			sameOrigin: origin === 'same',
			status: form && origin !== 'same' ? 403 : 415
		};
	});

/** Ids as they appear in the path (already percent-encoded), with the status each must get. */
const nastyIds: [string, number][] = [
	// Not valid percent-encoding: SvelteKit cannot decode the path (400, turned into JSON).
	['%', 400],
	['%C3%28', 400],
	['%00', 404],
	['%2e%2e%2fbarriers', 404],
	['barriers%2f..', 404],
	['BARRIERS', 404],
	['barriers%20', 404],
	['__proto__', 404],
	['constructor', 404],
	['toString', 404],
	['hasOwnProperty', 404],
	['x'.repeat(3000), 404],
	['%F0%9F%98%80', 404],
	['barriers.json', 404],
	['responses', 404]
];
const unknownSurvey = fc
	.oneof(
		fc.constantFrom(...nastyIds),
		fc
			.string({ minLength: 1, maxLength: 80 })
			.filter((id) => !knownSurveys.includes(id) && id !== '.' && id !== '..')
			.map((id): [string, number] => [encodeURIComponent(id), 404])
	)
	.map(([survey, status]): FuzzRequest => ({
		what: `unknown questionnaire ${survey.slice(0, 40)}`,
		survey,
		headers: json,
		body: JSON.stringify(good),
		status
	}));

/** How a request is shown in a failure report: what it is, not its (maybe 400 KB) body. */
const labelled = (request: FuzzRequest) =>
	Object.assign(request, {
		[fc.toStringMethod]: () =>
			`${request.what} (POST /api/surveys/${request.survey.slice(0, 60)}/responses, ` +
			`${byteLength(request.body)} bytes${request.chunked ? ', chunked' : ''}: ` +
			`${JSON.stringify(typeof request.body === 'string' ? request.body.slice(0, 160) : [...request.body.slice(0, 80)])})`
	});

const anyBadRequest = fc
	.oneof(
		randomJson,
		malformedJson,
		wrongTopLevelType,
		wrongAnswers,
		huge,
		deep,
		prototypeKeys,
		invalidUtf8,
		wrongContentType,
		unknownSurvey
	)
	.map(labelled);

function chunks(bytes: Uint8Array): ReadableStream<Uint8Array> {
	return new ReadableStream({
		start(controller) {
			for (let i = 0; i < bytes.length; i += 16_384) controller.enqueue(bytes.slice(i, i + 16_384));
			controller.close();
		}
	});
}

async function send(server: TestServer, request: FuzzRequest) {
	const headers = { ...request.headers };
	if (request.sameOrigin) headers.origin = server.url;
	const bytes = typeof request.body === 'string' ? encoder.encode(request.body) : request.body;
	const response = await fetch(`${server.url}/api/surveys/${request.survey}/responses`, {
		method: 'POST',
		headers,
		body: request.chunked ? chunks(bytes) : bytes,
		...(request.chunked ? { duplex: 'half' } : {})
	} as RequestInit);
	return {
		status: response.status,
		type: response.headers.get('content-type') ?? '',
		text: await response.text()
	};
}

describe.each(stores)('fuzzing the submission API with hostile input (%s store)', (store) => {
	let server: TestServer;

	beforeAll(async () => {
		// No rate limit: the run sends hundreds of requests from one address.
		server = await startServer({ store, env: { SUBMIT_RATE_LIMIT: '0' } });
	});
	afterAll(async () => {
		await server?.stop();
	});

	it('answers every bad request with a 4xx and a message, stays up, and stores nothing', async () => {
		console.log(
			`fuzz: seed ${seed}, ${numRuns} runs (FUZZ_SEED=${seed} FUZZ_RUNS=${numRuns} to reproduce)`
		);
		const before = await storedFingerprint(server);
		const statuses = new Map<number, number>();
		const slowest = { ms: 0, what: '' };
		await fc.assert(
			fc.asyncProperty(anyBadRequest, async (request) => {
				let answer: Awaited<ReturnType<typeof send>>;
				const started = performance.now();
				try {
					answer = await send(server, request);
					const took = performance.now() - started;
					if (took > slowest.ms) Object.assign(slowest, { ms: took, what: request.what });
				} catch (e) {
					throw new Error(
						`${request.what}: no answer (${(e as Error & { cause?: Error }).cause?.message ?? (e as Error).message})`
					);
				}
				statuses.set(answer.status, (statuses.get(answer.status) ?? 0) + 1);
				const context = `${request.what} → ${answer.status} ${answer.text.slice(0, 200)}`;
				expect(answer.status, context).toBeGreaterThanOrEqual(400);
				expect(answer.status, context).toBeLessThan(500);
				if (request.status !== undefined) expect(answer.status, context).toBe(request.status);
				if (answer.status === 403) {
					expect(answer.text, context).toMatch(/Cross-site POST form submissions are forbidden/);
				} else {
					expect(answer.type, context).toMatch(/^application\/json/);
					const body = JSON.parse(answer.text) as { error?: unknown };
					expect(typeof body.error, context).toBe('string');
					expect((body.error as string).length, context).toBeGreaterThan(0);
				}
				expect(
					(await fetch(`${server.url}/api/health`)).status,
					`health after ${request.what}`
				).toBe(200);
			}),
			{ seed, numRuns }
		);
		console.log(
			`fuzz: statuses ${JSON.stringify(Object.fromEntries([...statuses].sort()))}; ` +
				`slowest ${slowest.ms.toFixed(0)} ms: ${slowest.what}`
		);
		expect(await storedFingerprint(server)).toBe(before);
		expect(server.output()).not.toContain('[error]');
	});

	it('still takes a good answer afterwards and serves plain objects: no prototype was polluted', async () => {
		const stored = await fetch(`${server.url}/api/surveys/method-evaluation/responses`, {
			method: 'POST',
			headers: json,
			body: JSON.stringify(goodSubmission('etter fuzzing'))
		});
		expect(stored.status).toBe(201);
		expect(Object.keys((await stored.json()) as object).sort()).toEqual(['id', 'receipt']);

		const list = (await (await fetch(`${server.url}/api/surveys`)).json()) as object[];
		expect(list).toHaveLength(knownSurveys.length);
		for (const item of list) expect(Object.keys(item).sort()).toEqual(['id', 'title', 'version']);

		const responses = await allResponses(server.url, 'method-evaluation');
		expect(responses).toHaveLength(1);
		expect(Object.keys(responses[0]).sort()).toEqual(
			[
				'answers',
				'audience',
				'id',
				'locale',
				'municipality',
				'roundId',
				'startedAt',
				'status',
				'submittedAt',
				'surveyId',
				'surveyVersion'
			].sort()
		);
		expect(responses[0].answers).toEqual(goodSubmission('etter fuzzing').answers);
		// An unknown key is still refused: had Object.prototype gained a key, or had a check
		// been bypassed, this would differ.
		const refused = await fetch(`${server.url}/api/surveys/method-evaluation/responses?lang=en`, {
			method: 'POST',
			headers: json,
			body: JSON.stringify({ ...good, polluted: 'yes' })
		});
		expect(refused.status).toBe(400);
		expect(((await refused.json()) as { error: string }).error).toMatch(/polluted/);
	});
});
