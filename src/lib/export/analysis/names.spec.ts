import { describe, expect, it } from 'vitest';
import { analysisNames, clipped, fitted, safeName, utf8Length } from './names';

describe('safeName', () => {
	it.each([
		['role', 'role'],
		['spørsmål_æøå', 'spørsmål_æøå'],
		// A digit or `_` first: SPSS and Stata refuse it.
		['1st_choice', 'v1st_choice'],
		['_private', 'v_private'],
		// Reserved words of SPSS (any case) and Stata.
		['in', 'in_'],
		['BY', 'BY_'],
		['with', 'with_'],
		['long', 'long_'],
		['str10', 'str10_'],
		['string', 'string'],
		// Anything but letters, digits and `_` becomes `_`.
		['a-b c', 'a_b_c']
	])('%s → %s', (name, safe) => {
		expect(safeName(name)).toBe(safe);
	});

	it('keeps a name of exactly 32 characters, and shortens a longer one by a hash of it', () => {
		const exact = 'a'.repeat(32);
		expect(safeName(exact)).toBe(exact);
		const long = `${'a'.repeat(30)}_first`;
		const other = `${'a'.repeat(30)}_second`;
		const short = safeName(long);
		// 27 characters, `_`, 4 of the hash: 32.
		expect(short).toMatch(/^a{27}_[0-9a-z]{4}$/);
		expect(safeName(other)).toMatch(/^a{27}_[0-9a-z]{4}$/);
		expect(safeName(other)).not.toBe(short);
		// The same name, the same short name: it does not depend on the other columns.
		expect(safeName(long)).toBe(short);
	});

	it('keeps a name within 64 bytes of UTF-8 (SPSS) as well as 32 characters (Stata)', () => {
		// 30 × "ø" is 30 characters but 60 bytes: fits. 32 × "ア" (a letter of three bytes) is 96: shortened.
		expect(safeName('ø'.repeat(30))).toBe('ø'.repeat(30));
		const wide = safeName(`x${'ア'.repeat(31)}`);
		expect(utf8Length(wide)).toBeLessThanOrEqual(64);
		expect([...wide].length).toBeLessThanOrEqual(32);
		// 1 + 19 × 3 = 58 bytes, then `_` and the hash: 63.
		expect(wide).toMatch(/^xア{19}_[0-9a-z]{4}$/);
	});
});

describe('analysisNames', () => {
	it('numbers a name taken, without regard to case (SPSS does not tell Role from role)', () => {
		expect(analysisNames(['Role', 'role', 'ROLE', 'score'])).toEqual([
			'Role',
			'role_2',
			'ROLE_3',
			'score'
		]);
	});

	it('keeps a numbered name within 32 characters', () => {
		const names = analysisNames(['a'.repeat(32), 'A'.repeat(32)]);
		expect(names).toEqual(['a'.repeat(32), `${'A'.repeat(30)}_2`]);
	});
});

describe('fitted and clipped', () => {
	it.each([
		['abc', 2, 10, 'ab'],
		['æøå', 3, 4, 'æø'],
		['æøå', 10, 6, 'æøå']
	])('fitted(%s, %i chars, %i bytes) → %s', (text, chars, bytes, out) => {
		expect(fitted(text, chars, bytes)).toBe(out);
	});

	it.each([
		['short', 10, 'short'],
		['two\nlines\t here ', 80, 'two lines here'],
		['abcdefghij', 5, 'abcd…'],
		['abc defghij', 5, 'abc…']
	])('clipped(%j, %i) → %j', (text, chars, out) => {
		expect(clipped(text, chars)).toBe(out);
	});

	it('counts bytes where the program does: æ is two', () => {
		// 120 bytes: 59 × "æ" (118) and "…" (3) would be 121, so 58 of them.
		const label = clipped('æ'.repeat(100), 120, 120);
		expect(label).toBe(`${'æ'.repeat(58)}…`);
		expect(utf8Length(label)).toBe(119);
	});
});
