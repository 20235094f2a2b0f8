import type { Pool, PoolClient, QueryResult } from 'pg';
import type { AuditEntry } from '../audit-log';
import { JOB_LOCK_BASE, WRITE_LOCK } from './schema';

/** The rows changed since an instance last looked, as `pull` reads them. */
export interface Pulled {
	/** Rows of `responses` that changed: their number and id, and whether deleted (no document). */
	responses: { seq: number; id: string; clientIdHash: string | null; deleted: boolean }[];
	meta: { collection: string; key: string; doc: unknown }[];
	audit: { id: number; doc: AuditEntry }[];
}

/** A part of the store that keeps a copy of its rows in memory (meta, responses, audit). */
export interface Mirror {
	apply(pulled: Pulled): void;
}

/** What a write does inside its transaction, and what it changes in memory once committed. */
export interface WriteWork<T> {
	result: T;
	/** Runs right after COMMIT, before anything else touches the mirrors. */
	committed?: () => void;
}

/**
 * The connection pool and the one order in which this instance's memory learns of changes.
 *
 * Every write, from any instance, runs in a transaction holding the advisory lock WRITE_LOCK
 * and takes the next `change_seq`, so change numbers are committed in order. Memory (the
 * mirrors) is brought up to date in exactly two ways, never at the same time (one queue,
 * `serial`): by `sync`, which reads the last committed number and then only the rows above what
 * was seen, and by a write, which under the lock first reads what others committed and then
 * applies its own rows after COMMIT. So each instance's memory is always the database as of one
 * change number — the same responses in the same order as every other instance that saw it.
 */
export class Database {
	/** The last change number applied to memory. */
	private seen = 0;
	private queue: Promise<unknown> = Promise.resolve();
	private waitingSync: Promise<void> | null = null;
	private mirrors: Mirror[] = [];

	constructor(readonly pool: Pool) {}

	attach(mirror: Mirror) {
		this.mirrors.push(mirror);
	}

	/** Runs `job` after everything queued before it, never beside another. */
	private serial<T>(job: () => Promise<T>): Promise<T> {
		const run = this.queue.then(job, job);
		this.queue = run.catch(() => {});
		return run;
	}

	/**
	 * Brings memory up to date with the database: one cheap query when nothing changed. Called
	 * before each request (hooks.server.ts). Syncs asked for while one waits share it.
	 */
	sync(): Promise<void> {
		this.waitingSync ??= this.serial(() => {
			this.waitingSync = null;
			// One snapshot for all tables, so no row of a change is read without its others (taken
			// by the first statement after BEGIN), and one round trip: the version and every row
			// changed up to it, as one simple query (three index scans that find nothing when
			// nothing changed).
			return this.inTransaction(async (client) => {
				const results = (await client.query(
					`BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY;
					 SELECT version FROM store_state WHERE id = 1;
					 ${this.pullSql()}; COMMIT`
				)) as unknown as QueryResult[];
				this.apply(Number(results[1].rows[0].version), results.slice(2, 5));
			});
		});
		return this.waitingSync;
	}

	/**
	 * Runs `work` in a transaction under WRITE_LOCK, after bringing memory up to date (so checks
	 * made in `work` see every instance's changes), with the change number its rows carry. Each
	 * round trip of `work` holds the lock: see `writeOnce` for the submissions' one.
	 */
	write<T>(work: (client: PoolClient, changeSeq: number) => Promise<WriteWork<T>>): Promise<T> {
		return this.serial(() =>
			this.inTransaction(async (client) => {
				// Round trips are what the lock is held for (every instance's writes wait on it), so
				// statements that need no answer in between go together: the start (`lockedStart`),
				// then the work, then the new version with COMMIT.
				const results = (await client.query(this.lockedStart())) as unknown as QueryResult[];
				const changeSeq = this.applyLockedStart(results);
				const done = await work(client, changeSeq);
				await client.query(`UPDATE store_state SET version = ${changeSeq} WHERE id = 1; COMMIT`);
				this.seen = changeSeq;
				done.committed?.();
				return done.result;
			})
		);
	}

	/**
	 * A write sent as one simple query, COMMIT included: the lock is held for what the database
	 * does, never across a round trip to this process (whose event loop, busy with other
	 * requests, may take milliseconds to answer: every instance's writes would wait that long).
	 * `statements` (SQL text: values in it escaped with `escapeLiteral`, as no parameters go with
	 * several statements) runs after the lock, the new change number (`currval('change_seq')`)
	 * and the reads of what others committed; `done` gets the statements' results, in memory
	 * after what others committed, and says what changes in memory.
	 */
	writeOnce<T>(
		statements: string,
		done: (results: QueryResult[], changeSeq: number) => WriteWork<T>
	): Promise<T> {
		return this.serial(() =>
			this.inTransaction(async (client) => {
				const results = (await client.query(
					`${this.lockedStart()};
					 ${statements};
					 UPDATE store_state SET version = currval('change_seq') WHERE id = 1; COMMIT`
				)) as unknown as QueryResult[];
				const changeSeq = this.applyLockedStart(results);
				this.seen = changeSeq;
				const work = done(results.slice(6, -2), changeSeq);
				work.committed?.();
				return work.result;
			})
		);
	}

	/**
	 * `run` on a pooled connection; on a failure the transaction it opened is rolled back (a
	 * failed statement of a simple query ends the query there, leaving it open and aborted).
	 */
	private async inTransaction<T>(run: (client: PoolClient) => Promise<T>): Promise<T> {
		const client = await this.pool.connect();
		try {
			return await run(client);
		} catch (e) {
			await client.query('ROLLBACK').catch(() => {});
			throw e;
		} finally {
			client.release();
		}
	}

	/**
	 * The start of every write, six statements: BEGIN, the write lock, the version with the next
	 * change number, and what others committed up to the version (which cannot move while the
	 * lock is held: every writer takes it).
	 */
	private lockedStart(): string {
		return `BEGIN; SELECT pg_advisory_xact_lock(${WRITE_LOCK});
			SELECT version, nextval('change_seq') AS seq FROM store_state WHERE id = 1;
			${this.pullSql()}`;
	}

	/** Hands what `lockedStart` read (the first six results) to memory; the change number. */
	private applyLockedStart(results: QueryResult[]): number {
		const state = results[2].rows[0] as { version: string; seq: string };
		this.apply(Number(state.version), results.slice(3, 6));
		return Number(state.seq);
	}

	/**
	 * The three reads of every row changed after `seen` up to the version as the statement sees
	 * it (`seen` is this instance's own integer, written into the text): responses, meta records
	 * and audit entries, in the order `apply` takes them.
	 */
	private pullSql(): string {
		const range = `change_seq > ${Math.trunc(this.seen)} AND change_seq <= (SELECT version FROM store_state WHERE id = 1)`;
		return [
			`SELECT seq, id, client_id_hash, doc IS NULL AS deleted FROM responses WHERE ${range} ORDER BY seq`,
			`SELECT collection, key, doc FROM meta_records WHERE ${range} ORDER BY position`,
			`SELECT id, doc FROM audit_entries WHERE ${range} ORDER BY id`
		].join(';\n');
	}

	/** Hands the rows `pullSql` read, up to `version`, to the mirrors. */
	private apply(version: number, [responses, meta, audit]: QueryResult[]): void {
		if (version <= this.seen) return;
		const pulled: Pulled = {
			responses: responses.rows.map((r) => ({
				seq: Number(r.seq),
				id: r.id,
				clientIdHash: r.client_id_hash,
				deleted: r.deleted
			})),
			meta: meta.rows as Pulled['meta'],
			audit: audit.rows.map((r) => ({ id: Number(r.id), doc: r.doc }))
		};
		for (const mirror of this.mirrors) mirror.apply(pulled);
		this.seen = version;
	}

	/**
	 * Runs `work` only if no other instance is running the job of this name now (a session
	 * advisory lock, tried, not waited for), after bringing memory up to date: a sweep that
	 * another instance has just done finds nothing left to do. Null when another holds it.
	 */
	async onlyOne<T>(job: string, work: () => Promise<T>): Promise<T | null> {
		let key = JOB_LOCK_BASE;
		for (const c of job) key = (key * 31 + c.charCodeAt(0)) % 2 ** 31;
		const client = await this.pool.connect();
		try {
			const { rows } = await client.query<{ locked: boolean }>(
				'SELECT pg_try_advisory_lock($1) AS locked',
				[key]
			);
			if (!rows[0].locked) return null;
			try {
				await this.sync();
				return await work();
			} finally {
				await client.query('SELECT pg_advisory_unlock($1)', [key]);
			}
		} finally {
			client.release();
		}
	}
}
