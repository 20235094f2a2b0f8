import { randomBytes } from 'node:crypto';

/**
 * The state of the rate limits and of the throttles on failed attempts (`store.limits`): token
 * buckets for submissions per client, and counts of failed sign-ins and receipt codes. The
 * decisions are made in `http/rate-limit.ts` and `auth/throttle.ts`; this is only where the
 * numbers live, and each verb changes them in one atomic step.
 *
 * With the data folder they live in this process's memory (one process owns the folder). On
 * PostgreSQL they live in the database (postgres/limits.ts), shared by every instance, so two
 * instances behind a proxy give an attacker no more attempts than one: each verb is one
 * statement, one round trip.
 *
 * Keys are never addresses or usernames: callers pass keyed hashes (`addressSecret`).
 */
export interface Limits {
	/**
	 * The secret client addresses are hashed with: made at start-up and never stored for the data
	 * folder; on PostgreSQL one shared by every instance (or the same address would count as a
	 * different client on each).
	 */
	readonly addressSecret: Buffer;
	/**
	 * Takes one token from `key`'s bucket (`capacity` tokens, earned back at `capacity` per
	 * minute; a new bucket is full). `tokens`: what is left after (before, if refused).
	 */
	take(key: string, capacity: number, now: number): Promise<{ allowed: boolean; tokens: number }>;
	/** The failures counted against each key and not yet forgotten (missing keys: none). */
	failures(keys: readonly string[], now: number, rule: FailureRule): Promise<FailureEntry[]>;
	/**
	 * Counts one failure against each key; per key, the new count and whether the key was held
	 * back (`blockedUntil` after `now`) just before this failure was counted.
	 */
	countFailure(
		keys: readonly string[],
		now: number,
		rule: FailureRule
	): Promise<{ key: string; failures: number; waited: boolean }[]>;
	/** Takes back one failure from each key (never below none). */
	forgive(keys: readonly string[]): Promise<void>;
	/** Forgets the keys' failures. */
	clear(keys: readonly string[]): Promise<void>;
	/** Drops buckets that are full again and failures past being forgotten: as if never seen. */
	sweep(now: number): Promise<void>;
}

/** How failures are held against a key (auth/throttle.ts). */
export interface FailureRule {
	/** Failures without any wait. */
	free: number;
	maxWaitSeconds: number;
	/** A key with no failure for this long starts again from none. */
	forgetAfterMs: number;
}

export interface FailureEntry {
	key: string;
	failures: number;
	lastFailure: number;
}

/**
 * Until when a key is held back: after `free` failures each further one doubles the wait (1 s,
 * 2 s, 4 s … up to `maxWaitSeconds`), counted from the last failure. The exponent is capped (at
 * 30, far above any maximum) so a huge count neither overflows here nor in SQL.
 */
export function blockedUntil(entry: Omit<FailureEntry, 'key'>, rule: FailureRule): number {
	const over = entry.failures - rule.free;
	return over > 0
		? entry.lastFailure + Math.min(2 ** Math.min(over - 1, 30), rule.maxWaitSeconds) * 1000
		: 0;
}

const MINUTE = 60_000;

/** Tokens in a bucket at `time`: earned back at `capacity` per minute, never above it. */
export function tokensAt(
	bucket: { tokens: number; at: number; capacity: number },
	time: number
): number {
	// Multiplied before dividing, so a whole minute earns exactly `capacity` (no rounding drift).
	// A clock that went backwards earns nothing rather than going negative. PostgreSQL does the
	// same operations in the same order in double precision (postgres/limits.ts).
	const earned = (Math.max(0, time - bucket.at) * bucket.capacity) / MINUTE;
	return Math.min(bucket.capacity, bucket.tokens + earned);
}

interface Bucket {
	tokens: number;
	at: number;
	capacity: number;
}

interface Failures {
	failures: number;
	lastFailure: number;
	forgetAt: number;
}

/**
 * The limits in this process's memory (the data folder). Nothing here outlives the process.
 * `maxKeys`: most buckets kept at once; beyond it the least recently seen are forgotten (they
 * start again full, erring towards letting people answer). Past as many keys with failures,
 * those past being forgotten are dropped.
 */
export class MemoryLimits implements Limits {
	readonly addressSecret = randomBytes(32);
	private readonly buckets = new Map<string, Bucket>();
	private readonly counts = new Map<string, Failures>();

	constructor(private readonly maxKeys = 100_000) {}

	/** How many buckets are kept (for tests). */
	get size(): number {
		return this.buckets.size;
	}

	/** How many keys have failures kept (for tests). */
	get failureKeys(): number {
		return this.counts.size;
	}

	take(key: string, capacity: number, now: number) {
		const bucket = this.buckets.get(key);
		const tokens = bucket ? tokensAt(bucket, now) : capacity;
		// Re-inserted on every visit so the Map's order is least recently seen first.
		this.buckets.delete(key);
		const allowed = tokens >= 1;
		this.buckets.set(key, { tokens: allowed ? tokens - 1 : tokens, at: now, capacity });
		if (this.buckets.size > this.maxKeys) forgetOldest(this.buckets, this.maxKeys);
		return Promise.resolve({ allowed, tokens: allowed ? tokens - 1 : tokens });
	}

	failures(keys: readonly string[], now: number, rule: FailureRule) {
		const found: FailureEntry[] = [];
		for (const key of keys) {
			const entry = this.counts.get(key);
			if (!entry || entry.failures <= 0) continue;
			if (now - entry.lastFailure > rule.forgetAfterMs) continue;
			found.push({ key, failures: entry.failures, lastFailure: entry.lastFailure });
		}
		return Promise.resolve(found);
	}

	countFailure(keys: readonly string[], now: number, rule: FailureRule) {
		const counted = [...new Set(keys)].map((key) => {
			const entry = this.counts.get(key);
			const live = entry && now - entry.lastFailure <= rule.forgetAfterMs;
			const waited = Boolean(live && blockedUntil(entry, rule) > now);
			const failures = live ? entry.failures + 1 : 1;
			this.counts.delete(key);
			this.counts.set(key, { failures, lastFailure: now, forgetAt: now + rule.forgetAfterMs });
			return { key, failures, waited };
		});
		// Only failures past being forgotten go when there are many: forgetting a live count would
		// let a flood from many addresses wipe a username's.
		if (this.counts.size > this.maxKeys) {
			for (const [key, entry] of this.counts) if (entry.forgetAt < now) this.counts.delete(key);
		}
		return Promise.resolve(counted);
	}

	forgive(keys: readonly string[]) {
		for (const key of keys) {
			const entry = this.counts.get(key);
			if (entry) entry.failures = Math.max(0, entry.failures - 1);
		}
		return Promise.resolve();
	}

	clear(keys: readonly string[]) {
		for (const key of keys) this.counts.delete(key);
		return Promise.resolve();
	}

	sweep(now: number) {
		for (const [key, bucket] of this.buckets) {
			if (tokensAt(bucket, now) >= bucket.capacity) this.buckets.delete(key);
		}
		for (const [key, entry] of this.counts) {
			if (entry.failures <= 0 || entry.forgetAt < now) this.counts.delete(key);
		}
		return Promise.resolve();
	}
}

function forgetOldest(map: Map<string, unknown>, max: number) {
	// A flood from very many clients: forget the least recently seen. Not a sweep here: walking
	// every entry on every new client would make such a flood cost more per request.
	for (const key of map.keys()) {
		if (map.size <= max) break;
		map.delete(key);
	}
}
