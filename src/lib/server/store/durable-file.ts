import { randomBytes } from 'node:crypto';
import { open, readFile, rename, unlink } from 'node:fs/promises';
import { dirname, resolve, sep } from 'node:path';
import type { Adapter } from 'lowdb';

/** A data file that exists but cannot be read back: start-up stops rather than overwrite it. */
export class DamagedFileError extends Error {
	constructor(
		readonly file: string,
		reason: string
	) {
		super(
			`The data file ${file} is damaged (${reason}). It has not been changed. Restore it from a backup or move it away, then start again.`
		);
		this.name = 'DamagedFileError';
	}
}

/**
 * A durable write the disk refused (full, read-only, an I/O error). Nothing of it was
 * acknowledged; the caller answers 503 ("try again"), never 500. `code` is the system's
 * (`ENOSPC`, `EROFS` …) so the log says what happened.
 */
export class StoreWriteError extends Error {
	readonly code: string | undefined;
	constructor(
		readonly file: string,
		readonly cause: unknown
	) {
		super(`Could not write ${file}: ${(cause as Error)?.message ?? String(cause)}`);
		this.name = 'StoreWriteError';
		this.code = (cause as NodeJS.ErrnoException)?.code;
	}
}

/** Every temporary file the store writes ends so; start-up and backups know them by it. */
export const TEMP_SUFFIX = '.tmp';

/**
 * A lowdb adapter that makes a write durable before it resolves.
 *
 * lowdb's own JSONFile (steno) writes a temporary file and renames it, but never fsyncs, so an
 * acknowledged write can vanish in a power cut. Here the temporary file is fsynced, renamed over
 * the old one (atomic on POSIX), and the folder is fsynced so the rename itself survives. A crash
 * at any point leaves either the old file or the new one, never a mix; a left-over `.tmp` file was
 * never acknowledged and is removed at start-up.
 */
export class DurableJsonFile<T> implements Adapter<T> {
	constructor(
		readonly file: string,
		private readonly check: (value: unknown) => value is T = (_value): _value is T => true
	) {}

	async read(): Promise<T | null> {
		let text: string;
		try {
			text = await readFile(this.file, 'utf8');
		} catch (e) {
			if ((e as NodeJS.ErrnoException).code === 'ENOENT') return null;
			throw e;
		}
		let value: unknown;
		try {
			value = JSON.parse(text);
		} catch (e) {
			throw new DamagedFileError(this.file, `not valid JSON: ${(e as Error).message}`);
		}
		if (!this.check(value)) throw new DamagedFileError(this.file, 'not the expected structure');
		return value;
	}

	async write(data: T): Promise<void> {
		await writeFileDurably(this.file, JSON.stringify(data));
	}
}

/**
 * The writes waiting for each file, by absolute path: one queue per file. Two writes of the same
 * file never run at once, whoever asks for them, and they land in the order they were asked for,
 * so the file ends as the last one left it. Without this, two callers writing the same file at
 * once (60 failed sign-ins each auditing) raced on one temporary file: one renamed it away and
 * the other's rename failed with ENOENT, a 500.
 */
const queues = new Map<string, Promise<void>>();

let written = 0;

/**
 * A temporary name no other write uses: the target's name, this process, a counter and random
 * bits, ending in `.tmp`. Even a write that somehow bypassed the queue could not write into, or
 * rename away, another write's temporary file.
 */
function temporaryName(file: string): string {
	return `${file}.${process.pid}-${++written}-${randomBytes(4).toString('hex')}${TEMP_SUFFIX}`;
}

/**
 * Writes `text` to `file` durably (temporary file, fsync, rename, fsync of the folder), after
 * every write of the same file asked for before it. Rejects with a StoreWriteError if the disk
 * refuses; the old file is then untouched.
 */
export function writeFileDurably(file: string, text: string | Uint8Array): Promise<void> {
	const key = resolve(file);
	const before = queues.get(key) ?? Promise.resolve();
	const run = before.then(() => writeNow(file, text));
	const settled = run.then(
		() => {},
		() => {}
	);
	queues.set(key, settled);
	void settled.then(() => {
		if (queues.get(key) === settled) queues.delete(key);
	});
	return run;
}

async function writeNow(file: string, text: string | Uint8Array): Promise<void> {
	const temp = temporaryName(file);
	try {
		refusedForTests(file);
		const handle = await open(temp, 'wx', 0o600);
		try {
			try {
				await handle.writeFile(text);
				await handle.datasync();
			} finally {
				await handle.close();
			}
			await rename(temp, file);
		} catch (e) {
			// On a full disk the half-written temporary file holds the space the next attempt needs;
			// it was never acknowledged, so it goes (and if even that fails, start-up removes it).
			await unlink(temp).catch(() => {});
			throw e;
		}
		await syncFolder(dirname(file));
	} catch (e) {
		throw e instanceof StoreWriteError ? e : new StoreWriteError(file, e);
	}
}

export async function syncFolder(folder: string): Promise<void> {
	const handle = await open(folder, 'r');
	try {
		await handle.sync();
	} finally {
		await handle.close();
	}
}

/**
 * Folders whose writes fail as on a read-only disk, for tests in this process: root (who runs
 * them in CI) can write anywhere, and a temporary file with a unique name cannot be blocked by
 * putting something in its place. Nothing in the app calls this. Returns the undo.
 */
const refused = new Set<string>();

export function refuseWritesForTests(folder: string): () => void {
	const prefix = resolve(folder) + sep;
	refused.add(prefix);
	return () => refused.delete(prefix);
}

function refusedForTests(file: string): void {
	if (refused.size === 0) return;
	const path = resolve(file);
	for (const prefix of refused) {
		if (path.startsWith(prefix)) {
			throw Object.assign(new Error(`EROFS: read-only file system, open '${file}'`), {
				code: 'EROFS'
			});
		}
	}
}
