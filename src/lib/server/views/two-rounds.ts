import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { readConfig } from '../app/config';
import type { AppContext } from '../app/context';
import * as rounds from '../rounds';
import { openStore } from '../store';
import { SurveyRegistry } from '../surveys/registry';

/**
 * For the dashboard's tests: an app context on a real data folder in a temporary directory,
 * with the repository's questionnaires and two dated rounds of `surveyId`, "Vår 2026"
 * (`vaar-2026`, from 1 February 2026) and "Sommer 2026" (`sommer-2026`, from 1 June).
 * `close` closes it and removes the folder.
 */
export async function twoRoundsContext(
	surveyId: string
): Promise<{ ctx: AppContext; close: () => Promise<void> }> {
	const dir = await mkdtemp(join(tmpdir(), `dashboard-${surveyId}-`));
	const config = readConfig({ DATA_DIR: join(dir, 'data'), SURVEYS_DIR: resolve('surveys') });
	const store = await openStore(config.dataDir);
	const surveys = new SurveyRegistry(config.surveysDir, store.definitions, () => {});
	await surveys.load();
	const ctx: AppContext = { config, store, surveys, submitLimiter: null };
	for (const [name, slug, opensAt] of [
		['Vår 2026', 'vaar-2026', '2026-02-01T09:00:00.000Z'],
		['Sommer 2026', 'sommer-2026', '2026-06-01T09:00:00.000Z']
	]) {
		await rounds.create(store, {
			surveyId,
			name,
			slug,
			opensAt,
			closesAt: null,
			audiences: [],
			municipality: null
		});
	}
	return {
		ctx,
		close: async () => {
			surveys.close();
			await store.close();
			await rm(dir, { recursive: true, force: true });
		}
	};
}
