import { Low } from 'lowdb';
import { DurableJsonFile } from './durable-file';

import type { Role } from '../../roles';

export { roles, type Role } from '../../roles';

export interface UserRecord {
	id: string;
	username: string;
	role: Role;
	/** `scrypt$N$r$p$salt$hash`, never the password. */
	passwordHash: string;
	createdAt: string;
}

export interface SessionRecord {
	/** SHA-256 of the cookie's value: a stolen data folder holds no usable session. */
	hash: string;
	userId: string;
	createdAt: string;
	expiresAt: string;
}

export interface TokenRecord {
	id: string;
	name: string;
	/** SHA-256 of the token, which is shown once when created. */
	hash: string;
	createdAt: string;
	/** Who created it; null for the operator token generated at first start. */
	createdBy: string | null;
	lastUsedAt: string | null;
	revokedAt: string | null;
}

export interface RoundRecord {
	id: string;
	/** The public link is /r/<slug>. */
	slug: string;
	surveyId: string;
	name: string;
	opensAt: string | null;
	closesAt: string | null;
	/** Empty means every audience the questionnaire accepts. */
	audiences: string[];
	municipality: string | null;
	createdAt: string;
	updatedAt: string;
}

export interface VersionRecord {
	surveyId: string;
	version: string;
	firstSeenAt: string;
}

/**
 * Small, rarely written state: users, sessions, tokens, rounds, the versions seen. One lowdb file,
 * rewritten whole (durably) on each change, which is fine at this size and rate.
 */
export interface MetaFile {
	format: 'odb-meta/1';
	users: UserRecord[];
	sessions: SessionRecord[];
	apiTokens: TokenRecord[];
	rounds: RoundRecord[];
	versions: VersionRecord[];
}

const collections = ['users', 'sessions', 'apiTokens', 'rounds', 'versions'] as const;

function isMetaFile(value: unknown): value is MetaFile {
	const meta = value as Record<string, unknown> | null;
	if (!meta || meta.format !== 'odb-meta/1') return false;
	// A file from an older version may lack a collection; one that is there must be a list.
	return collections.every((key) => meta[key] === undefined || Array.isArray(meta[key]));
}

export async function openMeta(file: string): Promise<Low<MetaFile>> {
	const db = new Low<MetaFile>(new DurableJsonFile(file, isMetaFile), {
		format: 'odb-meta/1',
		users: [],
		sessions: [],
		apiTokens: [],
		rounds: [],
		versions: []
	});
	await db.read();
	for (const key of collections) (db.data[key] as unknown[]) ??= [];
	return db;
}
