import { open, readFile, rename, unlink } from 'node:fs/promises';
import { dirname } from 'node:path';
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

export async function writeFileDurably(file: string, text: string | Uint8Array): Promise<void> {
	const temp = file + TEMP_SUFFIX;
	const handle = await open(temp, 'w', 0o600);
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
}

export async function syncFolder(folder: string): Promise<void> {
	const handle = await open(folder, 'r');
	try {
		await handle.sync();
	} finally {
		await handle.close();
	}
}
