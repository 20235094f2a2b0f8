import type { Store } from './store';
import type { User } from './users';
import type { TokenPrincipal } from './tokens';

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
