import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import type { Low } from 'lowdb';
import { sha256Hex } from '../../hash';
import { DamagedFileError } from './durable-file';
import { segmentFile, segmentFileName, segmentNames, segmentNumber } from './segments';
import { importProblem, type ImportedResponse } from './import-check';
import {
	memorySelection,
	roundCellsOf,
	type RoundCell,
	type Selection,
	type SelectionQuery
} from './selection';
import {
	type LegacyStoredResponse,
	type NewResponse,
	type ResponseSegmentFile,
	type StoredResponse,
	type Tombstone
} from './records';

/** How a submission's clientResponseId is remembered: hashed, never in the clear. */
export function clientIdHash(clientResponseId: string): string {
	return sha256Hex(clientResponseId);
}

/** How a receipt code (`XXXX-XXXX-XXXX`, as the app forms it) is remembered: hashed. */
export function receiptHash(receipt: string): string {
	return sha256Hex(`receipt:${receipt}`);
}

/** A new record key: 32 random bits from the system's secure source (see records.ts). */
function newRecordKey(): number {
	return randomBytes(4).readUInt32BE(0);
}

/** The stored form of a response the app hands over: codes hashed, a record key drawn. */
export function toStored(record: Omit<NewResponse, 'seq'> & { seq: number }): StoredResponse {
	const { clientResponseId, receipt, ...rest } = record;
	return {
		...rest,
		clientIdHash: clientResponseId ? clientIdHash(clientResponseId) : null,
		receiptHash: receiptHash(receipt),
		recordKey: newRecordKey()
	};
}

/**
 * A response as a segment file holds it, in the current form: one written before receipts were
 * hashed and records had keys is converted (and `true` says so, so its segment is rewritten).
 */
function upgraded(record: LegacyStoredResponse): [StoredResponse, boolean] {
	if (
		record.receipt === undefined &&
		record.clientResponseId === undefined &&
		typeof record.recordKey === 'number' &&
		typeof record.receiptHash === 'string'
	)
		return [record as StoredResponse, false];
	const { receipt, clientResponseId, ...rest } = record;
	return [
		{
			...rest,
			clientIdHash: rest.clientIdHash ?? (clientResponseId ? clientIdHash(clientResponseId) : null),
			receiptHash: rest.receiptHash ?? receiptHash(receipt ?? ''),
			recordKey: typeof rest.recordKey === 'number' ? rest.recordKey : newRecordKey()
		},
		true
	];
}

export type { ImportedResponse } from './import-check';

export { SEGMENT_FILE, segmentFileName } from './segments';

type Operation =
	| {
			kind: 'append';
			/** One submission, or many imported at once. */
			records: StoredResponse[];
			resolve: () => void;
			reject: (e: unknown) => void;
	  }
	| {
			kind: 'delete';
			ids: Set<string>;
			resolve: (deleted: StoredResponse[]) => void;
			reject: (e: unknown) => void;
	  };

/**
 * Responses, stored as a chain of bounded lowdb files ("segments").
 *
 * lowdb rewrites its whole file on every write, so one file of all responses would make each
 * submission cost more than the last (50 ms at 10 000 responses, 700 ms at 100 000; see
 * shared/tech-notes.md). Instead responses go to `responses/segment-000001.json`, `…02.json`, …
 * of at most `segmentSize` responses each. Only the newest segment is ever appended to, so the
 * cost of a write is bounded by the segment size, not by the number of responses stored.
 *
 * Concurrent submissions are coalesced ("group commit"): while one write is on its way to disk,
 * new responses queue up, and the next write takes them all at once. Every caller's promise
 * resolves only after the write holding its response has been fsynced: acknowledged means on disk.
 *
 * Every response is also held in memory (in arrival order) for reading: summaries and exports
 * never touch the disk.
 *
 * Deletion (by the respondent, a researcher, or the retention sweep) rewrites each segment that
 * held a deleted response, through the same durable write, and leaves a tombstone in that same
 * file (see records.ts). It goes through the same queue as appends, so it never races a write to
 * the same segment: appends queued before it are written first, those after it next. Each segment
 * is replaced atomically, so after a crash every response is either there or gone with its
 * tombstone, never half-deleted; memory is changed only after the file is on disk.
 */
export class ResponseLog {
	private readonly segments: Low<ResponseSegmentFile>[] = [];
	private readonly all: StoredResponse[] = [];
	private readonly byId = new Map<string, StoredResponse>();
	/** By the hash of the clientResponseId, and of the receipt: the store keeps no other form. */
	private readonly byClientId = new Map<string, StoredResponse>();
	private readonly byReceipt = new Map<string, StoredResponse>();
	/** Hashes of the clientResponseIds of deleted responses: a retry of one is not stored again. */
	private readonly deletedClientIds = new Set<string>();
	private queue: Operation[] = [];
	private writing: Promise<void> | null = null;
	private lastSeq = 0;
	private issuedSeq = 0;
	/** The number in the newest segment's file name; the next segment gets the one after it. */
	private lastSegmentNumber = 0;

	private constructor(
		private readonly folder: string,
		private readonly segmentSize: number
	) {}

	static async open(folder: string, segmentSize = 1000): Promise<ResponseLog> {
		const log = new ResponseLog(folder, segmentSize);
		const outdated: Low<ResponseSegmentFile>[] = [];
		for (const name of await segmentNames(folder)) {
			const db = segmentFile(folder, name);
			await db.read();
			let changed = false;
			db.data.responses = db.data.responses.map((legacy) => {
				const [record, converted] = upgraded(legacy);
				changed ||= converted;
				if (record.seq <= log.lastSeq || log.byId.has(record.id)) {
					throw new DamagedFileError(
						join(folder, name),
						`response ${record.id} is out of order or stored twice`
					);
				}
				log.index(record);
				return record;
			});
			if (changed) outdated.push(db);
			for (const tombstone of db.data.tombstones ?? []) log.remember(tombstone);
			log.segments.push(db);
			log.lastSegmentNumber = segmentNumber(name);
		}
		// Segments written before receipts were hashed and responses had record keys are written
		// again at once, durably, in the current form: no code stays in the clear, and a key drawn
		// now is the key for good (one that lived only in memory would differ after a restart, and
		// every table would then show new noise that could be averaged away). Each rewrite is
		// atomic, as every segment write is; a crash in between leaves some converted and some not,
		// and the next start converts the rest.
		for (const db of outdated) await db.write();
		// A deleted response's number is not handed out again: a paging cursor past it stays valid.
		log.issuedSeq = Math.max(log.lastSeq, log.highestDeletedSeq);
		return log;
	}

	private highestDeletedSeq = 0;

	private index(record: StoredResponse) {
		this.all.push(record);
		this.byId.set(record.id, record);
		this.byReceipt.set(record.receiptHash, record);
		if (record.clientIdHash) this.byClientId.set(record.clientIdHash, record);
		this.lastSeq = record.seq;
		this.changes++;
	}

	private remember(tombstone: Tombstone) {
		if (tombstone.clientIdHash) this.deletedClientIds.add(tombstone.clientIdHash);
		this.highestDeletedSeq = Math.max(this.highestDeletedSeq, tombstone.seq);
	}

	get size(): number {
		return this.all.length;
	}

	/**
	 * Changes whenever the stored responses change (an append or a deletion), so a cache of
	 * anything computed from them can tell it is stale: the size alone would not notice one
	 * deletion followed by one new answer.
	 */
	get generation(): number {
		return this.changes;
	}
	private changes = 0;

	/**
	 * How many times responses have been taken out (deletions, retention sweeps) since the log
	 * was opened: a reader that keeps something built from appends (the summaries' strata,
	 * views/summary-index.ts) builds it again when this moves.
	 */
	get removals(): number {
		return this.removed;
	}
	private removed = 0;

	/** Every stored response in arrival order. Read-only: the log owns the records. */
	responses(): readonly StoredResponse[] {
		return this.all;
	}

	/** One questionnaire's responses that match, in arrival order, taken at once (selection.ts). */
	select(query: SelectionQuery): Promise<Selection> {
		return Promise.resolve(memorySelection(this.all, query));
	}

	/** Each questionnaire's (or one's) live responses per round, counted (selection.ts). */
	roundCells(surveyId?: string): Promise<RoundCell[]> {
		return Promise.resolve(roundCellsOf(this.all, surveyId));
	}

	/*
	 * The look-ups are promises because PostgreSQL answers them with a query (postgres/
	 * responses.ts); the data folder answers from its maps at once.
	 */

	get(id: string): Promise<StoredResponse | undefined> {
		return Promise.resolve(this.byId.get(id));
	}

	getByClientId(clientResponseId: string): Promise<StoredResponse | undefined> {
		return Promise.resolve(this.byClientId.get(clientIdHash(clientResponseId)));
	}

	/** The response with this receipt code (as the app forms it, `XXXX-XXXX-XXXX`), by its hash. */
	getByReceipt(receipt: string): Promise<StoredResponse | undefined> {
		return Promise.resolve(this.byReceipt.get(receiptHash(receipt)));
	}

	/** Whether a response with this clientResponseId was stored and later deleted. */
	wasDeleted(clientResponseId: string): Promise<boolean> {
		return Promise.resolve(this.deletedClientIds.has(clientIdHash(clientResponseId)));
	}

	/**
	 * The next sequence number; the caller builds the record with it and appends it at once.
	 * A failed write leaves a gap, which is harmless: only the order matters.
	 */
	nextSeq(): number {
		return ++this.issuedSeq;
	}

	/**
	 * Stores a response (numbered with `nextSeq`): its receipt and submission id hashed, a record
	 * key drawn. Resolves once it is on disk, rejects if it could not be written.
	 */
	append(record: NewResponse): Promise<void> {
		const stored = toStored(record);
		return new Promise((resolve, reject) => {
			this.queue.push({ kind: 'append', records: [stored], resolve, reject });
			this.writing ??= this.drain();
		});
	}

	/**
	 * Stores many responses validated elsewhere (seeding the demo, the benchmark, tests), so that
	 * nothing outside the store writes a segment file. They are numbered after everything stored
	 * or queued, in the order given, and go through the same queue and segment writer as
	 * submissions: durable writes, roll-over to a new segment when one is full. They are written
	 * a whole segment per write, not one group commit each: 100 000 take about a hundred writes.
	 *
	 * Refused whole, with nothing written, if a record is not a stored response or repeats an id
	 * or a clientResponseId (of a stored, queued or imported response). Resolves once all are on
	 * disk. If a write fails midway it rejects; the segments written before it stay written (and
	 * in memory), as after a crash: fine for a seed, which starts again on an empty folder.
	 *
	 * The records are copied, but not their answers: the log takes those over, and the caller
	 * must not change them afterwards (a seed reuses one answer set for many responses).
	 */
	import(records: readonly ImportedResponse[]): Promise<void> {
		const queued = this.queue.flatMap((op) => (op.kind === 'append' ? op.records : []));
		const stored = {
			hasId: (id: string) => this.byId.has(id),
			hasClientIdHash: (hash: string) => this.byClientId.has(hash)
		};
		const problem = importProblem(records, stored, queued);
		if (problem) return Promise.reject(new Error(`Not imported: ${problem}.`));
		if (records.length === 0) return Promise.resolve();
		const numbered = records.map((r) => toStored({ ...r, seq: this.nextSeq() }));
		return new Promise((resolve, reject) => {
			this.queue.push({ kind: 'append', records: numbered, resolve, reject });
			this.writing ??= this.drain();
		});
	}

	/**
	 * Deletes the responses with these ids (unknown ids are ignored) and resolves with the ones
	 * deleted, once every segment that held them has been rewritten on disk. If a rewrite fails,
	 * it rejects; the segments rewritten before stay rewritten (and memory says so), the others
	 * keep their responses, so nothing is ever half-deleted.
	 */
	delete(ids: Iterable<string>): Promise<StoredResponse[]> {
		return new Promise((resolve, reject) => {
			this.queue.push({ kind: 'delete', ids: new Set(ids), resolve, reject });
			this.writing ??= this.drain();
		});
	}

	/** What is left of every deleted response (records.ts, Tombstone), oldest segment first. */
	tombstones(): Tombstone[] {
		return this.segments.flatMap((segment) => segment.data.tombstones ?? []);
	}

	/**
	 * Fills an empty log with responses and tombstones exactly as another store held them
	 * (`npm run migrate-store`): numbers, hashes and record keys unchanged. The tombstones go in
	 * the newest segment. Refused unless the log is empty.
	 */
	async restore(records: readonly StoredResponse[], tombstones: readonly Tombstone[]) {
		if (this.all.length > 0 || this.issuedSeq > 0 || this.queue.length > 0)
			throw new Error('Not restored: the data folder already holds responses.');
		const sorted = [...records].sort((a, b) => a.seq - b.seq);
		if (sorted.length > 0) {
			await new Promise<void>((resolve, reject) => {
				this.queue.push({ kind: 'append', records: sorted, resolve, reject });
				this.writing ??= this.drain();
			});
		}
		if (tombstones.length > 0) {
			await this.flushed();
			const segment = await this.segmentWithRoom();
			segment.data.tombstones = [...(segment.data.tombstones ?? []), ...tombstones];
			await segment.write();
			for (const tombstone of tombstones) this.remember(tombstone);
		}
		this.issuedSeq = Math.max(this.lastSeq, this.highestDeletedSeq);
	}

	/** Waits until everything queued so far is written (used at shut-down and by backups). */
	async flushed(): Promise<void> {
		while (this.writing) await this.writing;
	}

	private async drain(): Promise<void> {
		try {
			while (this.queue.length > 0) {
				// The appends up to the first deletion are one group commit; a deletion runs alone,
				// in its place in the queue, so nothing is written out of order.
				const first = this.queue[0];
				if (first.kind === 'delete') {
					this.queue.shift();
					await this.runDelete(first);
					continue;
				}
				const end = this.queue.findIndex((op) => op.kind === 'delete');
				const batch = (end === -1 ? this.queue : this.queue.slice(0, end)).filter(
					(op): op is Extract<Operation, { kind: 'append' }> => op.kind === 'append'
				);
				this.queue = end === -1 ? [] : this.queue.slice(end);
				await this.runAppends(batch);
			}
		} finally {
			this.writing = null;
		}
	}

	/**
	 * Writes the records of `batch` in order, filling the newest segment and then new ones. Each
	 * operation resolves once its last record is on disk; when a write fails, it and every later
	 * operation in the batch reject (those written before stay written).
	 */
	private async runAppends(batch: Extract<Operation, { kind: 'append' }>[]): Promise<void> {
		const records = batch.flatMap((op) => op.records);
		// Where each operation's records end in `records`.
		const ends: number[] = [];
		for (const op of batch) ends.push((ends.at(-1) ?? 0) + op.records.length);
		let start = 0;
		let unresolved = 0;
		while (start < records.length) {
			const segment = await this.segmentWithRoom();
			const room = this.segmentSize - segment.data.responses.length;
			const chunk = records.slice(start, start + room);
			// One by one, not push(...chunk): a large segment would overflow the stack.
			for (const record of chunk) segment.data.responses.push(record);
			try {
				await segment.write();
			} catch (e) {
				// Not on disk: take the records back out so memory matches the files.
				segment.data.responses.length -= chunk.length;
				for (const waiting of batch.slice(unresolved)) waiting.reject(e);
				return;
			}
			for (const record of chunk) this.index(record);
			start += chunk.length;
			while (unresolved < batch.length && ends[unresolved] <= start) batch[unresolved++].resolve();
		}
	}

	private async runDelete(op: Extract<Operation, { kind: 'delete' }>): Promise<void> {
		const deleted: StoredResponse[] = [];
		try {
			for (const segment of this.segments) {
				const gone = segment.data.responses.filter((r) => op.ids.has(r.id));
				if (gone.length === 0) continue;
				const previous = segment.data;
				const tombstones = gone.map((r): Tombstone => ({
					seq: r.seq,
					clientIdHash: r.clientIdHash
				}));
				segment.data = {
					format: 'odb-responses/1',
					responses: previous.responses.filter((r) => !op.ids.has(r.id)),
					tombstones: [...(previous.tombstones ?? []), ...tombstones]
				};
				try {
					await segment.write();
				} catch (e) {
					segment.data = previous;
					throw e;
				}
				for (const tombstone of tombstones) this.remember(tombstone);
				deleted.push(...gone);
			}
		} catch (e) {
			this.forget(deleted);
			op.reject(e);
			return;
		}
		this.forget(deleted);
		op.resolve(deleted);
	}

	/** Takes responses that are no longer on disk out of memory. */
	private forget(records: StoredResponse[]) {
		if (records.length === 0) return;
		const gone = new Set(records.map((r) => r.id));
		for (const record of records) {
			this.byId.delete(record.id);
			this.byReceipt.delete(record.receiptHash);
			if (record.clientIdHash) this.byClientId.delete(record.clientIdHash);
		}
		// In place, keeping arrival order (no spread: 100 000 arguments would overflow the stack).
		let to = 0;
		for (const record of this.all) if (!gone.has(record.id)) this.all[to++] = record;
		this.all.length = to;
		this.changes++;
		this.removed++;
	}

	private async segmentWithRoom(): Promise<Low<ResponseSegmentFile>> {
		const last = this.segments[this.segments.length - 1];
		if (last && last.data.responses.length < this.segmentSize) return last;
		// Numbered after the newest file, not by counting files: with a segment missing from the
		// middle (moved away by hand, a partial restore), counting would name an existing file
		// and the next write would replace it.
		const db = segmentFile(this.folder, segmentFileName(++this.lastSegmentNumber));
		// The new segment is written with its first responses, not empty: nothing to do here.
		this.segments.push(db);
		return db;
	}
}

/** What the app asks of the responses, whichever store holds them (postgres/responses.ts). */
export type Responses = Pick<
	ResponseLog,
	| 'size'
	| 'generation'
	| 'removals'
	| 'select'
	| 'roundCells'
	| 'get'
	| 'getByClientId'
	| 'getByReceipt'
	| 'wasDeleted'
	| 'nextSeq'
	| 'append'
	| 'import'
	| 'delete'
	| 'flushed'
>;

/**
 * Thrown by `append` when the store already holds (or held, and deleted) a response with the
 * same clientResponseId: another instance stored it first (PostgreSQL, several instances). The
 * embedded store never throws it (one process; submit.ts finds the first by its id).
 */
export class DuplicateSubmissionError extends Error {
	constructor(readonly existing: StoredResponse | null) {
		super('A response with this clientResponseId is already stored');
	}
}
