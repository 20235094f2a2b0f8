import { escapeLiteral } from 'pg';
import { importProblem, type ImportedResponse } from '../import-check';
import type { NewResponse, StoredResponse } from '../records';
import { clientIdHash, DuplicateSubmissionError, receiptHash, toStored } from '../response-log';
import { lowerBound, upperBound } from '$lib/filters';
import type { RoundCell, Selection, SelectionQuery } from '../selection';
import type { Database, Mirror, Pulled } from './database';

/** Rows fetched from a selection's cursor at a time: memory holds one batch. */
export const FETCH_SIZE = 500;

/**
 * Responses in PostgreSQL (`responses`), with the same verbs as the embedded response log
 * (../response-log.ts). No response document is held in memory: exports, the data API's pages,
 * the lists, the feedback, the migration and the summaries' strata (views/summary-index.ts,
 * after the highest arrival number they hold) read the database through a cursor (`select`,
 * below), the counts per round are SQL (`roundCells`), and the look-ups by id, submission id and
 * receipt, and `wasDeleted`, are queries on indexed columns. What each instance keeps is counts:
 * how many live responses (`size`), the highest arrival number, the generation, how many
 * deletions it has heard of (`removals`), and the ids of deleted responses it has counted, kept
 * up to date before each request from the rows that changed (database.ts, `sync`: their numbers
 * and whether they were deleted, not their documents).
 *
 * Arrival numbers are given under the database's write lock, after reading what other instances
 * stored, so they are unique and increasing across instances; the number the app asked for with
 * `nextSeq` is only provisional. The browser's submission id is stored hashed under a UNIQUE
 * constraint that holds for deleted responses too (their row stays, without its document), and
 * inserted with ON CONFLICT DO NOTHING: the same submission sent to two instances at once is
 * stored once, and the second hears `DuplicateSubmissionError` with the first.
 *
 * Submissions arriving while a write is on its way are written together in the next
 * transaction (group commit), as in the embedded log. Acknowledged means committed.
 */
export class PgResponses implements Mirror {
	/** Live responses, as counted from the rows seen (`index`, `forget`). */
	private live = 0;
	/** Deleted responses already taken off `live`: a deletion is heard of twice (here, pulled). */
	private readonly deletedIds = new Set<string>();
	private highestSeq = 0;
	private changes = 0;
	private queue: {
		records: StoredResponse[];
		whole: boolean;
		resolve: () => void;
		reject: (e: unknown) => void;
	}[] = [];
	private writing: Promise<void> | null = null;

	constructor(private readonly db: Database) {
		db.attach(this);
	}

	get size(): number {
		return this.live;
	}

	get generation(): number {
		return this.changes;
	}

	/** How many times deletions were heard of (committed here, or pulled from another instance). */
	get removals(): number {
		return this.removed;
	}
	private removed = 0;

	/**
	 * One questionnaire's responses that match, read through a server-side cursor (selection.ts):
	 * a REPEATABLE READ, READ ONLY transaction on its own pooled connection, so the count and the
	 * rows are one snapshot, and `DECLARE … CURSOR` + `FETCH` a batch at a time. No dependency
	 * (`pg-cursor` does the same over the extended protocol; plain SQL needs no package, and the
	 * transaction it needs anyway for the snapshot is the cursor's lifetime). The filters become SQL on the document's fields, with the bounds of `from`/`to`
	 * computed as `matchesFilters` computes them and compared byte-wise (`COLLATE "C"`, as
	 * JavaScript compares strings); the index `responses_by_survey` (schema.ts) orders the rows.
	 */
	async select(query: SelectionQuery): Promise<Selection> {
		const params: unknown[] = [query.surveyId, query.afterSeq ?? 0];
		const where = ['survey_id = $1', 'seq > $2', 'doc IS NOT NULL'];
		const equal = (field: string, value: string | undefined) => {
			if (value === undefined) return;
			params.push(value);
			where.push(`doc->>'${field}' = $${params.length}`);
		};
		const f = query.filters ?? {};
		equal('roundId', f.round);
		equal('audience', f.audience);
		equal('municipality', f.municipality);
		equal('surveyVersion', f.version);
		if (f.from !== undefined) {
			params.push(lowerBound(f.from));
			where.push(`(doc->>'submittedAt') COLLATE "C" >= $${params.length}`);
		}
		if (f.to !== undefined) {
			params.push(upperBound(f.to));
			where.push(`(doc->>'submittedAt') COLLATE "C" < $${params.length}`);
		}
		let limit = '';
		if (query.limit !== undefined) {
			params.push(Math.max(0, Math.floor(query.limit)));
			limit = ` LIMIT $${params.length}`;
		}
		const rows = `FROM responses WHERE ${where.join(' AND ')} ORDER BY seq${limit}`;
		const client = await this.db.pool.connect();
		let closed = false;
		const close = async (failed?: unknown) => {
			if (closed) return;
			closed = true;
			try {
				if (!failed) await client.query('COMMIT');
			} catch (e) {
				failed = e;
			} finally {
				// A connection whose transaction failed is thrown away, not handed to the next.
				client.release(failed instanceof Error ? failed : undefined);
			}
		};
		try {
			await client.query('BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY');
			const counted = await client.query<{ n: string }>(
				`SELECT count(*) AS n FROM (SELECT 1 ${rows}) AS chosen`,
				params
			);
			await client.query(`DECLARE selection NO SCROLL CURSOR FOR SELECT doc ${rows}`, params);
			return {
				count: Number(counted.rows[0].n),
				close: () => close(),
				async *[Symbol.asyncIterator]() {
					try {
						while (!closed) {
							const batch = await client.query<{ doc: StoredResponse }>(
								`FETCH ${FETCH_SIZE} FROM selection`
							);
							for (const row of batch.rows) yield row.doc;
							if (batch.rows.length < FETCH_SIZE) break;
						}
					} catch (e) {
						await close(e);
						throw e;
					} finally {
						// Also when the reader stops early (`break`, a cancelled download).
						await close();
					}
				}
			};
		} catch (e) {
			await client.query('ROLLBACK').catch(() => {});
			await close(e);
			throw e;
		}
	}

	/**
	 * Each questionnaire's (or one's) live responses per round: count and record-key sum mod 2³²,
	 * summed by the database from the index `responses_cells` (schema.ts), one query, no rows
	 * read into memory. The same cells as the data folder's (selection.ts, `roundCellsOf`).
	 */
	async roundCells(surveyId?: string): Promise<RoundCell[]> {
		const { rows } = await this.db.pool.query<{
			survey_id: string;
			round_id: string;
			count: string;
			key: string;
		}>(
			`SELECT survey_id, round_id, count(*) AS count, sum(record_key) % ${2 ** 32} AS key
			 FROM responses WHERE doc IS NOT NULL ${surveyId === undefined ? '' : 'AND survey_id = $1'}
			 GROUP BY survey_id, round_id ORDER BY survey_id, round_id`,
			surveyId === undefined ? [] : [surveyId]
		);
		return rows.map((r) => ({
			surveyId: r.survey_id,
			roundId: r.round_id,
			count: Number(r.count),
			key: Number(r.key)
		}));
	}

	/*
	 * The look-ups ask the database (by the unique `id` and `client_id_hash`, and the index
	 * `responses_by_receipt`, schema.ts), not this instance's memory: what another instance
	 * stored or deleted a moment ago is found without waiting for a sync.
	 */

	get(id: string): Promise<StoredResponse | undefined> {
		return this.one('SELECT doc FROM responses WHERE id = $1 AND doc IS NOT NULL', id);
	}

	async getByClientId(clientResponseId: string): Promise<StoredResponse | undefined> {
		return (await this.byClientIdHash(clientIdHash(clientResponseId)))?.doc ?? undefined;
	}

	getByReceipt(receipt: string): Promise<StoredResponse | undefined> {
		return this.one(
			"SELECT doc FROM responses WHERE doc->>'receiptHash' = $1 AND doc IS NOT NULL",
			receiptHash(receipt)
		);
	}

	async wasDeleted(clientResponseId: string): Promise<boolean> {
		const row = await this.byClientIdHash(clientIdHash(clientResponseId));
		return row !== undefined && row.doc === null;
	}

	private readonly clientIdQueries = new Map<
		string,
		Promise<{ doc: StoredResponse | null } | undefined>
	>();

	/**
	 * The row of a submission id, live (a document) or deleted (none). A submission asks both
	 * `getByClientId` and `wasDeleted` at once (responses/submit.ts): they share one query.
	 */
	private byClientIdHash(hash: string): Promise<{ doc: StoredResponse | null } | undefined> {
		let query = this.clientIdQueries.get(hash);
		if (!query) {
			query = this.db.pool
				.query<{ doc: StoredResponse | null }>(
					'SELECT doc FROM responses WHERE client_id_hash = $1',
					[hash]
				)
				.then((result) => result.rows.at(0))
				.finally(() => this.clientIdQueries.delete(hash));
			this.clientIdQueries.set(hash, query);
		}
		return query;
	}

	private async one(sql: string, value: string): Promise<StoredResponse | undefined> {
		const { rows } = await this.db.pool.query<{ doc: StoredResponse }>(sql, [value]);
		return rows[0]?.doc;
	}

	/** Provisional: the number is given when the response is written (see the class comment). */
	nextSeq(): number {
		return this.highestSeq + 1;
	}

	append(record: NewResponse): Promise<void> {
		return this.enqueue([toStored(record)], false);
	}

	/**
	 * Many responses at once, refused whole (nothing stored) if one repeats an id or a
	 * submission id already stored here or in the database.
	 */
	async import(records: readonly ImportedResponse[]): Promise<void> {
		// The ids and submission hashes of the batch already in the database, live or deleted (a
		// deleted response keeps its hash), read in one query; one stored meanwhile by another
		// instance is refused by the unique constraints, and the whole batch with it.
		const { rows } = await this.db.pool.query<{ id: string; client_id_hash: string | null }>(
			'SELECT id, client_id_hash FROM responses WHERE id = ANY($1) OR client_id_hash = ANY($2)',
			[
				records.map((r) => r.id),
				records.flatMap((r) => (r.clientResponseId ? [clientIdHash(r.clientResponseId)] : []))
			]
		);
		const ids = new Set(rows.map((r) => r.id));
		const hashes = new Set(rows.map((r) => r.client_id_hash));
		const stored = {
			hasId: (id: string) => ids.has(id),
			hasClientIdHash: (hash: string) => hashes.has(hash)
		};
		const problem = importProblem(
			records,
			stored,
			this.queue.flatMap((op) => op.records)
		);
		if (problem) throw new Error(`Not imported: ${problem}.`);
		if (records.length === 0) return;
		return this.enqueue(
			records.map((r) => toStored({ ...r, seq: 0 })),
			true
		);
	}

	private enqueue(records: StoredResponse[], whole: boolean): Promise<void> {
		return new Promise((resolve, reject) => {
			this.queue.push({ records, whole, resolve, reject });
			this.writing ??= this.drain();
		});
	}

	async flushed(): Promise<void> {
		while (this.writing) await this.writing;
	}

	private async drain(): Promise<void> {
		try {
			while (this.queue.length > 0) {
				// Submissions together; an import (which must be refused whole) on its own.
				const batch = this.queue[0].whole ? [this.queue[0]] : this.queue.filter((op) => !op.whole);
				this.queue = this.queue.filter((op) => !batch.includes(op));
				try {
					const refused = await this.insert(batch);
					for (const op of batch) {
						const duplicate = refused.get(op);
						if (duplicate !== undefined) op.reject(new DuplicateSubmissionError(duplicate));
						else op.resolve();
					}
				} catch (e) {
					for (const op of batch) op.reject(e);
				}
			}
		} finally {
			this.writing = null;
		}
	}

	/**
	 * Numbers and inserts the batch's records in one round trip (`Database.writeOnce`); returns
	 * the operations refused as duplicates, each with the response stored first (null if it was
	 * deleted since). The numbers are the database's highest + 1, 2, … in the batch's order,
	 * given under the lock in SQL, and written into each document's text there (`docText`).
	 */
	private insert(batch: typeof this.queue) {
		const all = batch.flatMap((op) => op.records);
		const rows = all.map((r, i) => {
			const [head, tail] = docText(r);
			return {
				ord: i + 1,
				id: r.id,
				survey_id: r.surveyId,
				client_id_hash: r.clientIdHash,
				head,
				tail
			};
		});
		const hashes = all.flatMap((r) => (r.clientIdHash ? [r.clientIdHash] : []));
		// The rows already stored with one of the batch's submission ids are read in the INSERT's
		// snapshot, so without the batch's own.
		const sql = `WITH top AS (SELECT greatest(max(seq), ${Math.trunc(this.highestSeq)}) AS seq FROM responses),
			 added AS (
			   INSERT INTO responses (seq, id, survey_id, client_id_hash, doc, change_seq)
			   SELECT top.seq + r.ord, r.id, r.survey_id, r.client_id_hash,
			     (r.head || (top.seq + r.ord)::text || r.tail)::json, currval('change_seq')
			   FROM top, jsonb_to_recordset(${escapeLiteral(JSON.stringify(rows))}::jsonb)
			     AS r(ord int, id text, survey_id text, client_id_hash text, head text, tail text)
			   ORDER BY r.ord
			   ${batch.some((op) => op.whole) ? '' : 'ON CONFLICT DO NOTHING'}
			   RETURNING id, seq
			 )
			 SELECT id, seq, NULL::text AS client_id_hash, NULL::json AS doc FROM added
			 UNION ALL
			 SELECT NULL, seq, client_id_hash, doc FROM responses
			 WHERE client_id_hash IN (SELECT jsonb_array_elements_text(${escapeLiteral(JSON.stringify(hashes))}::jsonb))`;
		return this.db.writeOnce(sql, ([result]) => {
			const added = new Map<string, number>();
			const earlier = new Map<string, StoredResponse | null>();
			for (const row of result.rows as {
				id: string | null;
				seq: string;
				client_id_hash: string | null;
				doc: StoredResponse | null;
			}[]) {
				if (row.id !== null) added.set(row.id, Number(row.seq));
				else earlier.set(row.client_id_hash!, row.doc);
			}
			for (const record of all) {
				const seq = added.get(record.id);
				if (seq !== undefined) record.seq = seq;
			}
			const refused = new Map<(typeof batch)[number], StoredResponse | null>();
			for (const op of batch) {
				const record = op.records[0];
				if (added.has(record.id)) continue;
				const hash = record.clientIdHash ?? '';
				// Stored before, or by an earlier submission of this batch with the same id.
				const first = earlier.has(hash)
					? earlier.get(hash)!
					: (all.find((r) => r.clientIdHash === hash && added.has(r.id)) ?? null);
				refused.set(op, first);
			}
			return {
				result: refused,
				committed: () => {
					for (const record of all) if (added.has(record.id)) this.index(record.seq);
				}
			};
		});
	}

	delete(ids: Iterable<string>): Promise<StoredResponse[]> {
		const wanted = [...new Set(ids)];
		return this.db.write(async (client, changeSeq) => {
			// The documents as they were, from the database (the CTE's rows are read before the
			// UPDATE), in arrival order.
			const { rows } = await client.query<{ doc: StoredResponse }>(
				`WITH gone AS (
				   SELECT seq, doc FROM responses WHERE id = ANY($1) AND doc IS NOT NULL FOR UPDATE
				 )
				 UPDATE responses SET doc = NULL, change_seq = $2 FROM gone
				 WHERE responses.seq = gone.seq RETURNING gone.seq, gone.doc`,
				[wanted, changeSeq]
			);
			const gone = rows.map((r) => r.doc).sort((a, b) => a.seq - b.seq);
			return {
				result: gone,
				committed: () => this.forget(new Set(gone.map((r) => r.id)))
			};
		});
	}

	/**
	 * Another instance's changes: a live row numbered above every response counted is new
	 * (numbers are given under the write lock, in the order changes commit, so a new row is
	 * always numbered above those before it; responses are never changed, only deleted), a
	 * deleted row numbered at or below them was counted and is taken off; one above them was
	 * stored and deleted between two syncs, and never counted.
	 */
	apply(pulled: Pulled): void {
		if (pulled.responses.length === 0) return;
		const gone = new Set<string>();
		for (const row of pulled.responses) {
			if (row.deleted) {
				if (row.seq <= this.highestSeq) gone.add(row.id);
				else {
					this.deletedIds.add(row.id);
					this.removed++;
				}
			} else if (row.seq > this.highestSeq) this.index(row.seq);
			this.highestSeq = Math.max(this.highestSeq, row.seq);
		}
		this.forget(gone);
	}

	/**
	 * One generation per response added, one per deletion, as the data folder's log counts them
	 * (the dashboard's caches are keyed by it).
	 */
	private index(seq: number) {
		this.changes++;
		this.live++;
		this.highestSeq = Math.max(this.highestSeq, seq);
	}

	/** Counts deleted responses off, each once; a generation if any was counted. */
	private forget(ids: ReadonlySet<string>) {
		if (ids.size === 0) return;
		// Any deletion heard of: the summaries' strata, read from the database, are built again
		// (views/summary-index.ts).
		this.removed++;
		let removed = 0;
		for (const id of ids) {
			if (this.deletedIds.has(id)) continue;
			this.deletedIds.add(id);
			removed++;
		}
		this.live -= removed;
		if (removed > 0) this.changes++;
	}
}

/**
 * A stored response's document as `JSON.stringify` writes it, cut where its number goes: the
 * text before the number of its top-level `seq` and the text after it (the same keys in the same
 * order, so the document reads back as the data folder would hold it).
 */
export function docText(record: StoredResponse): [string, string] {
	const before: string[] = [];
	const after: string[] = [];
	let seen = false;
	for (const [key, value] of Object.entries(record)) {
		if (key === 'seq') {
			seen = true;
			continue;
		}
		const text = JSON.stringify(value);
		// As JSON.stringify leaves out a key whose value it cannot write (undefined, a function).
		if (text === undefined) continue;
		(seen ? after : before).push(`${JSON.stringify(key)}:${text}`);
	}
	if (!seen) throw new Error('A stored response has no number (seq).');
	const head = `{${before.join(',')}${before.length > 0 ? ',' : ''}"seq":`;
	const tail = `${after.length > 0 ? ',' : ''}${after.join(',')}}`;
	return [head, tail];
}
