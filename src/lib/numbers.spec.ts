import { describe, expect, it } from 'vitest';
import {
	groupBy,
	mean,
	median,
	percent,
	quantile,
	quartiles,
	round1,
	roundedMean,
	weightedQuantile
} from './numbers';

// Expected values are worked out by hand in the comments. Inputs whose tenfold is a binary
// fraction (0.25, 0.75, 1.25) hit an exact half, so they show which way a half goes.

describe('round1', () => {
	it.each([
		// From the scoring spec: thirds and sixths, and a score that rounds up to a level's min.
		[66.666666, 66.7],
		[16.666666, 16.7],
		[20.833333, 20.8],
		[59.96, 60],
		[0, 0],
		[100, 100],
		// Exact halves go up, towards +∞ (Math.round): 2.5 → 3, 7.5 → 8, 12.5 → 13 …
		[0.25, 0.3],
		[0.75, 0.8],
		[1.25, 1.3],
		// … also below zero: −2.5 → −2, −7.5 → −7, −12.5 → −12.
		[-0.25, -0.2],
		[-0.75, -0.7],
		[-1.25, -1.2],
		// −0.4 → −0: Math.round keeps the sign of a negative that rounds to zero.
		[-0.04, -0],
		// 1.005 is stored a little below itself: × 10 is 10.049999999999999 → 10 → 1.
		[1.005, 1]
	])('round1(%s) = %s', (value, expected) => {
		expect(round1(value)).toBe(expected);
	});
});

describe('percent', () => {
	it.each([
		[1, 3, 33.3], // 33.33…
		[2, 3, 66.7], // 66.66…
		[1, 8, 12.5], // exact
		[1, 16, 6.3], // 6.25: a half, up
		[0, 5, 0],
		[5, 5, 100],
		[3, 0, 0], // nothing to divide by
		[1, -1, 0] // nor here: only a positive total divides
	])('percent(%s, %s) = %s', (count, total, expected) => {
		expect(percent(count, total)).toBe(expected);
	});
});

describe('mean', () => {
	it.each([
		[[], null],
		[[5], 5],
		[[1, 2], 1.5],
		[[5, 4, 4, 2, 1], 3.2], // 16 / 5
		[[-1, 1], 0],
		[[1, 2, 2], 5 / 3] // unrounded
	])('mean(%j) = %s', (values, expected) => {
		expect(mean(values)).toBe(expected);
	});
});

describe('roundedMean', () => {
	it.each([
		[[], null],
		[[1, 2, 2], 1.7], // 5 / 3 = 1.66…
		[[5, 4, 4, 2, 1], 3.2],
		[[1, 2, 2, 2], 1.8], // 7 / 4 = 1.75: a half, up
		[[-1, -2, -2, -2], -1.7] // −7 / 4 = −1.75: a half, up towards zero
	])('roundedMean(%j) = %s', (values, expected) => {
		expect(roundedMean(values)).toBe(expected);
	});
});

describe('median', () => {
	it.each([
		[[], null],
		[[7], 7],
		[[5, 1, 4], 4], // sorts first: 1, 4, 5
		[[1, 2, 3, 4], 2.5], // (2 + 3) / 2
		[[4, 1, 3, 2], 2.5], // the same, unsorted
		[[2, 2, 2, 10], 2], // (2 + 2) / 2
		[[-3, 5], 1], // (−3 + 5) / 2
		[[0.1, 1.2], 0.65] // (0.1 + 1.2) / 2, unrounded; see quantile below for the same pair
	])('median(%j) = %s', (values, expected) => {
		expect(median(values)).toBe(expected);
	});

	it('does not reorder its input', () => {
		const values = [3, 1, 2];
		median(values);
		expect(values).toEqual([3, 1, 2]);
	});
});

describe('quantile', () => {
	it.each([
		// From the summary spec.
		[[1, 2, 3, 4], 0.5, 2.5],
		[[1, 2, 3, 4], 0.25, 1.8], // h = 3 × 0.25 = 0.75 → 1 + 0.75 × (2 − 1) = 1.75 → 1.8
		[[10], 0.75, 10],
		[[], 0.5, null],
		// h = 2 × 0.5 = 1: the middle one.
		[[1, 4, 5], 0.5, 4],
		[[10, 20, 30, 40], 0.75, 32.5], // h = 2.25 → 30 + 0.25 × 10
		[[10, 20, 30, 40], 0, 10],
		[[10, 20, 30, 40], 1, 40],
		// 0.1 + 0.5 × (1.2 − 0.1) is 0.6499999999999999 in floating point, so 0.6 (median: 0.65).
		[[0.1, 1.2], 0.5, 0.6]
	])('quantile(%j, %d) = %j', (sorted, p, expected) => {
		expect(quantile(sorted, p)).toBe(expected);
	});
});

describe('weightedQuantile', () => {
	it.each([
		// 1, 2, 2, 4: h = 3 × 0.5 = 1.5 → between the 2nd (2) and 3rd (2) → 2.
		[
			[
				[1, 1],
				[2, 2],
				[4, 1]
			],
			0.5,
			2
		],
		// 1, 1, 1, 5, 5: h = 2 → the 3rd, 1.
		[
			[
				[1, 3],
				[5, 2]
			],
			0.5,
			1
		],
		// 3, 4 (a zero count in between is skipped): h = 0.5 → 3.5.
		[
			[
				[3, 1],
				[4, 0],
				[5, 1]
			],
			0.5,
			4
		],
		// 2, 2, 5, 5: h = 0.75 → 2; h = 1.5 → 3.5; h = 2.25 → 5.
		[
			[
				[2, 2],
				[5, 2]
			],
			0.25,
			2
		],
		[
			[
				[2, 2],
				[5, 2]
			],
			0.5,
			3.5
		],
		[
			[
				[2, 2],
				[5, 2]
			],
			0.75,
			5
		],
		[
			[
				[1, 0],
				[2, 0]
			],
			0.5,
			null
		],
		[[], 0.5, null]
	] as [[number, number][], number, number | null][])(
		'weightedQuantile(%j, %d) = %j, as quantile of the list written out',
		(counts, p, expected) => {
			expect(weightedQuantile(counts, p)).toBe(expected);
			const list = counts.flatMap(([value, count]) => Array<number>(count).fill(value));
			expect(quantile(list, p)).toBe(expected);
		}
	);
});

describe('quartiles', () => {
	it.each([
		// 10, 20, 30, 40: h = 0.75 → 17.5; h = 1.5 → 25; h = 2.25 → 32.5.
		[
			[10, 20, 30, 40],
			[17.5, 25, 32.5]
		],
		[[3], [3, 3, 3]],
		[[], [null, null, null]]
	])('quartiles(%j) = %j', (sorted, expected) => {
		expect(quartiles(sorted)).toEqual(expected);
	});
});

describe('groupBy', () => {
	const items = [
		{ key: 'b', n: 1 },
		{ key: 'a', n: 2 },
		{ key: 'b', n: 3 },
		{ key: 'c', n: 4 },
		{ key: 'a', n: 5 }
	];

	it.each([
		{
			name: 'groups in order of first appearance, items in their order',
			input: items,
			expected: [
				['b', [1, 3]],
				['a', [2, 5]],
				['c', [4]]
			]
		},
		{ name: 'one group', input: items.slice(0, 1), expected: [['b', [1]]] },
		{ name: 'nothing to group', input: [], expected: [] }
	])('$name', ({ input, expected }) => {
		const groups = groupBy(input, (item) => item.key);
		expect([...groups].map(([key, group]) => [key, group.map((item) => item.n)])).toEqual(expected);
	});

	it('keeps keys that are not strings apart from their text', () => {
		const groups = groupBy([1, '1', null, 1], (value) => value);
		expect([...groups]).toEqual([
			[1, [1, 1]],
			['1', ['1']],
			[null, [null]]
		]);
	});
});
