// The benchmark's parts, kept apart from bench/run.ts so a test can run them at a tiny size.
// Its data comes from src/test-data/programme-responses.ts (stored through the store's import,
// as the demo's is) and its server from tests/support/server.ts (started as every test starts it).
import { spawn } from 'node:child_process';
import { open, readFile, readdir } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import { join, resolve } from 'node:path';

export const root = resolve(import.meta.dirname, '..');

/** Resident memory of a process, in MB, from /proc (Linux). */
export async function rssMb(pid: number): Promise<number> {
	const status = await readFile(`/proc/${pid}/status`, 'utf8');
	const kb = Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? 0);
	return Math.round(kb / 1024);
}

export interface LoadResult {
	requests: number;
	errors: number;
	seconds: number;
	perSecond: number;
	p50: number;
	p95: number;
	p99: number;
}

function percentile(sorted: number[], p: number): number {
	if (sorted.length === 0) return 0;
	return Math.round(sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))] * 10) / 10;
}

/** `total` POSTs from `clients` concurrent loops; latencies in milliseconds. */
export async function load(
	/** One server, or several (client i sends to the i-th, round the list: instances behind a proxy). */
	url: string | string[],
	bodies: () => unknown,
	total: number,
	clients: number
): Promise<LoadResult> {
	const urls = Array.isArray(url) ? url : [url];
	const latencies: number[] = [];
	let errors = 0;
	let next = 0;
	const started = performance.now();
	await Promise.all(
		Array.from({ length: clients }, async (_, client) => {
			const url = urls[client % urls.length];
			while (next < total) {
				next++;
				const t = performance.now();
				try {
					const response = await fetch(url, {
						method: 'POST',
						headers: { 'content-type': 'application/json' },
						body: JSON.stringify(bodies())
					});
					await response.arrayBuffer();
					if (response.status !== 201) errors++;
				} catch {
					errors++;
				}
				latencies.push(performance.now() - t);
			}
		})
	);
	const seconds = (performance.now() - started) / 1000;
	latencies.sort((a, b) => a - b);
	return {
		requests: total,
		errors,
		seconds: Math.round(seconds * 100) / 100,
		perSecond: Math.round(total / seconds),
		p50: percentile(latencies, 0.5),
		p95: percentile(latencies, 0.95),
		p99: percentile(latencies, 0.99)
	};
}

/** Times one GET (ms) and returns its size in bytes. */
export async function timeGet(
	url: string,
	headers: Record<string, string> = {}
): Promise<{ ms: number; bytes: number; status: number }> {
	const t = performance.now();
	const response = await fetch(url, { headers });
	const body = await response.arrayBuffer();
	return { ms: Math.round(performance.now() - t), bytes: body.byteLength, status: response.status };
}

/**
 * The floor: a bare Node HTTP server that appends each body as a JSON line to a file, with the
 * same durability as ours (group commit, fdatasync before answering), and does nothing else.
 */
export async function startFloorServer(
	file: string,
	port: number
): Promise<{ url: string; close(): Promise<void> }> {
	const handle = await open(file, 'a');
	let queue: { line: string; done: () => void }[] = [];
	let writing = false;
	const drain = async () => {
		writing = true;
		while (queue.length) {
			const batch = queue;
			queue = [];
			await handle.write(batch.map((b) => b.line).join(''));
			await handle.datasync();
			for (const b of batch) b.done();
		}
		writing = false;
	};
	const server: Server = createServer((req, res) => {
		const chunks: Buffer[] = [];
		req.on('data', (c) => chunks.push(c));
		req.on('end', () => {
			queue.push({
				line: Buffer.concat(chunks).toString() + '\n',
				done: () => {
					res.writeHead(201, { 'content-type': 'application/json' });
					res.end('{"ok":true}');
				}
			});
			if (!writing) void drain();
		});
	});
	await new Promise<void>((r) => server.listen(port, '127.0.0.1', r));
	return {
		url: `http://127.0.0.1:${port}/`,
		async close() {
			await new Promise((r) => server.close(r));
			await handle.close();
		}
	};
}

/** Sizes of the compressed (.br) JavaScript files a page's chunks are, from the build output. */
export async function brotliSizes(): Promise<Map<string, number>> {
	const dir = join(root, 'build', 'client', '_app', 'immutable');
	const sizes = new Map<string, number>();
	const walk = async (d: string) => {
		for (const entry of await readdir(d, { withFileTypes: true })) {
			const path = join(d, entry.name);
			if (entry.isDirectory()) await walk(path);
			else if (entry.name.endsWith('.js.br'))
				sizes.set(path.slice(0, -3), (await readFile(path)).byteLength);
		}
	};
	await walk(dir);
	return sizes;
}

/**
 * Failed sign-ins, `parallel` at a time, each from an address of its own (the server must take
 * addresses from `X-Forwarded-For`, so the per-address throttle does not stop them early) and
 * with a username of its own: the worst case for the password hashing. They run in a process of
 * their own (bench/flood.mjs) until `stop()`, which resolves with how many got each status.
 */
export function signInFlood(
	url: string,
	parallel: number
): { stop(): Promise<Record<string, number>> } {
	const child = spawn(process.execPath, [join(root, 'bench', 'flood.mjs'), url, String(parallel)], {
		stdio: ['ignore', 'pipe', 'inherit']
	});
	let output = '';
	child.stdout.on('data', (chunk) => (output += chunk));
	const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
	return {
		async stop() {
			child.kill('SIGTERM');
			await exited;
			return JSON.parse(output || '{}') as Record<string, number>;
		}
	};
}
