import { mkdir, readFile, readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { DamagedFileError, writeFileDurably } from './durable-file';

/**
 * What a questionnaire id may be: its file name in the surveys folder, letters, digits, `-` and
 * `_`, starting with a letter or digit. Ids come from URLs (`/api/surveys/<id>?version=`), and
 * this folder is the only place one becomes a path: checked here, a `..%2F` cannot leave it.
 */
export const SURVEY_ID = /^[A-Za-z0-9][A-Za-z0-9_-]{0,99}$/;
const VERSION = /^[a-f0-9]{12}$/;

/**
 * Every definition version that has been served, kept as it was: `definitions/<id>/<version>.json`.
 * A version's file never changes once written (its name is the hash of its content), so an old
 * response can always be read against the exact questionnaire it answered, even after the file
 * in `surveys/` has been edited or removed.
 */
export class DefinitionFolder {
	private readonly known = new Set<string>();

	constructor(private readonly folder: string) {}

	private file(surveyId: string, version: string) {
		return join(this.folder, surveyId, `${version}.json`);
	}

	async keep(surveyId: string, version: string, json: unknown): Promise<void> {
		if (!SURVEY_ID.test(surveyId) || !VERSION.test(version))
			throw new Error(`Not a questionnaire id and version: ${surveyId.slice(0, 100)} ${version}`);
		const key = `${surveyId}/${version}`;
		if (this.known.has(key)) return;
		await mkdir(join(this.folder, surveyId), { recursive: true });
		try {
			await readFile(this.file(surveyId, version));
		} catch {
			await writeFileDurably(this.file(surveyId, version), JSON.stringify(json));
		}
		this.known.add(key);
	}

	/** The archived definition, or undefined: none, or an id or version that cannot be one. */
	async read(surveyId: string, version: string): Promise<Record<string, unknown> | undefined> {
		if (!SURVEY_ID.test(surveyId) || !VERSION.test(version)) return undefined;
		let text: string;
		try {
			text = await readFile(this.file(surveyId, version), 'utf8');
		} catch {
			return undefined;
		}
		try {
			return JSON.parse(text) as Record<string, unknown>;
		} catch (e) {
			throw new DamagedFileError(this.file(surveyId, version), (e as Error).message);
		}
	}

	async versions(surveyId: string): Promise<string[]> {
		if (!SURVEY_ID.test(surveyId)) return [];
		try {
			return (await readdir(join(this.folder, surveyId)))
				.filter((n) => /^[a-f0-9]{12}\.json$/.test(n))
				.map((n) => n.slice(0, -5));
		} catch {
			return [];
		}
	}
}

/** What the app asks of the archive, whichever store holds it (postgres/definitions.ts). */
export type DefinitionArchive = Pick<DefinitionFolder, 'keep' | 'read' | 'versions'>;
