import { describe, expect, it } from 'vitest';
import { slugPattern } from './slug';

describe('slugPattern', () => {
	it.each([
		['trondheim', true],
		['nord-aurdal', true],
		['a', true],
		['2', true],
		['runde-2-var', true],
		['a'.repeat(64), true],
		['a'.repeat(65), false], // at most 64
		['', false],
		['-bodo', false], // starts with a hyphen
		['bodo-', false], // ends with one
		['Bodo', false], // uppercase
		['bodø', false], // not a–z
		['nord_aurdal', false], // no underscore
		['nord aurdal', false]
	])('%j → %s', (text, expected) => {
		expect(slugPattern.test(text)).toBe(expected);
	});
});
