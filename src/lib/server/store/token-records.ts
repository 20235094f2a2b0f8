import type { MetaFile, TokenRecord } from './meta';

const copy = (record: TokenRecord): TokenRecord => ({ ...record });

/**
 * API tokens (`store.tokens`), kept hashed in meta.json (see meta.ts). Creating, checking and
 * printing them is `$lib/server/tokens`. Records come out as copies.
 */
export class TokenRecords {
	constructor(private readonly meta: MetaFile) {}

	/** Every token ever created, revoked ones too, with its hash. */
	list(): TokenRecord[] {
		return this.meta.data.apiTokens.map(copy);
	}

	get size(): number {
		return this.meta.data.apiTokens.length;
	}

	async add(record: TokenRecord): Promise<void> {
		const stored = copy(record);
		await this.meta.change((data) => {
			if (!data.apiTokens.some((t) => t.id === stored.id)) data.apiTokens.push(copy(stored));
		});
	}

	/** Revokes the token if it exists and is not revoked yet; the revoked record, or undefined. */
	async revoke(id: string, at: string): Promise<TokenRecord | undefined> {
		const active = (t: TokenRecord) => t.id === id && !t.revokedAt;
		if (!this.meta.data.apiTokens.some(active)) return undefined;
		await this.meta.change((data) => {
			const record = data.apiTokens.find(active);
			if (record) record.revokedAt = at;
		});
		const record = this.meta.data.apiTokens.find((t) => t.id === id);
		return record && copy(record);
	}

	/**
	 * Notes when a token was used, in memory at once; it reaches the disk with the next write of
	 * meta.json (or `writeUses`): one disk write per API request would be far too many.
	 */
	noteUse(id: string, at: string): void {
		this.meta.changeLater((data) => {
			const record = data.apiTokens.find((t) => t.id === id);
			if (record) record.lastUsedAt = at;
		});
	}

	/** Writes the uses noted since the last write, if any. */
	writeUses(): Promise<void> {
		return this.meta.writeWaiting();
	}
}
