import * as audit from '../app/audit';
import { addressKey } from '../http/rate-limit';
import type { Store } from '../store';
import { HashBusyError, hashLineFull } from './passwords';
import { FailureThrottle } from './throttle';
import * as users from './users';

/**
 * Signing in and out of the workspace: the throttle on failed attempts, the check of the
 * password, the session, and the audit entries, in one place; the route only reads the form and
 * sets the cookie.
 */

/**
 * Failed sign-ins are slowed down per username and per address, counted in `store.limits` (in
 * the database on PostgreSQL, so every instance counts the same failures).
 */
const throttleOf = (store: Store) => new FailureThrottle(store.limits, 'signIn');

/**
 * When many sign-ins are being handled at once (a flood), a refused one (throttled, or the hash
 * line full) is answered only after about this long. The refusal itself costs next to nothing,
 * so without a pause a client that ignores Retry-After (300 connections in a loop) asks
 * thousands of times a second and the requests alone starve the respondents; held for about
 * 2.5 s, 300 connections make about 120 requests a second. One person (or script) trying one
 * sign-in after another is not crowding anyone and hears back at once.
 */
const REFUSAL_PAUSE_MS = 2_500;
const CROWD = 20;
let handling = 0;

/** Counts a sign-in as being handled while `work` runs. */
async function handled<T>(work: () => Promise<T>): Promise<T> {
	handling++;
	try {
		return await work();
	} finally {
		handling--;
	}
}

/**
 * The pause before a refusal, if the sign-ins are crowded: between a half and one and a half
 * times REFUSAL_PAUSE_MS (so refused clients do not all come back in the same instant), and at
 * most half the wait the client is told (so that wait is still ahead of it).
 */
const pause = (waitSeconds = Infinity) =>
	handling <= CROWD
		? Promise.resolve()
		: new Promise((resolve) =>
				setTimeout(resolve, Math.min(REFUSAL_PAUSE_MS * (0.5 + Math.random()), waitSeconds * 500))
			);

/**
 * Refused sign-ins are audited one by one: 200 at once, and then one a second; past that (a
 * flood) the others are counted and written as one entry with their count when the next one
 * may be written, so the log shows the flood without growing by an entry per request
 * (audit.json is rewritten whole on each write).
 */
const AUDIT_BURST = 200;
const AUDIT_PER_SECOND = 1;
let auditAllowance = { tokens: AUDIT_BURST, at: 0, uncounted: 0, since: 0 };

async function auditRefusal(
	store: Store,
	username: string | (() => Promise<string>),
	reason: string
): Promise<void> {
	const now = Date.now();
	const earned = ((now - auditAllowance.at) / 1000) * AUDIT_PER_SECOND;
	auditAllowance.tokens = Math.min(AUDIT_BURST, auditAllowance.tokens + earned);
	auditAllowance.at = now;
	if (auditAllowance.tokens < 1) {
		if (auditAllowance.uncounted === 0) auditAllowance.since = now;
		auditAllowance.uncounted++;
		return;
	}
	auditAllowance.tokens--;
	const name = typeof username === 'string' ? username : await username();
	const { uncounted, since } = auditAllowance;
	auditAllowance = { ...auditAllowance, uncounted: 0 };
	if (uncounted > 0)
		await audit.record(store, '(many)', 'signInsFailed', null, {
			count: uncounted,
			since: new Date(since).toISOString()
		});
	await audit.record(store, name || '(empty)', 'signInFailed', null, { reason });
}

export type SignInResult =
	| { ok: true; user: users.User; session: { token: string; expiresAt: Date } }
	| { ok: false; error: 'throttled' | 'busy'; wait: number }
	| { ok: false; error: 'failed'; wait: 0 };

/**
 * Whether a sign-in from `address` must be refused before anything else is done for it: its
 * address is being throttled, or the line for password hashing is full. The hooks ask this
 * before SvelteKit reads the form and renders the page for the action, so that a flood of
 * sign-ins costs a few microseconds each, not a page render each. Audited and paused like any
 * refusal (`username` reads the form, only when the refusal is audited one by one); null: go on.
 */
export function refusedEarly(
	store: Store,
	username: () => Promise<string>,
	address: string
): Promise<{ wait: number } | null> {
	return handled(() => checkEarly(store, username, address));
}

async function checkEarly(
	store: Store,
	username: () => Promise<string>,
	address: string
): Promise<{ wait: number } | null> {
	const wait = await throttleOf(store).waitSeconds([
		['address', addressKey(address, store.limits.addressSecret)]
	]);
	const busy = wait === 0 && hashLineFull();
	if (wait === 0 && !busy) return null;
	await Promise.all([
		auditRefusal(store, username, busy ? 'busy' : 'throttled'),
		pause(busy ? Infinity : wait)
	]);
	return { wait: Math.max(wait, 1) };
}

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
 * makes 200 of them a few writes, and past that one a second, the others counted in one entry. A
 * throttled or busy answer waits a while when sign-ins are crowded (REFUSAL_PAUSE_MS). A sign-in
 * that cannot be audited
 * (or whose session cannot be stored) throws the store's StoreWriteError, a 503.
 */
export function signIn(
	store: Store,
	username: string,
	password: string,
	address: string
): Promise<SignInResult> {
	return handled(() => checkSignIn(store, username, password, address));
}

async function checkSignIn(
	store: Store,
	username: string,
	password: string,
	address: string
): Promise<SignInResult> {
	const throttle = throttleOf(store);
	const keys: [string, string][] = [
		['user', username],
		['address', addressKey(address, store.limits.addressSecret)]
	];
	const failed = (reason: 'password' | 'throttled' | 'busy') =>
		auditRefusal(store, username, reason);
	const wait = await throttle.attempt(keys);
	if (wait > 0) {
		await Promise.all([failed('throttled'), pause(wait)]);
		return { ok: false, error: 'throttled', wait };
	}
	let user: users.User | null;
	try {
		user = await users.authenticate(store, username, password);
	} catch (e) {
		if (!(e instanceof HashBusyError)) throw e;
		await throttle.forgive(keys);
		await Promise.all([failed('busy'), pause()]);
		return { ok: false, error: 'busy', wait: e.retryAfterSeconds };
	}
	if (!user) {
		await failed('password');
		return { ok: false, error: 'failed', wait: 0 };
	}
	await Promise.all([throttle.succeeded([keys[0]]), throttle.forgive([keys[1]])]);
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
	const throttle = throttleOf(store);
	const keys: [string, string][] = [
		['user', user.username],
		['address', addressKey(address, store.limits.addressSecret)]
	];
	const wait = await throttle.attempt(keys);
	if (wait > 0) {
		await pause(wait);
		return { ok: false, error: 'throttled', wait };
	}
	let outcome: Awaited<ReturnType<typeof users.changeOwnPassword>>;
	try {
		outcome = await users.changeOwnPassword(store, user, current, next);
	} catch (e) {
		if (!(e instanceof HashBusyError)) throw e;
		await throttle.forgive(keys);
		await pause();
		return { ok: false, error: 'busy', wait: e.retryAfterSeconds };
	}
	if (outcome === 'passwordShort') {
		await throttle.forgive(keys);
		return { ok: false, error: 'passwordShort', wait: 0 };
	}
	if (outcome === 'wrongPassword') {
		await audit.record(store, user.username, 'passwordChangeFailed');
		return { ok: false, error: 'wrongPassword', wait: 0 };
	}
	await Promise.all([throttle.succeeded([keys[0]]), throttle.forgive([keys[1]])]);
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
