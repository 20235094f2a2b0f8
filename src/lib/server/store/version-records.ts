import type { MetaFile, VersionRecord } from './meta';

/**
 * When each questionnaire version was first served (`store.versions`), kept in meta.json (see
 * meta.ts); the definitions themselves are in the DefinitionArchive. Records come out as copies.
 */
export class VersionRecords {
	constructor(private readonly meta: MetaFile) {}

	has(surveyId: string, version: string): boolean {
		return this.meta.data.versions.some((v) => v.surveyId === surveyId && v.version === version);
	}

	/** The versions of one questionnaire, in the order they were first served. */
	of(surveyId: string): VersionRecord[] {
		return this.meta.data.versions.filter((v) => v.surveyId === surveyId).map((v) => ({ ...v }));
	}

	/** Records a version as first served at `firstSeenAt`, once: a version seen before is kept. */
	async add(record: VersionRecord): Promise<void> {
		if (this.has(record.surveyId, record.version)) return;
		const stored = { ...record };
		await this.meta.change((data) => {
			const seen = data.versions.some(
				(v) => v.surveyId === stored.surveyId && v.version === stored.version
			);
			if (!seen) data.versions.push({ ...stored });
		});
	}
}
