import { DurableJsonFile, writeFileDurably } from './durable-file';

import type { Role } from '../../roles';

export { roles, type Role } from '../../roles';

export interface UserRecord {
	id: string;
	username: string;
	role: Role;
	/** `scrypt$N$r$p$salt$hash`, never the password. */
	passwordHash: string;
	createdAt: string;
}

export interface SessionRecord {
	/** SHA-256 of the cookie's value: a stolen data folder holds no usable session. */
	hash: string;
	userId: string;
	createdAt: string;
	expiresAt: string;
	/** When the session was last used, to the minute; absent in files from before idle timeouts. */
	lastSeenAt?: string;
}

export interface TokenRecord {
	id: string;
	name: string;
	/** SHA-256 of the token, which is shown once when created. */
	hash: string;
	createdAt: string;
	/** Who created it; null for the operator token generated at first start. */
	createdBy: string | null;
	lastUsedAt: string | null;
	revokedAt: string | null;
}

export interface RoundRecord {
	id: string;
	/** The public link is /r/<slug>. */
	slug: string;
	surveyId: string;
	name: string;
	opensAt: string | null;
	closesAt: string | null;
	/** Empty means every audience the questionnaire accepts. */
	audiences: string[];
	municipality: string | null;
	createdAt: string;
	updatedAt: string;
}

/**
 * An invitation link for one round (server/invitations): /i/<code> answers the round's
 * questionnaire as the invitation's audience and municipality, at most `maxUses` times. Kept
 * here, apart from the responses, and the responses never hold its code or id (records.ts,
 * `verified`): how many times it was used is counted, not when, nor which answer used it.
 */
export interface InvitationRecord {
	id: string;
	roundId: string;
	/** What goes in the link: random, 20 characters of a 32-letter alphabet (100 bits). */
	code: string;
	/** Whom it was made for, as the researcher pasted it: an organisation's name, or null. */
	label: string | null;
	municipality: string | null;
	audience: string | null;
	maxUses: number;
	uses: number;
	createdAt: string;
	/** When a researcher withdrew the link (it then takes no answer); absent or null: never. */
	revokedAt?: string | null;
	/**
	 * A random whole number 0 ≤ k < 2³², drawn once, never shown: the record key the response
	 * rates are perturbed with for leaders (summary/cell-key.ts). Absent in older files: 0.
	 */
	recordKey?: number;
}

/** A version published from the designer: who, when, and why if it broke comparability. */
export interface PublishedVersion {
	version: string;
	publishedAt: string;
	publishedBy: string;
	/** How many breaking changes it was published with (confirmed with a reason). */
	breaking: number;
	reason: string | null;
}

/**
 * A questionnaire as the app manages it. `store`: designed in the app, its draft and published
 * versions here (definitions in the archive). `file`: surveys/<id>.json is the source of truth;
 * only closing is recorded here.
 */
export interface QuestionnaireRecord {
	id: string;
	source: 'store' | 'file';
	draft: Record<string, unknown> | null;
	draftUpdatedAt: string | null;
	/** Oldest first; the last is what respondents get. */
	published: PublishedVersion[];
	/** Closed: no new answers, results kept, not on the start page. */
	closedAt: string | null;
	/** What each translation was made from (definitions/translations.ts). */
	translationBasis: Record<string, Partial<Record<'nn' | 'en', string>>>;
	createdAt: string;
	createdBy: string;
}

export interface VersionRecord {
	surveyId: string;
	version: string;
	firstSeenAt: string;
}

/**
 * Small, rarely written state: users, sessions, tokens, rounds, the versions seen. One file,
 * rewritten whole (durably) on each change, which is fine at this size and rate. The format is
 * what data folders already hold: it must keep reading them.
 */
export interface MetaData {
	format: 'odb-meta/1';
	users: UserRecord[];
	sessions: SessionRecord[];
	apiTokens: TokenRecord[];
	rounds: RoundRecord[];
	versions: VersionRecord[];
	/** Absent in files written before invitations existed; read as empty. */
	invitations: InvitationRecord[];
	/** Absent in files written before the designer. */
	questionnaires: QuestionnaireRecord[];
	/**
	 * The key receipt codes are derived with (base64, 32 random bytes; see secret-records.ts).
	 * Absent in files written before receipts were hashed; created at the next start.
	 */
	receiptKey?: string;
}

const collections = [
	'users',
	'sessions',
	'apiTokens',
	'rounds',
	'versions',
	'invitations',
	'questionnaires'
] as const;

function isMetaData(value: unknown): value is MetaData {
	const meta = value as Record<string, unknown> | null;
	if (!meta || meta.format !== 'odb-meta/1') return false;
	// A file from an older version may lack a collection; one that is there must be a list.
	return collections.every((key) => meta[key] === undefined || Array.isArray(meta[key]));
}

/**
 * What the record repositories ask of the meta data, whichever store holds it: meta.json here,
 * or PostgreSQL (postgres/meta.ts). Both apply a change to the data the repositories read and
 * resolve once it is durably stored.
 */
export type MetaFile = Pick<
	MetaJsonFile,
	'data' | 'change' | 'changeLater' | 'writeWaiting' | 'flushed'
>;

/** A change to the meta data. It must find records by id, not hold on to them (see `change`). */
type Change = (data: MetaData) => void;

interface Pending {
	change: Change;
	/** Absent for a change that rides along with the next write instead of asking for one. */
	done?: { resolve: () => void; reject: (e: unknown) => void };
}

/**
 * `meta.json`, shared by the repositories on the Store (`users`, `sessions`, `tokens`, `rounds`,
 * `versions`, `invitations`): the one holder of its data and the one writer of its file. Nothing outside this
 * folder sees it; the repositories hand out copies.
 *
 * A change is applied to memory at once, so a check made just before it in the same tick (a
 * unique name, the last administrator) still holds when it lands, as with a plain object. Then it
 * waits for a write that starts after it. Writes go one at a time, never two at once on the same
 * temporary file, and each takes every change made while the one before was on its way to disk
 * (group commit): every caller awaits a write that holds its own change, durably.
 *
 * A write that fails rejects every change it carried, and memory is rebuilt from what is on disk
 * plus the changes still waiting, so memory never keeps a change the disk refused (it would
 * otherwise be written by the next change, after its caller was told it failed). That
 * is why a change finds its records by id each time it runs: it may be run again on the rebuilt
 * data, where an object it held would be a stale copy.
 */
export class MetaJsonFile {
	private pending: Pending[] = [];
	private writing: Promise<void> | null = null;

	private constructor(
		private readonly adapter: DurableJsonFile<MetaData>,
		private current: MetaData,
		/** The text of the file as last written (or read): what a failed write falls back to. */
		private onDisk: string
	) {}

	static async open(file: string): Promise<MetaJsonFile> {
		const adapter = new DurableJsonFile(file, isMetaData);
		const data: MetaData = (await adapter.read()) ?? {
			format: 'odb-meta/1',
			users: [],
			sessions: [],
			apiTokens: [],
			rounds: [],
			versions: [],
			invitations: [],
			questionnaires: []
		};
		for (const key of collections) (data[key] as unknown[]) ??= [];
		return new MetaJsonFile(adapter, data, JSON.stringify(data));
	}

	/** The live data, for the repositories to read from and copy out of; never handed further. */
	get data(): Readonly<MetaData> {
		return this.current;
	}

	/** Applies `change` now and resolves once a write holding it is on disk. */
	change(change: Change): Promise<void> {
		change(this.current);
		return new Promise((resolve, reject) => {
			this.pending.push({ change, done: { resolve, reject } });
			this.writing ??= this.drain();
		});
	}

	/**
	 * Applies `change` now; it is written with the next write, and asks for none itself (for
	 * facts not worth a disk write each: when a token was last used).
	 */
	changeLater(change: Change): void {
		change(this.current);
		this.pending.push({ change });
	}

	/** Writes what `changeLater` left waiting, if anything. */
	async writeWaiting(): Promise<void> {
		if (this.pending.length === 0) return;
		await this.change(() => {});
	}

	/** Waits until every write asked for so far has finished (at close). */
	async flushed(): Promise<void> {
		while (this.writing) await this.writing;
	}

	private async drain(): Promise<void> {
		try {
			while (this.pending.some((p) => p.done)) {
				const batch = this.pending;
				this.pending = [];
				// Serialised now, before any await: the write holds exactly the changes in `batch`.
				const text = JSON.stringify(this.current);
				try {
					await writeFileDurably(this.adapter.file, text);
				} catch (e) {
					// Changes that asked for no write stay waiting for the next one.
					this.pending = [...batch.filter((p) => !p.done), ...this.pending];
					this.rebuild();
					for (const p of batch) p.done?.reject(e);
					continue;
				}
				this.onDisk = text;
				for (const p of batch) p.done?.resolve();
			}
		} finally {
			this.writing = null;
		}
	}

	/** Memory = the file as on disk + the changes not yet written. */
	private rebuild() {
		this.current = JSON.parse(this.onDisk) as MetaData;
		for (const key of collections) (this.current[key] as unknown[]) ??= [];
		const kept: Pending[] = [];
		for (const p of this.pending) {
			try {
				p.change(this.current);
				kept.push(p);
			} catch (e) {
				p.done?.reject(e);
			}
		}
		this.pending = kept;
	}
}
