import { mkdir, readdir, unlink } from 'node:fs/promises';
import { join } from 'node:path';
import { Low } from 'lowdb';
import { DamagedFileError, DurableJsonFile, TEMP_SUFFIX } from './durable-file';
import { isResponseSegment, type ResponseSegmentFile, type StoredResponse } from './records';

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
 */
export class ResponseLog {
	private readonly segments: Low<ResponseSegmentFile>[] = [];
	private readonly all: StoredResponse[] = [];
	private readonly byId = new Map<string, StoredResponse>();
	private readonly byClientId = new Map<string, StoredResponse>();
	private queue: { record: StoredResponse; resolve: () => void; reject: (e: unknown) => void }[] =
		[];
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
		await mkdir(folder, { recursive: true });
		const names = (await readdir(folder)).sort();
		for (const name of names) {
			// A temporary file is a write that never completed, so it was never acknowledged.
			if (name.endsWith(TEMP_SUFFIX)) await unlink(join(folder, name));
		}
		for (const name of names.filter((n) => /^segment-\d{6}\.json$/.test(n))) {
			const db = new Low(new DurableJsonFile(join(folder, name), isResponseSegment), {
				format: 'odb-responses/1',
				responses: []
			} as ResponseSegmentFile);
			await db.read();
			for (const record of db.data.responses) {
				if (record.seq <= log.lastSeq || log.byId.has(record.id)) {
					throw new DamagedFileError(
						join(folder, name),
						`response ${record.id} is out of order or stored twice`
					);
				}
				log.index(record);
			}
			log.segments.push(db);
			log.lastSegmentNumber = Number(name.slice('segment-'.length, -'.json'.length));
		}
		log.issuedSeq = log.lastSeq;
		return log;
	}

	private index(record: StoredResponse) {
		this.all.push(record);
		this.byId.set(record.id, record);
		if (record.clientResponseId) this.byClientId.set(record.clientResponseId, record);
		this.lastSeq = record.seq;
	}

	get size(): number {
		return this.all.length;
	}

	/** Every stored response in arrival order. Read-only: the log owns the records. */
	responses(): readonly StoredResponse[] {
		return this.all;
	}

	get(id: string): StoredResponse | undefined {
		return this.byId.get(id);
	}

	getByClientId(clientResponseId: string): StoredResponse | undefined {
		return this.byClientId.get(clientResponseId);
	}

	/**
	 * The next sequence number; the caller builds the record with it and appends it at once.
	 * A failed write leaves a gap, which is harmless: only the order matters.
	 */
	nextSeq(): number {
		return ++this.issuedSeq;
	}

	/** Stores a response; resolves once it is on disk, rejects if it could not be written. */
	append(record: StoredResponse): Promise<void> {
		return new Promise((resolve, reject) => {
			this.queue.push({ record, resolve, reject });
			this.writing ??= this.drain();
		});
	}

	/** Waits until everything queued so far is written (used at shut-down and by backups). */
	async flushed(): Promise<void> {
		while (this.writing) await this.writing;
	}

	private async drain(): Promise<void> {
		try {
			while (this.queue.length > 0) {
				const batch = this.queue;
				this.queue = [];
				let start = 0;
				while (start < batch.length) {
					const segment = await this.segmentWithRoom();
					const room = this.segmentSize - segment.data.responses.length;
					const chunk = batch.slice(start, start + room);
					start += chunk.length;
					const records = chunk.map((c) => c.record);
					segment.data.responses.push(...records);
					try {
						await segment.write();
					} catch (e) {
						// Not on disk: take the records back out so memory matches the files.
						segment.data.responses.length -= records.length;
						for (const waiting of batch.slice(start - chunk.length)) waiting.reject(e);
						start = batch.length;
						break;
					}
					for (const record of records) this.index(record);
					for (const waiting of chunk) waiting.resolve();
				}
			}
		} finally {
			this.writing = null;
		}
	}

	private async segmentWithRoom(): Promise<Low<ResponseSegmentFile>> {
		const last = this.segments[this.segments.length - 1];
		if (last && last.data.responses.length < this.segmentSize) return last;
		// Numbered after the newest file, not by counting files: with a segment missing from the
		// middle (moved away by hand, a partial restore), counting would name an existing file
		// and the next write would replace it.
		const number = String(++this.lastSegmentNumber).padStart(6, '0');
		const db = new Low(
			new DurableJsonFile<ResponseSegmentFile>(join(this.folder, `segment-${number}.json`)),
			{
				format: 'odb-responses/1',
				responses: []
			} as ResponseSegmentFile
		);
		// The new segment is written with its first responses, not empty: nothing to do here.
		this.segments.push(db);
		return db;
	}
}
