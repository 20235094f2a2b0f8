import { describe, expect, it } from 'vitest';
import { FailureThrottle } from './throttle';

describe('FailureThrottle', () => {
	function setup() {
		let now = 1_000_000;
		const throttle = new FailureThrottle(5, 300, 15 * 60_000, () => now);
		return { throttle, advance: (ms: number) => (now += ms) };
	}
	const alice: [string, string][] = [
		['user', 'alice'],
		['address', '10.0.0.1']
	];

	it('lets the first five failures through without waiting', () => {
		const { throttle } = setup();
		for (let i = 0; i < 5; i++) {
			expect(throttle.waitSeconds(alice)).toBe(0);
			throttle.failed(alice);
		}
		// The sixth attempt: 5 free failures used, so the 6th failure would cost 1 s.
		expect(throttle.waitSeconds(alice)).toBe(0);
	});

	it('doubles the wait after each further failure, up to the maximum', () => {
		const { throttle, advance } = setup();
		for (let i = 0; i < 5; i++) throttle.failed(alice);
		const waits: number[] = [];
		for (let i = 0; i < 12; i++) {
			throttle.failed(alice);
			waits.push(throttle.waitSeconds(alice));
			advance(waits.at(-1)! * 1000);
		}
		// failures 6, 7, 8 … wait 2^0, 2^1, 2^2 … seconds, capped at 300.
		expect(waits).toEqual([1, 2, 4, 8, 16, 32, 64, 128, 256, 300, 300, 300]);
	});

	it('slows an address trying many usernames, and a username tried from many addresses', () => {
		const { throttle } = setup();
		for (let i = 0; i < 7; i++)
			throttle.failed([
				['user', `u${i}`],
				['address', '10.0.0.9']
			]);
		expect(
			throttle.waitSeconds([
				['user', 'new'],
				['address', '10.0.0.9']
			])
		).toBe(2);
		for (let i = 0; i < 7; i++)
			throttle.failed([
				['user', 'bob'],
				['address', `10.1.0.${i}`]
			]);
		expect(
			throttle.waitSeconds([
				['user', 'bob'],
				['address', '10.2.0.1']
			])
		).toBe(2);
	});

	it('forgets failures after the quiet period and after a success', () => {
		const { throttle, advance } = setup();
		for (let i = 0; i < 8; i++) throttle.failed(alice);
		expect(throttle.waitSeconds(alice)).toBeGreaterThan(0);
		advance(15 * 60_000 + 1);
		expect(throttle.waitSeconds(alice)).toBe(0);
		for (let i = 0; i < 8; i++) throttle.failed(alice);
		throttle.succeeded(alice);
		expect(throttle.waitSeconds(alice)).toBe(0);
	});

	it('counts an attempt before it is checked, so guesses sent at once are held back', () => {
		const { throttle } = setup();
		// 60 attempts arriving together: each is counted as it arrives, before any is checked.
		const allowed = Array.from({ length: 60 }, () => throttle.attempt(alice)).filter(
			(wait) => wait === 0
		).length;
		// The 5 free ones and the 6th (which sets the first 1 s wait); the other 54 must wait.
		expect(allowed).toBe(6);
	});

	it('forgives the count of an attempt that was right, or never checked', () => {
		const { throttle } = setup();
		for (let i = 0; i < 6; i++) throttle.attempt(alice);
		expect(throttle.waitSeconds(alice)).toBe(1);
		throttle.forgive(alice);
		expect(throttle.waitSeconds(alice)).toBe(0);
		throttle.forgive(alice);
		throttle.forgive(alice);
		// Three forgiven of six: three left, so two more are free and the one after waits 1 s.
		for (let i = 0; i < 2; i++) expect(throttle.attempt(alice)).toBe(0);
		expect(throttle.waitSeconds(alice)).toBe(0);
		expect(throttle.attempt(alice)).toBe(0);
		expect(throttle.waitSeconds(alice)).toBe(1);
	});

	it('makes the wait longer for an attempt made while waiting', () => {
		const { throttle } = setup();
		for (let i = 0; i < 6; i++) throttle.attempt(alice);
		expect(throttle.waitSeconds(alice)).toBe(1);
		// Asked again at once: refused, and counted, so the 7th failure costs 2 s.
		expect(throttle.attempt(alice)).toBe(2);
		expect(throttle.attempt(alice)).toBe(4);
	});
});
