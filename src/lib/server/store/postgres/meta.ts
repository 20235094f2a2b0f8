import type { MetaData } from '../meta';
import type { Database, Mirror, Pulled } from './database';

type Collection = Exclude<keyof MetaData, 'format' | 'receiptKey'>;

/** How each collection's records are told apart: the row key in `meta_records`. */
const keys: Record<Collection, (record: never) => string> = {
	users: (r: { id: string }) => r.id,
	sessions: (r: { hash: string }) => r.hash,
	apiTokens: (r: { id: string }) => r.id,
	rounds: (r: { id: string }) => r.id,
	versions: (r: { surveyId: string; version: string }) => `${r.surveyId}/${r.version}`,
	invitations: (r: { id: string }) => r.id,
	questionnaires: (r: { id: string }) => r.id
};
const collections = Object.keys(keys) as Collection[];
/** receiptKey, the one value that is not in a list, is the row ('settings', 'receiptKey'). */
const SETTINGS = 'settings';

type Change = (data: MetaData) => void;
interface Pending {
	change: Change;
	done?: { resolve: () => void; reject: (e: unknown) => void };
}

const rowId = (collection: string, key: string) => `${collection}\u0000${key}`;

/**
 * The meta data (users, sessions, tokens, rounds, invitations, versions, questionnaires, the
 * receipt key) in PostgreSQL, one row per record in `meta_records`, for the same repositories
 * that use meta.json (they see the same `MetaFile` verbs; see ../meta.ts).
 *
 * It keeps meta.json's promise to them: a change is applied to memory at once (so a check made
 * just before it in the same tick still holds) and resolves once it is durably stored. Memory is
 * "the database as last seen + the changes not yet written", rebuilt whenever rows written by
 * another instance arrive, by running the waiting changes again on the fresh rows — which is why
 * a change finds its records by id each time it runs (../meta.ts says the same). A write runs
 * under the database's write lock after reading what others wrote, so a change such as "take a
 * use of this invitation if one is left" is decided on every instance's data, not a stale copy.
 *
 * What is written is the difference between memory and the rows as stored: each record whose
 * JSON changed, and an empty row (doc null) for each record removed, so that other instances
 * learn of removals too.
 */
export class PgMeta implements Mirror {
	private current: MetaData;
	/** The rows as the database holds them: row id → JSON text, in the order they were added. */
	private stored = new Map<string, string>();
	private pending: Pending[] = [];
	private writing: Promise<void> | null = null;

	constructor(private readonly db: Database) {
		this.current = this.rebuilt();
		db.attach(this);
	}

	get data(): Readonly<MetaData> {
		return this.current;
	}

	change(change: Change): Promise<void> {
		change(this.current);
		this.hideUncommittedKey();
		return new Promise((resolve, reject) => {
			this.pending.push({ change, done: { resolve, reject } });
			this.writing ??= this.drain();
		});
	}

	changeLater(change: Change): void {
		change(this.current);
		this.hideUncommittedKey();
		this.pending.push({ change });
	}

	async writeWaiting(): Promise<void> {
		if (this.pending.length === 0) return;
		await this.change(() => {});
	}

	async flushed(): Promise<void> {
		while (this.writing) await this.writing;
	}

	apply(pulled: Pulled): void {
		if (pulled.meta.length === 0) return;
		for (const row of pulled.meta) {
			const id = rowId(row.collection, row.key);
			if (row.doc === null) this.stored.delete(id);
			else this.stored.set(id, JSON.stringify(row.doc));
		}
		this.current = this.rebuilt();
	}

	/**
	 * The receipt key is the one value another instance may choose differently at the same time
	 * (both draw one for their first submission; the first committed wins). A receipt derived
	 * from a key not yet committed could belong to the losing key, and would then not match on
	 * the other instances: so memory shows only the committed key, and the submission that asked
	 * for one waits for its write (secret-records.ts) and then reads the winner.
	 */
	private hideUncommittedKey() {
		const text = this.stored.get(rowId(SETTINGS, 'receiptKey'));
		if (text === undefined) delete this.current.receiptKey;
		else this.current.receiptKey = JSON.parse(text) as string;
	}

	/** Memory = the rows as stored + the changes not yet written (those that fail are dropped). */
	private rebuilt(hideKey = true): MetaData {
		const data: MetaData = {
			format: 'odb-meta/1',
			users: [],
			sessions: [],
			apiTokens: [],
			rounds: [],
			versions: [],
			invitations: [],
			questionnaires: []
		};
		for (const [id, text] of this.stored) {
			const [collection] = id.split('\u0000');
			if (collection === SETTINGS) data.receiptKey = JSON.parse(text) as string;
			else (data[collection as Collection] as unknown[])?.push(JSON.parse(text));
		}
		const kept: Pending[] = [];
		for (const p of this.pending) {
			try {
				p.change(data);
				kept.push(p);
			} catch (e) {
				p.done?.reject(e);
			}
		}
		this.pending = kept;
		if (hideKey) {
			const text = this.stored.get(rowId(SETTINGS, 'receiptKey'));
			if (text === undefined) delete data.receiptKey;
			else data.receiptKey = JSON.parse(text) as string;
		}
		return data;
	}

	/** The rows that differ between memory and the database: changed, added, removed (null). */
	private differences(): { collection: string; key: string; doc: string | null }[] {
		const rows: { collection: string; key: string; doc: string | null }[] = [];
		const present = new Set<string>();
		for (const collection of collections) {
			const key = keys[collection] as (record: unknown) => string;
			for (const record of this.current[collection] as unknown[]) {
				const k = key(record);
				const id = rowId(collection, k);
				present.add(id);
				const text = JSON.stringify(record);
				if (this.stored.get(id) !== text) rows.push({ collection, key: k, doc: text });
			}
		}
		if (this.current.receiptKey !== undefined) {
			const id = rowId(SETTINGS, 'receiptKey');
			present.add(id);
			const text = JSON.stringify(this.current.receiptKey);
			if (this.stored.get(id) !== text)
				rows.push({ collection: SETTINGS, key: 'receiptKey', doc: text });
		}
		for (const id of this.stored.keys()) {
			if (present.has(id)) continue;
			const [collection, key] = id.split('\u0000');
			rows.push({ collection, key, doc: null });
		}
		return rows;
	}

	private async drain(): Promise<void> {
		try {
			while (this.pending.some((p) => p.done)) {
				let batch: Pending[] = [];
				try {
					await this.db.write(async (client, changeSeq) => {
						// Taken here, after the write lock and the rows others wrote: memory is now the
						// database + exactly these changes.
						// With the key the changes choose (hidden from readers until committed).
						this.current = this.rebuilt(false);
						batch = this.pending;
						this.pending = [];
						const rows = this.differences();
						this.hideUncommittedKey();
						if (rows.length > 0) {
							await client.query(
								`INSERT INTO meta_records (collection, key, position, doc, change_seq)
								 SELECT r.collection, r.key, $2::bigint * 100000 + r.ord, r.doc::json, $2
								 FROM jsonb_to_recordset($1::jsonb) AS r(collection text, key text, doc text, ord int)
								 ON CONFLICT (collection, key) DO UPDATE SET doc = EXCLUDED.doc, change_seq = EXCLUDED.change_seq`,
								[JSON.stringify(rows.map((r, ord) => ({ ...r, ord }))), changeSeq]
							);
						}
						return {
							result: undefined,
							committed: () => {
								for (const row of rows) {
									const id = rowId(row.collection, row.key);
									if (row.doc === null) this.stored.delete(id);
									else this.stored.set(id, row.doc);
								}
								this.hideUncommittedKey();
							}
						};
					});
				} catch (e) {
					// Failed before taking its batch (no connection): what waits fails now, not forever.
					if (batch.length === 0) {
						batch = this.pending;
						this.pending = [];
					}
					// Not stored: memory goes back to the rows as stored + what still waits; changes
					// that asked for no write wait for the next one.
					this.pending = [...batch.filter((p) => !p.done), ...this.pending];
					this.current = this.rebuilt();
					for (const p of batch) p.done?.reject(e);
					continue;
				}
				for (const p of batch) p.done?.resolve();
			}
		} finally {
			this.writing = null;
		}
	}
}
