import { describe, expect, it } from 'vitest';
import { audiencesPhrase } from './audiences';

describe('audiencesPhrase', () => {
	it.each([
		[['municipal'], 'nn', 'kommunetilsette'],
		[['municipal'], 'nb', 'kommuneansatte'],
		[['municipal'], 'en', 'municipal staff'],
		[['business', 'citizen'], 'nb', 'bedrifter og innbyggere'],
		[
			['municipal', 'business', 'citizen', 'voluntary'],
			'nn',
			'kommunetilsette, verksemder, innbyggjarar og frivillige organisasjonar'
		],
		[
			['municipal', 'business', 'citizen', 'voluntary'],
			'en',
			'municipal staff, businesses, residents and voluntary organisations'
		]
	] as const)('%j in %s: %s', (audiences, locale, phrase) => {
		expect(audiencesPhrase(audiences, locale)).toBe(phrase);
	});
});
