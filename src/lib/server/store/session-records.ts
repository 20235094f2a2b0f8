import type { MetaFile, SessionRecord } from './meta';

/**
 * Signed-in sessions (`store.sessions`), kept in meta.json (see meta.ts), by the hash of the
 * cookie's value. Opening, checking and ending them is `$lib/server/users`; a user's sessions
 * end with their password or their account (`store.users.setPassword`, `remove`).
 */
export class SessionRecords {
	constructor(private readonly meta: MetaFile) {}

	byHash(hash: string): SessionRecord | undefined {
		const record = this.meta.data.sessions.find((s) => s.hash === hash);
		return record && { ...record };
	}

	/**
	 * Stores a new session, and drops those expired by `now` in the same write: without a sweep
	 * of its own the file would keep every session ever opened.
	 */
	async add(session: SessionRecord, now: Date): Promise<void> {
		const stored = { ...session };
		await this.meta.change((data) => {
			data.sessions = data.sessions.filter((s) => Date.parse(s.expiresAt) > now.getTime());
			data.sessions.push({ ...stored });
		});
	}

	/**
	 * Notes when a session was last used, in memory at once; it reaches the disk with the next
	 * write of meta.json (or `writeSeen`), as token uses do: a write per request would be too many.
	 */
	noteSeen(hash: string, at: string): void {
		this.meta.changeLater((data) => {
			const record = data.sessions.find((s) => s.hash === hash);
			if (record) record.lastSeenAt = at;
		});
	}

	/** Writes the uses noted since the last write, if any. */
	writeSeen(): Promise<void> {
		return this.meta.writeWaiting();
	}

	/** Ends the session with this hash; false if there was none (and nothing was written). */
	async remove(hash: string): Promise<boolean> {
		if (!this.meta.data.sessions.some((s) => s.hash === hash)) return false;
		await this.meta.change((data) => {
			data.sessions = data.sessions.filter((s) => s.hash !== hash);
		});
		return true;
	}
}
