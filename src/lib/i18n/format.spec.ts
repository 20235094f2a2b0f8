import { describe, expect, it } from 'vitest';
import { formatScore } from './format';

describe('formatScore', () => {
	it.each([
		{ value: 62.5, locale: 'nb', text: '62,5' },
		{ value: 62.5, locale: 'nn', text: '62,5' },
		{ value: 62.5, locale: 'en', text: '62.5' },
		{ value: 100, locale: 'nb', text: '100,0' },
		{ value: 0, locale: 'en', text: '0.0' },
		{ value: 47.6, locale: 'nb', text: '47,6' }
	] as const)('$value in $locale is $text', ({ value, locale, text }) => {
		expect(formatScore(value, locale)).toBe(text);
	});
});
