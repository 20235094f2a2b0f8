import { mkdir, readFile, readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { DamagedFileError, writeFileDurably } from './durable-file';

/**
 * Every definition version that has been served, kept as it was: `definitions/<id>/<version>.json`.
 * A version's file never changes once written (its name is the hash of its content), so an old
 * response can always be read against the exact questionnaire it answered, even after the file
 * in `surveys/` has been edited or removed.
 */
export class DefinitionArchive {
	private readonly known = new Set<string>();

	constructor(private readonly folder: string) {}

	private file(surveyId: string, version: string) {
		return join(this.folder, surveyId, `${version}.json`);
	}

	async keep(surveyId: string, version: string, json: unknown): Promise<void> {
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

	async read(surveyId: string, version: string): Promise<Record<string, unknown> | undefined> {
		if (!/^[a-f0-9]{12}$/.test(version)) return undefined;
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
		try {
			return (await readdir(join(this.folder, surveyId)))
				.filter((n) => /^[a-f0-9]{12}\.json$/.test(n))
				.map((n) => n.slice(0, -5));
		} catch {
			return [];
		}
	}
}
