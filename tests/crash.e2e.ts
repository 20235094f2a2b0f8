import { createHash } from 'node:crypto';
import { readdirSync, watch } from 'node:fs';
import { mkdir, readFile, readdir, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { SEGMENT_FILE } from '../src/lib/server/store';
import { allResponses, filesUnder, goodSubmission } from './support/data';
import { immutable, mountSmallDisk, type SmallDisk } from './support/disk';
import { testDatabase } from './support/postgres';
import { startServer, tempDir, TEST_TOKEN, type TestServer } from './support/server';

/**
 * Power cuts, simulated with SIGKILL while 12 clients submit at once, and a disk that fills up
 * or turns read-only. What must hold: every answer acknowledged with 201 is there after the
 * restart, exactly once; every data file is valid JSON; an answer that got no reply can be sent
 * again with the same clientResponseId and is then stored exactly once; a disk that refuses the
 * write gives 503 with a message and loses nothing already stored.
 */

const SEGMENT_SIZE = 20;
const CLIENTS = 12;
const survey = 'method-evaluation';
const env = { SEGMENT_SIZE: String(SEGMENT_SIZE), SUBMIT_RATE_LIMIT: '0' };

/** One answer; its marker is both its text and its clientResponseId, so it can be found again. */
function post(url: string, marker: string, lang = 'nb') {
	return fetch(`${url}/api/surveys/${survey}/responses?lang=${lang}`, {
		method: 'POST',
		headers: { 'content-type': 'application/json' },
		body: JSON.stringify(goodSubmission(marker, { clientResponseId: marker }))
	});
}

/** Clients that submit one answer after another until the server stops answering. */
class Load {
	/** marker → response id, for every 201. */
	readonly acked = new Map<string, string>();
	/** Answers that got no reply at all: in flight (or about to be sent) when the server died. */
	readonly unanswered: string[] = [];
	readonly unexpected: string[] = [];
	readonly done: Promise<void>;

	constructor(url: string, cycle: number) {
		this.done = Promise.all(
			Array.from({ length: CLIENTS }, async (_, client) => {
				for (let n = 0; ; n++) {
					const marker = `crash-${cycle}-${client}-${n}`;
					let response: Response;
					try {
						response = await post(url, marker);
					} catch {
						this.unanswered.push(marker);
						return;
					}
					const body = (await response.json().catch(() => ({}))) as { id?: string };
					if (response.status === 201 && body.id) this.acked.set(marker, body.id);
					else this.unexpected.push(`${marker}: ${response.status}`);
				}
			})
		).then(() => undefined);
	}
}

/** The number in a segment file's name, read (never written) to tell a roll-over from an append. */
const segmentNumber = (name: string) => Number(/^segment-(\d{6})\.json/.exec(name)?.[1] ?? NaN);

/** The moments to pull the plug at, each given the responses folder and the running load. */
interface KillMoment {
	name: string;
	/** Resolves when it is time; `kill` is called synchronously from a file-system event. */
	arm(folder: string, load: Load, kill: () => void): Promise<void>;
}

/** Kills as soon as a file event in `folder` matches, once at least `minAcked` answers are in. */
function onFileEvent(
	folder: string,
	load: Load,
	kill: () => void,
	matches: (name: string, newestSegment: number) => boolean,
	minAcked = 25
): Promise<void> {
	return new Promise((resolve) => {
		// The newest complete segment, to tell a roll-over from an append.
		let newest = Math.max(0, ...readdirSync(folder).map(segmentNumber).filter(Number.isFinite));
		const watcher = watch(folder, (_event, name) => {
			if (!name) return;
			if (load.acked.size < minAcked || !matches(name, newest)) {
				if (name.endsWith('.json')) newest = Math.max(newest, segmentNumber(name));
				return;
			}
			kill();
			watcher.close();
			resolve();
		});
	});
}

const moments: KillMoment[] = [
	{
		name: 'in the middle of the stream',
		arm: async (_folder, load, kill) => {
			while (load.acked.size < 40) await new Promise((r) => setTimeout(r, 5));
			kill();
		}
	},
	{
		name: 'during a roll-over: the new segment’s temporary file is being written',
		arm: (folder, load, kill) =>
			onFileEvent(folder, load, kill, (name, newest) => {
				return name.endsWith('.tmp') && segmentNumber(name) > newest;
			})
	},
	{
		name: 'during a roll-over: the new segment has just been renamed into place',
		arm: (folder, load, kill) =>
			onFileEvent(folder, load, kill, (name, newest) => {
				return name.endsWith('.json') && segmentNumber(name) > newest;
			})
	},
	{
		name: 'while appending to a segment that has room',
		arm: (folder, load, kill) =>
			onFileEvent(folder, load, kill, (name, newest) => {
				return name.endsWith('.tmp') && segmentNumber(name) === newest;
			})
	},
	{
		name: 'right after a restart, with the clients already waiting',
		arm: async (_folder, load, kill) => {
			while (load.acked.size < 1) await new Promise((r) => setTimeout(r, 1));
			kill();
		}
	}
];

/** Every data file is valid JSON, and no temporary file is left among the responses. */
async function expectValidFiles(dataDir: string) {
	const data = (await filesUnder(dataDir)).filter((f) => f.endsWith('.json'));
	expect(data.length).toBeGreaterThan(3);
	const invalid: string[] = [];
	for (const file of data) {
		try {
			JSON.parse(await readFile(file, 'utf8'));
		} catch (e) {
			invalid.push(`${file}: ${(e as Error).message}`);
		}
	}
	expect(invalid).toEqual([]);
	const responses = await readdir(join(dataDir, 'responses'));
	expect(responses.filter((n) => !SEGMENT_FILE.test(n))).toEqual([]);
}

/** Every acknowledged answer is stored exactly once, and no answer is stored twice. */
async function expectAcknowledgedOnce(url: string, acked: Map<string, string>) {
	// Small pages, so the cursor is exercised across many of them.
	const listed = await allResponses(url, survey, 37);
	const ids = listed.map((r) => r.id);
	expect(new Set(ids).size).toBe(ids.length);
	const markers = listed.map((r) => String(r.answers.what_worked));
	expect(new Set(markers).size).toBe(markers.length);
	const byMarker = new Map(listed.map((r) => [String(r.answers.what_worked), r.id]));
	const missing = [...acked].filter(([marker, id]) => byMarker.get(marker) !== id);
	expect(missing).toEqual([]);
	return listed.length;
}

describe('crash safety: SIGKILL while 12 clients submit', () => {
	let server: TestServer | null = null;
	afterAll(async () => {
		await server?.kill();
		if (server) await rm(server.dataDir, { recursive: true, force: true });
	});

	it(`keeps every acknowledged answer exactly once through ${moments.length} kills`, async () => {
		const everAcked = new Map<string, string>();
		const dataDir = await tempDir('odb-crash-');
		server = await startServer({ dataDir, env });
		for (const [index, moment] of moments.entries()) {
			const cycle = index + 1;
			const running: TestServer = server;
			const load = new Load(running.url, cycle);
			await moment.arm(join(dataDir, 'responses'), load, () => running.process.kill('SIGKILL'));
			await running.kill();
			await load.done;
			const left = await readdir(join(dataDir, 'responses'));
			console.log(
				`crash ${cycle} (${moment.name}): ${load.acked.size} acknowledged, ` +
					`${load.unanswered.length} without reply; files at the kill: ${left.slice(-3).join(', ')}`
			);
			expect(load.unexpected).toEqual([]);
			expect(load.acked.size).toBeGreaterThan(0);
			for (const [marker, id] of load.acked) everAcked.set(marker, id);

			server = await startServer({ dataDir, env });
			await expectValidFiles(dataDir);
			await expectAcknowledgedOnce(server.url, everAcked);

			// The clients that got no reply send again with the same clientResponseId: stored
			// once, whether or not the first attempt reached the disk before the kill.
			for (const marker of load.unanswered) {
				const response = await post(server.url, marker);
				expect(response.status).toBe(201);
				everAcked.set(marker, ((await response.json()) as { id: string }).id);
			}
			const total = await expectAcknowledgedOnce(server.url, everAcked);
			expect(total).toBe(everAcked.size);
		}
		const segments = (await readdir(join(dataDir, 'responses'))).length;
		console.log(
			`crash: ${everAcked.size} answers in ${segments} segments after ${moments.length} kills`
		);
		expect(segments).toBeGreaterThanOrEqual(Math.floor(everAcked.size / SEGMENT_SIZE));
	});
});

describe('crash safety on PostgreSQL: SIGKILL while 12 clients submit', () => {
	let server: TestServer | null = null;
	afterAll(async () => {
		await server?.kill();
	});

	it('keeps every acknowledged answer exactly once through 3 kills and restarts', async () => {
		const everAcked = new Map<string, string>();
		const databaseUrl = await testDatabase();
		server = await startServer({ databaseUrl, env });
		for (let cycle = 1; cycle <= 3; cycle++) {
			const running: TestServer = server;
			const load = new Load(running.url, 100 + cycle);
			// The first kill mid-stream, the later ones as soon as the restarted server answers.
			const wanted = cycle === 1 ? 40 : 1;
			while (load.acked.size < wanted) {
				if (load.unexpected.length > 0) throw new Error(load.unexpected.join('; '));
				await new Promise((r) => setTimeout(r, 2));
			}
			running.process.kill('SIGKILL');
			await running.kill();
			await load.done;
			console.log(
				`postgres crash ${cycle}: ${load.acked.size} acknowledged, ${load.unanswered.length} without reply`
			);
			expect(load.unexpected).toEqual([]);
			for (const [marker, id] of load.acked) everAcked.set(marker, id);

			server = await startServer({ databaseUrl, env });
			await expectAcknowledgedOnce(server.url, everAcked);
			for (const marker of load.unanswered) {
				const response = await post(server.url, marker);
				expect(response.status).toBe(201);
				everAcked.set(marker, ((await response.json()) as { id: string }).id);
			}
			expect(await expectAcknowledgedOnce(server.url, everAcked)).toBe(everAcked.size);
		}
	});
});

/** A fingerprint of the stored responses (the data files, not the filler). */
async function responsesFingerprint(dataDir: string): Promise<string> {
	const hash = createHash('sha256');
	for (const file of await filesUnder(join(dataDir, 'responses')))
		hash.update(file).update(await readFile(file));
	return hash.digest('hex');
}

describe('a disk that refuses writes', () => {
	let disk: SmallDisk | null = null;
	let fallbackDir: string | null = null;
	let server: TestServer | null = null;
	afterAll(async () => {
		await server?.stop();
		await disk?.remount('rw').catch(() => {});
		await disk?.unmount();
		if (fallbackDir) await rm(fallbackDir, { recursive: true, force: true });
	});

	it('answers 503 with a message when the disk is full or read-only, loses nothing, and recovers', async () => {
		disk = await mountSmallDisk(4);
		// Without permission to mount, the closest failure there is: folders marked immutable
		// (chattr +i), in which not even root can create the store's temporary files.
		const fallback = !disk;
		const dataDir = disk ? join(disk.folder, 'data') : (fallbackDir = await tempDir('odb-refuse-'));
		console.log(
			fallback
				? 'disk: cannot mount a tmpfs here; simulating a refusing disk with immutable folders (chattr +i)'
				: `disk: a real 4 MB tmpfs at ${disk!.folder}, filled up, then remounted read-only`
		);
		await mkdir(dataDir, { recursive: true });
		server = await startServer({ dataDir, env });
		const acked = new Map<string, string>();
		for (let n = 0; n < 5; n++) {
			const response = await post(server.url, `before-${n}-refusal`);
			expect(response.status).toBe(201);
			acked.set(`before-${n}-refusal`, ((await response.json()) as { id: string }).id);
		}

		const failures: [string, () => Promise<void>, () => Promise<void>][] = disk
			? [
					['full', async () => void (await disk!.fill()), () => disk!.free()],
					['read-only', () => disk!.remount('ro'), () => disk!.remount('rw')]
				]
			: [
					[
						'refusing',
						// The store's temporary files have unique names, so nothing can be put in their
						// way; immutable folders refuse every new file, for root too.
						() => immutable([dataDir, join(dataDir, 'responses')], true),
						() => immutable([dataDir, join(dataDir, 'responses')], false)
					]
				];
		for (const [what, breakDisk, repairDisk] of failures) {
			const before = await responsesFingerprint(dataDir);
			await breakDisk();
			for (const lang of ['nb', 'en']) {
				const response = await post(server.url, `while-${what}-${lang}`, lang);
				expect(response.status, what).toBe(503);
				expect(response.headers.get('retry-after')).toBe('30');
				const body = (await response.json()) as { error: string };
				expect(body.error).toMatch(
					lang === 'nb' ? /kan ikke ta imot svar/ : /cannot accept answers/
				);
			}
			// Nothing half-written, nothing lost; health still works. Raw data is not handed out
			// while its export cannot be written to the audit log: 503, not an unlogged export.
			expect(await responsesFingerprint(dataDir)).toBe(before);
			expect((await fetch(`${server.url}/api/health`)).status).toBe(200);
			const unlogged = await fetch(`${server.url}/api/surveys/method-evaluation/responses`, {
				headers: { authorization: `Bearer ${TEST_TOKEN}` }
			});
			expect(unlogged.status).toBe(503);

			await repairDisk();
			await expectAcknowledgedOnce(server.url, acked);
			// The same clientResponseId, retried once the disk takes writes again: stored once.
			const retried = await post(server.url, `while-${what}-nb`);
			expect(retried.status).toBe(201);
			acked.set(`while-${what}-nb`, ((await retried.json()) as { id: string }).id);
		}
		expect(server.output()).toMatch(/\[responses\] could not store a response/);
		// The real errors, not a simulation of them.
		if (disk) expect(server.output()).toMatch(/ENOSPC[\s\S]*EROFS/);
		expect(server.output()).not.toContain('before-0-refusal');

		await server.stop();
		server = await startServer({ dataDir, env });
		await expectValidFiles(dataDir);
		expect(await expectAcknowledgedOnce(server.url, acked)).toBe(acked.size);
	});
});
