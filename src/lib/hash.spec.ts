import { describe, expect, it } from 'vitest';
import { sha256Hex } from './hash';

describe('sha256Hex', () => {
	it.each([
		// The test vectors of FIPS 180-2 (appendix B.1) and of the empty message.
		['abc', 'ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad'],
		['', 'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855']
	])('sha256Hex(%j)', (text, expected) => {
		expect(sha256Hex(text)).toBe(expected);
	});
});
