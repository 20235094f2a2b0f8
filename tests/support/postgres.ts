import { execFile } from 'node:child_process';
import { chown, mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import pg from 'pg';
import { freePort } from './server';

const run = promisify(execFile);

/**
 * A throw-away PostgreSQL cluster (Debian's `postgresql` package: initdb + pg_ctl in a temporary
 * folder), for tests that run against the real database. Never skipped and never mocked: when
 * the cluster cannot start, `startPostgres` throws with the reason, and the test fails.
 *
 * As root (CI containers), initdb refuses to run, so the cluster is made and run as the
 * `postgres` user the package creates. fsync is off: the tests kill the app, never the database,
 * and a cluster that lives for one test file need not survive a power cut.
 */
export interface PgCluster {
	/** A new, empty database on the cluster; its address. */
	createDatabase(): Promise<string>;
	stop(): Promise<void>;
}

async function binDir(): Promise<string> {
	const versions = await readdir('/usr/lib/postgresql').catch(() => [] as string[]);
	const newest = versions.filter((v) => /^\d+$/.test(v)).sort((a, b) => Number(b) - Number(a))[0];
	if (!newest)
		throw new Error(
			'PostgreSQL is not installed (no /usr/lib/postgresql/<version>/bin): apt-get install -y postgresql'
		);
	return `/usr/lib/postgresql/${newest}/bin`;
}

export async function startPostgres(): Promise<PgCluster> {
	const bin = await binDir();
	const folder = await mkdtemp(join(tmpdir(), 'odb-pg-'));
	const data = join(folder, 'data');
	const asRoot = process.getuid?.() === 0;
	if (asRoot) {
		const { stdout } = await run('id', ['-u', 'postgres']);
		const { stdout: gid } = await run('id', ['-g', 'postgres']);
		await chown(folder, Number(stdout.trim()), Number(gid.trim()));
	}
	const as = (command: string, args: string[]) =>
		asRoot ? run('runuser', ['-u', 'postgres', '--', command, ...args]) : run(command, args);
	const port = await freePort();
	try {
		await as(join(bin, 'initdb'), ['-D', data, '-A', 'trust', '-U', 'postgres', '--no-sync']);
		await as(join(bin, 'pg_ctl'), [
			'start',
			'-w',
			'-D',
			data,
			'-l',
			join(folder, 'log'),
			'-o',
			`-p ${port} -k ${folder} -c listen_addresses=127.0.0.1 -c fsync=off -c max_connections=200`
		]);
	} catch (e) {
		const failure = e as { stderr?: string; message: string };
		await rm(folder, { recursive: true, force: true });
		throw new Error(`Could not start PostgreSQL: ${failure.stderr || failure.message}`);
	}
	const base = `postgresql://postgres@127.0.0.1:${port}`;
	let count = 0;
	return {
		async createDatabase() {
			const name = `odb_test_${++count}`;
			const client = new pg.Client({ connectionString: `${base}/postgres` });
			await client.connect();
			try {
				await client.query(`CREATE DATABASE ${name}`);
			} finally {
				await client.end();
			}
			return `${base}/${name}`;
		},
		async stop() {
			await as(join(bin, 'pg_ctl'), ['stop', '-D', data, '-m', 'immediate']).catch(() => {});
			await rm(folder, { recursive: true, force: true });
		}
	};
}
