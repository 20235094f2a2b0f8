import { describe, expect, it } from 'vitest';
import { pathOf, qrCode, QUIET_ZONE } from './qr';

/** Parses a path of pathOf's shape back into the dark modules it draws. */
function modulesOf(path: string, size: number): boolean[][] {
	const grid = Array.from({ length: size }, () => Array<boolean>(size).fill(false));
	for (const [, x, y, w] of path.matchAll(/M(\d+) (\d+)h(\d+)v1h-\d+z/g))
		for (let i = 0; i < Number(w); i++) grid[Number(y)][Number(x) + i] = true;
	return grid;
}

describe('pathOf', () => {
	it.each([
		// Worked by hand: one rectangle per horizontal run of dark modules.
		[[[false, false]], ''],
		[[[true, false, true]], 'M0 0h1v1h-1zM2 0h1v1h-1z'],
		[
			[
				[true, true, true],
				[false, true, true]
			],
			'M0 0h3v1h-3zM1 1h2v1h-2z'
		]
	])('draws %j as %s', (data, path) => {
		expect(pathOf(data)).toBe(path);
	});
});

describe('qrCode', () => {
	const link = 'http://127.0.0.1:3000/i/0123456789abcdefghjk';
	it('has the three finder patterns inside a quiet zone of four modules', () => {
		const { size, path } = qrCode(link);
		// 44 bytes in byte mode at level M need version 4 (at most 62 bytes): 33 modules + 2 × 4.
		expect(size).toBe(33 + 2 * QUIET_ZONE);
		const grid = modulesOf(path, size);
		const q = QUIET_ZONE;
		for (let i = 0; i < size; i++) {
			for (let j = 0; j < q; j++) {
				expect([grid[i][j], grid[j][i], grid[i][size - 1 - j], grid[size - 1 - j][i]]).toEqual([
					false,
					false,
					false,
					false
				]);
			}
		}
		// A finder pattern: a dark 7 × 7 ring, a light ring, a dark 3 × 3 centre (ISO/IEC 18004).
		const finder = (top: number, left: number) =>
			Array.from({ length: 7 }, (_, y) =>
				Array.from({ length: 7 }, (_, x) => (grid[top + y][left + x] ? '#' : '.')).join('')
			);
		const expected = ['#######', '#.....#', '#.###.#', '#.###.#', '#.###.#', '#.....#', '#######'];
		expect(finder(q, q)).toEqual(expected);
		expect(finder(q, size - q - 7)).toEqual(expected);
		expect(finder(size - q - 7, q)).toEqual(expected);
	});
});
