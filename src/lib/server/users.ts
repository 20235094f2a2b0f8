import { randomBytes, randomUUID } from 'node:crypto';
import { sha256Hex } from './hash';
import { hashPassword, MIN_PASSWORD_LENGTH, randomPassword, verifyPassword } from './passwords';
import { roles, type Role, type Store, type UserRecord } from './store';

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
	return store.meta.data.users.map(publicUser).sort((a, b) => a.username.localeCompare(b.username));
}

export function get(store: Store, id: string): User | undefined {
	const record = store.meta.data.users.find((u) => u.id === id);
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
	if (store.meta.data.users.some((u) => u.username === name)) throw new UserError('usernameTaken');
	const chosen = password ?? randomPassword();
	if (chosen.length < MIN_PASSWORD_LENGTH) throw new UserError('passwordShort');
	const record: UserRecord = {
		id: randomUUID(),
		username: name,
		role,
		passwordHash: await hashPassword(chosen),
		createdAt: new Date().toISOString()
	};
	await store.meta.update((meta) => {
		meta.users.push(record);
	});
	return { user: publicUser(record), password: chosen };
}

function admins(store: Store) {
	return store.meta.data.users.filter((u) => u.role === 'admin');
}

export async function setRole(store: Store, id: string, role: Role): Promise<User> {
	if (!isRole(role)) throw new UserError('roleInvalid');
	const record = store.meta.data.users.find((u) => u.id === id);
	if (!record) throw new UserError('notFound');
	if (record.role === 'admin' && role !== 'admin' && admins(store).length === 1)
		throw new UserError('lastAdmin');
	await store.meta.update(() => {
		record.role = role;
	});
	return publicUser(record);
}

export async function setPassword(store: Store, id: string, password?: string): Promise<string> {
	const record = store.meta.data.users.find((u) => u.id === id);
	if (!record) throw new UserError('notFound');
	const chosen = password ?? randomPassword();
	if (chosen.length < MIN_PASSWORD_LENGTH) throw new UserError('passwordShort');
	const hash = await hashPassword(chosen);
	await store.meta.update((meta) => {
		record.passwordHash = hash;
		// A new password ends every session of the old one.
		meta.sessions = meta.sessions.filter((s) => s.userId !== id);
	});
	return chosen;
}

export async function remove(store: Store, id: string): Promise<User> {
	const record = store.meta.data.users.find((u) => u.id === id);
	if (!record) throw new UserError('notFound');
	if (record.role === 'admin' && admins(store).length === 1) throw new UserError('lastAdmin');
	await store.meta.update((meta) => {
		meta.users = meta.users.filter((u) => u.id !== id);
		meta.sessions = meta.sessions.filter((s) => s.userId !== id);
	});
	return publicUser(record);
}

/** The user with this name and password, or null. Takes the same time for unknown names. */
export async function authenticate(
	store: Store,
	username: string,
	password: string
): Promise<User | null> {
	const record = store.meta.data.users.find((u) => u.username === username.trim().toLowerCase());
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
	const taken = new Set(store.meta.data.users.map((u) => u.username));
	const name = taken.has('admin') ? 'admin-1' : 'admin';
	const { password } = await create(store, name, 'admin', fromEnv ?? undefined);
	return fromEnv ? null : password;
}

// Sessions -----------------------------------------------------------------------------------

function hashSession(token: string) {
	return sha256Hex(token);
}

/** Starts a session; the returned value goes into the cookie and nowhere else. */
export async function startSession(
	store: Store,
	user: User,
	now = new Date()
): Promise<{ token: string; expiresAt: Date }> {
	const token = randomBytes(32).toString('base64url');
	const expiresAt = new Date(now.getTime() + SESSION_HOURS * 3600_000);
	await store.meta.update((meta) => {
		meta.sessions = meta.sessions.filter((s) => Date.parse(s.expiresAt) > now.getTime());
		meta.sessions.push({
			hash: hashSession(token),
			userId: user.id,
			createdAt: now.toISOString(),
			expiresAt: expiresAt.toISOString()
		});
	});
	return { token, expiresAt };
}

export function userForSession(
	store: Store,
	token: string | undefined,
	now = Date.now()
): User | null {
	if (!token) return null;
	const hash = hashSession(token);
	const session = store.meta.data.sessions.find((s) => s.hash === hash);
	if (!session || Date.parse(session.expiresAt) <= now) return null;
	return get(store, session.userId) ?? null;
}

export async function endSession(store: Store, token: string | undefined): Promise<void> {
	if (!token) return;
	const hash = hashSession(token);
	if (!store.meta.data.sessions.some((s) => s.hash === hash)) return;
	await store.meta.update((meta) => {
		meta.sessions = meta.sessions.filter((s) => s.hash !== hash);
	});
}
