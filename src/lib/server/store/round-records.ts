import type { MetaFile, RoundRecord } from './meta';

const copy = (record: RoundRecord): RoundRecord => ({
	...record,
	audiences: [...record.audiences]
});

/** What a round's edit may change: everything but its identity and creation time. */
export type RoundChanges = Partial<Omit<RoundRecord, 'id' | 'createdAt'>>;

/**
 * Rounds of data collection (`store.rounds`), kept in meta.json (see meta.ts). Validation, the
 * unique slug and the rule that a round with answers stays put are `$lib/server/rounds`.
 * Records come out as copies, their audience lists too.
 */
export class RoundRecords {
	constructor(private readonly meta: MetaFile) {}

	/** In the order they were created. */
	list(): RoundRecord[] {
		return this.meta.data.rounds.map(copy);
	}

	get size(): number {
		return this.meta.data.rounds.length;
	}

	byId(id: string): RoundRecord | undefined {
		const record = this.meta.data.rounds.find((r) => r.id === id);
		return record && copy(record);
	}

	bySlug(slug: string): RoundRecord | undefined {
		const record = this.meta.data.rounds.find((r) => r.slug === slug);
		return record && copy(record);
	}

	async add(record: RoundRecord): Promise<RoundRecord> {
		const stored = copy(record);
		await this.meta.change((data) => {
			if (!data.rounds.some((r) => r.id === stored.id)) data.rounds.push(copy(stored));
		});
		return copy(stored);
	}

	/** The round as changed, or undefined if there is no such round. */
	async update(id: string, changes: RoundChanges): Promise<RoundRecord | undefined> {
		if (!this.byId(id)) return undefined;
		// Copied now: the caller may change its object before the write, or the change may be run
		// again (meta.ts), and each run must not share its audience list with the stored record.
		const stored: RoundChanges = { ...changes };
		const audiences = changes.audiences && [...changes.audiences];
		await this.meta.change((data) => {
			const record = data.rounds.find((r) => r.id === id);
			if (record) Object.assign(record, stored, audiences && { audiences: [...audiences] });
		});
		return this.byId(id);
	}

	/** The round removed, or undefined if there was none. */
	async remove(id: string): Promise<RoundRecord | undefined> {
		const record = this.byId(id);
		if (!record) return undefined;
		await this.meta.change((data) => {
			data.rounds = data.rounds.filter((r) => r.id !== id);
		});
		return record;
	}
}
