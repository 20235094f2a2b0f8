import type { AuditEntry } from '../audit-log';
import type { Database, Mirror, Pulled } from './database';

interface Waiting {
	entry: AuditEntry;
	resolve: () => void;
	reject: (e: unknown) => void;
}

/**
 * The audit log in PostgreSQL (`audit_entries`), with the verbs of ../audit-log.ts: an entry
 * joins memory at once and resolves once committed; entries recorded while a write is on its way
 * go together in the next (group commit). Entries other instances record arrive with `sync`, so
 * the audit page of any instance lists every instance's entries. A write that fails takes
 * exactly its own entries back out of memory and rejects them.
 */
export class PgAudit implements Mirror {
	private all: AuditEntry[] = [];
	private waiting: Waiting[] = [];
	private writing: Promise<void> | null = null;

	constructor(private readonly db: Database) {
		db.attach(this);
	}

	record(entry: Omit<AuditEntry, 'at' | 'detail'> & { detail?: AuditEntry['detail'] }) {
		const full: AuditEntry = { at: new Date().toISOString(), detail: {}, ...entry };
		this.all.push(full);
		return new Promise<void>((resolve, reject) => {
			this.waiting.push({ entry: full, resolve, reject });
			this.writing ??= this.drain();
		});
	}

	entries(limit = 500, offset = 0): AuditEntry[] {
		const all = this.all;
		return all.slice(Math.max(0, all.length - offset - limit), all.length - offset).reverse();
	}

	get size(): number {
		return this.all.length;
	}

	async flushed(): Promise<void> {
		while (this.writing) await this.writing;
	}

	apply(pulled: Pulled): void {
		for (const row of pulled.audit) this.all.push(row.doc);
	}

	private async drain(): Promise<void> {
		try {
			while (this.waiting.length > 0) {
				const batch = this.waiting;
				this.waiting = [];
				try {
					await this.db.write(async (client, changeSeq) => {
						await client.query(
							`INSERT INTO audit_entries (doc, change_seq)
							 SELECT value::text::json, $2 FROM jsonb_array_elements($1::jsonb) WITH ORDINALITY AS e(value, n)
							 ORDER BY n`,
							[JSON.stringify(batch.map((w) => w.entry)), changeSeq]
						);
						return { result: undefined };
					});
				} catch (e) {
					const refused = new Set(batch.map((w) => w.entry));
					this.all = this.all.filter((entry) => !refused.has(entry));
					for (const w of batch) w.reject(e);
					continue;
				}
				for (const w of batch) w.resolve();
			}
		} finally {
			this.writing = null;
		}
	}
}
