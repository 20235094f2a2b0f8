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

	/**
	 * Stores a new round; null, and nothing stored, if another round has its slug by then. The
	 * slug is checked inside the change, which on PostgreSQL runs again under the write lock on
	 * every instance's rounds (postgres/meta.ts), so two instances cannot both take one slug (and
	 * the database refuses it too: `round_slug_unique`).
	 */
	async add(record: RoundRecord): Promise<RoundRecord | null> {
		const stored = copy(record);
		let added = false;
		await this.meta.change((data) => {
			added = !data.rounds.some((r) => r.slug === stored.slug && r.id !== stored.id);
			if (added && !data.rounds.some((r) => r.id === stored.id)) data.rounds.push(copy(stored));
		});
		return added ? copy(stored) : null;
	}

	/**
	 * The round as changed, undefined if there is no such round, or 'slugTaken' (nothing
	 * changed) if the new slug is another round's by then, decided as in `add`.
	 */
	async update(id: string, changes: RoundChanges): Promise<RoundRecord | undefined | 'slugTaken'> {
		if (!this.byId(id)) return undefined;
		// Copied now: the caller may change its object before the write, or the change may be run
		// again (meta.ts), and each run must not share its audience list with the stored record.
		const stored: RoundChanges = { ...changes };
		const audiences = changes.audiences && [...changes.audiences];
		let taken = false;
		await this.meta.change((data) => {
			taken =
				stored.slug !== undefined && data.rounds.some((r) => r.slug === stored.slug && r.id !== id);
			const record = data.rounds.find((r) => r.id === id);
			if (record && !taken)
				Object.assign(record, stored, audiences && { audiences: [...audiences] });
		});
		return taken ? 'slugTaken' : this.byId(id);
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
