import { describe, expect, it } from 'vitest';
import { breakingChanges, sameMeaning } from './comparability';

const t = (nb: string, nn = nb, en = nb) => ({ nb, nn, en });

/** A small questionnaire with one question of each kind the guard looks into. */
function base() {
	return {
		pages: [
			{
				name: 'p1',
				elements: [
					{
						type: 'radiogroup',
						name: 'transport',
						title: t('Hvordan reiser du?'),
						choices: [
							{ value: 'bus', text: t('Buss') },
							{ value: 'bike', text: t('Sykkel') },
							{ value: 'dont_know', text: t('Vet ikke') }
						]
					},
					{ type: 'rating', name: 'satisfied', title: t('Hvor fornøyd?'), rateMin: 1, rateMax: 5 },
					{
						type: 'matrix',
						name: 'agree',
						title: t('Hvor enig?'),
						columns: [
							{ value: 1, text: t('Helt uenig') },
							{ value: 2, text: t('Uenig') },
							{ value: 3, text: t('Enig') }
						],
						rows: [
							{ value: 'useful', text: t('Dataene er nyttige') },
							{ value: 'easy', text: t('Dataene er lette å finne') }
						]
					},
					{ type: 'comment', name: 'other', title: t('Noe mer?') }
				]
			}
		]
	};
}

type Survey = ReturnType<typeof base>;
const elements = (s: Survey) => s.pages[0].elements as Record<string, unknown>[];
const byName = (s: Survey, name: string) => elements(s).find((e) => e.name === name)!;

describe('breakingChanges', () => {
	it('finds nothing between a version and itself', () => {
		expect(breakingChanges(base(), base())).toEqual([]);
	});

	it('treats rewording, translations, a new question and a new choice as comparable', () => {
		const after = base();
		byName(after, 'transport').title = t(
			'Hvordan reiser du vanligvis?',
			'Korleis reiser du?',
			'How do you travel?'
		);
		(byName(after, 'transport').choices as unknown[]).push({ value: 'car', text: t('Bil') });
		// A typo fixed in a row text keeps its meaning.
		(byName(after, 'agree').rows as { text: unknown }[])[1].text = t('Dataene er lett å finne');
		elements(after).push({ type: 'text', name: 'extra', title: t('Ekstra') });
		expect(breakingChanges(base(), after)).toEqual([]);
	});

	it('flags a removed question and a changed type', () => {
		const after = base();
		after.pages[0].elements = elements(after).filter((e) => e.name !== 'other') as never;
		byName(after, 'transport').type = 'checkbox';
		const found = breakingChanges(base(), after);
		expect(found.map((b) => [b.question, b.change])).toEqual([
			['transport', 'typeChanged'],
			['other', 'questionRemoved']
		]);
		expect(found[0].message).toContain('radiogroup to checkbox');
		expect(found[1].message).toContain('removed');
	});

	it('flags a removed choice code and a row code reused with another meaning', () => {
		const after = base();
		byName(after, 'transport').choices = (
			byName(after, 'transport').choices as { value: string }[]
		).filter((c) => c.value !== 'bike');
		(byName(after, 'agree').rows as { text: unknown }[])[0].text = t(
			'Kommunen publiserer for lite'
		);
		const found = breakingChanges(base(), after);
		expect(found).toEqual([
			expect.objectContaining({ question: 'transport', change: 'codeRemoved', code: 'bike' }),
			expect.objectContaining({ question: 'agree', change: 'codeReused', code: 'useful' })
		]);
		expect(found[0].message).toBe(
			'The choice “Sykkel” (code bike) of “transport” was removed: answers that chose it would have nothing to be compared with.'
		);
		expect(found[1].message).toContain(
			'meant “Dataene er nyttige” and now means “Kommunen publiserer for lite”'
		);
	});

	it('flags a changed rating range and a Likert column added', () => {
		const after = base();
		byName(after, 'satisfied').rateMax = 7;
		(byName(after, 'agree').columns as unknown[]).push({ value: 4, text: t('Helt enig') });
		const found = breakingChanges(base(), after);
		expect(found.map((b) => [b.question, b.change])).toEqual([
			['satisfied', 'scaleChanged'],
			['agree', 'scaleChanged']
		]);
		expect(found[0].message).toContain('from 1–5 to 1–7');
		expect(found[1].message).toContain('from 1, 2, 3 to 1, 2, 3, 4');
	});

	it('finds questions inside panels and dynamic panels', () => {
		const before = {
			elements: [
				{ type: 'panel', name: 'box', elements: [{ type: 'text', name: 'inner' }] },
				{ type: 'paneldynamic', name: 'people', templateElements: [{ type: 'text', name: 'age' }] }
			]
		};
		const after = { elements: [{ type: 'paneldynamic', name: 'people', templateElements: [] }] };
		expect(breakingChanges(before, after).map((b) => b.question)).toEqual(['inner', 'age']);
	});
});

describe('sameMeaning', () => {
	it('keeps rewordings and typo fixes, not other answers', () => {
		expect(sameMeaning('Svært lite', 'Svært liten')).toBe(true);
		expect(sameMeaning('Vet ikke', 'vet ikke.')).toBe(true);
		expect(sameMeaning('Ja', 'Nei')).toBe(false);
		expect(sameMeaning('Buss', 'Sykkel')).toBe(false);
	});
});
