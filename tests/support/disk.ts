import { execFile } from 'node:child_process';
import { mkdtemp, open, rm, rmdir } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);

/**
 * A small tmpfs mounted on a fresh folder: a real file system that can really fill up and
 * really be remounted read-only. Permissions cannot simulate either for root (who runs the tests
 * in CI), so this is the honest way. Needs root with CAP_SYS_ADMIN; `null` where mounting is not
 * allowed, and the caller says what it does instead.
 */
export interface SmallDisk {
	folder: string;
	/** Writes a filler file until the disk says ENOSPC; returns the bytes written. */
	fill(): Promise<number>;
	/** Removes the filler. */
	free(): Promise<void>;
	remount(mode: 'ro' | 'rw'): Promise<void>;
	unmount(): Promise<void>;
}

export async function mountSmallDisk(megabytes: number): Promise<SmallDisk | null> {
	const folder = await mkdtemp(join(tmpdir(), 'odb-disk-'));
	try {
		await run('mount', ['-t', 'tmpfs', '-o', `size=${megabytes}m,mode=0700`, 'odb-test', folder]);
	} catch {
		await rmdir(folder);
		return null;
	}
	const filler = join(folder, 'filler.bin');
	return {
		folder,
		async fill() {
			const handle = await open(filler, 'a');
			let written = 0;
			try {
				// Big chunks first, then smaller ones, down to single bytes: not a byte left.
				for (const size of [1 << 16, 1 << 12, 1]) {
					const chunk = Buffer.alloc(size, 0x2e);
					for (;;) {
						try {
							written += (await handle.write(chunk)).bytesWritten;
						} catch (e) {
							if ((e as NodeJS.ErrnoException).code !== 'ENOSPC') throw e;
							break;
						}
					}
				}
			} finally {
				await handle.close();
			}
			return written;
		},
		async free() {
			await rm(filler, { force: true });
		},
		async remount(mode) {
			await run('mount', ['-o', `remount,${mode}`, folder]);
		},
		async unmount() {
			await run('umount', [folder]).catch(() => run('umount', ['-l', folder]));
			await rmdir(folder).catch(() => {});
		}
	};
}

/**
 * Marks folders immutable (chattr +i), or not again: no file can be created in them, even by
 * root, so every write of the store there fails as on a refusing disk.
 */
export async function immutable(folders: string[], on: boolean): Promise<void> {
	for (const folder of folders) await run('chattr', [on ? '+i' : '-i', folder]);
}
