import { execFile } from 'node:child_process';
import { chown, mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import pg from 'pg';
import { createServer } from 'node:net';

const run = promisify(execFile);

/**
 * A throw-away PostgreSQL cluster (Debian's `postgresql` package: initdb + pg_ctl in a temporary
 * folder), for tests that run against the real database. Never skipped and never mocked: when
 * the cluster cannot start, `startPostgres` throws with the reason, and the test fails.
 *
 * As root (CI containers), initdb refuses to run, so the cluster is made and run as the
 * `postgres` user the package creates. fsync is off for tests (they kill the app, never the
 * database, and a cluster that lives for one run need not survive a power cut); the benchmark
 * asks for a `durable` one, to compare with the data folder's fsync on equal terms.
 */
export interface PgCluster {
	/** `postgresql://postgres@127.0.0.1:<port>`, without a database. */
	base: string;
	/** A new, empty database on the cluster; its address. */
	createDatabase(): Promise<string>;
	stop(): Promise<void>;
}

/** The run's cluster, started by the e2e global setup (tests/e2e/global-setup.ts). */
export const CLUSTER_ENV = 'ODB_TEST_POSTGRES';

let ownCluster: Promise<PgCluster> | null = null;

/**
 * A new, empty database for one test server: on the run's cluster when the e2e global setup
 * started one, else on a cluster this process starts (the benchmark) and stops as it exits.
 */
export async function testDatabase(): Promise<string> {
	const base = process.env[CLUSTER_ENV];
	if (base) return createDatabaseOn(base);
	ownCluster ??= startPostgres().then((cluster) => {
		process.once('beforeExit', () => void cluster.stop());
		return cluster;
	});
	return (await ownCluster).createDatabase();
}

let databases = 0;

async function createDatabaseOn(base: string): Promise<string> {
	// Unique across the test files running at once against one cluster.
	const name = `odb_${process.pid}_${++databases}`;
	const client = new pg.Client({ connectionString: `${base}/postgres` });
	await client.connect();
	try {
		await client.query(`CREATE DATABASE ${name}`);
	} finally {
		await client.end();
	}
	return `${base}/${name}`;
}

async function freePort(): Promise<number> {
	return new Promise((done, fail) => {
		const server = createServer();
		server.once('error', fail);
		server.listen(0, '127.0.0.1', () => {
			const address = server.address();
			const port = typeof address === 'object' && address ? address.port : 0;
			server.close(() => done(port));
		});
	});
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

export async function startPostgres(options: { durable?: boolean } = {}): Promise<PgCluster> {
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
			`-p ${port} -k ${folder} -c listen_addresses=127.0.0.1 -c fsync=${options.durable ? 'on' : 'off'} -c max_connections=200`
		]);
	} catch (e) {
		const failure = e as { stderr?: string; message: string };
		await rm(folder, { recursive: true, force: true });
		throw new Error(`Could not start PostgreSQL: ${failure.stderr || failure.message}`);
	}
	const base = `postgresql://postgres@127.0.0.1:${port}`;
	return {
		base,
		createDatabase: () => createDatabaseOn(base),
		async stop() {
			await as(join(bin, 'pg_ctl'), ['stop', '-D', data, '-m', 'immediate']).catch(() => {});
			await rm(folder, { recursive: true, force: true });
		}
	};
}
