import type { Pool, PoolClient } from 'pg';
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
		this.waitingSync ??= this.serial(async () => {
			this.waitingSync = null;
			const { rows } = await this.pool.query<{ version: string }>(
				'SELECT version FROM store_state WHERE id = 1'
			);
			const version = Number(rows[0].version);
			if (version <= this.seen) return;
			const client = await this.pool.connect();
			try {
				// One snapshot for all tables, so no row of a change is read without its others: taken
				// by the first statement after BEGIN, the version, sent with it in one round trip.
				const [, read] = (await client.query(
					'BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY; SELECT version FROM store_state WHERE id = 1'
				)) as unknown as [unknown, { rows: { version: string }[] }];
				await this.pullInto(client, Number(read.rows[0].version));
				await client.query('COMMIT');
			} catch (e) {
				await client.query('ROLLBACK').catch(() => {});
				throw e;
			} finally {
				client.release();
			}
		});
		return this.waitingSync;
	}

	/**
	 * Runs `work` in a transaction under WRITE_LOCK, after bringing memory up to date (so checks
	 * made in `work` see every instance's changes), with the change number its rows carry.
	 */
	write<T>(work: (client: PoolClient, changeSeq: number) => Promise<WriteWork<T>>): Promise<T> {
		return this.serial(async () => {
			const client = await this.pool.connect();
			try {
				// Round trips are what the lock is held for (every instance's writes wait on it), so
				// statements that need no answer in between go together as one simple query: BEGIN with
				// the lock, the version with the next change number, the new version with COMMIT.
				await client.query(`BEGIN; SELECT pg_advisory_xact_lock(${WRITE_LOCK})`);
				const { rows } = await client.query<{ version: string; seq: string }>(
					"SELECT version, nextval('change_seq') AS seq FROM store_state WHERE id = 1"
				);
				await this.pullInto(client, Number(rows[0].version));
				const changeSeq = Number(rows[0].seq);
				const done = await work(client, changeSeq);
				await client.query(`UPDATE store_state SET version = ${changeSeq} WHERE id = 1; COMMIT`);
				this.seen = changeSeq;
				done.committed?.();
				return done.result;
			} catch (e) {
				await client.query('ROLLBACK').catch(() => {});
				throw e;
			} finally {
				client.release();
			}
		});
	}

	/**
	 * Reads every row changed after `seen` (up to the version the snapshot shows, or `known`, read
	 * by the caller under the write lock) into memory.
	 */
	private async pullInto(client: PoolClient, known?: number): Promise<void> {
		const version =
			known ??
			Number(
				(await client.query<{ version: string }>('SELECT version FROM store_state WHERE id = 1'))
					.rows[0].version
			);
		if (version <= this.seen) return;
		const range = [this.seen, version];
		const responses = await client.query<{
			seq: string;
			id: string;
			client_id_hash: string | null;
			deleted: boolean;
		}>(
			'SELECT seq, id, client_id_hash, doc IS NULL AS deleted FROM responses WHERE change_seq > $1 AND change_seq <= $2 ORDER BY seq',
			range
		);
		const meta = await client.query<{ collection: string; key: string; doc: unknown }>(
			'SELECT collection, key, doc FROM meta_records WHERE change_seq > $1 AND change_seq <= $2 ORDER BY position',
			range
		);
		const audit = await client.query<{ id: string; doc: AuditEntry }>(
			'SELECT id, doc FROM audit_entries WHERE change_seq > $1 AND change_seq <= $2 ORDER BY id',
			range
		);
		const pulled: Pulled = {
			responses: responses.rows.map((r) => ({
				seq: Number(r.seq),
				id: r.id,
				clientIdHash: r.client_id_hash,
				deleted: r.deleted
			})),
			meta: meta.rows,
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
