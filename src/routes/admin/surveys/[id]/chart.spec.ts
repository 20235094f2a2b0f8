import { describe, expect, it } from 'vitest';
import { barConfig, hiddenMarks, markPosition, palette } from './chart';

/** WCAG relative luminance of a #rrggbb colour. */
function luminance(hex: string): number {
	const [r, g, b] = [1, 3, 5].map((i) => {
		const c = parseInt(hex.slice(i, i + 2), 16) / 255;
		return c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
	});
	return 0.2126 * r + 0.7152 * g + 0.0722 * b;
}
const contrast = (a: string, b: string) => {
	const [hi, lo] = [luminance(a), luminance(b)].sort((x, y) => y - x);
	return (hi + 0.05) / (lo + 0.05);
};

describe('palette', () => {
	it('is the eight Okabe–Ito colours', () => {
		expect([...palette].sort()).toEqual(
			[
				'#000000',
				'#0072B2',
				'#009E73',
				'#56B4E9',
				'#CC79A7',
				'#D55E00',
				'#E69F00',
				'#F0E442'
			].sort()
		);
	});

	it('gives the first four groups lightnesses that differ in grey print', () => {
		// Worked out by hand: blue 0.152, orange 0.416, black 0, sky blue 0.405 →
		// 2.3, 9.3 and 9.1 between neighbours; blue and sky blue 2.4.
		for (let i = 0; i < 3; i++)
			expect(contrast(palette[i], palette[i + 1])).toBeGreaterThanOrEqual(2.2);
		expect(contrast(palette[0], palette[3])).toBeGreaterThanOrEqual(2.2);
	});
});

describe('barConfig', () => {
	it('draws every bar with a black edge, 21:1 on the white page (WCAG 1.4.11)', () => {
		const config = barConfig({
			labels: ['a', 'b'],
			datasets: palette.map((_, i) => ({ label: `g${i}`, data: [1, 2] })),
			horizontal: false
		} as Parameters<typeof barConfig>[0]);
		for (const dataset of config.data.datasets) {
			expect(dataset.borderColor).toBe('#000000');
			expect(dataset.borderWidth).toBeGreaterThanOrEqual(1);
		}
		expect(contrast('#000000', '#ffffff')).toBe(21);
	});
});

describe('hidden cells in a chart', () => {
	it('keeps a hidden cell null, never 0, and draws the mark for it', () => {
		const config = barConfig({
			labels: ['shown', 'hidden', 'none'],
			datasets: [{ label: 'Share', data: [40, null, 0] }],
			horizontal: true,
			unit: '%'
		});
		expect(config.data.datasets[0].data).toEqual([40, null, 0]);
		expect(config.plugins).toContain(hiddenMarks);
	});

	it.each([
		// Horizontal bars start at x = base: the mark sits just right of it, on the bar's row.
		[true, 50, { x: Number.NaN, y: 120 }, [58, 120]],
		// Upright bars start at y = base: the mark sits just above it, in the bar's column.
		[false, 300, { x: 80, y: Number.NaN }, [80, 290]],
		// No place for the bar at all: no mark.
		[true, 50, { x: 0, y: Number.NaN }, null]
	] as const)('horizontal %s, base %d, bar %j → mark at %j', (horizontal, base, bar, expected) => {
		expect(markPosition(horizontal, base, bar)).toEqual(expected);
	});
});
