import type { Code, Column } from './columns';
import { neutraliseFormula } from './columns';
import type { CsvFlavour } from './csv';
import type { Locale } from '../i18n/locales';

/**
 * The codebook of an export: one row per column of the wide layout, with the question text in
 * Bokmål and English, the kind of value, the allowed codes with their labels, and the versions
 * of the questionnaire the column appears in. In the long layout, `column` is the same name and
 * `question` and `item` the same values.
 */
export const codebookHeader = [
	'column',
	'question',
	'item',
	'type',
	'question_nb',
	'question_en',
	'item_nb',
	'item_en',
	'codes_nb',
	'codes_en',
	'versions'
];

/** `value=label` pairs, `|`-separated; a code that is its own label (a rating's 4) as itself. */
export function codesText(codes: readonly Code[], locale: Locale): string {
	return codes
		.map((code) => {
			const value = String(code.value);
			const label = code.label[locale];
			return !label || label === value ? value : `${value}=${label}`;
		})
		.join(' | ');
}

export function codebookRows(columns: readonly Column[], flavour: CsvFlavour): string[][] {
	const cell = (s: string) => (flavour.neutraliseFormulae ? neutraliseFormula(s) : s);
	return columns.map((c) =>
		[
			c.name,
			c.question,
			c.item,
			c.type,
			c.questionText.nb,
			c.questionText.en,
			c.itemText.nb,
			c.itemText.en,
			codesText(c.codes, 'nb'),
			codesText(c.codes, 'en'),
			c.versions.join(' ')
		].map(cell)
	);
}
