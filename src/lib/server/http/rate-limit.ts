import { createHmac } from 'node:crypto';
import { isIPv6 } from 'node:net';
import { MemoryLimits, type Limits } from '../store/limits';
import { RequestError } from './http-error';

/**
 * A token bucket per client: each client may send `perMinute` requests at once, and earns them
 * back at `perMinute` per minute. It keeps a flood from one address (a script, a broken retry
 * loop) from filling the disk or starving everyone else; people answering a questionnaire never
 * come near it.
 *
 * The buckets live in `store.limits`: this process's memory for the data folder, the database
 * for PostgreSQL, shared by every instance (one statement per request), so two instances behind
 * a proxy allow a client no more than one does. A bucket that has filled up again (a minute
 * without requests) carries no information and is swept. The keys are keyed hashes of the
 * address (see `addressKey`), so no address list is kept anywhere.
 */
export interface RateLimiterOptions {
	/** Requests allowed per minute (and the size of a burst). */
	perMinute: number;
	/** Milliseconds since some epoch; tests pass a fake clock. */
	now?: () => number;
	/** Where the buckets live; by default a memory of its own. */
	limits?: Limits;
	/** Keeps this limiter's buckets apart from others' in the same limits. */
	scope?: string;
}

const MINUTE = 60_000;

export type RateDecision = { allowed: true } | { allowed: false; retryAfterSeconds: number };

export class RateLimiter {
	readonly limits: Limits;
	private readonly capacity: number;
	private readonly now: () => number;
	private readonly scope: string;

	constructor(options: RateLimiterOptions) {
		if (!Number.isInteger(options.perMinute) || options.perMinute <= 0)
			throw new Error('perMinute must be a positive whole number');
		this.capacity = options.perMinute;
		this.now = options.now ?? Date.now;
		this.limits = options.limits ?? new MemoryLimits();
		this.scope = options.scope ?? 'rate';
	}

	/** Takes one request's token for `key`, or says how many seconds until one is earned. */
	async take(key: string): Promise<RateDecision> {
		const { allowed, tokens } = await this.limits.take(
			`${this.scope}:${key}`,
			this.capacity,
			this.now()
		);
		if (allowed) return { allowed: true };
		const waitMs = ((1 - tokens) * MINUTE) / this.capacity;
		return { allowed: false, retryAfterSeconds: Math.max(1, Math.ceil(waitMs / 1000)) };
	}

	/** The bucket key for a client address, with the limits' secret (shared across instances). */
	addressKey(address: string): string {
		return addressKey(address, this.limits.addressSecret);
	}
}

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
 * the limits hold no address in the clear. The secret is `store.limits.addressSecret`: made at
 * start-up and never stored for the data folder (keys from one run mean nothing in the next);
 * on PostgreSQL one secret in the database, so every instance maps an address to one key.
 */
export function addressKey(address: string, secret: Buffer): string {
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
export async function enforce(
	limiter: RateLimiter | null,
	getClientAddress: () => string
): Promise<void> {
	if (!limiter) return;
	const decision = await limiter.take(limiter.addressKey(clientAddress(getClientAddress)));
	if (decision.allowed) return;
	const seconds = decision.retryAfterSeconds;
	throw new RequestError(429, 'error.tooManyRequests', { seconds }, undefined, {
		'Retry-After': String(seconds)
	});
}
