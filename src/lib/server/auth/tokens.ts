import { randomBytes, randomUUID, timingSafeEqual } from 'node:crypto';
import { sha256Hex } from '../../hash';
import type { Role, Store, TokenRecord } from '../store';

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

/** What a request authenticated with a token is known as, and the rights it has now. */
export interface TokenPrincipal {
	id: string;
	name: string;
	/** What the token may do on /api: its creator's current role, at most `researcher`. */
	role: Role;
}

export const OPERATOR: TokenPrincipal = { id: 'env', name: 'API_TOKEN', role: 'researcher' };

/**
 * The rights a token has today: its creator's role as it is now, never more than a researcher's
 * (a token is for scripts reading data, not for running the workspace). A token outlives
 * nobody's rights: when its creator is made a leader it gets a leader's (aggregated numbers, no
 * raw data), and when its creator is deleted it stops working. The operator token (created at
 * first start, no creator) has a researcher's. Null: the token gives no access.
 */
export function tokenRole(store: Store, record: TokenRecord): Role | null {
	if (record.createdBy === null) return 'researcher';
	const creator = store.users.byId(record.createdBy);
	if (!creator) return null;
	return creator.role === 'leader' ? 'leader' : 'researcher';
}

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

export function list(store: Store): (Omit<TokenRecord, 'hash'> & { role: Role | null })[] {
	return store.tokens.list().map((record) => {
		// eslint-disable-next-line @typescript-eslint/no-unused-vars
		const { hash, ...rest } = record;
		return { ...rest, role: tokenRole(store, record) };
	});
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

/**
 * The token an `Authorization: Bearer …` header carries, if it is valid, not revoked, and its
 * creator still exists; with its creator's current rights (checked on every request).
 */
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
	const role = tokenRole(store, record);
	if (!role) return null;
	noteUse(store, record);
	return { id: record.id, name: record.name, role };
}
