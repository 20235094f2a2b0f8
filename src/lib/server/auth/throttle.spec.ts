import { describe, expect, it } from 'vitest';
import { limitKinds, useLimits, type LimitKind } from '../../../../tests/support/limits';
import { MemoryLimits } from '../store/limits';
import { FailureThrottle } from './throttle';

// The same behaviour whichever store keeps the counts: this process's memory (data folder) or
// PostgreSQL, where two instances share them (tests/support/limits.ts).
const limits = useLimits();

describe.each(limitKinds)('FailureThrottle on %s', (kind: LimitKind) => {
	async function setup() {
		let now = 1_000_000;
		const [a, b] = await limits.pair(kind);
		const clock = () => now;
		const throttle = new FailureThrottle(a, 'test', {}, clock);
		/** The same throttle on the other instance (on memory: the same one). */
		const other = new FailureThrottle(b, 'test', {}, clock);
		return { throttle, other, advance: (ms: number) => (now += ms) };
	}
	const alice: [string, string][] = [
		['user', 'alice'],
		['address', '10.0.0.1']
	];

	it('lets the first five failures through without waiting', async () => {
		const { throttle } = await setup();
		for (let i = 0; i < 5; i++) {
			expect(await throttle.waitSeconds(alice)).toBe(0);
			await throttle.failed(alice);
		}
		// The sixth attempt: 5 free failures used, so the 6th failure would cost 1 s.
		expect(await throttle.waitSeconds(alice)).toBe(0);
	});

	it('doubles the wait after each further failure, up to the maximum', async () => {
		const { throttle, advance } = await setup();
		for (let i = 0; i < 5; i++) await throttle.failed(alice);
		const waits: number[] = [];
		for (let i = 0; i < 12; i++) {
			await throttle.failed(alice);
			waits.push(await throttle.waitSeconds(alice));
			advance(waits.at(-1)! * 1000);
		}
		// failures 6, 7, 8 … wait 2^0, 2^1, 2^2 … seconds, capped at 300.
		expect(waits).toEqual([1, 2, 4, 8, 16, 32, 64, 128, 256, 300, 300, 300]);
	});

	it('slows an address trying many usernames, and a username tried from many addresses', async () => {
		const { throttle } = await setup();
		for (let i = 0; i < 7; i++)
			await throttle.failed([
				['user', `u${i}`],
				['address', '10.0.0.9']
			]);
		expect(
			await throttle.waitSeconds([
				['user', 'new'],
				['address', '10.0.0.9']
			])
		).toBe(2);
		for (let i = 0; i < 7; i++)
			await throttle.failed([
				['user', 'bob'],
				['address', `10.1.0.${i}`]
			]);
		expect(
			await throttle.waitSeconds([
				['user', 'bob'],
				['address', '10.2.0.1']
			])
		).toBe(2);
	});

	it('forgets failures after the quiet period and after a success', async () => {
		const { throttle, advance } = await setup();
		for (let i = 0; i < 8; i++) await throttle.failed(alice);
		expect(await throttle.waitSeconds(alice)).toBeGreaterThan(0);
		advance(15 * 60_000 + 1);
		expect(await throttle.waitSeconds(alice)).toBe(0);
		for (let i = 0; i < 8; i++) await throttle.failed(alice);
		await throttle.succeeded(alice);
		expect(await throttle.waitSeconds(alice)).toBe(0);
	});

	it('counts an attempt before it is checked, so guesses sent at once are held back', async () => {
		const { throttle } = await setup();
		// 60 attempts arriving together: each is counted as it arrives, before any is checked.
		const waits = await Promise.all(Array.from({ length: 60 }, () => throttle.attempt(alice)));
		// The 5 free ones and the 6th (which sets the first 1 s wait); the other 54 must wait.
		expect(waits.filter((wait) => wait === 0).length).toBe(6);
	});

	it('holds back guesses sent at once to two instances as if sent to one', async () => {
		const { throttle, other } = await setup();
		const waits = await Promise.all(
			Array.from({ length: 60 }, (_, n) => (n % 2 ? other : throttle).attempt(alice))
		);
		expect(waits.filter((wait) => wait === 0).length).toBe(6);
		// Every attempt was counted once, wherever it arrived: 60 failures, the wait capped.
		expect(await other.waitSeconds(alice)).toBe(300);
	});

	it('trips after the same number of failures whichever instance gets them', async () => {
		const { throttle, other } = await setup();
		const seen: number[] = [];
		for (let n = 0; n < 8; n++) seen.push(await (n % 2 ? other : throttle).attempt(alice));
		expect(seen).toEqual([0, 0, 0, 0, 0, 0, 2, 4]);
		// A success on one instance clears the username's count on both.
		await other.succeeded([alice[0]]);
		expect(await throttle.waitSeconds([alice[0]])).toBe(0);
	});

	it('forgives the count of an attempt that was right, or never checked', async () => {
		const { throttle } = await setup();
		for (let i = 0; i < 6; i++) await throttle.attempt(alice);
		expect(await throttle.waitSeconds(alice)).toBe(1);
		await throttle.forgive(alice);
		expect(await throttle.waitSeconds(alice)).toBe(0);
		await throttle.forgive(alice);
		await throttle.forgive(alice);
		// Three forgiven of six: three left, so two more are free and the one after waits 1 s.
		for (let i = 0; i < 2; i++) expect(await throttle.attempt(alice)).toBe(0);
		expect(await throttle.waitSeconds(alice)).toBe(0);
		expect(await throttle.attempt(alice)).toBe(0);
		expect(await throttle.waitSeconds(alice)).toBe(1);
	});

	it('never forgives below none', async () => {
		const { throttle } = await setup();
		await throttle.attempt(alice);
		for (let i = 0; i < 3; i++) await throttle.forgive(alice);
		for (let i = 0; i < 6; i++) expect(await throttle.attempt(alice)).toBe(0);
		expect(await throttle.waitSeconds(alice)).toBe(1);
	});

	it('makes the wait longer for an attempt made while waiting', async () => {
		const { throttle } = await setup();
		for (let i = 0; i < 6; i++) await throttle.attempt(alice);
		expect(await throttle.waitSeconds(alice)).toBe(1);
		// Asked again at once: refused, and counted, so the 7th failure costs 2 s.
		expect(await throttle.attempt(alice)).toBe(2);
		expect(await throttle.attempt(alice)).toBe(4);
	});

	it('sweeps counts past being forgotten, and counts forgiven to none, and only those', async () => {
		let now = 1_000_000;
		const store = await limits.one(kind);
		const throttle = new FailureThrottle(store, 'test', {}, () => now);
		const kept = async () =>
			kind === 'memory'
				? (store as MemoryLimits).failureKeys
				: Number((await limits.query('SELECT count(*) AS n FROM failure_counts')).rows[0].n);
		await throttle.failed([['user', 'old']]);
		now += 10 * 60_000;
		await throttle.failed([['user', 'recent']]);
		await throttle.attempt([['user', 'forgiven']]);
		await throttle.forgive([['user', 'forgiven']]);
		await store.sweep(now);
		expect(await kept()).toBe(2);
		// 15 minutes and a moment after the first failure: it goes; the recent one stays.
		now += 5 * 60_000 + 1;
		await store.sweep(now);
		expect(await kept()).toBe(1);
		expect(await throttle.waitSeconds([['user', 'recent']])).toBe(0);
	});

	it('keeps two scopes apart', async () => {
		const { throttle } = await setup();
		const [, b] = await limits.pair(kind);
		for (let i = 0; i < 8; i++) await throttle.failed(alice);
		expect(await new FailureThrottle(b, 'elsewhere').waitSeconds(alice)).toBe(0);
	});
});
