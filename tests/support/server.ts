import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtemp } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { testDatabase } from './postgres';

export const TEST_TOKEN = 'test-token-0123456789';
export const ADMIN_PASSWORD = 'admin-password-for-tests';
const root = resolve(import.meta.dirname, '../..');

/** A free TCP port on the loopback interface. */
export async function freePort(): Promise<number> {
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

export async function tempDir(prefix = 'odb-test-'): Promise<string> {
	return mkdtemp(join(tmpdir(), prefix));
}

export interface TestServer {
	url: string;
	port: number;
	dataDir: string;
	/** The database the server stores in (`store: 'postgres'`), or null for its data folder. */
	databaseUrl: string | null;
	process: ChildProcess;
	/** From spawning the process to its first healthy answer (the benchmark reports it). */
	startupMs: number;
	/** Everything the server printed so far. */
	output(): string;
	/** Stops it the way an operator would (SIGTERM) and waits for it to exit. */
	stop(): Promise<number | null>;
	/** Kills it without warning (SIGKILL), as a power cut would. */
	kill(): Promise<void>;
}

/** Which store a test server uses: its data folder, or a PostgreSQL database (DATABASE_URL). */
export type StoreKind = 'files' | 'postgres';

/** Both, for suites that run once against each (`describe.each(stores)`). */
export const stores: StoreKind[] = ['files', 'postgres'];

export interface ServerOptions {
	dataDir?: string;
	/**
	 * `postgres`: a fresh database on the run's throw-away cluster (tests/support/postgres.ts),
	 * unless `databaseUrl` names one (a restart, a second instance). Default: the data folder.
	 */
	store?: StoreKind;
	databaseUrl?: string;
	surveysDir?: string;
	env?: Record<string, string>;
	/** Resolve as soon as the process exits instead of waiting for health (start-up failures). */
	expectExit?: boolean;
}

/**
 * Starts the built production server as `npm start` does (`node scripts/start.js`: adapter-node's
 * server with the start script's checks, headers and timeouts) on its own data folder and port:
 * the one way tests and the benchmark (bench/) start it.
 */
export async function startServer(options: ServerOptions = {}): Promise<TestServer> {
	const dataDir = options.dataDir ?? (await tempDir());
	const databaseUrl =
		options.databaseUrl ?? (options.store === 'postgres' ? await testDatabase() : null);
	const port = await freePort();
	const url = `http://127.0.0.1:${port}`;
	const started = performance.now();
	const child = spawn(process.execPath, [join(root, 'scripts', 'start.js')], {
		cwd: root,
		env: {
			PATH: process.env.PATH ?? '',
			NODE_ENV: 'production',
			HOST: '127.0.0.1',
			PORT: String(port),
			ORIGIN: url,
			DATA_DIR: dataDir,
			...(databaseUrl ? { DATABASE_URL: databaseUrl } : {}),
			SURVEYS_DIR: options.surveysDir ?? join(root, 'surveys'),
			API_TOKEN: TEST_TOKEN,
			ADMIN_PASSWORD,
			// Tests seed hundreds of answers from one address; the rate-limit test sets its own.
			SUBMIT_RATE_LIMIT: '0',
			...options.env
		},
		stdio: ['ignore', 'pipe', 'pipe']
	});
	let output = '';
	child.stdout?.on('data', (chunk) => (output += chunk));
	child.stderr?.on('data', (chunk) => (output += chunk));
	const exited = new Promise<number | null>((done) => child.once('exit', (code) => done(code)));

	const server: TestServer = {
		url,
		port,
		dataDir,
		databaseUrl,
		process: child,
		startupMs: 0,
		output: () => output,
		async stop() {
			if (child.exitCode !== null) return child.exitCode;
			child.kill('SIGTERM');
			return exited;
		},
		async kill() {
			if (child.exitCode !== null || child.signalCode !== null) return;
			child.kill('SIGKILL');
			await exited;
		}
	};
	if (options.expectExit) {
		await exited;
		return server;
	}
	const deadline = Date.now() + 30_000;
	while (Date.now() < deadline) {
		if (child.exitCode !== null) throw new Error(`The server exited during start-up:\n${output}`);
		try {
			const response = await fetch(`${url}/api/health`);
			if (response.ok) {
				server.startupMs = performance.now() - started;
				return server;
			}
		} catch {
			// Not listening yet.
		}
		// Often enough that the start-up time the benchmark reports is not mostly waiting here.
		await new Promise((r) => setTimeout(r, 20));
	}
	await server.kill();
	throw new Error(`The server did not become healthy in 30 s:\n${output}`);
}

/** POSTs JSON to the server and returns the status and parsed body. */
export async function postJson(
	url: string,
	body: unknown,
	headers: Record<string, string> = {}
): Promise<{ status: number; body: Record<string, unknown> }> {
	const response = await fetch(url, {
		method: 'POST',
		headers: { 'content-type': 'application/json', ...headers },
		body: typeof body === 'string' ? body : JSON.stringify(body)
	});
	const text = await response.text();
	let parsed: Record<string, unknown> = {};
	try {
		parsed = JSON.parse(text) as Record<string, unknown>;
	} catch {
		parsed = { raw: text };
	}
	return { status: response.status, body: parsed };
}

/** Posts a form to a page action the way a browser on the app's own origin does. */
export async function postForm(
	server: TestServer,
	path: string,
	fields: Record<string, string | string[]>,
	cookie = ''
): Promise<Response> {
	const body = new URLSearchParams();
	for (const [name, value] of Object.entries(fields)) {
		for (const v of Array.isArray(value) ? value : [value]) body.append(name, v);
	}
	return fetch(`${server.url}${path}`, {
		method: 'POST',
		redirect: 'manual',
		headers: {
			'content-type': 'application/x-www-form-urlencoded',
			// As a browser without JavaScript: SvelteKit answers such a post with the page.
			accept: 'text/html',
			origin: server.url,
			cookie
		},
		body
	});
}

/** Signs in through the sign-in form and returns the session cookie to send with requests. */
export async function signIn(
	server: TestServer,
	username: string,
	password: string
): Promise<string> {
	const response = await postForm(server, '/admin?/login', { username, password });
	const cookie = response.headers.getSetCookie().find((c) => c.startsWith('odb_session='));
	if (response.status !== 303 || !cookie)
		throw new Error(`Sign-in as ${username} failed: ${response.status}`);
	return cookie.split(';')[0];
}

/**
 * The set-up the round-comparison tests share: a leader `lea` (password `leader-password-1`) and
 * the method evaluation's dated rounds, made in the order given, each checked to be created.
 */
export async function seedLeaderAndRounds(
	server: TestServer,
	admin: string,
	rounds: [name: string, slug: string, opensAt: string][]
): Promise<void> {
	const leader = await postForm(
		server,
		'/admin/users?/create',
		{ username: 'lea', role: 'leader', password: 'leader-password-1' },
		admin
	);
	if (leader.status !== 200) throw new Error(`creating the leader answered ${leader.status}`);
	for (const [name, slug, opensAt] of rounds) {
		const created = await postForm(
			server,
			'/admin/rounds?/create',
			{ surveyId: 'method-evaluation', name, slug, opensAt, closesAt: '', municipality: '' },
			admin
		);
		if (created.status !== 200)
			throw new Error(`creating round ${slug} answered ${created.status}`);
	}
}
