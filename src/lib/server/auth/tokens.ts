import { randomBytes, randomUUID, timingSafeEqual } from 'node:crypto';
import { sha256Hex } from '../../hash';
import type { Store, TokenRecord } from '../store';

/** Tokens are long random strings, so a fast hash is the right one: nothing to brute-force. */
export function hashToken(token: string): string {
	return sha256Hex(token);
}

export function newToken(): string {
	return 'odb_' + randomBytes(24).toString('base64url');
}

function sameHash(a: string, b: string): boolean {
	const x = Buffer.from(a, 'hex');
	const y = Buffer.from(b, 'hex');
	return x.length === y.length && timingSafeEqual(x, y);
}

/** What a request authenticated with a token is known as. */
export interface TokenPrincipal {
	id: string;
	name: string;
}

export const OPERATOR: TokenPrincipal = { id: 'env', name: 'API_TOKEN' };

export async function create(
	store: Store,
	name: string,
	createdBy: string | null
): Promise<{ token: string; record: TokenRecord }> {
	const token = newToken();
	const record: TokenRecord = {
		id: randomUUID(),
		name: name.trim().slice(0, 80),
		hash: hashToken(token),
		createdAt: new Date().toISOString(),
		createdBy,
		lastUsedAt: null,
		revokedAt: null
	};
	await store.tokens.add(record);
	return { token, record };
}

export async function revoke(store: Store, id: string): Promise<TokenRecord | null> {
	return (await store.tokens.revoke(id, new Date().toISOString())) ?? null;
}

export function list(store: Store): Omit<TokenRecord, 'hash'>[] {
	// eslint-disable-next-line @typescript-eslint/no-unused-vars
	return store.tokens.list().map(({ hash, ...rest }) => rest);
}

/**
 * Makes sure an operator token exists. `API_TOKEN` from the environment always works; without
 * it, one is generated at the first start, stored hashed, and returned so it can be printed once.
 */
export async function ensureOperatorToken(
	store: Store,
	fromEnv: string | null
): Promise<string | null> {
	if (fromEnv || store.tokens.size > 0) return null;
	const { token } = await create(store, 'operator (generated at first start)', null);
	return token;
}

/** "Last used" is kept in memory and written at most once a minute, not on every request. */
const pendingUse = new Map<string, string>();
let flushTimer: NodeJS.Timeout | null = null;

function noteUse(store: Store, record: TokenRecord) {
	pendingUse.set(record.id, new Date().toISOString());
	store.tokens.noteUse(record.id, pendingUse.get(record.id)!);
	flushTimer ??= setTimeout(() => {
		flushTimer = null;
		pendingUse.clear();
		store.tokens
			.writeUses()
			.catch((e) => console.error(`[tokens] could not record token use: ${(e as Error).message}`));
	}, 60_000);
	flushTimer.unref();
}

/** The token an `Authorization: Bearer …` header carries, if it is valid and not revoked. */
export function fromBearer(
	store: Store,
	fromEnv: string | null,
	header: string | null
): TokenPrincipal | null {
	const match = /^Bearer\s+(\S+)\s*$/i.exec(header ?? '');
	if (!match) return null;
	const given = hashToken(match[1]);
	if (fromEnv && sameHash(given, hashToken(fromEnv))) return OPERATOR;
	const record = store.tokens.list().find((t) => !t.revokedAt && sameHash(given, t.hash));
	if (!record) return null;
	noteUse(store, record);
	return { id: record.id, name: record.name };
}
