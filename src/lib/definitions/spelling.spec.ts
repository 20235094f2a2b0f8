import { describe, expect, it } from 'vitest';
import {
	checkSpelling,
	metaTexts,
	parseTerms,
	wordsOf,
	type LocalisedText,
	type Miss,
	type Speller
} from './spelling';

/** A dictionary that knows exactly `known` (per language); a hyphenated word is split, as hunspell does. */
function fakeSpeller(known: Record<'nb' | 'nn', string[]>): Speller & { asked: string[][] } {
	const asked: string[][] = [];
	return {
		asked,
		async misses(locale, words) {
			asked.push([locale, ...words]);
			const found = new Map<string, Miss[]>();
			for (const word of words) {
				const parts = word.split('-').filter((p) => !known[locale].includes(p.toLowerCase()));
				if (known[locale].includes(word.toLowerCase())) continue;
				if (parts.length)
					found.set(
						word,
						parts.map((part) => ({ part, suggestions: ['forslag'] }))
					);
			}
			return found;
		}
	};
}

const nb = (text: string, question = 'q', subject = 'the title'): LocalisedText => ({
	locale: 'nb',
	text,
	question,
	subject
});

describe('parseTerms', () => {
	it('reads one word a line, with comments and a language before a word', () => {
		const terms = parseTerms('# names\nAPI\n\nnn: dataa   # plural\nnb: noe\n');
		expect([...terms.any]).toEqual(['API']);
		expect([...terms.only.nn]).toEqual(['dataa']);
		expect([...terms.only.nb]).toEqual(['noe']);
		expect(terms.problems).toEqual([]);
	});

	it('reads a word refused in one language', () => {
		const terms = parseTerms('nn: !svarer  # Nynorsk: svarar\n');
		expect([...terms.refused.nn]).toEqual(['svarer']);
		expect(terms.any.size + terms.only.nn.size).toBe(0);
		expect(parseTerms('!svarer').problems).toEqual([
			'line 1: a refused word needs its language ("nn: !svarer")'
		]);
	});

	it('names a line that is not one word, and a word listed twice', () => {
		expect(parseTerms('Open Data\nAPI\nAPI\nnn: dataa\ndataa').problems).toEqual([
			'line 1: "Open Data" is not one word (optionally after "nb:" or "nn:")',
			'line 3: "API" is listed twice'
		]);
	});
});

describe('wordsOf', () => {
	it.each([
		['Hva hindrer kommunen?', ['Hva', 'hindrer', 'kommunen']],
		['<p>Takk&nbsp;for &laquo;svaret&raquo;</p>', ['Takk', 'for', 'svaret']],
		['Tar 7–10 minutter, 2023/138', ['Tar', 'minutter']],
		[
			'Se https://data.norge.no/x eller skriv til personvern@example.no',
			['Se', 'eller', 'skriv', 'til']
		],
		// A bare domain name is an address, not the words «data», «norge» and «no».
		['Felles datakatalog (data.norge.no)', ['Felles', 'datakatalog']],
		['Hei {municipality}, API-er og e-post', ['Hei', 'API-er', 'og', 'e-post']],
		['kommunens og «åpne» data – ÆØÅ', ['kommunens', 'og', 'åpne', 'data', 'ÆØÅ']]
	])('%j → %j', (text, words) => {
		expect(wordsOf(text)).toEqual(words);
	});
});

describe('checkSpelling', () => {
	const speller = fakeSpeller({ nb: ['hva', 'er', 'data', 'dataene'], nn: ['kva', 'er'] });

	it('reports each unknown word once per file, where it first is and how often', async () => {
		const { problems } = await checkSpelling(
			[
				{
					file: 'a.json',
					texts: [nb('Hva er datta'), nb('datta', 'r', 'the text of row "x"'), nb('datta')]
				},
				{ file: 'b.json', texts: [nb('Hva er data')] }
			],
			speller,
			parseTerms('')
		);
		expect(problems).toEqual([
			{
				file: 'a.json',
				question: 'q',
				message:
					'the nb text of the title and 2 more places has «datta», which neither the Bokmål dictionary nor surveys/terms.txt knows; the dictionary suggests «forslag»: fix the spelling, or add the word to surveys/terms.txt if it is right'
			}
		]);
	});

	it('checks each language with its own dictionary, and English not at all', async () => {
		const { problems } = await checkSpelling(
			[
				{
					file: 'a.json',
					texts: [
						{ locale: 'nn', text: 'Kva er dataene', subject: 'the title' },
						{ locale: 'en', text: 'Whatt', subject: 'the title' }
					]
				}
			],
			speller,
			parseTerms('')
		);
		expect(problems.map((p) => p.message.slice(0, 40))).toEqual([
			'the nn text of the title has «dataene», '
		]);
	});

	it('accepts terms: lowercase ones also capitalised, others only as written, nb/nn in their language', async () => {
		const terms = parseTerms('datta\nAPI\nnn: dataa\n');
		const { problems, unusedTerms } = await checkSpelling(
			[
				{
					file: 'a.json',
					texts: [
						nb('Datta er datta'),
						nb('API-er er data'),
						nb('api er data'),
						nb('dataa er data'),
						{ locale: 'nn', text: 'Dataa er dataa', subject: 'the title' }
					]
				}
			],
			speller,
			terms
		);
		// «api» is not «API»; «dataa» is accepted in Nynorsk only.
		expect(problems.map((p) => /«([^»]+)»/.exec(p.message)?.[1])).toEqual(['api', 'dataa']);
		expect(unusedTerms).toEqual([]);
	});

	it('names the unknown part of a hyphenated word', async () => {
		const { problems } = await checkSpelling(
			[{ file: 'a.json', texts: [nb('XML-data er data')] }],
			speller,
			parseTerms('')
		);
		expect(problems[0].message).toContain('has «XML-data» (its part "XML")');
	});

	it('refuses a listed word in its language even when the dictionary knows it', async () => {
		const knowsIt = fakeSpeller({ nb: ['svarer'], nn: ['eg', 'svarer', 'som'] });
		const { problems } = await checkSpelling(
			[
				{
					file: 'a.json',
					texts: [
						{ locale: 'nn', text: 'Eg svarer som', question: 'q', subject: 'the title' },
						nb('svarer')
					]
				}
			],
			knowsIt,
			parseTerms('nn: !svarer\n')
		);
		expect(problems).toEqual([
			{
				file: 'a.json',
				question: 'q',
				message:
					'the nn text of the title has «svarer», which surveys/terms.txt refuses in Nynorsk (see the comment there for the form to write)'
			}
		]);
	});

	it('says which terms no text uses', async () => {
		const { unusedTerms } = await checkSpelling(
			[{ file: 'a.json', texts: [nb('Hva er datta')] }],
			speller,
			parseTerms('datta\nSINTEF\nnn: dataa\n')
		);
		expect(unusedTerms).toEqual(['SINTEF', 'nn: dataa']);
	});

	it('asks the dictionary about each word once per language', async () => {
		const counting = fakeSpeller({ nb: ['hva'], nn: [] });
		await checkSpelling(
			[
				{ file: 'a.json', texts: [nb('Hva datta'), nb('datta datta')] },
				{ file: 'b.json', texts: [nb('datta')] }
			],
			counting,
			parseTerms('')
		);
		expect(counting.asked).toEqual([['nb', 'Hva', 'datta'], ['nn']]);
	});
});

describe('metaTexts', () => {
	it('finds every Bokmål and Nynorsk text in the metadata, with its path', () => {
		const texts = metaTexts({
			kind: 'maturity',
			privacy: { contact: 'a@b.no', purpose: { nb: 'Forskning', nn: 'Forsking', en: 'Research' } },
			scoring: { levels: [{ label: { nb: 'Innledende', nn: 'Innleiande' } }] }
		});
		expect(texts).toEqual([
			{ locale: 'nb', text: 'Forskning', subject: '"odb.privacy.purpose"' },
			{ locale: 'nn', text: 'Forsking', subject: '"odb.privacy.purpose"' },
			{ locale: 'nb', text: 'Innledende', subject: '"odb.scoring.levels[0].label"' },
			{ locale: 'nn', text: 'Innleiande', subject: '"odb.scoring.levels[0].label"' }
		]);
	});
});
