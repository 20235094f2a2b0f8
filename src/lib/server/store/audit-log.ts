import { DurableJsonFile, writeFileDurably } from './durable-file';

/**
 * Who did what, when: sign-ins, user, token and round changes, exports, deletions. It never
 * holds answers, passwords, tokens or addresses — only names, ids and what kind of change.
 */
export interface AuditEntry {
	at: string;
	/** The username, `token:<name>`, or `system`. A failed sign-in records the name tried. */
	actor: string;
	action: string;
	/** What was acted on: a username, a round slug, a questionnaire id. */
	target: string | null;
	/** Plain facts about the change (a role, a count), never respondents' data. */
	detail: Record<string, string | number | boolean | null>;
}

interface AuditFile {
	format: 'odb-audit/1';
	entries: AuditEntry[];
}

function isAuditFile(value: unknown): value is AuditFile {
	const file = value as Partial<AuditFile> | null;
	return Boolean(file) && file?.format === 'odb-audit/1' && Array.isArray(file.entries);
}

interface Waiting {
	entry: AuditEntry;
	resolve: () => void;
	reject: (e: unknown) => void;
}

/**
 * `audit.json`, written the way meta.json is (meta.ts): an entry joins memory at once and waits
 * for a write that starts after it; writes go one at a time, each carrying every entry that
 * arrived while the one before was on its way to disk (group commit). 200 failed sign-ins at
 * once make a handful of writes, not 200 racing ones, and every one of them is in the file when
 * its caller hears back.
 *
 * A write that fails takes exactly its own entries back out of memory and rejects them, so
 * memory never shows an entry the disk refused; entries that arrived meanwhile stay waiting for
 * the next write. (Popping "the last entry" instead, as this once did, took out someone else's
 * entry whenever two were recorded at once.)
 */
export class AuditLog {
	private waiting: Waiting[] = [];
	private writing: Promise<void> | null = null;

	private constructor(
		private readonly file: string,
		private readonly all: AuditEntry[]
	) {}

	static async open(file: string): Promise<AuditLog> {
		const data = await new DurableJsonFile(file, isAuditFile).read();
		return new AuditLog(file, data?.entries ?? []);
	}

	record(entry: Omit<AuditEntry, 'at' | 'detail'> & { detail?: AuditEntry['detail'] }) {
		const full: AuditEntry = { at: new Date().toISOString(), detail: {}, ...entry };
		this.all.push(full);
		return new Promise<void>((resolve, reject) => {
			this.waiting.push({ entry: full, resolve, reject });
			this.writing ??= this.drain();
		});
	}

	/** Every entry, oldest first (`npm run migrate-store`). */
	everything(): readonly AuditEntry[] {
		return this.all;
	}

	/** Fills an empty log with entries as another store held them, times unchanged. */
	async restore(entries: readonly AuditEntry[]): Promise<void> {
		if (this.all.length > 0) throw new Error('Not restored: the audit log is not empty.');
		if (entries.length === 0) return;
		for (const entry of entries) this.all.push(entry);
		await new Promise<void>((resolve, reject) => {
			this.waiting.push({ entry: entries[0], resolve, reject });
			this.writing ??= this.drain();
		});
	}

	/** Newest first. */
	entries(limit = 500, offset = 0): AuditEntry[] {
		const all = this.all;
		return all.slice(Math.max(0, all.length - offset - limit), all.length - offset).reverse();
	}

	get size(): number {
		return this.all.length;
	}

	/** Waits until every entry recorded so far has been written, or refused (at close). */
	async flushed(): Promise<void> {
		while (this.writing) await this.writing;
	}

	private async drain(): Promise<void> {
		try {
			while (this.waiting.length > 0) {
				const batch = this.waiting;
				this.waiting = [];
				// Serialised before any await: the write holds exactly what memory holds now.
				const file: AuditFile = { format: 'odb-audit/1', entries: this.all };
				const text = JSON.stringify(file);
				try {
					await writeFileDurably(this.file, text);
				} catch (e) {
					const refused = new Set(batch.map((w) => w.entry));
					let to = 0;
					for (const entry of this.all) if (!refused.has(entry)) this.all[to++] = entry;
					this.all.length = to;
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

/** What the app asks of the audit log, whichever store holds it (postgres/audit.ts). */
export type Audit = Pick<AuditLog, 'record' | 'entries' | 'size' | 'flushed'>;
