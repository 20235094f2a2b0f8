import { describe, expect, it } from 'vitest';
import { formatScore, isoToOsloLocal, osloDay, osloLocalToIso } from './format';

describe('osloLocalToIso', () => {
	it.each([
		// Winter: Oslo is UTC+1.
		['2026-01-15T09:00', '2026-01-15T08:00:00.000Z'],
		// Summer: UTC+2.
		['2026-06-15T09:00', '2026-06-15T07:00:00.000Z'],
		// The evening before the spring change (29 March 2026, 02:00 → 03:00): still UTC+1.
		['2026-03-28T23:30', '2026-03-28T22:30:00.000Z'],
		// Midnight at new year.
		['2027-01-01T00:00', '2026-12-31T23:00:00.000Z']
	])('reads %s as Norwegian time: %s', (local, iso) => {
		expect(osloLocalToIso(local)).toBe(iso);
	});

	it.each(['', '2026-01-15', '15.01.2026 09:00', '2026-01-15T9:00'])('refuses %j', (value) => {
		expect(osloLocalToIso(value)).toBeNull();
	});
});

describe('isoToOsloLocal', () => {
	it('is the inverse of osloLocalToIso', () => {
		for (const local of ['2026-01-15T09:00', '2026-06-15T21:45', '2026-10-25T12:00']) {
			expect(isoToOsloLocal(osloLocalToIso(local))).toBe(local);
		}
		expect(isoToOsloLocal(null)).toBe('');
	});
});

describe('osloDay', () => {
	it.each([
		// Winter: UTC+1. 22:59 UTC is 23:59 on the same day; 23:00 UTC is already the next.
		['2026-03-01T22:59:59.999Z', '2026-03-01'],
		['2026-03-01T23:00:00.000Z', '2026-03-02'],
		// Summer: UTC+2, so 22:00 UTC is midnight.
		['2026-06-30T21:59:00.000Z', '2026-06-30'],
		['2026-06-30T22:00:00.000Z', '2026-07-01'],
		['2026-01-01T00:30:00.000Z', '2026-01-01']
	])('%s is %s in Norway', (iso, day) => {
		expect(osloDay(iso)).toBe(day);
		// And again, from the hour already worked out.
		expect(osloDay(iso)).toBe(day);
	});
});

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
