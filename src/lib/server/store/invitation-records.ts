import type { InvitationRecord, MetaFile } from './meta';

const copy = (record: InvitationRecord): InvitationRecord => ({ ...record });

/**
 * Invitation links (`store.invitations`), kept in meta.json (see meta.ts), apart from the
 * responses. Making them, parsing the pasted lists and the rule that a response keeps only
 * `verified` are `$lib/server/invitations`. Records come out as copies.
 */
export class InvitationRecords {
	constructor(private readonly meta: MetaFile) {}

	/** A round's invitations (or every invitation), in the order they were made. */
	list(roundId?: string): InvitationRecord[] {
		return this.meta.data.invitations.filter((i) => !roundId || i.roundId === roundId).map(copy);
	}

	byCode(code: string): InvitationRecord | undefined {
		const record = this.meta.data.invitations.find((i) => i.code === code);
		return record && copy(record);
	}

	/** Adds them all in one write: a list pasted is made whole or not at all. */
	async addMany(records: readonly InvitationRecord[]): Promise<void> {
		const stored = records.map(copy);
		await this.meta.change((data) => {
			const known = new Set(data.invitations.map((i) => i.id));
			for (const record of stored) if (!known.has(record.id)) data.invitations.push(copy(record));
		});
	}

	/**
	 * Takes one use of the invitation if it has one left. Checked and counted in memory at once
	 * (meta.ts applies a change before it is written), so two answers arriving together on a
	 * single-use link cannot both get it; resolves true once the count is on disk, false when
	 * none was left. Nothing about the use but the count is kept: not when, not by which answer.
	 */
	async takeUse(id: string): Promise<boolean> {
		const record = this.meta.data.invitations.find((i) => i.id === id);
		if (!record || record.revokedAt || record.uses >= record.maxUses) return false;
		// Checked again inside the change: on PostgreSQL it runs again on every instance's latest
		// uses (postgres/meta.ts), so two instances cannot both take the last one.
		let taken = false;
		await this.meta.change((data) => {
			const found = data.invitations.find((i) => i.id === id);
			taken = Boolean(found && !found.revokedAt && found.uses < found.maxUses);
			if (found && taken) found.uses += 1;
		});
		return taken;
	}

	/**
	 * Withdraws the given invitations of a round that are not withdrawn yet (`unusedOnly`: only
	 * those never used), in one write; resolves to the ids withdrawn. A use already taken stays
	 * counted: revoking stops further answers, it does not undo one.
	 */
	async revoke(
		roundId: string,
		ids: readonly string[] | 'all',
		at: string,
		unusedOnly = false
	): Promise<string[]> {
		const wanted = (i: InvitationRecord) =>
			i.roundId === roundId &&
			!i.revokedAt &&
			(ids === 'all' || ids.includes(i.id)) &&
			(!unusedOnly || i.uses === 0);
		const chosen = this.meta.data.invitations.filter(wanted).map((i) => i.id);
		if (chosen.length === 0) return [];
		await this.meta.change((data) => {
			for (const i of data.invitations) if (chosen.includes(i.id)) i.revokedAt = at;
		});
		return chosen;
	}

	/** Gives back a use taken for an answer that could not be stored after all. */
	async returnUse(id: string): Promise<void> {
		await this.meta.change((data) => {
			const found = data.invitations.find((i) => i.id === id);
			if (found && found.uses > 0) found.uses -= 1;
		});
	}

	/** Removes a round's invitations (when the round itself is removed). */
	async removeForRound(roundId: string): Promise<void> {
		if (!this.meta.data.invitations.some((i) => i.roundId === roundId)) return;
		await this.meta.change((data) => {
			data.invitations = data.invitations.filter((i) => i.roundId !== roundId);
		});
	}
}
