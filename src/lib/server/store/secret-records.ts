import { randomBytes } from 'node:crypto';
import type { MetaFile } from './meta';

/**
 * Keys the app derives things with (`store.secrets`), kept in meta.json (see meta.ts).
 *
 * The receipt key: a respondent's receipt code is derived from the browser's submission id with
 * it (server/responses/receipts.ts), so a retried submission gets the same code back even though
 * the store keeps only a hash of the code and of the id. Someone holding a copy of the data
 * folder has the key but not the submission ids (only their hashes, of random UUIDs), so still
 * cannot work out a single code.
 */
export class SecretRecords {
	constructor(private readonly meta: MetaFile) {}

	/** The receipt key, or null until `createReceiptKey` has run for this data folder. */
	receiptKey(): Buffer | null {
		const key = this.meta.data.receiptKey;
		return key ? Buffer.from(key, 'base64') : null;
	}

	/**
	 * Creates the receipt key (one durable write, once per data folder), the first time a code
	 * must be derived, so a folder that never took an answer gets none.
	 */
	async createReceiptKey(): Promise<void> {
		if (this.meta.data.receiptKey) return;
		const key = randomBytes(32).toString('base64');
		// Two first submissions at once both land here; the first change wins in both.
		await this.meta.change((data) => {
			data.receiptKey ??= key;
		});
	}
}
