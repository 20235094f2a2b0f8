import { Low } from 'lowdb';
import { DurableJsonFile } from './durable-file';

/**
 * Small, rarely written state: operator tokens now; users, sessions and rounds as they come.
 * One lowdb file, rewritten whole on each change, which is fine at this size.
 */
export interface MetaFile {
	format: 'odb-meta/1';
	apiTokens: {
		id: string;
		name: string;
		hash: string;
		createdAt: string;
		lastUsedAt: string | null;
	}[];
}

function isMetaFile(value: unknown): value is MetaFile {
	const meta = value as Partial<MetaFile> | null;
	return Boolean(meta) && meta?.format === 'odb-meta/1' && Array.isArray(meta.apiTokens);
}

export async function openMeta(file: string): Promise<Low<MetaFile>> {
	const db = new Low<MetaFile>(new DurableJsonFile(file, isMetaFile), {
		format: 'odb-meta/1',
		apiTokens: []
	});
	await db.read();
	return db;
}
