import { createHash, randomBytes, randomUUID, timingSafeEqual } from 'node:crypto';
import type { Store } from './store';

/** Tokens are long random strings, so a fast hash is the right one: nothing to brute-force. */
export function hashToken(token: string): string {
	return createHash('sha256').update(token).digest('hex');
}

export function newToken(): string {
	return 'odb_' + randomBytes(24).toString('base64url');
}

function sameHash(a: string, b: string): boolean {
	const x = Buffer.from(a, 'hex');
	const y = Buffer.from(b, 'hex');
	return x.length === y.length && timingSafeEqual(x, y);
}

/**
 * Makes sure an operator token exists. `API_TOKEN` from the environment always works; without
 * it, one is generated at the first start, stored hashed, and returned so it can be printed once.
 */
export async function ensureOperatorToken(
	store: Store,
	fromEnv: string | null
): Promise<string | null> {
	if (fromEnv || store.meta.data.apiTokens.length > 0) return null;
	const token = newToken();
	await store.meta.update((meta) => {
		meta.apiTokens.push({
			id: randomUUID(),
			name: 'operator (generated at first start)',
			hash: hashToken(token),
			createdAt: new Date().toISOString(),
			lastUsedAt: null
		});
	});
	return token;
}

/** Whether `Authorization: Bearer <token>` carries a valid token. */
export function bearerIsValid(
	store: Store,
	fromEnv: string | null,
	header: string | null
): boolean {
	const match = /^Bearer\s+(\S+)\s*$/i.exec(header ?? '');
	if (!match) return false;
	const given = hashToken(match[1]);
	if (fromEnv && sameHash(given, hashToken(fromEnv))) return true;
	return store.meta.data.apiTokens.some((t) => sameHash(given, t.hash));
}
