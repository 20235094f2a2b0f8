import { describe, expect, it } from 'vitest';
import {
	HashBusyError,
	HashSlots,
	hashPassword,
	randomPassword,
	verifyPassword
} from './passwords';

describe('hashPassword and verifyPassword', () => {
	it('verifies the right password and refuses a wrong one', async () => {
		const hash = await hashPassword('correct horse battery');
		expect(hash).toMatch(/^scrypt\$32768\$8\$1\$[A-Za-z0-9+/=]+\$[A-Za-z0-9+/=]+$/);
		expect(hash).not.toContain('correct horse');
		expect(await verifyPassword('correct horse battery', hash)).toBe(true);
		expect(await verifyPassword('correct horse batterY', hash)).toBe(false);
	});

	it('salts: the same password hashes differently twice', async () => {
		expect(await hashPassword('same password!')).not.toBe(await hashPassword('same password!'));
	});

	it('refuses a stored value that is not an scrypt hash', async () => {
		expect(await verifyPassword('x', 'plain-text')).toBe(false);
	});
});

describe('randomPassword', () => {
	it('makes four groups of five unambiguous characters, different each time', () => {
		const a = randomPassword();
		expect(a).toMatch(/^[a-km-zA-HJ-NP-Z2-9]{5}(-[a-km-zA-HJ-NP-Z2-9]{5}){3}$/);
		expect(randomPassword()).not.toBe(a);
	});
});

describe('HashSlots', () => {
	const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

	it('runs at most two at once, lets two wait, and turns the rest away at once', async () => {
		const slots = new HashSlots(2, 1_000, 2, 0);
		let running = 0;
		let most = 0;
		const work = () =>
			slots.run(async () => {
				most = Math.max(most, ++running);
				await sleep(20);
				running--;
				return 'done';
			});
		// 2 run, 2 wait (and then run), the fifth and sixth find the line full.
		const results = await Promise.allSettled(Array.from({ length: 6 }, work));
		expect(most).toBe(2);
		expect(results.map((r) => r.status)).toEqual([
			'fulfilled',
			'fulfilled',
			'fulfilled',
			'fulfilled',
			'rejected',
			'rejected'
		]);
		expect((results[4] as PromiseRejectedResult).reason).toBeInstanceOf(HashBusyError);
	});

	it('gives up on a wait longer than the limit', async () => {
		const slots = new HashSlots(1, 30, 10, 0);
		const slow = slots.run(() => sleep(200));
		await expect(slots.run(async () => 'late')).rejects.toBeInstanceOf(HashBusyError);
		await slow;
		// The slot is free again afterwards.
		expect(await slots.run(async () => 'next')).toBe('next');
	});

	it('starts one at most every interval, however many wait', async () => {
		const slots = new HashSlots(1, 5_000, 10, 100);
		const starts: number[] = [];
		const t0 = Date.now();
		await Promise.all(
			Array.from({ length: 4 }, () =>
				slots.run(async () => {
					starts.push(Date.now() - t0);
				})
			)
		);
		// At 0, 100, 200 and 300 ms (timers fire no earlier than asked).
		for (let i = 1; i < 4; i++) expect(starts[i] - starts[i - 1]).toBeGreaterThanOrEqual(95);
	});
});
