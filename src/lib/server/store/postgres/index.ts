import pg from 'pg';
import type { Store } from '../index';
import { InvitationRecords } from '../invitation-records';
import { QuestionnaireRecords } from '../questionnaire-records';
import { RoundRecords } from '../round-records';
import { SecretRecords } from '../secret-records';
import { SessionRecords } from '../session-records';
import { TokenRecords } from '../token-records';
import { UserRecords } from '../user-records';
import { VersionRecords } from '../version-records';
import { PgAudit } from './audit';
import { Database } from './database';
import { PgDefinitions } from './definitions';
import { PgMeta } from './meta';
import { PgLimits } from './limits';
import { PgResponses } from './responses';
import { migrate } from './schema';

export { SchemaTooNewError, migrate, migrations } from './schema';

/** The address without its password, for messages and logs. */
export function describeDatabase(url: string): string {
	try {
		const u = new URL(url);
		u.password = '';
		return u.toString();
	} catch {
		return 'postgresql (DATABASE_URL)';
	}
}

/**
 * The store on PostgreSQL (`DATABASE_URL`): the same record repositories as the embedded store,
 * over PostgreSQL's rows instead of meta.json, segment files and audit.json. Migrates the schema
 * first, then reads everything into memory; `sync` keeps it current with other instances.
 */
export async function openPgStore(
	url: string,
	options: { poolSize?: number } = {}
): Promise<Store> {
	const pool = new pg.Pool({ connectionString: url, max: options.poolSize ?? 10 });
	// An idle connection the server dropped is reported here instead of crashing the process.
	pool.on('error', (e) => console.error(`[store] PostgreSQL connection lost: ${e.message}`));
	try {
		await migrate(pool);
		const db = new Database(pool);
		const responses = new PgResponses(db);
		const meta = new PgMeta(db);
		const audit = new PgAudit(db);
		const limits = await PgLimits.open(pool);
		await db.sync();
		return {
			kind: 'postgres',
			folder: describeDatabase(url),
			responses,
			definitions: new PgDefinitions(pool),
			users: new UserRecords(meta),
			sessions: new SessionRecords(meta),
			tokens: new TokenRecords(meta),
			rounds: new RoundRecords(meta),
			invitations: new InvitationRecords(meta),
			versions: new VersionRecords(meta),
			questionnaires: new QuestionnaireRecords(meta),
			secrets: new SecretRecords(meta),
			audit,
			limits,
			sync: () => db.sync(),
			onlyOne: (job, work) => db.onlyOne(job, work),
			async close() {
				await responses.flushed();
				await meta.flushed();
				await audit.flushed();
				await pool.end();
			}
		};
	} catch (e) {
		await pool.end().catch(() => {});
		throw e;
	}
}
