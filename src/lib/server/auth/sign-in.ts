import * as audit from '../app/audit';
import { addressKey } from '../http/rate-limit';
import type { Store } from '../store';
import { HashBusyError } from './passwords';
import { FailureThrottle } from './throttle';
import * as users from './users';

/**
 * Signing in and out of the workspace: the throttle on failed attempts, the check of the
 * password, the session, and the audit entries, in one place; the route only reads the form and
 * sets the cookie.
 */

/** Failed sign-ins are slowed down per username and per address (in memory only). */
const throttle = new FailureThrottle();

export type SignInResult =
	| { ok: true; user: users.User; session: { token: string; expiresAt: Date } }
	| { ok: false; error: 'throttled' | 'busy'; wait: number }
	| { ok: false; error: 'failed'; wait: 0 };

/**
 * Checks a sign-in from `address` (the client's, as `clientAddress` gives it).
 *
 * The attempt is counted against the username and the address before the password is hashed,
 * so guesses sent in parallel are held back as if sent one after the other. The address counts
 * by its network (an IPv6 address by its /64, as submissions do: one subscriber can use any
 * address in it), through a keyed hash, so no address is kept. Hashing waits for one of the few
 * hash slots (passwords.ts); when the line is full the answer is "busy", and the attempt is not
 * held against anyone, since no password was checked.
 *
 * Every refused sign-in is audited before the answer goes out, with why (`password`,
 * `throttled`, `busy`), so a flood is visible in the log; the log's group commit (audit-log.ts)
 * makes 200 of them a few writes. A sign-in that cannot be audited (or whose session cannot be
 * stored) throws the store's StoreWriteError, a 503.
 */
export async function signIn(
	store: Store,
	username: string,
	password: string,
	address: string
): Promise<SignInResult> {
	const keys: [string, string][] = [
		['user', username],
		['address', addressKey(address)]
	];
	const failed = (reason: 'password' | 'throttled' | 'busy') =>
		audit.record(store, username || '(empty)', 'signInFailed', null, { reason });
	const wait = throttle.attempt(keys);
	if (wait > 0) {
		await failed('throttled');
		return { ok: false, error: 'throttled', wait };
	}
	let user: users.User | null;
	try {
		user = await users.authenticate(store, username, password);
	} catch (e) {
		if (!(e instanceof HashBusyError)) throw e;
		throttle.forgive(keys);
		await failed('busy');
		return { ok: false, error: 'busy', wait: e.retryAfterSeconds };
	}
	if (!user) {
		await failed('password');
		return { ok: false, error: 'failed', wait: 0 };
	}
	throttle.succeeded([keys[0]]);
	throttle.forgive([keys[1]]);
	const session = await users.startSession(store, user);
	try {
		await audit.record(store, user.username, 'signIn');
	} catch (e) {
		// Not in the log, so not signed in: the session goes again (if the disk lets it).
		await users.endSession(store, session.token).catch(() => {});
		throw e;
	}
	return { ok: true, user, session };
}

export type PasswordChange =
	| { ok: true; session: { token: string; expiresAt: Date } }
	| { ok: false; error: 'throttled' | 'busy'; wait: number }
	| { ok: false; error: 'wrongPassword' | 'passwordShort' | 'mismatch'; wait: 0 };

/**
 * A signed-in person changes their own password. The current password is checked like a
 * sign-in (counted first, throttled per user and address, through the hash slots), so a session
 * left open is no way to guess it. Every session of the old password ends, and this browser
 * gets a new one. Audited, without either password.
 */
export async function changePassword(
	store: Store,
	user: users.User,
	current: string,
	next: string,
	repeated: string,
	address: string
): Promise<PasswordChange> {
	if (next !== repeated) return { ok: false, error: 'mismatch', wait: 0 };
	const keys: [string, string][] = [
		['user', user.username],
		['address', addressKey(address)]
	];
	const wait = throttle.attempt(keys);
	if (wait > 0) return { ok: false, error: 'throttled', wait };
	let outcome: Awaited<ReturnType<typeof users.changeOwnPassword>>;
	try {
		outcome = await users.changeOwnPassword(store, user, current, next);
	} catch (e) {
		if (!(e instanceof HashBusyError)) throw e;
		throttle.forgive(keys);
		return { ok: false, error: 'busy', wait: e.retryAfterSeconds };
	}
	if (outcome === 'passwordShort') {
		throttle.forgive(keys);
		return { ok: false, error: 'passwordShort', wait: 0 };
	}
	if (outcome === 'wrongPassword') {
		await audit.record(store, user.username, 'passwordChangeFailed');
		return { ok: false, error: 'wrongPassword', wait: 0 };
	}
	throttle.succeeded([keys[0]]);
	throttle.forgive([keys[1]]);
	await audit.record(store, user.username, 'passwordChanged');
	return { ok: true, session: await users.startSession(store, user) };
}

/** Ends the session of `token` (if any) and records who signed out. */
export async function signOut(
	store: Store,
	token: string | undefined,
	user: users.User | null
): Promise<void> {
	await users.endSession(store, token);
	if (user) await audit.record(store, user.username, 'signOut');
}

/**
 * Where to go after signing in: a path inside the workspace, never another site, as a
 * `Location` header can carry it. The query is re-encoded (a raw "ø" in a header is refused by
 * Node, which made a sign-in with `next=/admin?q=ø` a 500); anything that does not stay under
 * `/admin` on this origin gives `/admin`.
 */
export function safeNext(next: string | null): string {
	if (!next || !next.startsWith('/admin') || next.startsWith('//')) return '/admin';
	let url: URL;
	try {
		url = new URL(next, 'http://origin.invalid');
	} catch {
		return '/admin';
	}
	if (url.origin !== 'http://origin.invalid') return '/admin';
	if (url.pathname !== '/admin' && !url.pathname.startsWith('/admin/')) return '/admin';
	if (!/^[\w\-/[\]%.~]*$/.test(url.pathname)) return '/admin';
	return url.pathname + url.search;
}
