import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { openStore } from '../lib/server/store';
import {
	loadQuestionnaires,
	programmeResponses,
	seedProgrammeResponses
} from './programme-responses';
import { everyResponse } from './stored';

describe('programmeResponses', () => {
	it('answers the three questionnaires in turn, each answer valid for its questionnaire', async () => {
		const questionnaires = await loadQuestionnaires();
		const records = programmeResponses(questionnaires, 30, Date.parse('2026-03-31T00:00:00Z'));
		expect(records.map((r) => r.surveyId).slice(0, 4)).toEqual([
			'barriers',
			'maturity',
			'method-evaluation',
			'barriers'
		]);
		for (const r of records) {
			const q = questionnaires.find((q) => q.id === r.surveyId)!;
			const context = { audience: r.audience, municipality: r.municipality, locale: r.locale };
			expect(q.validator.validate(r.answers, context).ok, `${r.surveyId} ${r.receipt}`).toBe(true);
		}
		// Spread over the 30 days before `now`: the first at its start.
		expect(records[0].submittedAt).toBe('2026-03-01T00:00:00.000Z');
		expect(new Set(records.map((r) => r.id)).size).toBe(30);
	});
});

describe('seedProgrammeResponses', () => {
	it('stores them through the store, in segments of the size asked for', async () => {
		const folder = await mkdtemp(join(tmpdir(), 'odb-seed-'));
		try {
			await seedProgrammeResponses(folder, 45, 20);
			expect(await readdir(join(folder, 'responses'))).toHaveLength(3);
			const store = await openStore(folder);
			expect(store.responses.size).toBe(45);
			expect((await everyResponse(store)).filter((r) => r.surveyId === 'barriers')).toHaveLength(
				15
			);
			await store.close();
		} finally {
			await rm(folder, { recursive: true, force: true });
		}
	});
});
