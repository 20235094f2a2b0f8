import { mkdir, readdir, unlink } from 'node:fs/promises';
import { join } from 'node:path';
import { Low } from 'lowdb';
import { DurableJsonFile, TEMP_SUFFIX } from './durable-file';
import { isResponseSegment, type ResponseSegmentFile } from './records';

/** The segment files of the response log (response-log.ts): their names and how one is opened. */

/** A segment file's name: `segment-000001.json`, numbered from 1, six digits. */
export const SEGMENT_FILE = /^segment-\d{6}\.json$/;

export function segmentFileName(number: number): string {
	return `segment-${String(number).padStart(6, '0')}.json`;
}

export function segmentNumber(name: string): number {
	return Number(name.slice('segment-'.length, -'.json'.length));
}

/** A segment's lowdb, empty until read (or until its first write, for a new one). */
export function segmentFile(folder: string, name: string): Low<ResponseSegmentFile> {
	return new Low(new DurableJsonFile<ResponseSegmentFile>(join(folder, name), isResponseSegment), {
		format: 'odb-responses/1',
		responses: []
	} as ResponseSegmentFile);
}

/**
 * The segment files in `folder`, in order, after removing temporary files: a temporary file is a
 * write that never completed, so it was never acknowledged.
 */
export async function segmentNames(folder: string): Promise<string[]> {
	await mkdir(folder, { recursive: true });
	const names = (await readdir(folder)).sort();
	for (const name of names) if (name.endsWith(TEMP_SUFFIX)) await unlink(join(folder, name));
	return names.filter((n) => SEGMENT_FILE.test(n));
}
