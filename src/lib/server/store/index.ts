import { mkdir } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import type { Low } from 'lowdb';
import { AuditLog } from './audit-log';
import { DefinitionArchive } from './definition-archive';
import { lockDataFolder } from './lock';
import { openMeta, type MetaFile } from './meta';
import { ResponseLog } from './response-log';

export { DamagedFileError } from './durable-file';
export { DataFolderLockedError } from './lock';
export type { StoredResponse } from './records';
export type { AuditEntry } from './audit-log';
export { roles, type Role, type RoundRecord, type TokenRecord, type UserRecord } from './meta';

/**
 * The one owner of the data folder. Nothing else in the app writes to disk.
 *
 *     DATA_DIR/
 *       server.lock                     pid of the server using the folder
 *       meta.json                       users, sessions, tokens, rounds, versions seen
 *       audit.json                      who did what, when (never answers)
 *       definitions/<id>/<version>.json every questionnaire version served
 *       responses/segment-000001.json   responses, at most `segmentSize` per file
 */
export interface Store {
	folder: string;
	responses: ResponseLog;
	definitions: DefinitionArchive;
	meta: Low<MetaFile>;
	audit: AuditLog;
	close(): Promise<void>;
}

export async function openStore(
	folder: string,
	options: { segmentSize?: number } = {}
): Promise<Store> {
	const root = resolve(folder);
	await mkdir(root, { recursive: true });
	const release = lockDataFolder(root);
	try {
		const responses = await ResponseLog.open(join(root, 'responses'), options.segmentSize);
		const meta = await openMeta(join(root, 'meta.json'));
		const audit = await AuditLog.open(join(root, 'audit.json'));
		return {
			folder: root,
			responses,
			definitions: new DefinitionArchive(join(root, 'definitions')),
			meta,
			audit,
			async close() {
				await responses.flushed();
				release();
			}
		};
	} catch (e) {
		release();
		throw e;
	}
}
