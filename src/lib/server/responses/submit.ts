import { randomUUID } from 'node:crypto';
import * as v from 'valibot';
import { defaultLocale, locales, type Locale } from '$lib/i18n/locales';
import { formatDateTime } from '$lib/i18n/format';
import { acceptsAudience } from '$lib/definitions/analyse';
import { formatIssues } from '$lib/issues';
import {
	audienceSchema,
	municipalityAccepted,
	municipalityName,
	municipalitySchema,
	NO_MUNICIPALITY,
	type Audience
} from '$lib/respondents';
import { translate } from '$lib/i18n/messages';
import { RequestError } from '../http/http-error';
import type { LoadedSurvey } from '../surveys/registry';
import * as invitations from '../invitations';
import * as rounds from '../rounds';
import {
	DuplicateSubmissionError,
	type NewResponse,
	type Store,
	type StoredResponse
} from '../store';
import { ensureReceiptKey, receiptFor } from './receipts';

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
	/**
	 * The code of the invitation link the person came through (server/invitations): it fixes the
	 * round, the audience and the municipality, and marks the answer as verified. Checked and
	 * counted, never stored with the answer.
	 */
	invitation: v.optional(
		v.pipe(v.string(), v.regex(invitations.codePattern, 'must be an invitation code'))
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

export function parseSubmission(body: unknown): Submission {
	const parsed = v.safeParse(submissionSchema, body);
	if (parsed.success) return parsed.output;
	const detail = formatIssues(parsed.issues.slice(0, 5));
	throw new RequestError(400, 'error.invalidBody', { detail });
}

/**
 * How much of a refused answer is echoed back: at most this many problems, and names and values
 * cut to this length. The question a problem names may be an unknown key the client sent (a
 * 200 000-character one came back whole in the 422), and the answer is for a person to read.
 */
const MAX_DETAILS = 50;
const MAX_ECHO = 100;

function clip(text: string): string {
	return text.length > MAX_ECHO ? `${text.slice(0, MAX_ECHO)}…` : text;
}

function clipParams(params?: Record<string, string | number>) {
	if (!params) return params;
	return Object.fromEntries(
		Object.entries(params).map(([k, v]) => [k, typeof v === 'string' ? clip(v) : v])
	);
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
	if (clientId && !store.secrets.receiptKey()) {
		// Once per data folder: the key codes are derived with (receipts.ts).
		await ensureReceiptKey(store).catch((e: unknown) => {
			console.error(`[responses] could not create the receipt key: ${(e as Error).message}`);
			throw new RequestError(503, 'error.unavailable', undefined, undefined, {
				'Retry-After': '30'
			});
		});
	}
	if (!clientId) return validateAndStore(store, survey, submission, now);
	// In flight from before the look-ups (they are queries on PostgreSQL), so a retry arriving
	// while the first is looked up or stored waits for it rather than storing it again.
	const pending = inFlight.get(clientId);
	if (pending) return pending;
	const work = (async () => {
		const [stored, deleted] = await Promise.all([
			store.responses.getByClientId(clientId),
			store.responses.wasDeleted(clientId)
		]);
		if (stored) return sameSurveyOrConflict(store, stored, survey, clientId);
		// Deleted (by its respondent, a researcher or retention): a retry must not bring it back.
		if (deleted) throw new RequestError(410, 'error.responseDeleted');
		return validateAndStore(store, survey, submission, now);
	})();
	inFlight.set(clientId, work);
	try {
		return await work;
	} finally {
		inFlight.delete(clientId);
	}
}

async function sameSurveyOrConflict(
	store: Store,
	stored: StoredResponse,
	survey: LoadedSurvey,
	clientId: string
): Promise<Receipt> {
	if (stored.surveyId !== survey.definition.id) {
		throw new RequestError(409, 'error.invalidBody', {
			detail: 'clientResponseId: already used for another questionnaire'
		});
	}
	// The code the first submission got, derived again (receipts.ts). A response stored before
	// receipts were derived has a random code the store no longer knows: the retry gets its id
	// and no code (it can still be deleted by a researcher).
	const receipt = receiptFor(store, clientId);
	const same = (await store.responses.getByReceipt(receipt))?.id === stored.id;
	return { id: stored.id, receipt: same ? receipt : '' };
}

async function validateAndStore(
	store: Store,
	survey: LoadedSurvey,
	submission: Submission,
	now: Date
): Promise<Receipt> {
	const { definition, validator } = survey;
	const locale = submission.locale ?? defaultLocale;
	const invitation = submission.invitation ? invitationFor(store, submission) : null;
	const roundSlug = invitation ? rounds.byId(store, invitation.roundId)?.slug : submission.round;
	const round = roundSlug ? openRound(store, definition.id, roundSlug, locale, now) : null;
	if (invitation && round?.surveyId !== definition.id) {
		throw new RequestError(422, 'error.invitationElsewhere');
	}
	// An invitation says who answers; the answer may repeat it but not change it.
	const audience = (invitation?.audience as Audience | null) ?? submission.audience ?? null;
	if (invitation?.audience && submission.audience && submission.audience !== audience) {
		throw new RequestError(422, 'error.audienceNotAllowed', { audience: submission.audience });
	}
	const fixedMunicipality = invitation?.municipality ?? round?.municipality ?? null;
	const municipality = fixedMunicipality ?? submission.municipality ?? null;
	if (
		fixedMunicipality &&
		submission.municipality &&
		submission.municipality !== fixedMunicipality
	) {
		throw new RequestError(422, 'error.municipalityFixed', {
			municipality: municipalityName(fixedMunicipality, locale)
		});
	}
	// What the person chose must be in the register (municipalities/register.json); what a round
	// or an invitation fixes was checked when it was made (and an old round keeps what it had).
	if (
		!fixedMunicipality &&
		municipality !== null &&
		!municipalityAccepted(municipality, audience)
	) {
		throw municipality === NO_MUNICIPALITY
			? new RequestError(422, 'error.municipalityRequired')
			: new RequestError(422, 'error.unknownMunicipality', { municipality: clip(municipality) });
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
			result.errors.slice(0, MAX_DETAILS).map((e) => ({
				question: clip(e.question),
				code: e.code,
				message: translate(locale, `validation.${e.code}`, clipParams(e.params))
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
	const receipt = receiptFor(store, submission.clientResponseId ?? null);
	// The use is taken (on disk) before the answer is stored: a crash between the two leaves a
	// use without an answer, never more answers than the link allows.
	if (invitation && !(await store.invitations.takeUse(invitation.id))) {
		// Used up or withdrawn since it was checked above: say which.
		const current = store.invitations.byCode(invitation.code);
		const revoked = current && invitations.stateOf(current) === 'revoked';
		throw new RequestError(410, revoked ? 'error.invitationRevoked' : 'error.invitationUsed');
	}
	const record: NewResponse = {
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
		receipt,
		// Only that it came through an invitation: never which one (store/records.ts).
		...(invitation ? { verified: true } : {})
	};
	try {
		await store.responses.append(record);
	} catch (e) {
		// Another instance stored this submission first (PostgreSQL): the same answer as a retry.
		if (e instanceof DuplicateSubmissionError && submission.clientResponseId) {
			if (invitation) await store.invitations.returnUse(invitation.id).catch(() => {});
			if (!e.existing) throw new RequestError(410, 'error.responseDeleted');
			return sameSurveyOrConflict(store, e.existing, survey, submission.clientResponseId);
		}
		// Full disk, read-only folder, I/O error: nothing was acknowledged, so nothing is lost,
		// but the person must hear that the answer was not kept. Logged without the answers.
		console.error(
			`[responses] could not store a response to ${definition.id}: ${(e as Error).message}`
		);
		if (invitation) await store.invitations.returnUse(invitation.id).catch(() => {});
		throw new RequestError(503, 'error.unavailable', undefined, undefined, { 'Retry-After': '30' });
	}
	return { id: record.id, receipt };
}

/** The invitation a submission names: it must exist and have a use left. */
function invitationFor(store: Store, submission: Submission) {
	const invitation = invitations.byCode(store, submission.invitation!);
	if (!invitation) throw new RequestError(404, 'error.invitationNotFound');
	const round = rounds.byId(store, invitation.roundId);
	if (!round || (submission.round && submission.round !== round.slug)) {
		throw new RequestError(422, 'error.invitationElsewhere');
	}
	if (invitations.stateOf(invitation) === 'revoked')
		throw new RequestError(410, 'error.invitationRevoked');
	if (invitations.usedUp(invitation)) throw new RequestError(410, 'error.invitationUsed');
	return invitation;
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
