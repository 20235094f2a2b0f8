import { Low } from 'lowdb';
import { DurableJsonFile } from './durable-file';

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

export class AuditLog {
	private constructor(private readonly db: Low<AuditFile>) {}

	static async open(file: string): Promise<AuditLog> {
		const db = new Low<AuditFile>(new DurableJsonFile(file, isAuditFile), {
			format: 'odb-audit/1',
			entries: []
		});
		await db.read();
		return new AuditLog(db);
	}

	async record(entry: Omit<AuditEntry, 'at' | 'detail'> & { detail?: AuditEntry['detail'] }) {
		this.db.data.entries.push({ at: new Date().toISOString(), detail: {}, ...entry });
		try {
			await this.db.write();
		} catch (e) {
			// Not on disk, so not in the log: memory must not say otherwise.
			this.db.data.entries.pop();
			throw e;
		}
	}

	/** Newest first. */
	entries(limit = 500, offset = 0): AuditEntry[] {
		const all = this.db.data.entries;
		return all.slice(Math.max(0, all.length - offset - limit), all.length - offset).reverse();
	}

	get size(): number {
		return this.db.data.entries.length;
	}
}
