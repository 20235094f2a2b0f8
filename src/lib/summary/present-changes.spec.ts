import { describe, expect, it } from 'vitest';
import type { RoundChange } from './changes';
import { changeCell, changeSentence, formatP } from './present-changes';

const useful: RoundChange = {
	question: 'reaction',
	item: 'useful_for_me',
	title: { nb: 'Metoden og nytten', nn: 'Metoden og nytta', en: 'The method and its use' },
	itemLabel: { nb: 'Nyttig for meg', nn: 'Nyttig for meg', en: 'Useful to me' },
	measure: 'mean',
	from: 'r1',
	to: 'r2',
	before: 2.84,
	after: 4.38,
	nBefore: 51,
	nAfter: 52,
	change: 1.54,
	ci95: [1.08, 2.0],
	p: 0.0000004,
	pAdjusted: 0.000003,
	significant: true,
	method: 'welch',
	effect: { name: 'd', value: 1.3 }
};

describe('formatP', () => {
	it.each([
		[0.0000004, 'nb', 'p < 0,001'],
		[0.0042, 'nb', 'p = 0,004'],
		[0.25, 'en', 'p = 0.250']
	] as const)('%f → %s', (p, locale, text) => {
		expect(formatP(p, locale)).toBe(text);
	});
});

describe('changeCell and changeSentence', () => {
	it('say the change, its interval, p and the verdict in words', () => {
		expect(changeCell(useful, 'nb')).toBe(
			'snitt +1,5 (95 % KI 1,1 til 2,0; p < 0,001; signifikant)'
		);
		expect(changeCell({ ...useful, significant: false, p: 0.04 }, 'en')).toBe(
			'mean +1.5 (95 % CI 1.1 to 2.0; p = 0.040; not significant)'
		);
	});

	it('write a sentence with both means, the change, its interval and both n', () => {
		expect(changeSentence(useful, 'nb')).toBe(
			'Nyttig for meg (Metoden og nytten): snittet gikk opp fra 2,8 til 4,4 (+1,5; 95 % KI 1,1 til 2,0; n = 51 og 52).'
		);
		const share: RoundChange = {
			...useful,
			measure: 'share',
			item: 'yes',
			itemLabel: { nb: 'Ja', nn: 'Ja', en: 'Yes' },
			before: 62.5,
			after: 40.48,
			change: -22.02,
			ci95: [-41.1, -1.2]
		};
		expect(changeSentence(share, 'en')).toBe(
			'The method and its use: Yes: the share went down from 62.5 % to 40.5 % (−22.0 percentage points; 95 % CI −41.1 to −1.2; n = 51 and 52).'
		);
	});
});
