import { describe, expect, it } from 'vitest';
import {
	addTo,
	emptyCell,
	KEY_RANGE,
	keyFraction,
	keyPosition,
	lookup,
	MAX_PERTURBATION,
	perturb,
	PTABLE,
	rowMoments,
	scrambledPosition
} from './cell-key';
import { exactNumbers, protectedNumbers } from './protect';

/** A cell key at fraction `u` of the key range. */
const at = (u: number) => Math.floor(u * KEY_RANGE);

describe('lookup: the perturbation table read by hand', () => {
	it.each([
		// An empty cell stays empty, whatever its key.
		[0, 0, 0],
		[0, 0.99, 0],
		// A true 1: boundaries at 0.4, 0.7, 0.9 → 0, 1, 2, 3.
		[1, 0, 0],
		[1, 0.39, 0],
		[1, 0.5, 1],
		[1, 0.8, 2],
		[1, 0.95, 3],
		// A true 7: boundaries at 0.1, 0.3, 0.7, 0.9 → −2, −1, 0, +1, +2.
		[7, 0.05, 5],
		[7, 0.25, 6],
		[7, 0.5, 7],
		[7, 0.8, 8],
		[7, 0.95, 9],
		// A true 2 can become 0 (−2), never less.
		[2, 0.05, 0],
		[2, 0.2, 1],
		// Large counts use the same row.
		[1000, 0.29, 999],
		[1000, 0.31, 1000]
	])('a true %d at position %d shows %d', (count, u, expected) => {
		expect(lookup(count, u)).toBe(expected);
	});

	it('puts a position exactly on a boundary in the outcome above it', () => {
		// round(0.1 × 2³²) = 429 496 730: the first key of the −1 outcome.
		const byKey = (key: number) => perturb({ count: 7, key }, PTABLE, keyPosition);
		expect(byKey(429_496_729)).toBe(5);
		expect(byKey(429_496_730)).toBe(6);
		// 0.1 + 0.2 adds up to 0.30000000000000004 in floating point; the boundary stays at
		// round(0.3 × 2³²) = 1 288 490 189.
		expect(byKey(1_288_490_188)).toBe(6);
		expect(byKey(1_288_490_189)).toBe(7);
	});
});

describe('scrambledPosition', () => {
	it('is fixed for a cell, and moves anywhere when the key or the count changes by one', () => {
		const u = scrambledPosition({ count: 40, key: 123_456 });
		expect(scrambledPosition({ count: 40, key: 123_456 })).toBe(u);
		// A response with key 1 joining: the plain fraction would move by 2⁻³², this by far more.
		expect(Math.abs(scrambledPosition({ count: 41, key: 123_457 }) - u)).toBeGreaterThan(0.001);
		expect(Math.abs(scrambledPosition({ count: 40, key: 123_457 }) - u)).toBeGreaterThan(0.001);
	});

	it('gives each outcome as often as the table says, over keys spread evenly', () => {
		const changes = new Map<number, number>();
		for (let i = 0; i < 20_000; i++) {
			const key = Math.floor(((i + 0.5) / 20_000) * KEY_RANGE);
			const change = perturb({ count: 9, key }) - 9;
			changes.set(change, (changes.get(change) ?? 0) + 1);
		}
		// 0.1, 0.2, 0.4, 0.2, 0.1 of 20 000, within 1.5 points.
		for (const [change, p] of [
			[-2, 0.1],
			[-1, 0.2],
			[0, 0.4],
			[1, 0.2],
			[2, 0.1]
		])
			expect(Math.abs((changes.get(change) ?? 0) / 20_000 - p)).toBeLessThan(0.015);
	});
});

describe('the cell key', () => {
	it('is the sum of the records’ keys modulo 2³², in any order', () => {
		// 0.75 + 0.5 = 1.25 → 0.25 of the range.
		const a = emptyCell();
		addTo(a, 3 * 2 ** 30);
		addTo(a, 2 ** 31);
		expect(a).toEqual({ count: 2, key: 2 ** 30 });
		const b = emptyCell();
		addTo(b, 2 ** 31);
		addTo(b, 3 * 2 ** 30);
		expect(b).toEqual(a);
		// 2 records at 0.25 (read as a plain fraction): −1 → 1.
		expect(perturb(a, PTABLE, keyPosition)).toBe(1);
	});

	it('gives the same cell the same number however often it is asked for', () => {
		const cell = { count: 40, key: 123_456_789 };
		expect(new Set(Array.from({ length: 20 }, () => perturb({ ...cell }))).size).toBe(1);
	});
});

describe('PTABLE', () => {
	it('changes a count by at most D = 2, is unbiased, and has the published variances', () => {
		expect(MAX_PERTURBATION).toBe(2);
		const moments = PTABLE.map((row) => rowMoments(row));
		// 0: no change. 1: −1 × 0.4 + 1 × 0.2 + 2 × 0.1 = 0; 0.4 + 0.2 + 0.4 = 1.0.
		// c ≥ 2: 2 × (4 × 0.1 + 1 × 0.2) = 1.2.
		expect(moments.map((m) => Math.round(m.mean * 1e9) / 1e9)).toEqual([0, 0, 0]);
		expect(moments.map((m) => Math.round(m.variance * 1e9) / 1e9)).toEqual([0, 1, 1.2]);
		for (const row of PTABLE)
			expect(row.outcomes.reduce((sum, o) => sum + o.p, 0)).toBeCloseTo(1, 12);
	});

	it('leaves a count as it is only 4 times in 10 (3 in 10 for a 1)', () => {
		const kept = (count: number) =>
			Array.from({ length: 1000 }, (_, i) => lookup(count, (i + 0.5) / 1000)).filter(
				(v) => v === count
			).length;
		expect(kept(9)).toBe(400);
		expect(kept(1)).toBe(300);
	});
});

describe('keyFraction', () => {
	it('is a fixed number in [0, 1) per key and salt, different for another salt', () => {
		const u = keyFraction(987_654_321, 'maturity:policy');
		expect(u).toBe(keyFraction(987_654_321, 'maturity:policy'));
		expect(u).toBeGreaterThanOrEqual(0);
		expect(u).toBeLessThan(1);
		expect(keyFraction(987_654_321, 'maturity:data')).not.toBe(u);
		expect(keyFraction(987_654_322, 'maturity:policy')).not.toBe(u);
	});
});

describe('protectedNumbers and exactNumbers', () => {
	const shown = protectedNumbers(5, { position: keyPosition });
	it.each([
		// Perturbed 0 is shown; 1–4 hidden; 5 and up shown.
		[{ count: 0, key: 0 }, 0],
		[{ count: 1, key: at(0.1) }, 0],
		[{ count: 1, key: at(0.95) }, null],
		[{ count: 6, key: at(0.05) }, null],
		[{ count: 6, key: at(0.25) }, 5],
		[{ count: 6, key: at(0.95) }, 8]
	])('shows %j as %j', (cell, expected) => {
		expect(shown.shown(cell)).toBe(expected);
	});

	it('allows a group only when its perturbed count reaches the limit', () => {
		expect(shown.allows({ count: 6, key: at(0.05) })).toBe(false);
		expect(shown.allows({ count: 4, key: at(0.95) })).toBe(true);
		expect(exactNumbers(5).allows({ count: 4, key: 0 })).toBe(false);
		expect(exactNumbers(5).shown({ count: 1, key: 0 })).toBe(1);
	});

	it('moves a magnitude by at most half of what one response can move its mean', () => {
		// 10 responses (perturbed 10 at u 0.5), range 0–100: at most ±100 / (2 × 10) = ±5.
		const group = { count: 10, key: at(0.5) };
		const noisy = shown.magnitude(62.5, group, [0, 100], 'maturity:policy')!;
		expect(Math.abs(noisy - 62.5)).toBeLessThanOrEqual(5);
		expect(noisy).toBe(shown.magnitude(62.5, group, [0, 100], 'maturity:policy'));
		// Within the scale, and nothing for a group below the limit.
		expect(shown.magnitude(99.9, group, [0, 100], 'x')!).toBeLessThanOrEqual(100);
		expect(shown.magnitude(50, { count: 3, key: at(0.5) }, [0, 100], 'x')).toBeNull();
		expect(exactNumbers(5).magnitude(62.5, group, [0, 100], 'x')).toBe(62.5);
	});
});
