import * as v from 'valibot';
import { audienceSchema } from '../../respondents';
import { locales } from '../../i18n/locales';

/**
 * One stored response. Answers are keyed by question value name, exactly as SurveyJS's
 * `survey.data` holds them, so the stored record reads back against the definition version it
 * answered without translation. Nothing here identifies a person: no IP address, no user agent.
 *
 * The receipt code and the browser's submission id are kept only as SHA-256 hashes: a copy of
 * the data folder (a backup, a stolen disk) holds no code that deletes an answer on the live
 * server, and the codes cannot be matched to answers by anyone who has seen one.
 */
const responseFields = {
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
	/**
	 * True when the answer came through an invitation link (server/invitations): the audience
	 * and municipality are then the invitation's, not the respondent's say-so. Only this fact is
	 * kept, never the invitation's code or id, so an answer cannot be traced to an invitation
	 * (and so to the organisation or person it was sent to) by anyone reading the data. Absent
	 * in responses stored before invitations existed, and in answers given without one.
	 */
	verified: v.optional(v.boolean())
};

export const storedResponseSchema = v.object({
	...responseFields,
	/** SHA-256 (hex) of the browser's id for the submission, so a retry is stored once. */
	clientIdHash: v.nullable(v.string()),
	/** SHA-256 (hex) of the code the respondent keeps to ask for deletion. */
	receiptHash: v.string(),
	/**
	 * The record key of the cell-key method (src/lib/summary/cell-key.ts): a random whole number
	 * 0 ≤ k < 2³², drawn once when the response is stored and never changed, so every table cell
	 * the response is counted in gets the same perturbation each time. Never exported, listed or
	 * shown: with the keys, the perturbation could be undone.
	 */
	recordKey: v.number()
});
export type StoredResponse = v.InferOutput<typeof storedResponseSchema>;

/**
 * A response as the app hands it to the store: with the receipt code and the browser's
 * submission id in the clear, which the store hashes, and without a record key, which the store
 * draws. Nothing outside the store chooses or sees a record key.
 */
export const newResponseSchema = v.object({
	...responseFields,
	clientResponseId: v.nullable(v.string()),
	receipt: v.string()
});
export type NewResponse = v.InferOutput<typeof newResponseSchema>;

/** A response in the form files written before receipts were hashed and records had keys. */
export interface LegacyStoredResponse extends Omit<
	StoredResponse,
	'clientIdHash' | 'receiptHash' | 'recordKey'
> {
	clientResponseId?: string | null;
	receipt?: string;
	clientIdHash?: string | null;
	receiptHash?: string;
	recordKey?: number;
}

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
	/** Older files may hold responses in the legacy form; the log converts them as it opens. */
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
