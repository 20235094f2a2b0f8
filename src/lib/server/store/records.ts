import * as v from 'valibot';
import { audienceSchema } from '../../respondents';
import { locales } from '../../i18n/locales';

/**
 * One stored response. Answers are keyed by question value name, exactly as SurveyJS's
 * `survey.data` holds them, so the stored record reads back against the definition version it
 * answered without translation. Nothing here identifies a person: no IP address, no user agent.
 */
export const storedResponseSchema = v.object({
	/** Random, not guessable: it appears in exports and API URLs. */
	id: v.string(),
	/** Position in the store, 1, 2, 3 …: the order of arrival, used for paging. */
	seq: v.number(),
	surveyId: v.string(),
	surveyVersion: v.string(),
	roundId: v.string(),
	answers: v.record(v.string(), v.unknown()),
	audience: v.nullable(audienceSchema),
	municipality: v.nullable(v.string()),
	locale: v.picklist(locales),
	status: v.picklist(['complete']),
	startedAt: v.nullable(v.string()),
	submittedAt: v.string(),
	/** The browser's id for the submission, so a retried request is stored once. */
	clientResponseId: v.nullable(v.string()),
	/** The code the respondent keeps to ask for deletion; never exported. */
	receipt: v.string()
});
export type StoredResponse = v.InferOutput<typeof storedResponseSchema>;

/**
 * What is left of a deleted response: its arrival number, so numbers are never handed out twice
 * (a paging cursor stays valid), and a hash of the browser's submission id, so a retry of a
 * deleted submission is refused instead of stored again. Nothing else: no answers, no receipt.
 */
export interface Tombstone {
	seq: number;
	/** SHA-256 (hex) of the clientResponseId, or null when the submission had none. */
	clientIdHash: string | null;
}

export interface ResponseSegmentFile {
	format: 'odb-responses/1';
	responses: StoredResponse[];
	/** The responses deleted from this segment (absent in files written before deletion existed). */
	tombstones?: Tombstone[];
}

/**
 * The structural check run on every segment at start-up: cheap enough for 100 000 responses,
 * strict enough that a hand-edited or truncated file is reported instead of half-loaded.
 */
export function isResponseSegment(value: unknown): value is ResponseSegmentFile {
	if (!value || typeof value !== 'object') return false;
	const file = value as Partial<ResponseSegmentFile>;
	if (file.format !== 'odb-responses/1' || !Array.isArray(file.responses)) return false;
	if (file.tombstones !== undefined) {
		if (!Array.isArray(file.tombstones)) return false;
		const valid = file.tombstones.every(
			(t) =>
				t !== null &&
				typeof t === 'object' &&
				typeof t.seq === 'number' &&
				(t.clientIdHash === null || typeof t.clientIdHash === 'string')
		);
		if (!valid) return false;
	}
	return file.responses.every(isStoredResponseShape);
}

/** The per-response part of that check, also run on responses imported in bulk. */
export function isStoredResponseShape(value: unknown): value is StoredResponse {
	const r = value as Partial<StoredResponse> | null;
	return (
		r !== null &&
		typeof r === 'object' &&
		typeof r.id === 'string' &&
		typeof r.seq === 'number' &&
		typeof r.surveyId === 'string' &&
		typeof r.surveyVersion === 'string' &&
		typeof r.answers === 'object' &&
		r.answers !== null
	);
}
