import { randomBytes, randomUUID } from 'node:crypto';
import * as v from 'valibot';
import { audienceSchema, municipalitySchema } from '$lib/respondents';
import { defaultLocale, locales, type Locale } from '$lib/i18n/locales';
import { formatDateTime } from '$lib/i18n/format';
import { acceptsAudience } from '$lib/definitions/analyse';
import { matchesFilters, type ResponseFilters } from '$lib/filters';
import { formatIssues } from '$lib/issues';
import { translate } from '$lib/i18n/messages';
import { RequestError } from './http-error';
import type { LoadedSurvey } from './surveys';
import * as rounds from './rounds';
import type { Store, StoredResponse } from './store';

/** What a client may send with a response. Unknown fields are refused, not ignored. */
export const submissionSchema = v.strictObject({
	answers: v.unknown(),
	audience: v.optional(v.nullable(audienceSchema)),
	municipality: v.optional(v.nullable(municipalitySchema)),
	locale: v.optional(v.picklist(locales)),
	clientResponseId: v.optional(
		v.nullable(
			v.pipe(
				v.string(),
				v.regex(/^[A-Za-z0-9_-]{8,64}$/, 'must be 8–64 letters, digits, "-" or "_"')
			)
		)
	),
	startedAt: v.optional(
		v.nullable(v.pipe(v.string(), v.isoTimestamp('must be an ISO 8601 timestamp')))
	),
	/** The round's slug, when the person came through a round link; absent means the default round. */
	round: v.optional(v.pipe(v.string(), v.maxLength(64))),
	/** The definition version the person answered; absent means the current one. */
	surveyVersion: v.optional(v.pipe(v.string(), v.regex(/^[a-f0-9]{12}$/, 'must be a version id')))
});
export type Submission = v.InferOutput<typeof submissionSchema>;

export interface Receipt {
	id: string;
	receipt: string;
}

/** Crockford's base32: no I, L, O or U, so a code read aloud or typed by hand survives. */
const receiptAlphabet = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';

/** A short code the respondent keeps (60 random bits, as XXXX-XXXX-XXXX). */
export function newReceipt(): string {
	const bytes = randomBytes(12);
	let code = '';
	for (let i = 0; i < 12; i++) code += receiptAlphabet[bytes[i] & 31];
	return `${code.slice(0, 4)}-${code.slice(4, 8)}-${code.slice(8)}`;
}

export function parseSubmission(body: unknown): Submission {
	const parsed = v.safeParse(submissionSchema, body);
	if (parsed.success) return parsed.output;
	const detail = formatIssues(parsed.issues.slice(0, 5));
	throw new RequestError(400, 'error.invalidBody', { detail });
}

/** Submissions being written, by client id, so a retry that arrives meanwhile waits for the first. */
const inFlight = new Map<string, Promise<Receipt>>();

/**
 * Validates a submission against the questionnaire version it answered and stores it. Resolves
 * once the response is on disk. A rejected submission throws a RequestError and stores nothing.
 */
export async function submit(
	store: Store,
	survey: LoadedSurvey,
	submission: Submission,
	now: Date = new Date()
): Promise<Receipt> {
	const clientId = submission.clientResponseId ?? null;
	if (clientId) {
		const stored = store.responses.getByClientId(clientId);
		if (stored) return sameSurveyOrConflict(stored, survey);
		// Deleted (by its respondent, a researcher or retention): a retry must not bring it back.
		if (store.responses.wasDeleted(clientId)) throw new RequestError(410, 'error.responseDeleted');
		const pending = inFlight.get(clientId);
		if (pending) return pending;
	}
	const work = validateAndStore(store, survey, submission, now);
	if (!clientId) return work;
	inFlight.set(clientId, work);
	try {
		return await work;
	} finally {
		inFlight.delete(clientId);
	}
}

function sameSurveyOrConflict(stored: StoredResponse, survey: LoadedSurvey): Receipt {
	if (stored.surveyId !== survey.definition.id) {
		throw new RequestError(409, 'error.invalidBody', {
			detail: 'clientResponseId: already used for another questionnaire'
		});
	}
	return { id: stored.id, receipt: stored.receipt };
}

async function validateAndStore(
	store: Store,
	survey: LoadedSurvey,
	submission: Submission,
	now: Date
): Promise<Receipt> {
	const { definition, validator } = survey;
	const audience = submission.audience ?? null;
	const locale = submission.locale ?? defaultLocale;
	const round = submission.round
		? openRound(store, definition.id, submission.round, locale, now)
		: null;
	const municipality = round?.municipality ?? submission.municipality ?? null;
	if (
		round?.municipality &&
		submission.municipality &&
		submission.municipality !== round.municipality
	) {
		throw new RequestError(422, 'error.municipalityFixed', { municipality: round.municipality });
	}
	if (audience && !acceptsAudience(definition, audience)) {
		throw new RequestError(422, 'error.audienceNotAllowed', { audience });
	}
	if (audience && round && round.audiences.length > 0 && !round.audiences.includes(audience)) {
		throw new RequestError(422, 'error.audienceNotAllowed', { audience });
	}
	const result = validator.validate(submission.answers, { audience, municipality, locale });
	if (!result.ok) {
		throw new RequestError(
			422,
			'error.validation',
			undefined,
			result.errors.map((e) => ({
				question: e.question,
				code: e.code,
				message: translate(locale, `validation.${e.code}`, e.params)
			}))
		);
	}
	const submittedAt = now.toISOString();
	// A start time in the future or more than 30 days back is a wrong clock, not a fact.
	const started = submission.startedAt ? Date.parse(submission.startedAt) : NaN;
	const startedAt =
		Number.isFinite(started) && started <= now.getTime() && now.getTime() - started < 30 * 86400_000
			? new Date(started).toISOString()
			: null;
	const record: StoredResponse = {
		id: randomUUID(),
		seq: store.responses.nextSeq(),
		surveyId: definition.id,
		surveyVersion: definition.version,
		roundId: round?.id ?? rounds.DEFAULT_ROUND,
		answers: result.answers,
		audience,
		municipality,
		locale,
		status: 'complete',
		startedAt,
		submittedAt,
		clientResponseId: submission.clientResponseId ?? null,
		receipt: newReceipt()
	};
	try {
		await store.responses.append(record);
	} catch (e) {
		// Full disk, read-only folder, I/O error: nothing was acknowledged, so nothing is lost,
		// but the person must hear that the answer was not kept. Logged without the answers.
		console.error(
			`[responses] could not store a response to ${definition.id}: ${(e as Error).message}`
		);
		throw new RequestError(503, 'error.unavailable', undefined, undefined, { 'Retry-After': '30' });
	}
	return { id: record.id, receipt: record.receipt };
}

/**
 * The round a submission names, if it exists, belongs to this questionnaire and is open now.
 * Outside its window the answer is refused with 403 and a message saying when it was open.
 */
function openRound(store: Store, surveyId: string, slug: string, locale: Locale, now: Date) {
	const round = rounds.bySlug(store, slug);
	if (!round || round.surveyId !== surveyId)
		throw new RequestError(404, 'error.roundNotFound', { round: slug });
	const state = rounds.stateAt(round, now);
	if (state === 'notYetOpen') {
		throw new RequestError(403, 'error.roundNotYetOpen', {
			name: round.name,
			at: formatDateTime(round.opensAt!, locale)
		});
	}
	if (state === 'closed') {
		throw new RequestError(403, 'error.roundClosed', {
			name: round.name,
			at: formatDateTime(round.closesAt!, locale)
		});
	}
	return round;
}

/**
 * A receipt code as a person may type it — lowercase, without dashes, with spaces, with the
 * letters Crockford's alphabet reads as digits (O → 0, I and L → 1) — in the stored form
 * `XXXX-XXXX-XXXX`; null when it cannot be one.
 */
export function normalizeReceipt(input: string): string | null {
	const code = input.toUpperCase().replace(/[\s-]/g, '').replace(/O/g, '0').replace(/[IL]/g, '1');
	if (code.length !== 12 || [...code].some((c) => !receiptAlphabet.includes(c))) return null;
	return `${code.slice(0, 4)}-${code.slice(4, 8)}-${code.slice(8)}`;
}

/**
 * Deletes the response with this receipt code (as typed) and returns it, or null when no stored
 * response has it. The caller audits the deletion and throttles wrong codes.
 */
export async function deleteByReceipt(store: Store, typed: string): Promise<StoredResponse | null> {
	const receipt = normalizeReceipt(typed);
	const record = receipt ? store.responses.getByReceipt(receipt) : undefined;
	if (!record) return null;
	const [deleted] = await store.responses.delete([record.id]);
	return deleted ?? null;
}

/** Deletes one response of a questionnaire by its id; null when there is no such response. */
export async function deleteById(
	store: Store,
	surveyId: string,
	id: string
): Promise<StoredResponse | null> {
	const record = store.responses.get(id);
	if (!record || record.surveyId !== surveyId) return null;
	const [deleted] = await store.responses.delete([record.id]);
	return deleted ?? null;
}

/** What a researcher's list of responses shows: when, where from, never the answers. */
export function listView(record: StoredResponse) {
	return {
		id: record.id,
		submittedAt: record.submittedAt,
		roundId: record.roundId,
		audience: record.audience,
		municipality: record.municipality,
		surveyVersion: record.surveyVersion
	};
}

/** What the data API shows of a response: never the receipt or the browser's submission id. */
export function publicView(record: StoredResponse) {
	return {
		id: record.id,
		surveyId: record.surveyId,
		surveyVersion: record.surveyVersion,
		roundId: record.roundId,
		answers: record.answers,
		audience: record.audience,
		municipality: record.municipality,
		locale: record.locale,
		status: record.status,
		startedAt: record.startedAt,
		submittedAt: record.submittedAt
	};
}

export const MAX_PAGE = 1000;

/**
 * A page of one questionnaire's responses (those matching `filters`) in arrival order. The cursor is the arrival number
 * of the last response on the previous page, so pages never skip or repeat while new responses
 * keep arriving.
 */
export function listResponses(
	store: Store,
	surveyId: string,
	options: { limit: number; cursor: number; filters?: ResponseFilters }
): { responses: ReturnType<typeof publicView>[]; nextCursor: string | null } {
	const filters = options.filters ?? {};
	const wanted = (r: StoredResponse) => r.surveyId === surveyId && matchesFilters(r, filters);
	const all = store.responses.responses();
	// Binary search for the first response after the cursor: records are in `seq` order.
	let low = 0;
	let high = all.length;
	while (low < high) {
		const mid = (low + high) >>> 1;
		if (all[mid].seq <= options.cursor) low = mid + 1;
		else high = mid;
	}
	const page: StoredResponse[] = [];
	let i = low;
	for (; i < all.length && page.length < options.limit; i++) {
		if (wanted(all[i])) page.push(all[i]);
	}
	let more = false;
	for (let j = i; j < all.length; j++) {
		if (wanted(all[j])) {
			more = true;
			break;
		}
	}
	const last = page[page.length - 1];
	return {
		responses: page.map(publicView),
		nextCursor: more && last ? encodeCursor(last.seq) : null
	};
}

export function encodeCursor(seq: number): string {
	return Buffer.from(`s${seq}`).toString('base64url');
}

export function decodeCursor(cursor: string | null): number | null {
	if (!cursor) return 0;
	const text = Buffer.from(cursor, 'base64url').toString();
	const match = /^s(\d{1,15})$/.exec(text);
	return match ? Number(match[1]) : null;
}
