import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import pg from 'pg';
import type { AuditEntry } from '../../src/lib/server/store';
import { fingerprint } from './data';
import type { TestServer } from './server';

/**
 * What a test server has stored, read behind its back the same way for both stores: the data
 * folder's files, or the database's rows. Read only, never written.
 */
async function query<T extends pg.QueryResultRow>(url: string, text: string): Promise<T[]> {
	const client = new pg.Client({ connectionString: url });
	await client.connect();
	try {
		return (await client.query<T>(text)).rows;
	} finally {
		await client.end();
	}
}

/** A hash of everything stored: equal before and after means nothing was written. */
export async function storedFingerprint(server: TestServer): Promise<string> {
	if (!server.databaseUrl) return fingerprint(server.dataDir);
	const hash = createHash('sha256');
	for (const table of [
		'responses',
		'meta_records',
		'audit_entries',
		'definitions',
		'store_state'
	]) {
		const rows = await query(server.databaseUrl, `SELECT * FROM ${table}`);
		const lines = rows.map((row) => JSON.stringify(row)).sort();
		hash.update(table).update(lines.join('\n'));
	}
	return hash.digest('hex');
}

/** The audit log as stored (oldest first), and its raw text, to check what it never holds. */
export async function storedAudit(
	server: TestServer
): Promise<{ entries: AuditEntry[]; text: string }> {
	if (!server.databaseUrl) {
		const text = await readFile(join(server.dataDir, 'audit.json'), 'utf8');
		return { entries: (JSON.parse(text) as { entries: AuditEntry[] }).entries, text };
	}
	const rows = await query<{ doc: AuditEntry }>(
		server.databaseUrl,
		'SELECT doc FROM audit_entries ORDER BY id'
	);
	const entries = rows.map((r) => r.doc);
	return { entries, text: JSON.stringify(entries) };
}
