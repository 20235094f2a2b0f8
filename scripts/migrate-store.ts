/**
 * `npm run migrate-store -- --to <postgresql://…>`: copies the data folder (DATA_DIR, else
 * ./data) into an empty PostgreSQL database. `--from <postgresql://…>` copies a database into
 * an empty data folder (DATA_DIR, else ./data). Stop the server first: the folder is locked as
 * the server locks it. The copy is read back and verified (counts of everything, a SHA-256
 * checksum per response); the command exits with 1 if anything differs. How it copies is in
 * src/lib/server/store/migrate.ts.
 */
import { resolve } from 'node:path';
import {
	readDatabase,
	readFolder,
	verify,
	writeDatabase,
	writeFolder
} from '../src/lib/server/store/migrate';
import { describeDatabase } from '../src/lib/server/store/postgres';

const usage =
	'Usage: npm run migrate-store -- --to <postgresql://…>     (data folder → database)\n' +
	'       npm run migrate-store -- --from <postgresql://…>   (database → empty data folder)\n' +
	'The data folder is DATA_DIR, else ./data.';

async function main(): Promise<number> {
	const [direction, url, ...rest] = process.argv.slice(2);
	if ((direction !== '--to' && direction !== '--from') || !url || rest.length > 0) {
		console.error(usage);
		return 2;
	}
	const folder = resolve(process.env.DATA_DIR || './data');
	const started = Date.now();
	try {
		const source = direction === '--to' ? await readFolder(folder) : await readDatabase(url);
		if (direction === '--to') await writeDatabase(url, source);
		else await writeFolder(folder, source);
		const copy = direction === '--to' ? await readDatabase(url) : await readFolder(folder);
		const { counts, mismatched } = verify(source, copy);
		if (mismatched.length > 0) {
			console.error(
				`The copy differs in ${mismatched.length} responses (first: ${mismatched.slice(0, 5).join(', ')}).`
			);
			return 1;
		}
		const [from, to] =
			direction === '--to' ? [folder, describeDatabase(url)] : [describeDatabase(url), folder];
		console.log(
			`Copied from ${from} to ${to} in ${((Date.now() - started) / 1000).toFixed(1)} s and verified:\n` +
				Object.entries(counts)
					.map(([what, n]) => `  ${what}: ${n}`)
					.join('\n') +
				`\n  every response's SHA-256 checksum matches (${counts.responses}).`
		);
		return 0;
	} catch (e) {
		console.error(`Not migrated: ${(e as Error).message}`);
		return 1;
	}
}

process.exitCode = await main();
