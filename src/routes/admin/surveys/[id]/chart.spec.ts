import { describe, expect, it } from 'vitest';
import { barConfig, palette } from './chart';

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
