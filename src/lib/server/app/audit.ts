import { RequestError } from '../http/http-error';
import type { Store } from '../store';
import type { User } from '../auth/users';
import type { TokenPrincipal } from '../auth/tokens';

/** The name the audit log gives whoever made a request. */
export function actorName(locals: { user: User | null; token: TokenPrincipal | null }): string {
	if (locals.user) return locals.user.username;
	if (locals.token) return `token:${locals.token.name}`;
	return 'anonymous';
}

/** Writes one audit entry; a failure to write it is logged, never hidden from the operator. */
export async function record(
	store: Store,
	actor: string,
	action: string,
	target: string | null = null,
	detail: Record<string, string | number | boolean | null> = {}
): Promise<void> {
	try {
		await store.audit.record({ actor, action, target, detail });
	} catch (e) {
		console.error(`[audit] could not record ${action}: ${(e as Error).message}`);
		throw e;
	}
}

/**
 * Records that raw data is about to leave, or refuses to let it: an export that cannot be
 * written to the audit log (a full or read-only disk) is answered 503, not handed out unlogged.
 */
export async function recordExport(
	store: Store,
	actor: string,
	target: string,
	detail: Record<string, string | number | boolean | null>
): Promise<void> {
	try {
		await record(store, actor, 'export', target, detail);
	} catch {
		throw new RequestError(503, 'error.auditUnavailable', undefined, undefined, {
			'Retry-After': '30'
		});
	}
}
