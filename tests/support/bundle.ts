import { execFile } from 'node:child_process';
import { readdir, readFile, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import Papa from 'papaparse';
import { tempDir } from './server';

/**
 * Running the analysis bundle through the programs researchers use: Python's zipfile unpacks
 * it, PSPP runs the SPSS syntax, R the R script, pandas reads the data. The programs are
 * installed by scripts/ensure-readers.mjs (run here too, so running one test file alone cannot
 * skip them).
 */

const run = promisify(execFile);
const root = resolve(import.meta.dirname, '../..');
/** Debian's Python, which has pandas (the `python3` first on PATH may be another). */
const python = '/usr/bin/python3';

export async function ensureReaders(): Promise<void> {
	await run(process.execPath, [join(root, 'scripts/ensure-readers.mjs')], {
		maxBuffer: 64 * 1024 * 1024
	});
}

/** The bundle unpacked by Python's zipfile (another implementation than the one that wrote it). */
export async function unpack(bytes: Uint8Array): Promise<{ dir: string; names: string[] }> {
	const dir = await tempDir('odb-bundle-');
	const zip = join(dir, 'bundle.zip');
	await writeFile(zip, bytes);
	const script = [
		'import json, sys, zipfile',
		'z = zipfile.ZipFile(sys.argv[1])',
		'bad = z.testzip()',
		'assert bad is None, bad',
		'z.extractall(sys.argv[2])',
		'print(json.dumps(z.namelist()))'
	].join('\n');
	const { stdout } = await run(python, ['-c', script, zip, dir]);
	return { dir, names: JSON.parse(stdout) as string[] };
}

/** The one folder a bundle unpacks into. */
export async function bundleFolder(dir: string): Promise<string> {
	const entries = (await readdir(dir, { withFileTypes: true })).filter((e) => e.isDirectory());
	if (entries.length !== 1) throw new Error(`expected one folder in ${dir}`);
	return join(dir, entries[0].name);
}

const env = { ...process.env, LANG: 'C.UTF-8', LC_ALL: 'C.UTF-8' };

/**
 * PSPP on `syntax` (a file written in `folder`, which can INSERT the bundle's): its text output
 * (as `pspp -O format=txt -o out.txt` gives it), its CSV output, and what it said on the side.
 */
export async function runPspp(folder: string, syntax: string) {
	await writeFile(join(folder, 'check.sps'), syntax);
	const { stdout, stderr } = await run(
		'pspp',
		['-O', 'format=txt', '-o', 'out.txt', '-O', 'format=csv', '-o', 'out.csv', 'check.sps'],
		{ cwd: folder, env, maxBuffer: 256 * 1024 * 1024 }
	);
	return {
		txt: await readFile(join(folder, 'out.txt'), 'utf8'),
		csv: await readFile(join(folder, 'out.csv'), 'utf8'),
		log: stdout + stderr
	};
}

/**
 * PSPP's FREQUENCIES tables from its CSV output, by table title (the variable's label): each
 * category (the value label, the value itself without one, `.` for system-missing) → count.
 */
export function psppFrequencies(csv: string): Map<string, Map<string, number>> {
	const tables = new Map<string, Map<string, number>>();
	for (const block of csv.split(/\r?\n\r?\n/)) {
		const [first, ...rest] = block.trim().split(/\r?\n/);
		const title = /^Table: (.*)$/.exec(first ?? '');
		if (!title || title[1] === 'Statistics') continue;
		const rows = Papa.parse<string[]>(rest.join('\n')).data;
		if (rows[0]?.[2] !== 'Frequency') continue;
		const counts = new Map<string, number>();
		for (const row of rows.slice(1)) {
			if (row[0] === 'Total') continue;
			counts.set(row[1], Number(row[2]));
		}
		tables.set(title[1], counts);
	}
	return tables;
}

/** Rscript on `script` (a file in `folder`); R's own output, and the warnings it printed. */
export async function runR(folder: string, file: string, script?: string) {
	if (script !== undefined) await writeFile(join(folder, file), script);
	const { stdout, stderr } = await run('Rscript', [file], {
		cwd: folder,
		env,
		maxBuffer: 256 * 1024 * 1024
	});
	return { stdout, stderr };
}

/** Debian's Python (with pandas) on `script`, its standard output parsed as JSON. */
export async function runPython(folder: string, script: string): Promise<unknown> {
	const { stdout } = await run(python, ['-c', script], {
		cwd: folder,
		env,
		maxBuffer: 256 * 1024 * 1024
	});
	return JSON.parse(stdout);
}

/** A CSV file of the bundle, parsed. */
export async function readCsv(path: string): Promise<string[][]> {
	const parsed = Papa.parse<string[]>(await readFile(path, 'utf8'), { skipEmptyLines: true });
	if (parsed.errors.length > 0) throw new Error(JSON.stringify(parsed.errors.slice(0, 3)));
	return parsed.data;
}
