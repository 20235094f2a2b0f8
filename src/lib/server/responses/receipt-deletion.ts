import * as audit from '../app/audit';
import { addressKey, clientAddress, clientNetwork } from '../http/rate-limit';
import * as responses from '.';
import type { Store, StoredResponse } from '../store';
import { FailureThrottle } from '../auth/throttle';

/**
 * Wrong receipt codes are slowed down per client address (its /64 for IPv6), as failed sign-ins
 * are: after 5 wrong codes each further one waits 1, 2, 4 … up to 300 seconds. With 60 random
 * bits per code, guessing someone else's is hopeless anyway; this keeps it so. Looking a code up
 * (to confirm which answer it deletes) counts the same as deleting with it. Counted in
 * `store.limits` (in the database on PostgreSQL, shared by every instance), keyed by a keyed
 * hash of the address.
 */
const throttleOf = (store: Store) => new FailureThrottle(store.limits, 'receipt');

/** Why a code was not used: not a code's shape, no answer has it, or too many wrong codes. */
export type Refusal =
	{ kind: 'invalid' } | { kind: 'notFound' } | { kind: 'throttled'; wait: number };

export type LookupOutcome = { kind: 'found'; response: StoredResponse } | Refusal;
export type DeletionOutcome = { kind: 'deleted'; response: StoredResponse } | Refusal;

/** The throttle's verdict, then the code's shape: a code that cannot be one is not counted. */
async function refusal(
	throttle: FailureThrottle,
	typed: string,
	keys: [string, string][]
): Promise<Refusal | null> {
	const wait = await throttle.waitSeconds(keys);
	if (wait > 0) return { kind: 'throttled', wait };
	// A code that cannot be one probes nothing: say how a code looks, and do not count it.
	if (responses.normalizeReceipt(typed) === null) return { kind: 'invalid' };
	return null;
}

const keysFor = (store: Store, getClientAddress: () => string): [string, string][] => [
	[
		'address',
		addressKey(clientNetwork(clientAddress(getClientAddress)), store.limits.addressSecret)
	]
];

/**
 * The response a receipt code belongs to, so the respondent can see which answer they are about
 * to delete (questionnaire and date) before deleting it. Changes nothing stored.
 */
export async function findWithReceipt(
	store: Store,
	typed: string,
	getClientAddress: () => string
): Promise<LookupOutcome> {
	const throttle = throttleOf(store);
	const keys = keysFor(store, getClientAddress);
	const refused = await refusal(throttle, typed, keys);
	if (refused) return refused;
	const response = await store.responses.getByReceipt(responses.normalizeReceipt(typed)!);
	if (!response) {
		await throttle.failed(keys);
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
	const throttle = throttleOf(store);
	const keys = keysFor(store, getClientAddress);
	const refused = await refusal(throttle, typed, keys);
	if (refused) return refused;
	const deleted = await responses.deleteByReceipt(store, typed);
	if (!deleted) {
		await throttle.failed(keys);
		return { kind: 'notFound' };
	}
	await audit.record(store, 'respondent', 'responseDeletedByRespondent', deleted.surveyId, {
		responseId: deleted.id
	});
	return { kind: 'deleted', response: deleted };
}
