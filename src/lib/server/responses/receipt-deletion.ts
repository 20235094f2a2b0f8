import * as audit from '../app/audit';
import { addressKey, clientAddress, clientNetwork } from '../http/rate-limit';
import * as responses from '.';
import type { Store, StoredResponse } from '../store';
import { FailureThrottle } from '../auth/throttle';

/**
 * Wrong receipt codes are slowed down per client address (its /64 for IPv6), as failed sign-ins
 * are: after 5 wrong codes each further one waits 1, 2, 4 … up to 300 seconds. With 60 random
 * bits per code, guessing someone else's is hopeless anyway; this keeps it so. Looking a code up
 * (to confirm which answer it deletes) counts the same as deleting with it. In memory only,
 * keyed by a keyed hash of the address.
 */
const throttle = new FailureThrottle();

/** Why a code was not used: not a code's shape, no answer has it, or too many wrong codes. */
export type Refusal =
	{ kind: 'invalid' } | { kind: 'notFound' } | { kind: 'throttled'; wait: number };

export type LookupOutcome = { kind: 'found'; response: StoredResponse } | Refusal;
export type DeletionOutcome = { kind: 'deleted'; response: StoredResponse } | Refusal;

/** The throttle's verdict, then the code's shape: a code that cannot be one is not counted. */
function refusal(typed: string, keys: [string, string][]): Refusal | null {
	const wait = throttle.waitSeconds(keys);
	if (wait > 0) return { kind: 'throttled', wait };
	// A code that cannot be one probes nothing: say how a code looks, and do not count it.
	if (responses.normalizeReceipt(typed) === null) return { kind: 'invalid' };
	return null;
}

const keysFor = (getClientAddress: () => string): [string, string][] => [
	['address', addressKey(clientNetwork(clientAddress(getClientAddress)))]
];

/**
 * The response a receipt code belongs to, so the respondent can see which answer they are about
 * to delete (questionnaire and date) before deleting it. Changes nothing stored.
 */
export function findWithReceipt(
	store: Store,
	typed: string,
	getClientAddress: () => string
): LookupOutcome {
	const keys = keysFor(getClientAddress);
	const refused = refusal(typed, keys);
	if (refused) return refused;
	const response = store.responses.getByReceipt(responses.normalizeReceipt(typed)!);
	if (!response) {
		throttle.failed(keys);
		return { kind: 'notFound' };
	}
	return { kind: 'found', response };
}

/**
 * A respondent deletes their response with its receipt code. The audit entry names the
 * questionnaire and the response id (so a deletion can be repeated on a restored backup or an
 * old export), never the receipt, the answers or the address.
 */
export async function deleteWithReceipt(
	store: Store,
	typed: string,
	getClientAddress: () => string
): Promise<DeletionOutcome> {
	const keys = keysFor(getClientAddress);
	const refused = refusal(typed, keys);
	if (refused) return refused;
	const deleted = await responses.deleteByReceipt(store, typed);
	if (!deleted) {
		throttle.failed(keys);
		return { kind: 'notFound' };
	}
	await audit.record(store, 'respondent', 'responseDeletedByRespondent', deleted.surveyId, {
		responseId: deleted.id
	});
	return { kind: 'deleted', response: deleted };
}
