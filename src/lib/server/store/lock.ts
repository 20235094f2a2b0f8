import { closeSync, openSync, readFileSync, unlinkSync, writeSync, existsSync } from 'node:fs';
import { join } from 'node:path';

export class DataFolderLockedError extends Error {
	constructor(folder: string, pid: number) {
		super(
			`The data folder ${folder} is already in use by another process (pid ${pid}). ` +
				'Only one server may use a data folder at a time, or answers would be lost. ' +
				'Stop the other server, or give this one its own DATA_DIR.'
		);
		this.name = 'DataFolderLockedError';
	}
}

function isRunning(pid: number): boolean {
	if (!Number.isInteger(pid) || pid <= 0) return false;
	try {
		process.kill(pid, 0);
		return true;
	} catch (e) {
		// EPERM: the process exists but belongs to someone else.
		return (e as NodeJS.ErrnoException).code === 'EPERM';
	}
}

/**
 * Takes the data folder for this process. Two writers on the same lowdb files lose writes (one
 * of two, every time; shared/tech-notes.md), so a second server on the folder must refuse to
 * start. The lock file holds the owner's pid; a lock left by a process that no longer runs (after
 * a crash or SIGKILL) is taken over.
 */
const heldHere = new Set<string>();

export function lockDataFolder(folder: string): () => void {
	const file = join(folder, 'server.lock');
	if (heldHere.has(file)) throw new DataFolderLockedError(folder, process.pid);
	for (let attempt = 0; attempt < 3; attempt++) {
		try {
			const fd = openSync(file, 'wx', 0o600);
			writeSync(fd, String(process.pid));
			closeSync(fd);
			heldHere.add(file);
			let released = false;
			const release = () => {
				if (released) return;
				released = true;
				heldHere.delete(file);
				// Or every store opened and closed in one process (tests, a seed) adds a listener.
				process.off('exit', release);
				try {
					if (readFileSync(file, 'utf8').trim() === String(process.pid)) unlinkSync(file);
				} catch {
					// Already gone: nothing to release.
				}
			};
			process.once('exit', release);
			return release;
		} catch (e) {
			if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
			const owner = Number(existsSync(file) ? readFileSync(file, 'utf8').trim() : NaN);
			if (owner !== process.pid && isRunning(owner)) throw new DataFolderLockedError(folder, owner);
			// Stale: its owner is gone. Remove it and try again.
			try {
				unlinkSync(file);
			} catch {
				// Someone else removed it first; the next attempt decides.
			}
		}
	}
	throw new Error(`Could not lock the data folder ${folder}`);
}
