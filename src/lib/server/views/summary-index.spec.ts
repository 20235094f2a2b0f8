import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { planSummary } from '$lib/summary/plan';
import { protectedNumbers, exactNumbers } from '$lib/summary/protect';
import { summariseStrata } from '$lib/summary/strata';
import { summarise } from '$lib/summary/summarise';
import {
	loadQuestionnaires,
	programmeResponses,
	seedProgrammeResponses
} from '../../../test-data/programme-responses';
import { openStore, type Store } from '../store';
import { strataOf } from './summary-index';
import { everyResponse } from '../../../test-data/stored';

/**
 * The strata kept between requests (summary-index.ts) against a real store in a temporary
 * folder: after appends they are brought up to date (the strata untouched stay the same
 * objects), after a deletion built again, and either way summarise to exactly what one pass over
 * the questionnaire's stored responses gives.
 */

const root = resolve(import.meta.dirname, '../../../..');
let folder: string;
let store: Store;

beforeEach(async () => {
	folder = await mkdtemp(join(tmpdir(), 'odb-strata-'));
	await seedProgrammeResponses(folder, 240, 1000, {
		datedRounds: 3,
		now: Date.parse('2026-11-30T12:00:00Z')
	});
	store = await openStore(folder);
});

afterEach(async () => {
	await store.close();
	await rm(folder, { recursive: true, force: true });
});

describe('strata kept up to date with the store', async () => {
	const json = JSON.parse(await readFile(join(root, 'surveys', 'barriers.json'), 'utf8'));
	const plan = planSummary(json);
	const stored = async () => (await everyResponse(store)).filter((r) => r.surveyId === 'barriers');

	async function expectSameAsOnePass() {
		for (const disclosure of [exactNumbers(5), protectedNumbers(5)]) {
			const options = { includeTexts: true, disclosure };
			const slow = summarise(plan, await stored(), options);
			expect(slow.n).toBeGreaterThan(0);
			for (const byDay of [false, true])
				expect(
					summariseStrata(plan, await strataOf(store, 'barriers', plan, null, byDay), options)
				).toStrictEqual(slow);
		}
	}

	it('puts the seeded responses in the three dated rounds the seed made', async () => {
		const rounds = store.rounds.list().filter((r) => r.surveyId === 'barriers');
		expect(rounds).toHaveLength(3);
		const inRounds = new Set((await stored()).map((r) => r.roundId));
		expect([...inRounds].sort()).toEqual(rounds.map((r) => r.id).sort());
		const ofStrata = new Set(
			(await strataOf(store, 'barriers', plan, null, false)).map((s) => s.roundId)
		);
		expect([...ofStrata].sort()).toEqual(rounds.map((r) => r.id).sort());
	});

	it('adds new responses to the strata it has, and deletes by building them again', async () => {
		await expectSameAsOnePass();
		const before = await strataOf(store, 'barriers', plan, null, false);

		// 30 more, all in the always-open round: a stratum of its own; the others untouched.
		const questionnaires = await loadQuestionnaires();
		const more = programmeResponses(questionnaires, 90, Date.parse('2026-12-01T12:00:00Z')).map(
			(r, i) => ({ ...r, receipt: `MORE-${String(i).padStart(4, '0')}-0000` })
		);
		await store.responses.import(more);
		const after = await strataOf(store, 'barriers', plan, null, false);
		expect(after.length).toBeGreaterThan(before.length);
		for (const s of before) expect(after).toContain(s);
		expect(after.reduce((n, s) => n + s.tally.all.count, 0)).toBe((await stored()).length);
		await expectSameAsOnePass();

		// A deletion: every stratum built again, with the deleted responses gone.
		const gone = (await stored()).slice(0, 10).map((r) => r.id);
		await store.responses.delete(gone);
		const rebuilt = await strataOf(store, 'barriers', plan, null, false);
		for (const s of after) expect(rebuilt).not.toContain(s);
		expect(rebuilt.reduce((n, s) => n + s.tally.all.count, 0)).toBe((await stored()).length);
		await expectSameAsOnePass();
	});

	it('adds each response once when several requests ask at the same time', async () => {
		await strataOf(store, 'barriers', plan, null, false);
		const questionnaires = await loadQuestionnaires();
		const more = programmeResponses(questionnaires, 90, Date.parse('2026-12-01T12:00:00Z')).map(
			(r, i) => ({ ...r, receipt: `SAME-${String(i).padStart(4, '0')}-0000` })
		);
		await store.responses.import(more);
		// Three requests at once, each for the strata of one grain: one reads, the others wait.
		const lists = await Promise.all([
			strataOf(store, 'barriers', plan, null, false),
			strataOf(store, 'barriers', plan, null, true),
			strataOf(store, 'barriers', plan, null, false)
		]);
		for (const list of lists)
			expect(list.reduce((n, s) => n + s.tally.all.count, 0)).toBe((await stored()).length);
		await expectSameAsOnePass();
	});
});
