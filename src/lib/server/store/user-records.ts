import type { MetaFile, UserRecord } from './meta';

const copy = (record: UserRecord): UserRecord => ({ ...record });

/**
 * The workspace's users (`store.users`), kept in meta.json (meta.ts says how it is written).
 * Storage only: who may be created, given a role or removed, and how passwords are hashed, is
 * decided in `$lib/server/users`. Records come out as copies, so a caller changing one changes
 * nothing stored; a change goes through a verb and is on disk when its promise resolves.
 */
export class UserRecords {
	constructor(private readonly meta: MetaFile) {}

	list(): UserRecord[] {
		return this.meta.data.users.map(copy);
	}

	byId(id: string): UserRecord | undefined {
		const record = this.meta.data.users.find((u) => u.id === id);
		return record && copy(record);
	}

	byUsername(username: string): UserRecord | undefined {
		const record = this.meta.data.users.find((u) => u.username === username);
		return record && copy(record);
	}

	/**
	 * Stores a new user. False, and nothing stored, if the username or id is taken by then: the
	 * caller checked before hashing the password, and another request may have been quicker.
	 */
	async add(record: UserRecord): Promise<boolean> {
		const taken = (u: UserRecord) => u.username === record.username || u.id === record.id;
		if (this.meta.data.users.some(taken)) return false;
		const stored = copy(record);
		// Decided by the change's last run: on PostgreSQL that is on every instance's users.
		let added = false;
		await this.meta.change((data) => {
			added = !data.users.some(taken);
			if (added) data.users.push({ ...stored });
		});
		return added;
	}

	/** The user with the new role, or undefined if there is no such user. */
	async setRole(id: string, role: UserRecord['role']): Promise<UserRecord | undefined> {
		if (!this.byId(id)) return undefined;
		await this.meta.change((data) => {
			const record = data.users.find((u) => u.id === id);
			if (record) record.role = role;
		});
		return this.byId(id);
	}

	/**
	 * Replaces the password hash and ends the user's sessions in the same write, so there is no
	 * moment, even after a crash, when a session of the old password outlives it. False if
	 * there is no such user.
	 */
	async setPassword(id: string, passwordHash: string): Promise<boolean> {
		if (!this.byId(id)) return false;
		await this.meta.change((data) => {
			const record = data.users.find((u) => u.id === id);
			if (record) record.passwordHash = passwordHash;
			data.sessions = data.sessions.filter((s) => s.userId !== id);
		});
		return true;
	}

	/** Removes the user and, in the same write, their sessions; undefined if there is no such user. */
	async remove(id: string): Promise<UserRecord | undefined> {
		const record = this.byId(id);
		if (!record) return undefined;
		await this.meta.change((data) => {
			data.users = data.users.filter((u) => u.id !== id);
			data.sessions = data.sessions.filter((s) => s.userId !== id);
		});
		return record;
	}
}
