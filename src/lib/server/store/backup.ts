import { mkdir, mkdtemp, readFile, readdir, rename, rm, rmdir, stat } from 'node:fs/promises';
import { basename, dirname, isAbsolute, join, relative, resolve } from 'node:path';
import { syncFolder, TEMP_SUFFIX, writeFileDurably } from './durable-file';
import { openStore } from './index';
import { isResponseSegment } from './records';
import { SEGMENT_FILE } from './response-log';

/**
 * A consistent snapshot of a data folder, taken while the server keeps writing to it.
 *
 * It needs nothing from the server, because of how the store writes:
 *
 * - Every data file is only ever replaced whole, by renaming a fully written and fsynced temporary
 *   file over it. Reading a file by its name therefore gives one complete version of it, never a
 *   half-written one.
 * - Responses are numbered in arrival order and land in the segments in that order. Only the
 *   newest segment is appended to; a roll-over only adds a file after it. A segment — any
 *   segment, old ones included — is otherwise rewritten only by a deletion (by the respondent, a
 *   researcher or the retention sweep), which takes responses out and never adds or moves one.
 *
 * So the segments that exist when the backup starts are copied oldest first, newest last, and
 * segments that appear later are left out. Every version of a segment holds every response it
 * ever held that has not been deleted since. The copy therefore holds every response acknowledged
 * before the backup started and not deleted by the time its segment was copied, and perhaps some
 * that came in during the copy, but never a later response without all the earlier ones that
 * still exist: it is a gap-free prefix of the log minus deletions.
 *
 * A deletion made while the backup runs may or may not be in it (each segment copied is one
 * whole version, from before or after the deletion; a deletion spanning several segments can be
 * in some of them). Restoring a snapshot brings back what was deleted after it was taken: the
 * retention sweep deletes expired responses again at start-up, but a deletion by receipt or by
 * a researcher made since must be repeated (the audit log lists them, without the receipt).
 *
 * Small files (meta.json, and whatever else lives at the top) are copied first; the questionnaire
 * versions in `definitions/` last, because a version is archived before anyone can answer it, so
 * every version a copied response refers to is then in the copy too. `server.lock` and temporary
 * files are not data and are left out. Every copied JSON file is parsed, and at the end the copy
 * is opened exactly as the server opens a data folder at start-up (order, duplicates, structure),
 * so a backup that says it succeeded will start. It is written to a hidden folder beside the
 * target and renamed to the target only when complete.
 */
export interface BackupSummary {
	source: string;
	target: string;
	files: number;
	bytes: number;
	segments: number;
	responses: number;
}

export class BackupError extends Error {
	constructor(message: string) {
		super(message);
		this.name = 'BackupError';
	}
}

const NOT_DATA = new Set(['server.lock']);

function isInside(child: string, parent: string): boolean {
	const path = relative(parent, child);
	return path === '' || (!path.startsWith('..') && !isAbsolute(path));
}

async function isDirectory(path: string): Promise<boolean> {
	return stat(path).then(
		(s) => s.isDirectory(),
		() => false
	);
}

/** Files under `folder` (relative paths), not descending into `skip`, leaving out non-data. */
async function listFiles(folder: string, skip: string[] = [], prefix = ''): Promise<string[]> {
	const found: string[] = [];
	for (const entry of (await readdir(join(folder, prefix), { withFileTypes: true })).sort((a, b) =>
		a.name.localeCompare(b.name)
	)) {
		const path = prefix ? join(prefix, entry.name) : entry.name;
		if (entry.isDirectory()) {
			if (!skip.includes(path)) found.push(...(await listFiles(folder, skip, path)));
		} else if (entry.isFile() && !entry.name.endsWith(TEMP_SUFFIX) && !NOT_DATA.has(path)) {
			found.push(path);
		}
	}
	return found;
}

export async function backupDataFolder(
	sourceFolder: string,
	targetFolder: string
): Promise<BackupSummary> {
	const source = resolve(sourceFolder);
	const target = resolve(targetFolder);
	if (!(await isDirectory(source)))
		throw new BackupError(`The data folder ${source} does not exist.`);
	if (!(await isDirectory(join(source, 'responses')))) {
		throw new BackupError(`${source} is not a data folder (it has no responses/ folder).`);
	}
	if (isInside(target, source) || isInside(source, target)) {
		throw new BackupError(`The backup ${target} cannot be inside the data folder, or contain it.`);
	}
	if (await isDirectory(target)) {
		if ((await readdir(target)).length > 0)
			throw new BackupError(`${target} exists and is not empty: choose a new folder.`);
	} else if (await stat(target).catch(() => null)) {
		throw new BackupError(`${target} exists and is not a folder.`);
	}

	await mkdir(dirname(target), { recursive: true });
	const work = await mkdtemp(join(dirname(target), `.${basename(target)}.incomplete-`));
	const summary: BackupSummary = { source, target, files: 0, bytes: 0, segments: 0, responses: 0 };

	const copy = async (path: string, check?: (value: unknown) => boolean) => {
		const from = join(source, path);
		const bytes = await readFile(from);
		if (path.endsWith('.json')) {
			let value: unknown;
			try {
				value = JSON.parse(bytes.toString('utf8'));
			} catch (e) {
				throw new BackupError(`${from} is not valid JSON (${(e as Error).message}).`);
			}
			if (check && !check(value)) throw new BackupError(`${from} is not the expected structure.`);
		}
		await mkdir(dirname(join(work, path)), { recursive: true, mode: 0o700 });
		await writeFileDurably(join(work, path), bytes);
		summary.files++;
		summary.bytes += bytes.byteLength;
	};

	try {
		// The segments to copy are fixed now: later ones are after the snapshot.
		const segments = (await readdir(join(source, 'responses')))
			.filter((n) => SEGMENT_FILE.test(n))
			.sort();
		for (const path of await listFiles(source, ['responses', 'definitions'])) await copy(path);
		await mkdir(join(work, 'responses'), { mode: 0o700 });
		for (const name of segments) await copy(join('responses', name), isResponseSegment);
		summary.segments = segments.length;
		if (await isDirectory(join(source, 'definitions'))) {
			for (const path of await listFiles(join(source, 'definitions')))
				await copy(join('definitions', path));
		}

		// Open it as the server would: a damaged or inconsistent copy fails here, not at restore.
		const store = await openStore(work);
		summary.responses = store.responses.size;
		await store.close();

		for (const folder of await listFolders(work)) await syncFolder(folder);
		if (await isDirectory(target)) await rmdir(target);
		await rename(work, target);
		await syncFolder(dirname(target));
		return summary;
	} catch (e) {
		await rm(work, { recursive: true, force: true });
		throw e;
	}
}

async function listFolders(folder: string): Promise<string[]> {
	const folders = [folder];
	for (const entry of await readdir(folder, { withFileTypes: true })) {
		if (entry.isDirectory()) folders.push(...(await listFolders(join(folder, entry.name))));
	}
	return folders;
}
