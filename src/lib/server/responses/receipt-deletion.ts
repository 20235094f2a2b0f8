import * as audit from '../app/audit';
import { addressKey, clientAddress, clientNetwork } from '../http/rate-limit';
import * as responses from '.';
import type { Store } from '../store';
import { FailureThrottle } from '../auth/throttle';

/**
 * Wrong receipt codes are slowed down per client address (its /64 for IPv6), as failed sign-ins
 * are: after 5 wrong codes each further one waits 1, 2, 4 … up to 300 seconds. With 60 random
 * bits per code, guessing someone else's is hopeless anyway; this keeps it so. In memory only,
 * keyed by a keyed hash of the address.
 */
const throttle = new FailureThrottle();

export type DeletionOutcome =
	| { kind: 'deleted' }
	| { kind: 'invalid' }
	| { kind: 'notFound' }
	| { kind: 'throttled'; wait: number };

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
	const keys: [string, string][] = [
		['address', addressKey(clientNetwork(clientAddress(getClientAddress)))]
	];
	const wait = throttle.waitSeconds(keys);
	if (wait > 0) return { kind: 'throttled', wait };
	// A code that cannot be one probes nothing: say how a code looks, and do not count it.
	if (responses.normalizeReceipt(typed) === null) return { kind: 'invalid' };
	const deleted = await responses.deleteByReceipt(store, typed);
	if (!deleted) {
		throttle.failed(keys);
		return { kind: 'notFound' };
	}
	await audit.record(store, 'respondent', 'responseDeletedByRespondent', deleted.surveyId, {
		responseId: deleted.id
	});
	return { kind: 'deleted' };
}
