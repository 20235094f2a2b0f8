import * as v from 'valibot';
import { storedResponseSchema, type StoredResponse } from './records';

/** A response to import: as stored, except its number, which the log hands out. */
export type ImportedResponse = Omit<StoredResponse, 'seq'>;

const importedResponseSchema = v.omit(storedResponseSchema, ['seq']);

/**
 * Why a batch of records cannot be imported beside those stored or queued, or null:
 * a record that is not a stored response, or repeats an id or a clientResponseId. One bad
 * record refuses the whole batch, so a seed is never half-imported.
 */
export function importProblem(
	records: readonly ImportedResponse[],
	stored: { hasId(id: string): boolean; hasClientId(clientResponseId: string): boolean },
	queued: readonly StoredResponse[]
): string | null {
	const ids = new Set(queued.map((r) => r.id));
	const clientIds = new Set(
		queued.flatMap((r) => (r.clientResponseId ? [r.clientResponseId] : []))
	);
	for (const [i, record] of records.entries()) {
		const problem = !v.is(importedResponseSchema, record)
			? 'is not a stored response'
			: stored.hasId(record.id) || ids.has(record.id)
				? `repeats the id ${record.id}`
				: record.clientResponseId &&
					  (stored.hasClientId(record.clientResponseId) || clientIds.has(record.clientResponseId))
					? `repeats the clientResponseId ${record.clientResponseId}`
					: null;
		if (problem) return `record ${i} ${problem}`;
		ids.add(record.id);
		if (record.clientResponseId) clientIds.add(record.clientResponseId);
	}
	return null;
}
