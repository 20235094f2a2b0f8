import { describe, expect, it } from 'vitest';
import { DictionaryMissing, hunspellSpeller } from './hunspell';

/**
 * Against Debian's real dictionaries (`npm run test:unit` installs them first, through
 * scripts/ensure-dictionaries.mjs): the answers must be tied to the right words.
 */
describe('hunspellSpeller', () => {
	const speller = hunspellSpeller();

	it('knows Bokmål words, compounds included, and suggests for a misspelt one', async () => {
		const misses = await speller.misses('nb', [
			'hindringer',
			'datakvalitet',
			'hindrre',
			'kommunen'
		]);
		expect([...misses.keys()]).toEqual(['hindrre']);
		expect(misses.get('hindrre')?.[0].part).toBe('hindrre');
		expect(misses.get('hindrre')?.[0].suggestions).toContain('hindre');
	});

	it('checks Nynorsk with the Nynorsk dictionary', async () => {
		const misses = await speller.misses('nn', ['hindrar', 'kommunane', 'ikke', 'svarar']);
		expect([...misses.keys()]).toEqual(['ikke']);
	});

	it('answers part by part for a hyphenated word, and for words starting like a command', async () => {
		const misses = await speller.misses('nb', ['XYZQ-data', '*', 'hindrer']);
		expect([...misses.keys()]).toEqual(['XYZQ-data']);
		expect(misses.get('XYZQ-data')?.map((m) => m.part)).toEqual(['XYZQ']);
	});

	it('fails with what to install when hunspell is not there', async () => {
		await expect(hunspellSpeller('/nonexistent/hunspell').misses('nb', ['data'])).rejects.toThrow(
			DictionaryMissing
		);
		await expect(hunspellSpeller('/nonexistent/hunspell').misses('nb', ['data'])).rejects.toThrow(
			/apt-get install hunspell hunspell-no/
		);
	});
});
