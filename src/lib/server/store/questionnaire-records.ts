import type { MetaFile, PublishedVersion, QuestionnaireRecord } from './meta';

const copy = (r: QuestionnaireRecord): QuestionnaireRecord => structuredClone(r);

/** What an update may change: everything but the identity, source and creation. */
export type QuestionnaireChanges = Partial<
	Omit<QuestionnaireRecord, 'id' | 'source' | 'createdAt' | 'createdBy' | 'published'>
>;

/**
 * Questionnaires managed by the app (`store.questionnaires`), in meta.json (see meta.ts): drafts,
 * published versions, closing. The rules (ids, checks, the comparability guard) are
 * `$lib/server/surveys/designer.ts`. Records come out as copies.
 */
export class QuestionnaireRecords {
	constructor(private readonly meta: MetaFile) {}

	list(): QuestionnaireRecord[] {
		return this.meta.data.questionnaires.map(copy);
	}

	get(id: string): QuestionnaireRecord | undefined {
		const record = this.meta.data.questionnaires.find((q) => q.id === id);
		return record && copy(record);
	}

	isClosed(id: string): boolean {
		return Boolean(this.meta.data.questionnaires.find((q) => q.id === id)?.closedAt);
	}

	async add(record: QuestionnaireRecord): Promise<void> {
		const stored = copy(record);
		await this.meta.change((data) => {
			if (!data.questionnaires.some((q) => q.id === stored.id))
				data.questionnaires.push(copy(stored));
		});
	}

	async update(
		id: string,
		changes: QuestionnaireChanges
	): Promise<QuestionnaireRecord | undefined> {
		if (!this.get(id)) return undefined;
		const stored = structuredClone(changes);
		await this.meta.change((data) => {
			const record = data.questionnaires.find((q) => q.id === id);
			if (record) Object.assign(record, structuredClone(stored));
		});
		return this.get(id);
	}

	async publish(id: string, version: PublishedVersion): Promise<void> {
		const stored = { ...version };
		await this.meta.change((data) => {
			const record = data.questionnaires.find((q) => q.id === id);
			if (record) record.published.push({ ...stored });
		});
	}
}
