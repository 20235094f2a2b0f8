import { createHash } from 'node:crypto';
import { mkdir, readdir } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import pg from 'pg';
import { AuditLog, type AuditEntry } from './audit-log';
import { DefinitionFolder } from './definition-archive';
import { lockDataFolder } from './lock';
import { MetaJsonFile, type MetaData } from './meta';
import { migrate } from './postgres/schema';
import type { StoredResponse, Tombstone } from './records';
import { ResponseLog, type Responses } from './response-log';

/**
 * `npm run migrate-store`: copies everything a store holds — meta data, responses with their
 * numbers, hashed codes and record keys, tombstones, the audit log, every questionnaire version
 * — from a data folder into an empty PostgreSQL database, or back into an empty folder. Nothing
 * is re-derived: a record key drawn anew would give every protected table new noise, and a
 * receipt code hashed anew would not delete its answer. The copy is then read back from the
 * target and compared: counts of everything, and a SHA-256 checksum per response.
 */
export interface Snapshot {
	meta: MetaData;
	responses: StoredResponse[];
	tombstones: Tombstone[];
	audit: AuditEntry[];
	definitions: { surveyId: string; version: string; json: Record<string, unknown> }[];
}

export interface Verified {
	counts: Record<string, number>;
	/** Responses whose checksum differs between source and target (ids); empty when all match. */
	mismatched: string[];
}

const metaCollections = [
	'users',
	'sessions',
	'apiTokens',
	'rounds',
	'versions',
	'invitations',
	'questionnaires'
] as const;

/** A response's checksum: SHA-256 of its JSON, as both stores keep it. */
export function responseChecksum(record: StoredResponse): string {
	return createHash('sha256').update(JSON.stringify(record)).digest('hex');
}

/** Reads a data folder, locked as the server locks it (so no server may be writing to it). */
export async function readFolder(folder: string): Promise<Snapshot> {
	const root = resolve(folder);
	const release = lockDataFolder(root);
	try {
		const responses = await ResponseLog.open(join(root, 'responses'));
		const meta = await MetaJsonFile.open(join(root, 'meta.json'));
		const audit = await AuditLog.open(join(root, 'audit.json'));
		const archive = new DefinitionFolder(join(root, 'definitions'));
		const definitions: Snapshot['definitions'] = [];
		const surveys = await readdir(join(root, 'definitions')).catch(() => [] as string[]);
		for (const surveyId of surveys.sort()) {
			for (const version of (await archive.versions(surveyId)).sort()) {
				const json = await archive.read(surveyId, version);
				if (json) definitions.push({ surveyId, version, json });
			}
		}
		return {
			meta: structuredClone(meta.data) as MetaData,
			responses: await everyResponse(responses),
			tombstones: responses.tombstones(),
			audit: [...audit.everything()],
			definitions
		};
	} finally {
		release();
	}
}

/**
 * Every live response, in arrival order, read as the app reads them (`select`, one questionnaire
 * at a time, each named by its round cells) rather than from the log's array.
 */
async function everyResponse(log: Responses): Promise<StoredResponse[]> {
	const surveyIds = new Set((await log.roundCells()).map((cell) => cell.surveyId));
	const out: StoredResponse[] = [];
	for (const surveyId of surveyIds) {
		// One by one: spreading 100 000 arguments would overflow the stack.
		for await (const r of await log.select({ surveyId })) out.push(r);
	}
	return out.sort((a, b) => a.seq - b.seq);
}

/** Writes a snapshot into an empty (or new) data folder. */
export async function writeFolder(folder: string, snapshot: Snapshot): Promise<void> {
	const root = resolve(folder);
	await mkdir(root, { recursive: true });
	const present = (await readdir(root)).filter((n) => n !== 'server.lock');
	if (present.length > 0) throw new Error(`${root} is not empty: choose a new folder.`);
	const release = lockDataFolder(root);
	try {
		const meta = await MetaJsonFile.open(join(root, 'meta.json'));
		await meta.change((data) => Object.assign(data, structuredClone(snapshot.meta)));
		const responses = await ResponseLog.open(join(root, 'responses'));
		await responses.restore(snapshot.responses, snapshot.tombstones);
		const audit = await AuditLog.open(join(root, 'audit.json'));
		await audit.restore(snapshot.audit);
		const archive = new DefinitionFolder(join(root, 'definitions'));
		for (const d of snapshot.definitions) await archive.keep(d.surveyId, d.version, d.json);
		await responses.flushed();
	} finally {
		release();
	}
}

/** Reads a PostgreSQL store (migrating its schema first, as the server would). */
export async function readDatabase(url: string): Promise<Snapshot> {
	const pool = new pg.Pool({ connectionString: url, max: 2 });
	try {
		await migrate(pool);
		const client = await pool.connect();
		try {
			await client.query('BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY');
			const rows = await client.query<{
				seq: string;
				client_id_hash: string | null;
				doc: StoredResponse | null;
			}>('SELECT seq, client_id_hash, doc FROM responses ORDER BY seq');
			const meta = await client.query<{ collection: string; doc: unknown }>(
				'SELECT collection, doc FROM meta_records WHERE doc IS NOT NULL ORDER BY position'
			);
			const audit = await client.query<{ doc: AuditEntry }>(
				'SELECT doc FROM audit_entries ORDER BY id'
			);
			const definitions = await client.query<{
				survey_id: string;
				version: string;
				doc: Record<string, unknown>;
			}>('SELECT survey_id, version, doc FROM definitions ORDER BY survey_id, version');
			await client.query('COMMIT');
			const data: MetaData = {
				format: 'odb-meta/1',
				users: [],
				sessions: [],
				apiTokens: [],
				rounds: [],
				versions: [],
				invitations: [],
				questionnaires: []
			};
			for (const row of meta.rows) {
				if (row.collection === 'settings') data.receiptKey = row.doc as string;
				else (data[row.collection as (typeof metaCollections)[number]] as unknown[]).push(row.doc);
			}
			return {
				meta: data,
				responses: rows.rows.flatMap((r) => (r.doc ? [r.doc] : [])),
				tombstones: rows.rows
					.filter((r) => r.doc === null)
					.map((r) => ({ seq: Number(r.seq), clientIdHash: r.client_id_hash })),
				audit: audit.rows.map((r) => r.doc),
				definitions: definitions.rows.map((r) => ({
					surveyId: r.survey_id,
					version: r.version,
					json: r.doc
				}))
			};
		} finally {
			client.release();
		}
	} finally {
		await pool.end();
	}
}

/**
 * Writes a snapshot into an empty PostgreSQL store, in one transaction under the write lock:
 * either all of it is there or none. Refused when the database already holds data.
 */
export async function writeDatabase(url: string, snapshot: Snapshot): Promise<void> {
	const pool = new pg.Pool({ connectionString: url, max: 2 });
	try {
		await migrate(pool);
		const client = await pool.connect();
		try {
			await client.query('BEGIN');
			await client.query('SELECT pg_advisory_xact_lock($1)', [0x6f6462_02]);
			const { rows } = await client.query<{ n: number }>(
				`SELECT (SELECT count(*) FROM responses) + (SELECT count(*) FROM meta_records)
				      + (SELECT count(*) FROM audit_entries) AS n`
			);
			if (Number(rows[0].n) > 0)
				throw new Error('The database already holds a store: migrate into an empty one.');
			const { rows: seqRows } = await client.query<{ seq: string }>(
				"SELECT nextval('change_seq') AS seq"
			);
			const changeSeq = Number(seqRows[0].seq);
			const metaRows: { collection: string; key: string; doc: string; ord: number }[] = [];
			const keyOf: Record<string, (r: Record<string, string>) => string> = {
				sessions: (r) => r.hash,
				versions: (r) => `${r.surveyId}/${r.version}`
			};
			for (const collection of metaCollections) {
				for (const record of snapshot.meta[collection] as unknown as Record<string, string>[]) {
					const key = (keyOf[collection] ?? ((r) => r.id))(record);
					metaRows.push({ collection, key, doc: JSON.stringify(record), ord: metaRows.length });
				}
			}
			if (snapshot.meta.receiptKey !== undefined)
				metaRows.push({
					collection: 'settings',
					key: 'receiptKey',
					doc: JSON.stringify(snapshot.meta.receiptKey),
					ord: metaRows.length
				});
			await client.query(
				`INSERT INTO meta_records (collection, key, position, doc, change_seq)
				 SELECT r.collection, r.key, r.ord, r.doc::json, $2
				 FROM jsonb_to_recordset($1::jsonb) AS r(collection text, key text, doc text, ord int)`,
				[JSON.stringify(metaRows), changeSeq]
			);
			// In chunks: one parameter of 100 000 responses would be hundreds of megabytes.
			const responseRows = [
				...snapshot.responses.map((r) => ({
					seq: r.seq,
					id: r.id,
					survey_id: r.surveyId,
					client_id_hash: r.clientIdHash,
					doc: JSON.stringify(r)
				})),
				...snapshot.tombstones.map((t) => ({
					seq: t.seq,
					id: `deleted-${t.seq}`,
					survey_id: '',
					client_id_hash: t.clientIdHash,
					doc: null
				}))
			];
			for (let start = 0; start < responseRows.length; start += 2000) {
				await client.query(
					`INSERT INTO responses (seq, id, survey_id, client_id_hash, doc, change_seq)
					 SELECT r.seq, r.id, r.survey_id, r.client_id_hash, r.doc::json, $2
					 FROM jsonb_to_recordset($1::jsonb) AS r(seq bigint, id text, survey_id text, client_id_hash text, doc text)`,
					[JSON.stringify(responseRows.slice(start, start + 2000)), changeSeq]
				);
			}
			await client.query(
				`INSERT INTO audit_entries (doc, change_seq)
				 SELECT value::text::json, $2 FROM jsonb_array_elements($1::jsonb) WITH ORDINALITY AS e(value, n)
				 ORDER BY n`,
				[JSON.stringify(snapshot.audit), changeSeq]
			);
			for (const d of snapshot.definitions) {
				await client.query(
					'INSERT INTO definitions (survey_id, version, doc) VALUES ($1, $2, $3::json) ON CONFLICT DO NOTHING',
					[d.surveyId, d.version, JSON.stringify(d.json)]
				);
			}
			await client.query('UPDATE store_state SET version = $1 WHERE id = 1', [changeSeq]);
			await client.query('COMMIT');
		} catch (e) {
			await client.query('ROLLBACK').catch(() => {});
			throw e;
		} finally {
			client.release();
		}
	} finally {
		await pool.end();
	}
}

/** Compares a copy with its source: every count, and each response's checksum. */
export function verify(source: Snapshot, target: Snapshot): Verified {
	const counts = (s: Snapshot) => ({
		responses: s.responses.length,
		tombstones: s.tombstones.length,
		audit: s.audit.length,
		definitions: s.definitions.length,
		...Object.fromEntries(metaCollections.map((c) => [c, s.meta[c].length])),
		receiptKey: s.meta.receiptKey ? 1 : 0
	});
	const expected = counts(source);
	const found = counts(target);
	const differing = Object.keys(expected).filter(
		(k) => expected[k as keyof typeof expected] !== found[k as keyof typeof found]
	);
	if (differing.length > 0)
		throw new Error(
			`The copy does not match: ${differing.map((k) => `${k} ${expected[k as keyof typeof expected]} → ${found[k as keyof typeof found]}`).join(', ')}`
		);
	const copied = new Map(target.responses.map((r) => [r.id, responseChecksum(r)]));
	const mismatched = source.responses
		.filter((r) => copied.get(r.id) !== responseChecksum(r))
		.map((r) => r.id);
	return { counts: expected, mismatched };
}
