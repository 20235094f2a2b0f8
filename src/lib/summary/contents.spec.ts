import { describe, expect, it } from 'vitest';
import { contentsEntries } from './contents';

const texts = (nb: string, en = nb) => ({ nb, nn: nb, en });

describe('contentsEntries', () => {
	it('names the side of barrier questions that share a title, and leaves other titles alone', () => {
		const entries = contentsEntries(
			[
				{ name: 'role_municipal', title: texts('Hva er din rolle?') },
				{ name: 'pub_awareness', title: texts('Kjennskap og synlighet', 'Awareness') },
				{ name: 'pub_economics', title: texts('Økonomi og ressurser') },
				{ name: 'use_awareness', title: texts('Kjennskap og synlighet', 'Awareness') },
				{ name: 'new_awareness', title: texts('Kjennskap og synlighet', 'Awareness') }
			],
			'nb'
		);
		expect(entries.map((e) => e.label)).toEqual([
			'Hva er din rolle?',
			'Kjennskap og synlighet – utgiversiden (kommuneansatte)',
			'Økonomi og ressurser',
			'Kjennskap og synlighet – brukersiden (har brukt kommunale data)',
			'Kjennskap og synlighet – brukersiden (har ikke brukt kommunale data)'
		]);
		expect(new Set(entries.map((e) => e.label)).size).toBe(entries.length);
		expect(
			contentsEntries(
				[
					{ name: 'pub_awareness', title: texts('Kjennskap', 'Awareness') },
					{ name: 'use_awareness', title: texts('Kjennskap', 'Awareness') }
				],
				'en'
			).map((e) => e.label)
		).toEqual([
			'Awareness – publisher side (municipal staff)',
			'Awareness – user side (have used municipal data)'
		]);
	});

	it('numbers other repeats (and barrier questions on the same side), never showing a code', () => {
		const entries = contentsEntries(
			[
				{ name: 'comment_a', title: texts('Kommentar') },
				{ name: 'use_economics', title: texts('Økonomi') },
				{ name: 'comment_b', title: texts('Kommentar') },
				{ name: 'use_economics_business', title: texts('Økonomi') }
			],
			'nb'
		);
		expect(entries.map((e) => e.label)).toEqual([
			'Kommentar (1 av 2)',
			'Økonomi (1 av 2)',
			'Kommentar (2 av 2)',
			'Økonomi (2 av 2)'
		]);
	});
});
