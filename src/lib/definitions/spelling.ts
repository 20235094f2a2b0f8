/**
 * The spelling pass of `npm run surveys:check`: every Bokmål and Nynorsk text a respondent reads
 * is checked word by word against the language's hunspell dictionary (Debian's `hunspell-no`,
 * through ./hunspell.ts) and a reviewed list of accepted terms (`surveys/terms.txt`: place names,
 * "API", "DCAT-AP" …). A word neither knows is a problem: the author fixes the spelling, or adds
 * the word to the list, where a reviewer sees it. English is not checked (no dictionary is asked
 * for). Pure: the dictionary is passed in, so the rules are tested without one.
 */
import type { Problem } from './analyse';

/** The languages with a dictionary: Bokmål and Nynorsk. */
export const spelledLocales = ['nb', 'nn'] as const;
export type SpelledLocale = (typeof spelledLocales)[number];

export const localeNames: Record<SpelledLocale, string> = { nb: 'Bokmål', nn: 'Nynorsk' };

/** One text in one language, and where it is, to say so in a problem. */
export interface LocalisedText {
	locale: string;
	text: string;
	question?: string;
	/** `the title of row "no_budget"`, `"odb.privacy.purpose"`. */
	subject: string;
}

/** A part of a word the dictionary does not know, with what it suggests instead. */
export interface Miss {
	part: string;
	suggestions: string[];
}

/**
 * A dictionary: for each word asked about, the parts it does not know (a hyphenated word is
 * checked part by part, as hunspell does). A word it knows has no entry.
 */
export interface Speller {
	misses(locale: SpelledLocale, words: readonly string[]): Promise<Map<string, Miss[]>>;
}

export interface TermList {
	/** Accepted in every language. */
	any: Set<string>;
	/** Accepted only in that language (`nn: dataa`). */
	only: Record<SpelledLocale, Set<string>>;
	/**
	 * Refused in that language although its dictionary knows it (`nn: !svarer`): the Nynorsk
	 * dictionary accepts some forms this project does not write.
	 */
	refused: Record<SpelledLocale, Set<string>>;
	/** Mistakes in the list itself, with their line numbers. */
	problems: string[];
}

const termLine = /^(?:(nb|nn):\s*)?(!)?([^\s!]+)$/;

/**
 * Reads the term list: one word a line; `#` starts a comment; `nb:` or `nn:` before a word
 * accepts it in that language only, and `nn: !word` refuses it there. A word written in
 * lowercase also matches with a capital first letter (at the start of a sentence); one with
 * capitals only as written ("API", not "api").
 */
export function parseTerms(text: string): TermList {
	const list: TermList = {
		any: new Set(),
		only: { nb: new Set(), nn: new Set() },
		refused: { nb: new Set(), nn: new Set() },
		problems: []
	};
	const seen = new Set<string>();
	text.split(/\r?\n/).forEach((raw, i) => {
		const line = raw.replace(/#.*$/, '').trim();
		if (!line) return;
		const match = termLine.exec(line);
		if (!match || (match[2] && !match[1])) {
			list.problems.push(
				match
					? `line ${i + 1}: a refused word needs its language ("nn: !${match[3]}")`
					: `line ${i + 1}: ${JSON.stringify(line)} is not one word (optionally after "nb:" or "nn:")`
			);
			return;
		}
		const [, locale, refuse, word] = match;
		const key = `${locale ?? ''}:${word}`;
		if (seen.has(key)) list.problems.push(`line ${i + 1}: ${JSON.stringify(word)} is listed twice`);
		seen.add(key);
		if (refuse) list.refused[locale as SpelledLocale].add(word);
		else (locale ? list.only[locale as SpelledLocale] : list.any).add(word);
	});
	return list;
}

function inSets(sets: Set<string>[], word: string): string | undefined {
	const lower = word.charAt(0).toLowerCase() + word.slice(1);
	for (const set of sets) {
		if (set.has(word)) return word;
		if (lower !== word && set.has(lower)) return lower;
	}
	return undefined;
}

const accepted = (terms: TermList, locale: SpelledLocale, word: string) =>
	inSets([terms.any, terms.only[locale]], word);

const entities: Record<string, string> = {
	nbsp: ' ',
	amp: '&',
	lt: '<',
	gt: '>',
	quot: '"',
	apos: "'",
	ndash: '–',
	mdash: '—',
	laquo: '«',
	raquo: '»'
};

/**
 * The words of a text as a reader sees them: markup, entities, addresses and SurveyJS
 * `{placeholders}` left out, and words with digits in them (2–5, 2023/138) skipped.
 */
export function wordsOf(text: string): string[] {
	const plain = text
		.replace(/<[^>]*>/g, ' ')
		.replace(/&(#x?[0-9a-f]+|[a-z]+);/gi, (all, name: string) => {
			if (name.startsWith('#')) {
				const code = name[1].toLowerCase() === 'x' ? parseInt(name.slice(2), 16) : +name.slice(1);
				return Number.isFinite(code) ? String.fromCodePoint(code) : ' ';
			}
			return entities[name.toLowerCase()] ?? all;
		})
		.replace(/\{[^}]*\}/g, ' ')
		.replace(/\b(?:https?:\/\/|www\.)\S+/gi, ' ')
		.replace(/\S+@\S+\.\S+/g, ' ')
		// A bare domain name (data.norge.no) is an address, not words.
		.replace(/\b[\p{L}\p{N}-]+(?:\.[\p{L}\p{N}-]+)*\.(?:no|com|org|net|eu|io)\b/giu, ' ');
	const words: string[] = [];
	for (const [token] of plain.matchAll(/[\p{L}\p{M}\p{N}]+(?:['’-][\p{L}\p{M}\p{N}]+)*/gu)) {
		if (/\p{N}/u.test(token)) continue;
		words.push(token);
	}
	return words;
}

interface Unknown {
	locale: SpelledLocale;
	word: string;
	parts: Miss[];
	where: LocalisedText[];
}

/**
 * Checks `texts` (of one file or many) and returns, per file, the unknown words as problems, and
 * the terms that no text used (worth a warning: the list should hold only what is needed).
 */
export async function checkSpelling(
	files: readonly { file: string; texts: readonly LocalisedText[] }[],
	speller: Speller,
	terms: TermList
): Promise<{ problems: Problem[]; unusedTerms: string[] }> {
	const used = new Set<string>();
	const problems: Problem[] = [];
	for (const locale of spelledLocales) {
		const occurrences = new Map<string, { file: string; at: LocalisedText }[]>();
		const refusals = new Map<
			string,
			{ locale: SpelledLocale; word: string; where: LocalisedText[] }
		>();
		for (const { file, texts } of files) {
			for (const at of texts) {
				if (at.locale !== locale) continue;
				for (const word of wordsOf(at.text)) {
					const refused = inSets([terms.refused[locale]], word);
					if (refused) {
						used.add(`${locale}:!${refused}`);
						const key = `${file}\u0000${word}`;
						const entry = refusals.get(key);
						if (entry) entry.where.push(at);
						else refusals.set(key, { locale, word, where: [at] });
						continue;
					}
					const whole = accepted(terms, locale, word);
					if (whole) {
						used.add(`${locale}:${whole}`);
						continue;
					}
					const list = occurrences.get(word);
					if (list) list.push({ file, at });
					else occurrences.set(word, [{ file, at }]);
				}
			}
		}
		const misses = await speller.misses(locale, [...occurrences.keys()]);
		const unknown = new Map<string, Unknown>();
		for (const [word, parts] of misses) {
			// A word in the term list as a whole ("e-læring") is accepted; so is a hyphenated word
			// whose unknown parts are all terms ("API-er").
			const whole = accepted(terms, locale, word);
			if (whole) {
				used.add(`${locale}:${whole}`);
				continue;
			}
			const open = parts.filter((miss) => {
				const term = accepted(terms, locale, miss.part);
				if (term) used.add(`${locale}:${term}`);
				return !term;
			});
			if (open.length === 0) continue;
			for (const { file, at } of occurrences.get(word) ?? []) {
				const key = `${file}\u0000${word}`;
				const entry = unknown.get(key);
				if (entry) entry.where.push(at);
				else unknown.set(key, { locale, word, parts: open, where: [at] });
			}
		}
		for (const [key, entry] of unknown) {
			problems.push(problemFor(key.split('\u0000')[0], entry));
		}
		for (const [key, entry] of refusals) {
			problems.push(refusalFor(key.split('\u0000')[0], entry));
		}
	}
	const unusedTerms = [
		...[...terms.any].filter((t) => !spelledLocales.some((l) => used.has(`${l}:${t}`))),
		...spelledLocales.flatMap((l) =>
			[...terms.only[l]].filter((t) => !used.has(`${l}:${t}`)).map((t) => `${l}: ${t}`)
		)
	];
	// A refused word guards against a mistake to come: it is never "unused".
	return { problems, unusedTerms };
}

function refusalFor(
	file: string,
	{ locale, word, where }: { locale: SpelledLocale; word: string; where: LocalisedText[] }
): Problem {
	const first = where[0];
	const more =
		where.length > 1 ? ` and ${where.length - 1} more place${where.length > 2 ? 's' : ''}` : '';
	const message =
		`the ${locale} text of ${first.subject}${more} has «${word}», which surveys/terms.txt ` +
		`refuses in ${localeNames[locale]} (see the comment there for the form to write)`;
	return first.question === undefined
		? { file, message }
		: { file, question: first.question, message };
}

function problemFor(file: string, { locale, word, parts, where }: Unknown): Problem {
	const first = where[0];
	const more =
		where.length > 1 ? ` and ${where.length - 1} more place${where.length > 2 ? 's' : ''}` : '';
	const part =
		parts.length === 1 && parts[0].part !== word
			? ` (its part ${JSON.stringify(parts[0].part)})`
			: '';
	const suggestions = parts.flatMap((p) => p.suggestions).slice(0, 3);
	const hint = suggestions.length
		? `; the dictionary suggests ${suggestions.map((s) => `«${s}»`).join(', ')}`
		: '';
	const message =
		`the ${locale} text of ${first.subject}${more} has «${word}»${part}, which neither the ` +
		`${localeNames[locale]} dictionary nor surveys/terms.txt knows${hint}: fix the spelling, ` +
		`or add the word to surveys/terms.txt if it is right`;
	return first.question === undefined
		? { file, message }
		: { file, question: first.question, message };
}

/**
 * Every text of the `odb` metadata a respondent reads (the privacy texts, the scoring model's
 * labels and suggestions): each object with a text for some language, wherever it sits.
 */
export function metaTexts(meta: unknown, path = 'odb'): LocalisedText[] {
	if (!meta || typeof meta !== 'object') return [];
	if (Array.isArray(meta)) return meta.flatMap((item, i) => metaTexts(item, `${path}[${i}]`));
	const record = meta as Record<string, unknown>;
	const texts: LocalisedText[] = [];
	for (const locale of spelledLocales) {
		const value = record[locale];
		if (typeof value === 'string')
			texts.push({ locale, text: value, subject: JSON.stringify(path) });
	}
	for (const [key, value] of Object.entries(record)) {
		if (typeof value === 'object') texts.push(...metaTexts(value, `${path}.${key}`));
	}
	return texts;
}
