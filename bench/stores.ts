// npm run bench (second part) — the two stores side by side in one run, at one size (default
// 100 000 stored responses): the data folder with one server, PostgreSQL with two servers on one
// database. Each: submissions from 50 clients (across both instances for PostgreSQL), the
// summary, the full CSV export; then the ratio PostgreSQL / files. The PostgreSQL cluster is a
// throw-away one with fsync on, as the data folder's writes are. Writes bench/results/stores-*.json.
//
//   npx tsx bench/stores.ts --size 10000 --no-build
import { execSync } from 'node:child_process';
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { load, root, timeGet, type LoadResult } from './lib';
import {
	loadQuestionnaires,
	seedProgrammeResponses,
	submissionFor
} from '../src/test-data/programme-responses';
import { readFolder, writeDatabase } from '../src/lib/server/store/migrate';
import { startPostgres } from '../tests/support/postgres';
import { startServer, TEST_TOKEN, type TestServer } from '../tests/support/server';
import { untilIdle } from '../tests/support/process';

const { values } = parseArgs({
	options: {
		size: { type: 'string', default: '100000' },
		requests: { type: 'string', default: '2000' },
		'no-build': { type: 'boolean', default: false }
	}
});
const size = Number(values.size);
const total = Number(values.requests);
if (!values['no-build']) execSync('npx vite build', { cwd: root, stdio: 'ignore' });

const barriers = (await loadQuestionnaires())[0];
let counter = 0;
const body = () => submissionFor(barriers, counter++ % 300);
const auth = { authorization: `Bearer ${TEST_TOKEN}` };

interface StoreResult {
	instances: number;
	/** Seconds from start until every instance was idle (the background tallies built). */
	warmUpS: number;
	fiftyClients: LoadResult;
	summaryMs: number;
	exportMs: number;
	exportBytes: number;
	/** Resident memory of the first instance (MB): once started, and its peak over the run. */
	rssAfterStartMb: number;
	peakRssMb: number;
	/** Of the instance that served the export: its peak before the export, and after it. */
	exportPeakBeforeMb: number;
	exportPeakAfterMb: number;
}

/** VmRSS (resident now) or VmHWM (peak resident) of a server's process, in MB (Linux). */
async function memoryMb(server: TestServer, field: 'VmRSS' | 'VmHWM'): Promise<number> {
	const status = await readFile(`/proc/${server.process.pid}/status`, 'utf8');
	const kb = Number(new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(status)?.[1]);
	return Math.round(kb / 1024);
}

async function measure(servers: TestServer[]): Promise<StoreResult> {
	const urls = servers.map((s) => `${s.url}/api/surveys/barriers/responses`);
	// What is measured is a store at work, not one starting: each instance builds the dashboards'
	// tallies in the background after start (seconds of CPU at 100 000 responses); how long that
	// took is printed too.
	const started = performance.now();
	for (const server of servers) await untilIdle(server.process.pid!, 300_000);
	const warmUpS = Math.round((performance.now() - started) / 100) / 10;
	const rssAfterStartMb = await memoryMb(servers[0], 'VmRSS');
	await load(urls, body, 100, 10); // warm-up
	const fifty = await load(urls, body, total, 50);
	// Every instance has seen the submissions once it has answered a request (store.sync).
	const summary = await timeGet(`${servers[0].url}/api/surveys/barriers/summary`, auth);
	const exportPeakBeforeMb = await memoryMb(servers.at(-1)!, 'VmHWM');
	const exported = await timeGet(`${servers.at(-1)!.url}/api/surveys/barriers/export.csv`, auth);
	const exportPeakAfterMb = await memoryMb(servers.at(-1)!, 'VmHWM');
	if (summary.status !== 200 || exported.status !== 200)
		throw new Error(`summary ${summary.status}, export ${exported.status}`);
	return {
		instances: servers.length,
		warmUpS,
		fiftyClients: fifty,
		summaryMs: summary.ms,
		exportMs: exported.ms,
		exportBytes: exported.bytes,
		rssAfterStartMb,
		peakRssMb: await memoryMb(servers[0], 'VmHWM'),
		exportPeakBeforeMb,
		exportPeakAfterMb
	};
}

const dataDir = await mkdtemp(join(tmpdir(), 'odb-bench-stores-'));
await seedProgrammeResponses(dataDir, size);

// The same seeded responses in PostgreSQL, copied as `npm run migrate-store` copies them.
const cluster = await startPostgres({ durable: true });
const databaseUrl = await cluster.createDatabase();
await writeDatabase(databaseUrl, await readFolder(dataDir));

const filesServer = await startServer({ dataDir });
const files = await measure([filesServer]);
await filesServer.stop();

const pgServers = [await startServer({ databaseUrl }), await startServer({ databaseUrl })];
const postgres = await measure(pgServers);
for (const server of pgServers) await server.stop();
await cluster.stop();
await rm(dataDir, { recursive: true, force: true });

const ratio = (a: number, b: number) => Math.round((a / b) * 100) / 100;
const rows = [
	['', 'files (1 instance)', 'PostgreSQL (2 instances)', 'ratio PG / files'],
	[
		'submissions/s, 50 clients',
		files.fiftyClients.perSecond,
		postgres.fiftyClients.perSecond,
		ratio(postgres.fiftyClients.perSecond, files.fiftyClients.perSecond)
	],
	[
		'p99 ms',
		files.fiftyClients.p99,
		postgres.fiftyClients.p99,
		ratio(postgres.fiftyClients.p99, files.fiftyClients.p99)
	],
	['errors', files.fiftyClients.errors, postgres.fiftyClients.errors, ''],
	['start-up tallies s', files.warmUpS, postgres.warmUpS, ratio(postgres.warmUpS, files.warmUpS)],
	['summary ms', files.summaryMs, postgres.summaryMs, ratio(postgres.summaryMs, files.summaryMs)],
	['CSV export ms', files.exportMs, postgres.exportMs, ratio(postgres.exportMs, files.exportMs)],
	[
		'RSS after start MB',
		files.rssAfterStartMb,
		postgres.rssAfterStartMb,
		ratio(postgres.rssAfterStartMb, files.rssAfterStartMb)
	],
	['peak RSS MB', files.peakRssMb, postgres.peakRssMb, ratio(postgres.peakRssMb, files.peakRssMb)],
	[
		'peak RSS before → after export MB',
		`${files.exportPeakBeforeMb} → ${files.exportPeakAfterMb}`,
		`${postgres.exportPeakBeforeMb} → ${postgres.exportPeakAfterMb}`,
		''
	]
];
console.log(`\nStores side by side at ${size} stored responses (${total} submissions each):`);
for (const row of rows) console.log(row.join('\t'));

const out = { at: new Date().toISOString(), size, requests: total, files, postgres };
await mkdir(join(root, 'bench', 'results'), { recursive: true });
const file = join(root, 'bench', 'results', `stores-${out.at.replace(/[:.]/g, '-')}.json`);
await writeFile(file, JSON.stringify(out, null, 2));
console.log(`figures written to ${file}`);
