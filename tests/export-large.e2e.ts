import { randomUUID } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import Papa from 'papaparse';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { definitionVersion } from '../src/lib/definitions/canonical';
import { audiences } from '../src/lib/respondents';
import type { ImportedResponse } from '../src/lib/server/store';
import { DefinitionValidator } from '../src/lib/validation';
import { generateAnswers } from '../src/test-data/answers';
import { seedResponses } from '../src/test-data/programme-responses';
import { postJson, startServer, tempDir, TEST_TOKEN, type TestServer } from './support/server';
import { cpuSeconds, untilIdle } from './support/process';

/**
 * 100 000 stored responses to the barriers questionnaire (its largest), exported while the
 * server keeps answering: the export must not stall other requests for more than a fraction of
 * a second, nor hold the whole file in memory.
 *
 * The responses are imported through the store before the server starts (submitting 100 000
 * through the API would take minutes and test the store, not the export).
 */
const RESPONSES = 100_000;
const SEGMENT = 1000;

async function seed(dataDir: string): Promise<void> {
	const json = JSON.parse(
		await readFile(resolve(import.meta.dirname, '../surveys/barriers.json'), 'utf8')
	);
	const version = definitionVersion(json);
	const compiled = new DefinitionValidator(json).compiled;
	const distinct = Array.from({ length: 400 }, (_, i) => {
		const context = { audience: audiences[i % 4], municipality: 'trondheim', locale: 'nb' };
		return { ...context, answers: generateAnswers(compiled, context, 7000 + i, 0.9) };
	});
	const start = Date.parse('2026-01-05T08:00:00Z');
	const responses = Array.from({ length: RESPONSES }, (_, i): ImportedResponse => {
		// The store numbers them 1, 2, 3 … in this order, on an empty folder.
		const seq = i + 1;
		const sample = distinct[seq % distinct.length];
		return {
			id: randomUUID(),
			surveyId: 'barriers',
			surveyVersion: version,
			roundId: 'default',
			answers: sample.answers,
			audience: sample.audience,
			municipality: sample.municipality,
			locale: 'nb',
			status: 'complete',
			startedAt: new Date(start + seq * 60_000 - 300_000).toISOString(),
			submittedAt: new Date(start + seq * 60_000).toISOString(),
			clientResponseId: null,
			receipt: 'TEST-TEST-TEST'
		};
	});
	await seedResponses(dataDir, responses, SEGMENT);
}

/** The server's resident memory in MB, from Linux's /proc. */
async function residentMb(pid: number): Promise<number> {
	const status = await readFile(`/proc/${pid}/status`, 'utf8');
	return Number(/VmRSS:\s+(\d+) kB/.exec(status)![1]) / 1024;
}

/** The CPU time the server has used, in seconds (user + system, from /proc/<pid>/stat). */
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('a 100 000-response export', () => {
	let server: TestServer;
	beforeAll(async () => {
		const dataDir = await tempDir();
		await seed(dataDir);
		server = await startServer({ dataDir });
	}, 240_000);
	afterAll(async () => {
		await server?.stop();
	});

	it('streams without stalling other requests or holding the file in memory', async () => {
		const pid = server.process.pid!;
		// After start-up the server builds the dashboards' tallies in the background (seconds of
		// CPU at 100 000 responses): wait until it is idle, so that the CPU measured below is the
		// export's.
		await untilIdle(pid);
		const memoryBefore = await residentMb(pid);
		const started = performance.now();
		const response = await fetch(`${server.url}/api/surveys/barriers/export.csv`, {
			headers: { authorization: `Bearer ${TEST_TOKEN}` }
		});
		expect(response.status).toBe(200);
		const firstByte = performance.now() - started;
		const reader = response.body!.getReader();
		const chunks: Uint8Array[] = [];
		let bytes = 0;
		const read = async (until: number) => {
			while (bytes < until) {
				const { done, value } = await reader.read();
				if (done) return;
				chunks.push(value);
				bytes += value.byteLength;
			}
		};

		// A client that stops reading: the server must stop writing, not race ahead and keep the
		// rest of the file in memory until the client is ready. Once it has filled the socket's
		// buffers it goes idle; then its memory has grown by little, and it has done a fraction
		// of the work. (An eager stream, tried, held +57 MB and did all of it.) Waiting for idle
		// rather than a fixed time keeps the verdict the same on a machine busy with other work.
		await read(2e6);
		const stalledCpu = await cpuSeconds(pid);
		const stalledMemory = await residentMb(pid);
		const stalled = performance.now();
		for (let last = stalledCpu; performance.now() - stalled < 30_000;) {
			await sleep(500);
			const now = await cpuSeconds(pid);
			if (now - last < 0.03) break;
			last = now;
		}
		const idleAfter = (performance.now() - stalled) / 1000;
		const cpuWhileStalled = (await cpuSeconds(pid)) - stalledCpu;
		const memoryWhileStalled = (await residentMb(pid)) - stalledMemory;
		const cpuBeforeStreaming = await cpuSeconds(pid);

		// Then the rest, while health checks and real submissions are timed and memory sampled.
		let done = false;
		const health: number[] = [];
		const submissions: number[] = [];
		let peak = memoryBefore;
		const others = (async () => {
			for (let i = 0; !done; i++) {
				const t = performance.now();
				if (i % 4 === 0) {
					const posted = await postJson(`${server.url}/api/surveys/method-evaluation/responses`, {
						answers: { activity: 'hackathon' },
						audience: 'citizen'
					});
					expect(posted.status).toBe(201);
					submissions.push(performance.now() - t);
				} else {
					expect((await fetch(`${server.url}/api/health`)).status).toBe(200);
					health.push(performance.now() - t);
				}
				peak = Math.max(peak, await residentMb(pid));
				await sleep(20);
			}
		})();
		const resumed = performance.now();
		await read(Infinity);
		const streaming = (performance.now() - resumed) / 1000;
		const cpuWhileStreaming = (await cpuSeconds(pid)) - cpuBeforeStreaming;
		done = true;
		await others;

		const text = new TextDecoder().decode(Buffer.concat(chunks));
		const rows = Papa.parse<string[]>(text, { skipEmptyLines: true }).data;
		const ms = (list: number[]) =>
			`median ${median(list).toFixed(0)} ms, slowest ${Math.max(...list).toFixed(0)} ms`;
		console.log(
			[
				`export of ${RESPONSES} responses × ${rows[0].length} columns: ${(bytes / 1e6).toFixed(1)} MB`,
				`first byte after ${firstByte.toFixed(0)} ms; the rest streamed in ${streaming.toFixed(1)} s`,
				`client stalled: server idle after ${idleAfter.toFixed(1)} s, having used ${cpuWhileStalled.toFixed(2)} s CPU, memory ${memoryWhileStalled >= 0 ? '+' : ''}${memoryWhileStalled.toFixed(0)} MB`,
				`streaming: server used ${cpuWhileStreaming.toFixed(2)} s CPU in ${streaming.toFixed(1)} s`,
				`server memory ${memoryBefore.toFixed(0)} MB before, ${peak.toFixed(0)} MB at most while streaming`,
				`${health.length} health checks meanwhile: ${ms(health)}`,
				`${submissions.length} submissions meanwhile: ${ms(submissions)}`
			].join('\n')
		);
		expect(rows).toHaveLength(RESPONSES + 1);
		expect(rows.every((row) => row.length === rows[0].length)).toBe(true);
		expect(cpuWhileStalled).toBeLessThan(cpuWhileStreaming * 0.5);
		expect(memoryWhileStalled).toBeLessThan(20);
		expect(health.length).toBeGreaterThan(20);
		expect(submissions.length).toBeGreaterThan(5);
		// "A fraction of a second": on a quiet machine the slowest health check takes 20–50 ms.
		// Judged here with room for a machine busy with other work (at a load of 11 on two cores
		// one garbage collection showed as 800 ms): writing the whole file in one go would stop
		// the event loop for the whole 4–5 s of CPU the export takes. A typical request hardly
		// notices: with 500-row pieces submissions took ~190 ms, with ~5 ms pieces ~60 ms. The
		// slowest submission is printed, not judged: it waits for fsync, which other processes'
		// disk work slows down.
		expect(Math.max(...health)).toBeLessThan(2000);
		expect(median(health)).toBeLessThan(50);
		expect(median(submissions)).toBeLessThan(200);
		expect(firstByte).toBeLessThan(3000);
	}, 240_000);
});

function median(list: number[]): number {
	const sorted = [...list].sort((a, b) => a - b);
	return sorted[Math.floor(sorted.length / 2)] ?? 0;
}
