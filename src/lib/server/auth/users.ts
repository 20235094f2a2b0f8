import { randomBytes, randomUUID } from 'node:crypto';
import { sha256Hex } from '../../hash';
import { hashPassword, MIN_PASSWORD_LENGTH, randomPassword, verifyPassword } from './passwords';
import { roles, type Role, type Store, type UserRecord } from '../store';

/** What the rest of the app knows about a signed-in person. */
export interface User {
	id: string;
	username: string;
	role: Role;
}

export const usernamePattern = /^[a-z0-9][a-z0-9._-]{1,31}$/;
export const SESSION_HOURS = 8;

const rank: Record<Role, number> = { leader: 1, researcher: 2, admin: 3 };

/** Whether `role` may do what `needed` may: admin ⊃ researcher ⊃ leader. */
export function roleAtLeast(role: Role, needed: Role): boolean {
	return rank[role] >= rank[needed];
}

export function isRole(value: unknown): value is Role {
	return typeof value === 'string' && (roles as readonly string[]).includes(value);
}

export class UserError extends Error {
	constructor(
		readonly code:
			| 'usernameInvalid'
			| 'usernameTaken'
			| 'passwordShort'
			| 'roleInvalid'
			| 'notFound'
			| 'lastAdmin'
	) {
		super(code);
	}
}

function publicUser(record: UserRecord): User {
	return { id: record.id, username: record.username, role: record.role };
}

export function list(store: Store): User[] {
	return store.users
		.list()
		.map(publicUser)
		.sort((a, b) => a.username.localeCompare(b.username));
}

export function get(store: Store, id: string): User | undefined {
	const record = store.users.byId(id);
	return record && publicUser(record);
}

export async function create(
	store: Store,
	username: string,
	role: Role,
	password?: string
): Promise<{ user: User; password: string }> {
	const name = username.trim().toLowerCase();
	if (!usernamePattern.test(name)) throw new UserError('usernameInvalid');
	if (!isRole(role)) throw new UserError('roleInvalid');
	if (store.users.byUsername(name)) throw new UserError('usernameTaken');
	const chosen = password ?? randomPassword();
	if (chosen.length < MIN_PASSWORD_LENGTH) throw new UserError('passwordShort');
	const record: UserRecord = {
		id: randomUUID(),
		username: name,
		role,
		passwordHash: await hashPassword(chosen),
		createdAt: new Date().toISOString()
	};
	// Checked again as it is stored: another request may have taken the name while hashing.
	if (!(await store.users.add(record))) throw new UserError('usernameTaken');
	return { user: publicUser(record), password: chosen };
}

function admins(store: Store) {
	return store.users.list().filter((u) => u.role === 'admin');
}

export async function setRole(store: Store, id: string, role: Role): Promise<User> {
	if (!isRole(role)) throw new UserError('roleInvalid');
	const record = store.users.byId(id);
	if (!record) throw new UserError('notFound');
	if (record.role === 'admin' && role !== 'admin' && admins(store).length === 1)
		throw new UserError('lastAdmin');
	// Checked again in the store on the latest users: on PostgreSQL another instance may be
	// demoting the other administrator at this moment.
	const changed = await store.users.setRole(id, role, true);
	if (changed === 'lastAdmin') throw new UserError('lastAdmin');
	if (!changed) throw new UserError('notFound');
	return publicUser(changed);
}

export async function setPassword(store: Store, id: string, password?: string): Promise<string> {
	if (!store.users.byId(id)) throw new UserError('notFound');
	const chosen = password ?? randomPassword();
	if (chosen.length < MIN_PASSWORD_LENGTH) throw new UserError('passwordShort');
	const hash = await hashPassword(chosen);
	// A new password ends every session of the old one: the store does both in one write.
	if (!(await store.users.setPassword(id, hash))) throw new UserError('notFound');
	return chosen;
}

export async function remove(store: Store, id: string): Promise<User> {
	const record = store.users.byId(id);
	if (!record) throw new UserError('notFound');
	if (record.role === 'admin' && admins(store).length === 1) throw new UserError('lastAdmin');
	// The user's sessions go with them, in the same write.
	// Checked again in the store on the latest users, as in setRole.
	const removed = await store.users.remove(id, true);
	if (removed === 'lastAdmin') throw new UserError('lastAdmin');
	if (!removed) throw new UserError('notFound');
	return publicUser(removed);
}

/** The user with this name and password, or null. Takes the same time for unknown names. */
export async function authenticate(
	store: Store,
	username: string,
	password: string
): Promise<User | null> {
	const record = store.users.byUsername(username.trim().toLowerCase());
	// Hash against a dummy for unknown users so timing does not reveal which names exist.
	const ok = await verifyPassword(password, record?.passwordHash ?? dummyHash);
	return record && ok ? publicUser(record) : null;
}

const dummyHash =
	'scrypt$32768$8$1$AAAAAAAAAAAAAAAAAAAAAA==$AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=';

/**
 * At the first start there is no administrator: create `admin` with ADMIN_PASSWORD or a random
 * password, returned so it can be printed once.
 */
export async function ensureFirstAdmin(
	store: Store,
	fromEnv: string | null
): Promise<string | null> {
	// Also when the command line added other users before the first start: someone must be admin.
	if (admins(store).length > 0) return null;
	const name = store.users.byUsername('admin') ? 'admin-1' : 'admin';
	const { password } = await create(store, name, 'admin', fromEnv ?? undefined);
	return fromEnv ? null : password;
}

// Sessions -----------------------------------------------------------------------------------

function hashSession(token: string) {
	return sha256Hex(token);
}

/**
 * A user's own new password, after checking the current one: every session of the old one
 * ends (setPassword), so the caller starts a new one for this browser.
 */
export async function changeOwnPassword(
	store: Store,
	user: User,
	current: string,
	next: string
): Promise<'changed' | 'wrongPassword' | 'passwordShort'> {
	if (next.length < MIN_PASSWORD_LENGTH) return 'passwordShort';
	const record = store.users.byId(user.id);
	if (!record || !(await verifyPassword(current, record.passwordHash))) return 'wrongPassword';
	await setPassword(store, user.id, next);
	return 'changed';
}

/** Starts a session; the returned value goes into the cookie and nowhere else. */
export async function startSession(
	store: Store,
	user: User,
	now = new Date()
): Promise<{ token: string; expiresAt: Date }> {
	const token = randomBytes(32).toString('base64url');
	const expiresAt = new Date(now.getTime() + SESSION_HOURS * 3600_000);
	// The store drops the sessions expired by now in the same write.
	await store.sessions.add(
		{
			hash: hashSession(token),
			userId: user.id,
			createdAt: now.toISOString(),
			expiresAt: expiresAt.toISOString()
		},
		now
	);
	return { token, expiresAt };
}

/** Sessions whose use was noted in the last minute: noted again only after that. */
const seen = new Map<string, number>();
let seenTimer: NodeJS.Timeout | null = null;

/**
 * The signed-in user of a session cookie, or null: no such session, expired (SESSION_HOURS
 * after sign-in), or idle (unused for `idleMinutes`: a screen left signed in on a shared desk is
 * not a way in for the next person). A use is noted at most once a minute, written with the next
 * write of meta.json or within a minute; after a restart a session may look up to a minute idler
 * than it was, never less.
 */
export function userForSession(
	store: Store,
	token: string | undefined,
	now = Date.now(),
	idleMinutes = Infinity
): User | null {
	if (!token) return null;
	const hash = hashSession(token);
	const session = store.sessions.byHash(hash);
	if (!session || Date.parse(session.expiresAt) <= now) return null;
	const lastSeen = Math.max(
		Date.parse(session.lastSeenAt ?? session.createdAt),
		seen.get(hash) ?? -Infinity
	);
	if (now - lastSeen > idleMinutes * 60_000) return null;
	const user = get(store, session.userId) ?? null;
	if (user && now - (seen.get(hash) ?? -Infinity) >= 60_000) {
		seen.set(hash, now);
		if (seen.size > 10_000) seen.clear();
		store.sessions.noteSeen(hash, new Date(now).toISOString());
		seenTimer ??= setTimeout(() => {
			seenTimer = null;
			store.sessions
				.writeSeen()
				.catch((e) => console.error(`[sessions] could not record use: ${(e as Error).message}`));
		}, 60_000);
		seenTimer.unref();
	}
	return user;
}

export async function endSession(store: Store, token: string | undefined): Promise<void> {
	if (!token) return;
	await store.sessions.remove(hashSession(token));
}
