import * as v from 'valibot';
import { sha256Hex } from '../../hash';
import { newResponseSchema, type NewResponse, type StoredResponse } from './records';

/**
 * A response to import: as the app hands one to the store (receipt and submission id in the
 * clear, for the store to hash), except its number, which the log hands out.
 */
export type ImportedResponse = Omit<NewResponse, 'seq'>;

const importedResponseSchema = v.omit(newResponseSchema, ['seq']);

/**
 * Why a batch of records cannot be imported beside those stored or queued, or null:
 * a record that is not a stored response, or repeats an id or a clientResponseId. One bad
 * record refuses the whole batch, so a seed is never half-imported. Submission ids are compared
 * by their hashes, the only form the store keeps.
 */
export function importProblem(
	records: readonly ImportedResponse[],
	stored: { hasId(id: string): boolean; hasClientIdHash(hash: string): boolean },
	queued: readonly StoredResponse[]
): string | null {
	const ids = new Set(queued.map((r) => r.id));
	const clientIds = new Set(queued.flatMap((r) => (r.clientIdHash ? [r.clientIdHash] : [])));
	for (const [i, record] of records.entries()) {
		const clientHash = record.clientResponseId ? sha256Hex(record.clientResponseId) : null;
		const problem = !v.is(importedResponseSchema, record)
			? 'is not a stored response'
			: stored.hasId(record.id) || ids.has(record.id)
				? `repeats the id ${record.id}`
				: clientHash && (stored.hasClientIdHash(clientHash) || clientIds.has(clientHash))
					? `repeats the clientResponseId ${record.clientResponseId}`
					: null;
		if (problem) return `record ${i} ${problem}`;
		ids.add(record.id);
		if (clientHash) clientIds.add(clientHash);
	}
	return null;
}
