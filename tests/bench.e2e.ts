import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { brotliSizes, load, startFloorServer, timeGet } from '../bench/lib';
import {
	loadQuestionnaires,
	seedProgrammeResponses,
	submissionFor
} from '../src/test-data/programme-responses';
import { freePort, startServer, TEST_TOKEN } from './support/server';

/** The benchmark's seeding and measuring code at a tiny size, so it cannot rot unnoticed. */
describe('the benchmark, tiny', () => {
	it('seeds valid responses the server loads, and measures submissions, summaries and the floor', async () => {
		const dataDir = await mkdtemp(join(tmpdir(), 'odb-bench-test-'));
		await seedProgrammeResponses(dataDir, 45, 20);
		const server = await startServer({ dataDir });
		try {
			expect(server.startupMs).toBeGreaterThan(0);
			// 45 seeded in turn across the three questionnaires → 15 barriers responses.
			const listed = await fetch(`${server.url}/api/surveys/barriers/responses?limit=1000`, {
				headers: { authorization: `Bearer ${TEST_TOKEN}` }
			});
			expect(((await listed.json()) as { responses: unknown[] }).responses).toHaveLength(15);

			const [barriers] = await loadQuestionnaires();
			let i = 0;
			const result = await load(
				`${server.url}/api/surveys/barriers/responses`,
				() => submissionFor(barriers, i++),
				12,
				3
			);
			expect(result).toMatchObject({ requests: 12, errors: 0 });
			expect(result.perSecond).toBeGreaterThan(0);
			expect(result.p99).toBeGreaterThanOrEqual(result.p50);

			const summary = await timeGet(`${server.url}/api/surveys/barriers/summary`, {
				authorization: `Bearer ${TEST_TOKEN}`
			});
			expect(summary.status).toBe(200);
			expect(summary.bytes).toBeGreaterThan(100);
		} finally {
			await server.stop();
			await rm(dataDir, { recursive: true, force: true });
		}

		const floorDir = await mkdtemp(join(tmpdir(), 'odb-floor-test-'));
		const floor = await startFloorServer(join(floorDir, 'lines.jsonl'), await freePort());
		const floorResult = await load(floor.url, () => ({ n: 1 }), 10, 2);
		await floor.close();
		expect(floorResult.errors).toBe(0);
		expect((await readFile(join(floorDir, 'lines.jsonl'), 'utf8')).trim().split('\n')).toHaveLength(
			10
		);
		await rm(floorDir, { recursive: true, force: true });

		expect((await brotliSizes()).size).toBeGreaterThan(5);
	});
});
