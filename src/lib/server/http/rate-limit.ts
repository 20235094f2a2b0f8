import { createHmac, randomBytes } from 'node:crypto';
import { isIPv6 } from 'node:net';
import { RequestError } from './http-error';

/**
 * A token bucket per client, in memory: each client may send `perMinute` requests at once, and
 * earns them back at `perMinute` per minute. It keeps a flood from one address (a script, a
 * broken retry loop) from filling the disk or starving everyone else; people answering a
 * questionnaire never come near it.
 *
 * Nothing here outlives the process or reaches the disk, and a bucket that has filled up again
 * (a minute without requests) carries no information and is dropped. The keys are keyed hashes
 * of the address (see `addressKey`), so not even the process's memory holds an address list.
 */
export interface RateLimiterOptions {
	/** Requests allowed per minute (and the size of a burst). */
	perMinute: number;
	/** Milliseconds since some epoch; tests pass a fake clock. */
	now?: () => number;
	/** Most clients tracked at once; beyond it the least recently seen are forgotten. */
	maxKeys?: number;
}

const MINUTE = 60_000;

export type RateDecision = { allowed: true } | { allowed: false; retryAfterSeconds: number };

interface Bucket {
	tokens: number;
	/** When `tokens` was last brought up to date. */
	at: number;
}

export class RateLimiter {
	private readonly buckets = new Map<string, Bucket>();
	private readonly capacity: number;
	private readonly now: () => number;
	private readonly maxKeys: number;

	constructor(options: RateLimiterOptions) {
		if (!Number.isInteger(options.perMinute) || options.perMinute <= 0)
			throw new Error('perMinute must be a positive whole number');
		this.capacity = options.perMinute;
		this.now = options.now ?? Date.now;
		this.maxKeys = options.maxKeys ?? 100_000;
	}

	/** How many clients are being tracked (for tests and the sweep). */
	get size(): number {
		return this.buckets.size;
	}

	private tokensAt(bucket: Bucket, time: number): number {
		// Multiplied before dividing, so a whole minute earns exactly `capacity` (no rounding
		// drift). A clock that went backwards earns nothing rather than going negative.
		const earned = (Math.max(0, time - bucket.at) * this.capacity) / MINUTE;
		return Math.min(this.capacity, bucket.tokens + earned);
	}

	/** Takes one request's token for `key`, or says how many seconds until one is earned. */
	take(key: string): RateDecision {
		const time = this.now();
		const bucket = this.buckets.get(key);
		const tokens = bucket ? this.tokensAt(bucket, time) : this.capacity;
		// Re-inserted on every visit so the Map's order is least recently seen first.
		this.buckets.delete(key);
		if (tokens >= 1) {
			this.buckets.set(key, { tokens: tokens - 1, at: time });
			if (this.buckets.size > this.maxKeys) this.forgetOldest();
			return { allowed: true };
		}
		this.buckets.set(key, { tokens, at: time });
		const waitMs = ((1 - tokens) * MINUTE) / this.capacity;
		return { allowed: false, retryAfterSeconds: Math.max(1, Math.ceil(waitMs / 1000)) };
	}

	/** Drops every bucket that has filled up again: those clients are as if never seen. */
	sweep(): void {
		const time = this.now();
		for (const [key, bucket] of this.buckets) {
			if (this.tokensAt(bucket, time) >= this.capacity) this.buckets.delete(key);
		}
	}

	private forgetOldest(): void {
		// A flood from very many addresses: forget the least recently seen, which start again
		// with a full bucket (erring towards letting people answer). Not a sweep here: walking
		// every bucket on every new address would make such a flood cost more per request.
		for (const key of this.buckets.keys()) {
			if (this.buckets.size <= this.maxKeys) break;
			this.buckets.delete(key);
		}
	}
}

/** A secret made at start-up and never stored: the same address maps to the same key only in this process. */
const processSecret = randomBytes(32);

/**
 * Who a bucket is for. An IPv4 address is one client. An IPv6 address is counted by its /64
 * network: one subscriber usually gets a whole /64 and can pick any address in it, so counting
 * single IPv6 addresses would let one machine skip the limit by changing its address.
 */
export function clientNetwork(address: string): string {
	const plain = address.replace(/%.*$/, '').toLowerCase();
	const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/.exec(plain);
	if (mapped) return mapped[1];
	if (!isIPv6(plain)) return plain;
	const [head, tail] = plain.includes('::') ? plain.split('::') : [plain, null];
	const groups = (part: string) => (part ? part.split(':') : []);
	const headGroups = groups(head);
	const tailGroups = tail === null ? [] : groups(tail);
	// A dotted IPv4 ending stands for two groups.
	const tailLength = tailGroups.length + (tailGroups.at(-1)?.includes('.') ? 1 : 0);
	const all =
		tail === null
			? headGroups
			: [...headGroups, ...Array(8 - headGroups.length - tailLength).fill('0'), ...tailGroups];
	return `${all
		.slice(0, 4)
		.map((g) => g.replace(/^0+(?=.)/, ''))
		.join(':')}::/64`;
}

/**
 * The bucket key for a client address: a keyed hash of its network (see `clientNetwork`), so
 * the limiter's memory holds no address in the clear. With the secret gone at exit, keys from
 * one run mean nothing in the next.
 */
export function addressKey(address: string, secret: Buffer = processSecret): string {
	return createHmac('sha256', secret)
		.update(clientNetwork(address))
		.digest('base64url')
		.slice(0, 22);
}

/**
 * The client's address as SvelteKit sees it (adapter-node's `ADDRESS_HEADER` and `XFF_DEPTH`
 * apply behind a reverse proxy). If the configured header is missing, adapter-node throws; such
 * requests did not come through the proxy and share one bucket rather than fail.
 */
export function clientAddress(getClientAddress: () => string): string {
	try {
		return getClientAddress();
	} catch {
		return 'unknown';
	}
}

/**
 * Counts a request against its client's bucket and refuses it with 429 and `Retry-After` when
 * the bucket is empty. Every request counts, refused ones too: a flood of garbage costs the
 * server as much as a flood of answers. `null` is a limiter that is switched off.
 */
export function enforce(limiter: RateLimiter | null, getClientAddress: () => string): void {
	if (!limiter) return;
	const decision = limiter.take(addressKey(clientAddress(getClientAddress)));
	if (decision.allowed) return;
	const seconds = decision.retryAfterSeconds;
	throw new RequestError(429, 'error.tooManyRequests', { seconds }, undefined, {
		'Retry-After': String(seconds)
	});
}
