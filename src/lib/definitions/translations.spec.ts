import { describe, expect, it } from 'vitest';
import {
	applyTexts,
	nextBasis,
	parseCsv,
	textsOf,
	textStatus,
	toCsv,
	TranslationCsvError
} from './translations';

function survey() {
	return {
		title: { nb: 'Reisevaner', nn: 'Reisevanar', en: 'Travel' },
		pages: [
			{
				name: 'p1',
				title: { nb: 'Om deg' },
				elements: [
					{
						type: 'radiogroup',
						name: 'transport',
						title: { nb: 'Hvordan «reiser» du?\nVelg én.', nn: 'Korleis reiser du?' },
						choices: [
							{ value: 'bus', text: { nb: 'Buss', nn: 'Buss', en: 'Bus' } },
							{ value: 'dont_know', text: { nb: 'Vet ikke', nn: 'Veit ikkje', en: "Don't know" } }
						],
						visibleIf: "{audience} = 'citizen'"
					},
					{ type: 'comment', name: 'other', title: 'Noe mer, æøå?' }
				]
			}
		],
		odb: { kind: 'other', privacy: { purpose: { nb: 'Forskning' } } }
	};
}

describe('textsOf', () => {
	it('lists every respondent-facing text by name, with what each language has', () => {
		expect(textsOf(survey())).toEqual([
			{ key: 'title', nb: 'Reisevaner', nn: 'Reisevanar', en: 'Travel' },
			{ key: 'p1/title', question: 'p1', nb: 'Om deg', nn: '', en: '' },
			{
				key: 'transport/title',
				question: 'transport',
				nb: 'Hvordan «reiser» du?\nVelg én.',
				nn: 'Korleis reiser du?',
				en: ''
			},
			{
				key: 'transport/choices/bus/text',
				question: 'transport',
				nb: 'Buss',
				nn: 'Buss',
				en: 'Bus'
			},
			{
				key: 'transport/choices/dont_know/text',
				question: 'transport',
				nb: 'Vet ikke',
				nn: 'Veit ikkje',
				en: "Don't know"
			},
			{ key: 'other/title', question: 'other', nb: 'Noe mer, æøå?', nn: '', en: '' }
		]);
	});
});

describe('the CSV', () => {
	it('reads back what it wrote, quotes, line breaks and æøå included', () => {
		const rows = textsOf(survey());
		const csv = toCsv(textStatus(rows, {}));
		expect(csv.startsWith('\uFEFF"key","question","nb","nn","en","status"\r\n')).toBe(true);
		expect(csv).toContain('"Hvordan «reiser» du?\nVelg én."');
		expect(csv).toContain('"Don\'t know"');
		expect(parseCsv(csv)).toEqual(rows.map(({ key, nb, nn, en }) => ({ key, nb, nn, en })));
	});

	it('reads a semicolon-separated file as LibreOffice writes it, with doubled quotes', () => {
		const text =
			'key;nb;nn;en\r\n"transport/title";"Hvordan ""reiser"" du?";"Korleis ""reiser"" du?\nVel ei.";"How do you travel?"\r\n';
		expect(parseCsv(text)).toEqual([
			{
				key: 'transport/title',
				nb: 'Hvordan "reiser" du?',
				nn: 'Korleis "reiser" du?\nVel ei.',
				en: 'How do you travel?'
			}
		]);
	});

	it('refuses a file without the columns, or with a key twice', () => {
		expect(() => parseCsv('a,b\n1,2\n')).toThrow(TranslationCsvError);
		expect(() => parseCsv('key,nb,nn,en\nx,1,2,3\nx,1,2,3\n')).toThrow(/twice/);
	});
});

describe('applyTexts', () => {
	it('writes in what changed, never erases with a blank, reports unknown keys', () => {
		const before = survey();
		const { json, changes, unknown } = applyTexts(before, [
			{
				key: 'transport/title',
				nb: 'Hvordan «reiser» du?\nVelg én.',
				nn: '',
				en: 'How do you travel?'
			},
			{ key: 'other/title', nb: 'Noe mer, æøå?', nn: 'Noko meir?', en: 'Anything else?' },
			{ key: 'gone/title', nb: 'x', nn: 'y', en: 'z' }
		]);
		expect(changes.map((c) => [c.key, c.locale, c.from, c.to])).toEqual([
			['transport/title', 'en', '', 'How do you travel?'],
			['other/title', 'nn', '', 'Noko meir?'],
			['other/title', 'en', '', 'Anything else?']
		]);
		expect(unknown).toEqual(['gone/title']);
		const texts = textsOf(json);
		expect(texts.find((r) => r.key === 'transport/title')).toMatchObject({
			nn: 'Korleis reiser du?',
			en: 'How do you travel?'
		});
		expect(texts.find((r) => r.key === 'other/title')).toMatchObject({
			nb: 'Noe mer, æøå?',
			nn: 'Noko meir?'
		});
		// The input is left as it was.
		expect(before.pages[0].elements[1].title).toBe('Noe mer, æøå?');
	});
});

describe('missing and outdated translations', () => {
	it('marks a translation outdated when the Bokmål text changed after it was made', () => {
		const first = textsOf(survey());
		const basis = nextBasis(null, first, {});
		const edited = survey();
		edited.pages[0].elements[0].choices![0].text.nb = 'Buss eller trikk';
		const second = textsOf(edited);
		const after = nextBasis(first, second, basis);
		const status = textStatus(second, after);
		const bus = status.find((r) => r.key === 'transport/choices/bus/text')!;
		expect(bus.outdated).toEqual(['nn', 'en']);
		expect(status.find((r) => r.key === 'transport/title')!.missing).toEqual(['en']);
		// Translating it again makes it current.
		edited.pages[0].elements[0].choices![0].text.nn = 'Buss eller trikk';
		const third = textsOf(edited);
		const bus3 = textStatus(third, nextBasis(second, third, after)).find(
			(r) => r.key === 'transport/choices/bus/text'
		)!;
		expect(bus3.outdated).toEqual(['en']);
	});
});
