import type { Pool } from 'pg';
import { SURVEY_ID } from '../definition-archive';

const VERSION = /^[a-f0-9]{12}$/;

/**
 * Every questionnaire version served, in PostgreSQL (`definitions`), with the verbs of
 * ../definition-archive.ts. A version is written once and never changed (its id is a hash of
 * its content), so two instances keeping the same one at once is harmless: ON CONFLICT DO
 * NOTHING. Read straight from the database: versions are read rarely and each is small.
 */
export class PgDefinitions {
	private readonly known = new Set<string>();

	constructor(private readonly pool: Pool) {}

	async keep(surveyId: string, version: string, json: unknown): Promise<void> {
		if (!SURVEY_ID.test(surveyId) || !VERSION.test(version))
			throw new Error(`Not a questionnaire id and version: ${surveyId.slice(0, 100)} ${version}`);
		const key = `${surveyId}/${version}`;
		if (this.known.has(key)) return;
		await this.pool.query(
			'INSERT INTO definitions (survey_id, version, doc) VALUES ($1, $2, $3::json) ON CONFLICT DO NOTHING',
			[surveyId, version, JSON.stringify(json)]
		);
		this.known.add(key);
	}

	async read(surveyId: string, version: string): Promise<Record<string, unknown> | undefined> {
		if (!SURVEY_ID.test(surveyId) || !VERSION.test(version)) return undefined;
		const { rows } = await this.pool.query<{ doc: Record<string, unknown> }>(
			'SELECT doc FROM definitions WHERE survey_id = $1 AND version = $2',
			[surveyId, version]
		);
		return rows[0]?.doc;
	}

	async versions(surveyId: string): Promise<string[]> {
		if (!SURVEY_ID.test(surveyId)) return [];
		const { rows } = await this.pool.query<{ version: string }>(
			'SELECT version FROM definitions WHERE survey_id = $1',
			[surveyId]
		);
		return rows.map((r) => r.version);
	}
}
