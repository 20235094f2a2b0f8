import * as audit from '../app/audit';
import type { Store } from '../store';
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
	| { ok: false; error: 'throttled'; wait: number }
	| { ok: false; error: 'failed'; wait: 0 };

export async function signIn(
	store: Store,
	username: string,
	password: string,
	address: string
): Promise<SignInResult> {
	const keys: [string, string][] = [
		['user', username],
		['address', address]
	];
	const wait = throttle.waitSeconds(keys);
	if (wait > 0) return { ok: false, error: 'throttled', wait };
	const user = await users.authenticate(store, username, password);
	if (!user) {
		throttle.failed(keys);
		await audit.record(store, username || '(empty)', 'signInFailed');
		return { ok: false, error: 'failed', wait: 0 };
	}
	throttle.succeeded([['user', username]]);
	const session = await users.startSession(store, user);
	await audit.record(store, user.username, 'signIn');
	return { ok: true, user, session };
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

/** Only paths inside the workspace are followed after sign-in, never another site. */
export function safeNext(next: string | null): string {
	return next && /^\/admin(\/[\w\-/[\]]*)?(\?[^\s]*)?$/.test(next) ? next : '/admin';
}
