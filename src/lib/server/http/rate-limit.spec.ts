import { describe, expect, it } from 'vitest';
import { limitKinds, useLimits, type LimitKind } from '../../../../tests/support/limits';
import { MemoryLimits } from '../store/limits';
import { RequestError } from './http-error';
import { addressKey, clientAddress, clientNetwork, enforce, RateLimiter } from './rate-limit';

/** A clock the test moves by hand, in milliseconds. */
function fakeClock(start = 0) {
	let time = start;
	return { now: () => time, advance: (ms: number) => (time += ms) };
}

// The same behaviour whichever store keeps the buckets: this process's memory (data folder) or
// PostgreSQL, where two instances share them (tests/support/limits.ts).
const limits = useLimits();

describe.each(limitKinds)('RateLimiter on %s', (kind: LimitKind) => {
	// 3 per minute: a burst of 3, then one token every 20 s. Each row: milliseconds to wait
	// before the request, and the expected answer (true, or the seconds in Retry-After).
	const steps: [string, number, true | number][] = [
		['first of the burst', 0, true],
		['second', 0, true],
		['third', 0, true],
		['fourth at once: the next token is 20 s away', 0, 20],
		['10 s later: half a token, 10 s to go', 10_000, 10],
		['19.5 s in: 0.975 of a token, 0.5 s rounds up to 1', 9_500, 1],
		['20 s in: a whole token', 500, true],
		['at once again: empty, 20 s', 0, 20],
		['a minute later: the bucket is full but never fuller than 3', 60_000, true],
		['… second', 0, true],
		['… third', 0, true],
		['… fourth is refused', 0, 20]
	];

	it('lets a burst through, then one request per 1/perMinute of a minute', async () => {
		const clock = fakeClock();
		const limiter = new RateLimiter({
			perMinute: 3,
			now: clock.now,
			limits: await limits.one(kind)
		});
		const seen: (true | number)[] = [];
		for (const [, wait] of steps) {
			clock.advance(wait);
			const decision = await limiter.take('a');
			seen.push(decision.allowed ? true : decision.retryAfterSeconds);
		}
		expect(seen).toEqual(steps.map(([, , expected]) => expected));
	});

	it('shares one bucket between two instances: the steps alternate and give the same answers', async () => {
		const clock = fakeClock();
		const [a, b] = await limits.pair(kind);
		const onA = new RateLimiter({ perMinute: 3, now: clock.now, limits: a });
		const onB = new RateLimiter({ perMinute: 3, now: clock.now, limits: b });
		const seen: (true | number)[] = [];
		for (const [n, [, wait]] of steps.entries()) {
			clock.advance(wait);
			const decision = await (n % 2 ? onB : onA).take('a');
			seen.push(decision.allowed ? true : decision.retryAfterSeconds);
		}
		expect(seen).toEqual(steps.map(([, , expected]) => expected));
	});

	it('lets exactly the burst through when 40 requests arrive at once on two instances', async () => {
		const clock = fakeClock();
		const [a, b] = await limits.pair(kind);
		const limiters = [a, b].map(
			(l) => new RateLimiter({ perMinute: 10, now: clock.now, limits: l })
		);
		const decisions = await Promise.all(
			Array.from({ length: 40 }, (_, n) => limiters[n % 2].take('flood'))
		);
		expect(decisions.filter((d) => d.allowed).length).toBe(10);
	});

	it('keeps one bucket per key', async () => {
		const clock = fakeClock();
		const limiter = new RateLimiter({
			perMinute: 1,
			now: clock.now,
			limits: await limits.one(kind)
		});
		expect(await limiter.take('a')).toEqual({ allowed: true });
		expect(await limiter.take('a')).toEqual({ allowed: false, retryAfterSeconds: 60 });
		expect(await limiter.take('b')).toEqual({ allowed: true });
	});

	it('earns nothing when the clock goes backwards', async () => {
		const clock = fakeClock(100_000);
		const limiter = new RateLimiter({
			perMinute: 1,
			now: clock.now,
			limits: await limits.one(kind)
		});
		expect((await limiter.take('a')).allowed).toBe(true);
		clock.advance(-50_000);
		expect(await limiter.take('a')).toEqual({ allowed: false, retryAfterSeconds: 60 });
	});

	it('forgets a client once its bucket is full again, and only then (the sweep)', async () => {
		const clock = fakeClock();
		const store = await limits.one(kind);
		const kept = async () =>
			kind === 'memory'
				? (store as MemoryLimits).size
				: Number((await limits.query('SELECT count(*) AS n FROM rate_buckets')).rows[0].n);
		const limiter = new RateLimiter({ perMinute: 2, now: clock.now, limits: store });
		await limiter.take('a');
		clock.advance(45_000);
		await limiter.take('b');
		// At 60 s: a has 1 token + 60 s × 2/min = 3, capped at 2 → full. b has 1 + 15 s × 2/min = 1.5.
		clock.advance(15_000);
		await store.sweep(clock.now());
		expect(await kept()).toBe(1);
		// At 80 s: b has 1 + 35 s × 2/min ≈ 2.17 → full.
		clock.advance(20_000);
		await store.sweep(clock.now());
		expect(await kept()).toBe(0);
	});
});

describe('RateLimiter', () => {
	it('refuses a limit that is not a positive whole number', () => {
		expect(() => new RateLimiter({ perMinute: 0 })).toThrow(/positive/);
		expect(() => new RateLimiter({ perMinute: 1.5 })).toThrow(/positive/);
	});
});

describe('MemoryLimits with maxKeys', () => {
	it('forgets the least recently seen client when it tracks too many', async () => {
		const clock = fakeClock();
		const store = new MemoryLimits(2);
		const limiter = new RateLimiter({ perMinute: 1, now: clock.now, limits: store });
		await limiter.take('a');
		await limiter.take('b');
		await limiter.take('c');
		expect(store.size).toBe(2);
		// 'a' was forgotten, so it starts again with a full bucket; 'c' was not.
		expect((await limiter.take('a')).allowed).toBe(true);
		expect((await limiter.take('c')).allowed).toBe(false);
	});
});

describe('clientNetwork', () => {
	it.each([
		['203.0.113.9', '203.0.113.9'],
		['::ffff:203.0.113.9', '203.0.113.9'],
		['2001:db8:aa:bb:1:2:3:4', '2001:db8:aa:bb::/64'],
		['2001:0DB8:00aa:00bb:ffff::1', '2001:db8:aa:bb::/64'],
		['2001:db8::1', '2001:db8:0:0::/64'],
		['2001:db8:aa:bb::', '2001:db8:aa:bb::/64'],
		['::1', '0:0:0:0::/64'],
		['fe80::1%eth0', 'fe80:0:0:0::/64'],
		['64:ff9b::192.0.2.1', '64:ff9b:0:0::/64'],
		['unknown', 'unknown']
	])('%s → %s', (address, network) => {
		expect(clientNetwork(address)).toBe(network);
	});
});

describe('addressKey', () => {
	const secret = Buffer.alloc(32, 7);

	it('gives the same key for the same address, another for another, and never the address', () => {
		const a = addressKey('203.0.113.9', secret);
		expect(addressKey('203.0.113.9', secret)).toBe(a);
		expect(addressKey('203.0.113.10', secret)).not.toBe(a);
		expect(a).not.toContain('203');
		expect(a).toMatch(/^[\w-]{22}$/);
	});

	it('gives one key to every address in an IPv6 /64, and another to the next /64', () => {
		const a = addressKey('2001:db8:aa:bb::1', secret);
		expect(addressKey('2001:db8:aa:bb:dead:beef:0:7', secret)).toBe(a);
		expect(addressKey('2001:db8:aa:bc::1', secret)).not.toBe(a);
	});

	it('depends on the secret, so keys from another run mean nothing', () => {
		expect(addressKey('203.0.113.9', Buffer.alloc(32, 8))).not.toBe(
			addressKey('203.0.113.9', secret)
		);
	});
});

describe('clientAddress', () => {
	it('is the address SvelteKit gives, or one shared "unknown" when the proxy header is missing', () => {
		expect(clientAddress(() => '198.51.100.4')).toBe('198.51.100.4');
		expect(
			clientAddress(() => {
				throw new Error('Address header was specified with ADDRESS_HEADER=x-forwarded-for');
			})
		).toBe('unknown');
	});
});

describe.each(limitKinds)('enforce on %s', (kind: LimitKind) => {
	it('does nothing when the limit is off', async () => {
		await expect(enforce(null, () => '198.51.100.4')).resolves.toBeUndefined();
	});

	it('throws a 429 with Retry-After once the bucket is empty', async () => {
		const clock = fakeClock();
		const limiter = new RateLimiter({
			perMinute: 2,
			now: clock.now,
			limits: await limits.one(kind)
		});
		await enforce(limiter, () => '198.51.100.4');
		await enforce(limiter, () => '198.51.100.4');
		const refused = await enforce(limiter, () => '198.51.100.4').catch((e: unknown) => e);
		expect(refused).toBeInstanceOf(RequestError);
		expect(refused).toMatchObject({
			status: 429,
			key: 'error.tooManyRequests',
			params: { seconds: 30 },
			headers: { 'Retry-After': '30' }
		});
		await expect(enforce(limiter, () => '198.51.100.5')).resolves.toBeUndefined();
	});

	it('counts one address as one client on both instances (one shared secret)', async () => {
		const [a, b] = await limits.pair(kind);
		expect(b.addressSecret.equals(a.addressSecret)).toBe(true);
		const clock = fakeClock();
		const onA = new RateLimiter({ perMinute: 1, now: clock.now, limits: a });
		const onB = new RateLimiter({ perMinute: 1, now: clock.now, limits: b });
		await enforce(onA, () => '198.51.100.4');
		await expect(enforce(onB, () => '198.51.100.4')).rejects.toMatchObject({ status: 429 });
	});
});
