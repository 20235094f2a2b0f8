import { mkdir, readdir, unlink } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { AuditLog, type Audit } from './audit-log';
import { DefinitionFolder, type DefinitionArchive } from './definition-archive';
import { TEMP_SUFFIX } from './durable-file';
import { lockDataFolder } from './lock';
import { MemoryLimits, type Limits } from './limits';
import { InvitationRecords } from './invitation-records';
import { MetaJsonFile } from './meta';
import { QuestionnaireRecords } from './questionnaire-records';
import { ResponseLog, type Responses } from './response-log';
import { RoundRecords } from './round-records';
import { SecretRecords } from './secret-records';
import { SessionRecords } from './session-records';
import { TokenRecords } from './token-records';
import { UserRecords } from './user-records';
import { VersionRecords } from './version-records';

export type { Limits } from './limits';
export { SURVEY_ID } from './definition-archive';
export { DamagedFileError, StoreWriteError } from './durable-file';
export { DataFolderLockedError } from './lock';
export type { NewResponse, StoredResponse } from './records';
export type { AuditEntry } from './audit-log';
export { collect, type RoundCell, type Selection, type SelectionQuery } from './selection';
export { DuplicateSubmissionError } from './response-log';
export { SEGMENT_FILE, segmentFileName, type ImportedResponse } from './response-log';
export type { RoundChanges } from './round-records';
export {
	roles,
	type Role,
	type InvitationRecord,
	type RoundRecord,
	type SessionRecord,
	type TokenRecord,
	type UserRecord,
	type VersionRecord,
	type QuestionnaireRecord,
	type PublishedVersion
} from './meta';

/**
 * The one owner of the data folder. Nothing else in the app (nor the demo, the benchmark or the
 * tests) writes to it: they ask through the verbs here. meta.json is shared by the seven record
 * repositories and is not reachable from outside this folder (meta.ts).
 *
 *     DATA_DIR/
 *       server.lock                     pid of the server using the folder
 *       meta.json                       users, sessions, tokens, rounds, invitations,
 *                                       versions seen, keys
 *       audit.json                      who did what, when (never answers)
 *       definitions/<id>/<version>.json every questionnaire version served
 *       responses/segment-000001.json   responses, at most `segmentSize` per file
 */
export interface Store {
	/** Files in a data folder (the default), or PostgreSQL (`DATABASE_URL`, postgres/). */
	kind: 'files' | 'postgres';
	/** The data folder, or the database's address without its password. */
	folder: string;
	responses: Responses;
	definitions: DefinitionArchive;
	users: UserRecords;
	sessions: SessionRecords;
	tokens: TokenRecords;
	rounds: RoundRecords;
	invitations: InvitationRecords;
	versions: VersionRecords;
	questionnaires: QuestionnaireRecords;
	secrets: SecretRecords;
	audit: Audit;
	/**
	 * Rate limits and throttles on failed attempts: in memory for the data folder, in the
	 * database (shared by every instance) on PostgreSQL (limits.ts).
	 */
	limits: Limits;
	/**
	 * Brings memory up to date with what other instances stored (PostgreSQL); nothing to do for
	 * the data folder, which one process owns. Awaited before each request (hooks.server.ts).
	 */
	sync(): Promise<void>;
	/**
	 * Runs a sweep that must not run on two instances at once (an advisory lock on PostgreSQL);
	 * null when another instance is running it now.
	 */
	onlyOne<T>(job: string, work: () => Promise<T>): Promise<T | null>;
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
		await removeTemporaryFiles(root);
		const responses = await ResponseLog.open(join(root, 'responses'), options.segmentSize);
		const meta = await MetaJsonFile.open(join(root, 'meta.json'));
		const audit = await AuditLog.open(join(root, 'audit.json'));
		const secrets = new SecretRecords(meta);
		return {
			kind: 'files',
			folder: root,
			responses,
			definitions: new DefinitionFolder(join(root, 'definitions')),
			users: new UserRecords(meta),
			sessions: new SessionRecords(meta),
			tokens: new TokenRecords(meta),
			rounds: new RoundRecords(meta),
			invitations: new InvitationRecords(meta),
			versions: new VersionRecords(meta),
			questionnaires: new QuestionnaireRecords(meta),
			secrets,
			audit,
			limits: new MemoryLimits(),
			sync: () => Promise.resolve(),
			onlyOne: (_job, work) => work(),
			async close() {
				await responses.flushed();
				await meta.flushed();
				await audit.flushed();
				release();
			}
		};
	} catch (e) {
		release();
		throw e;
	}
}

/**
 * Temporary files at the top of the folder and among the questionnaire versions: writes that
 * never completed (a crash), so never acknowledged. The segments' own are removed as the
 * response log opens (segments.ts).
 */
async function removeTemporaryFiles(root: string): Promise<void> {
	const folders = [root];
	const definitions = join(root, 'definitions');
	const surveys = await readdir(definitions, { withFileTypes: true }).catch(() => []);
	for (const entry of surveys) if (entry.isDirectory()) folders.push(join(definitions, entry.name));
	for (const folder of folders) {
		for (const name of await readdir(folder)) {
			if (name.endsWith(TEMP_SUFFIX)) await unlink(join(folder, name)).catch(() => {});
		}
	}
}
