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

	/**
	 * The user with the new role, undefined if there is no such user, or 'lastAdmin' (nothing
	 * changed) if `keepAnAdmin` and this would leave no administrator. Decided inside the change:
	 * on PostgreSQL it runs again under the write lock on every instance's users
	 * (postgres/meta.ts), so two instances demoting the last two administrators at once cannot
	 * both succeed.
	 */
	async setRole(
		id: string,
		role: UserRecord['role'],
		keepAnAdmin = false
	): Promise<UserRecord | undefined | 'lastAdmin'> {
		if (!this.byId(id)) return undefined;
		let refused = false;
		await this.meta.change((data) => {
			const record = data.users.find((u) => u.id === id);
			refused = Boolean(
				keepAnAdmin && record && role !== 'admin' && isLastAdmin(data.users, record)
			);
			if (record && !refused) record.role = role;
		});
		return refused ? 'lastAdmin' : this.byId(id);
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

	/**
	 * Removes the user and, in the same write, their sessions; undefined if there is no such
	 * user; 'lastAdmin' (nothing removed) if `keepAnAdmin` and they are the last administrator,
	 * decided as in `setRole`.
	 */
	async remove(id: string, keepAnAdmin = false): Promise<UserRecord | undefined | 'lastAdmin'> {
		const record = this.byId(id);
		if (!record) return undefined;
		let refused = false;
		await this.meta.change((data) => {
			const current = data.users.find((u) => u.id === id);
			refused = Boolean(keepAnAdmin && current && isLastAdmin(data.users, current));
			if (refused) return;
			data.users = data.users.filter((u) => u.id !== id);
			data.sessions = data.sessions.filter((s) => s.userId !== id);
		});
		return refused ? 'lastAdmin' : record;
	}
}

/** Whether `user` is an administrator and no other is. */
function isLastAdmin(users: UserRecord[], user: UserRecord): boolean {
	return user.role === 'admin' && !users.some((u) => u.role === 'admin' && u.id !== user.id);
}
