/**
 * `npm run backup -- <target folder>`: a consistent snapshot of the data folder (DATA_DIR, else
 * ./data, as the server reads it), taken while the server keeps running. How it stays consistent
 * without stopping anything is explained in src/lib/server/store/backup.ts; restoring is in the
 * README. Exits with 1 (and writes nothing at the target) when the backup cannot be made.
 */
import { resolve } from 'node:path';
import { backupDataFolder } from '../src/lib/server/store/backup';

const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;

async function main(): Promise<number> {
	const target = process.argv[2];
	if (!target || process.argv.length > 3) {
		console.error(
			'Usage: npm run backup -- <target folder>   (the data folder is DATA_DIR, else ./data)'
		);
		return 2;
	}
	const source = resolve(process.env.DATA_DIR || './data');
	const started = Date.now();
	try {
		const s = await backupDataFolder(source, target);
		const kb = Math.round(s.bytes / 1024);
		console.log(
			`Backed up ${plural(s.responses, 'response')} in ${plural(s.segments, 'segment')} ` +
				`(${plural(s.files, 'file')}, ${kb} kB) ` +
				`from ${s.source} to ${s.target} in ${((Date.now() - started) / 1000).toFixed(1)} s.\n` +
				'To restore: stop the server, replace its DATA_DIR with this folder, start the server.'
		);
		return 0;
	} catch (e) {
		console.error(`Backup failed: ${(e as Error).message}`);
		return 1;
	}
}

process.exitCode = await main();
