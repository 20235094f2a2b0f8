import type { Pool, PoolClient } from 'pg';

/**
 * Keys of the advisory locks, one number per purpose (any 64-bit number; these spell "odb…").
 * Declared before the migrations, which take WRITE_LOCK.
 */
export const MIGRATE_LOCK = 0x6f6462_01;
export const WRITE_LOCK = 0x6f6462_02;
/** Sweeps that must run once across instances take a key from here on (`onlyOne`). */
export const JOB_LOCK_BASE = 0x6f6462_10;

/**
 * The PostgreSQL schema, as numbered migrations run in order at start (`migrate`). A migration
 * is never changed once released: a change is a new one at the end (one exception, migration
 * 2's fix-up of rounds sharing a slug, which changes nothing on a database past 2). The number
 * reached is kept in `schema_version`; a database whose number is higher than the last one here
 * was written by a newer version of the app, and this one refuses it rather than guess at its
 * tables.
 *
 * Every change to stored data carries a `change_seq` from one sequence, and writes take one
 * transaction-level advisory lock (WRITE_LOCK), so change numbers are handed out in the order
 * the changes commit: an instance that has seen everything up to n needs only the rows above n
 * (postgres/index.ts, `sync`). `store_state.version` is the last number committed, the one cheap
 * row read before each request.
 *
 * Documents are `json`, not `jsonb`: the text is kept as written, key order included, so a
 * response reads back exactly as the embedded store holds it (and its checksum matches).
 */
export const migrations: readonly string[] = [
	`
	CREATE TABLE store_state (id int PRIMARY KEY CHECK (id = 1), version bigint NOT NULL);
	INSERT INTO store_state VALUES (1, 0);
	CREATE SEQUENCE change_seq;
	CREATE TABLE responses (
		seq bigint PRIMARY KEY,
		id text NOT NULL UNIQUE,
		survey_id text NOT NULL,
		-- The browser's submission id, hashed. Unique across live and deleted responses: a retry
		-- sent to any instance is stored once, and a deleted one is not stored again.
		client_id_hash text UNIQUE,
		-- Null once deleted: a deleted response keeps only its number and submission hash.
		doc json,
		change_seq bigint NOT NULL
	);
	CREATE INDEX responses_by_change ON responses (change_seq);
	CREATE TABLE meta_records (
		collection text NOT NULL,
		key text NOT NULL,
		position bigint NOT NULL,
		doc json,
		change_seq bigint NOT NULL,
		PRIMARY KEY (collection, key)
	);
	CREATE INDEX meta_records_by_change ON meta_records (change_seq);
	CREATE TABLE audit_entries (
		id bigserial PRIMARY KEY,
		doc json NOT NULL,
		change_seq bigint NOT NULL
	);
	CREATE INDEX audit_entries_by_change ON audit_entries (change_seq);
	CREATE TABLE definitions (
		survey_id text NOT NULL,
		version text NOT NULL,
		doc json NOT NULL,
		PRIMARY KEY (survey_id, version)
	);
	`,
	// 2: what several instances must share beyond the stored records (postgres/limits.ts), and
	// the round slugs held unique by the database itself.
	`
	-- Token buckets per client (submissions): UNLOGGED, as a restart forgets the memory store's.
	CREATE UNLOGGED TABLE rate_buckets (
		key text PRIMARY KEY,
		capacity int NOT NULL,
		tokens float8 NOT NULL,
		at bigint NOT NULL,
		allowed boolean NOT NULL
	);
	-- Failed sign-ins and receipt codes per keyed hash of a username or address.
	CREATE UNLOGGED TABLE failure_counts (
		key text PRIMARY KEY,
		failures int NOT NULL,
		last_failure bigint NOT NULL,
		forget_at bigint NOT NULL,
		waited boolean NOT NULL
	);
	CREATE INDEX failure_counts_by_forget ON failure_counts (forget_at);
	-- The secret client addresses are hashed with, the same on every instance.
	CREATE TABLE shared_secrets (name text PRIMARY KEY, secret text NOT NULL);
	-- Added after release, for a database written before this migration, when two instances
	-- creating rounds at once could give two live rounds one slug: the first created keeps it,
	-- each later one's becomes its slug, a hyphen and the first 8 characters of its id (still a
	-- slug, at most 64 characters), and its change is numbered so running instances hear of it.
	-- Under the write lock, as an older instance may still be writing. A database past this
	-- migration cannot hold such rounds, so this never changes anything there.
	SELECT pg_advisory_xact_lock(${WRITE_LOCK});
	WITH later AS (
		SELECT key, doc->>'slug' AS slug FROM (
			SELECT key, doc, row_number() OVER (PARTITION BY doc->>'slug' ORDER BY position, key) AS n
			FROM meta_records WHERE collection = 'rounds' AND doc IS NOT NULL
		) ranked WHERE n > 1
	)
	UPDATE meta_records m SET
		doc = (m.doc::jsonb || jsonb_build_object('slug',
			regexp_replace(left(later.slug, 55), '-+$', '') || '-' || left(replace(later.key, '-', ''), 8)
		))::json,
		change_seq = nextval('change_seq')
	FROM later WHERE m.collection = 'rounds' AND m.key = later.key;
	UPDATE store_state SET version = greatest(version, (SELECT coalesce(max(change_seq), 0) FROM meta_records));
	-- Two live rounds never share a slug, whichever instances create them. Deferred to COMMIT:
	-- a batch that swaps two rounds' slugs is fine once whole; checked only on the rows written.
	ALTER TABLE meta_records ADD CONSTRAINT round_slug_unique
		EXCLUDE ((doc->>'slug') WITH =) WHERE (collection = 'rounds' AND doc IS NOT NULL)
		DEFERRABLE INITIALLY DEFERRED;
	`,
	// Reading one questionnaire's responses in arrival order through a cursor (exports, pages of
	// the data API: responses.ts, `select`) without walking every questionnaire's rows.
	`
	CREATE INDEX IF NOT EXISTS responses_by_survey ON responses (survey_id, seq);
	`,
	// 4: the counts per questionnaire and round (the workspace's overview, the rounds page) and
	// their cells for protected numbers (responses.ts, `roundCells`), from an index alone: the
	// round and record key are columns PostgreSQL keeps from the document (null once deleted),
	// not fields parsed out of every document's JSON (~5 times slower at 100 000).
	`
	ALTER TABLE responses
		ADD COLUMN round_id text GENERATED ALWAYS AS (doc->>'roundId') STORED,
		ADD COLUMN record_key bigint GENERATED ALWAYS AS ((doc->>'recordKey')::bigint) STORED;
	CREATE INDEX responses_cells ON responses (survey_id, round_id, record_key) WHERE doc IS NOT NULL;
	`,
	// 5: a response found by its receipt code's hash (deletion by the respondent, a retry's
	// receipt) with a query, not from each instance's memory (responses.ts, `getByReceipt`).
	// By id and by submission hash the UNIQUE constraints' indexes serve already.
	`
	CREATE INDEX responses_by_receipt ON responses ((doc->>'receiptHash')) WHERE doc IS NOT NULL;
	`
];

export class SchemaTooNewError extends Error {
	constructor(
		readonly found: number,
		readonly known: number
	) {
		super(
			`The database's schema is at version ${found}, newer than this version of the app knows ` +
				`(${known}): it was written by a newer release. Start that release (or a newer one); ` +
				`nothing was changed.`
		);
	}
}

/**
 * Brings the database's schema up to the last migration, one transaction per migration, under a
 * session advisory lock so two instances starting at once do not both run one. Returns the
 * version reached.
 */
export async function migrate(pool: Pool): Promise<number> {
	const client = await pool.connect();
	try {
		await client.query('SELECT pg_advisory_lock($1)', [MIGRATE_LOCK]);
		try {
			await client.query(
				'CREATE TABLE IF NOT EXISTS schema_version (version int PRIMARY KEY, applied_at timestamptz NOT NULL DEFAULT now())'
			);
			let current = await schemaVersion(client);
			if (current > migrations.length) throw new SchemaTooNewError(current, migrations.length);
			while (current < migrations.length) {
				await client.query('BEGIN');
				try {
					await client.query(migrations[current]);
					await client.query('INSERT INTO schema_version (version) VALUES ($1)', [current + 1]);
					await client.query('COMMIT');
				} catch (e) {
					await client.query('ROLLBACK');
					throw e;
				}
				current++;
			}
			return current;
		} finally {
			await client.query('SELECT pg_advisory_unlock($1)', [MIGRATE_LOCK]);
		}
	} finally {
		client.release();
	}
}

async function schemaVersion(client: PoolClient): Promise<number> {
	const { rows } = await client.query<{ v: number | null }>(
		'SELECT max(version) AS v FROM schema_version'
	);
	return rows[0].v ?? 0;
}
