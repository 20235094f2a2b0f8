import { missingCodes, type AnalysisVariable, type MissingReason } from './coding';
import { clipped, oneLine } from './names';
import { labelIn, type SyntaxInput } from './profile';

/**
 * The Stata do-file of the analysis bundle (`.do`), for Stata 14 or later (Unicode names and
 * labels). It imports the data file with every column's type fixed (a version hash of digits
 * stays a text), names the columns (names.ts keeps them within Stata's 32 characters), labels
 * them (at most 80 characters), defines and attaches value labels, and turns the missing codes
 * into Stata's extended missing values, so `tabulate x, missing` shows why an answer is missing.
 *
 * No Stata here: tests/bundle.e2e.ts checks the file with a parser of the commands it uses, and
 * stata.spec.ts checks its exact text for a small questionnaire.
 */

export const stataMissing: Record<MissingReason, string> = {
	dontKnow: '.a',
	notApplicable: '.b',
	refused: '.c',
	notShown: '.d'
};

const LABEL_CHARS = 80;

/**
 * A label in Stata's compound quotes, which may hold `"`. What Stata would still read as code is
 * made inert: `$` and a backquote start macros (a backslash before them stops that) and `"'`
 * would end the quotes early (a space goes between).
 */
export function stataString(text: string): string {
	const safe = oneLine(text).replaceAll('$', '\\$').replaceAll('`', '\\`').replaceAll(`"'`, `" '`);
	return `\`"${safe}"'`;
}

/** Column numbers as a Stata numlist: `1/3 5 7/9`. */
export function numlist(numbers: readonly number[]): string {
	const parts: string[] = [];
	for (let i = 0; i < numbers.length; i++) {
		let j = i;
		while (j + 1 < numbers.length && numbers[j + 1] === numbers[j] + 1) j++;
		parts.push(j > i ? `${numbers[i]}/${numbers[j]}` : String(numbers[i]));
		i = j;
	}
	return parts.join(' ');
}

/** A long list over several lines, joined with Stata's `///`. */
function wrapped(head: string, items: readonly string[], tail = ''): string[] {
	const lines: string[] = [];
	let line = head;
	for (const item of items) {
		if (line.length + item.length > 100) {
			lines.push(`${line} ///`);
			line = '   ';
		}
		line += line.endsWith('(') ? item : ` ${item}`;
	}
	lines.push(line + tail);
	return lines;
}

export function stataDo(input: SyntaxInput): string {
	const { variables, locale } = input;
	const columnsOf = (keep: (v: AnalysisVariable) => boolean) =>
		variables.flatMap((v, i) => (keep(v) ? [i + 1] : []));
	const numeric = columnsOf((v) => v.storage === 'coded' || v.storage === 'number');
	const strings = columnsOf((v) => v.storage === 'string' || v.storage === 'datetime');
	const options = [
		'varnames(nonames) rowrange(2) delimiters(",") bindquote(strict)',
		'encoding("utf-8")',
		numeric.length > 0 ? `numericcols(${numlist(numeric)})` : '',
		strings.length > 0 ? `stringcols(${numlist(strings)})` : '',
		'clear'
	].filter(Boolean);

	const lines: string[] = [
		`* ${oneLine(input.title)} (${input.surveyId}): analysis bundle, exported ${input.exportedAt}.`,
		'* Stata 14 or later. Run it from the folder the bundle was unpacked in:',
		`*   do ${input.surveyId}.do`,
		'version 14',
		'',
		...wrapped(`import delimited using "${input.dataFile}",`, options),
		'',
		'* The columns by position, then their names (all at once, so no name is taken meanwhile).',
		...wrapped(
			'rename (',
			variables.map((_, i) => `v${i + 1}`),
			') ///'
		),
		...wrapped(
			'    (',
			variables.map((v) => v.name),
			')'
		),
		''
	];

	for (const v of variables) {
		const label = clipped(labelIn(v.label, locale, v.column.name), LABEL_CHARS);
		lines.push(`label variable ${v.name} ${stataString(label)}`);
	}
	lines.push('');

	const coded = variables.filter((v) => v.storage === 'coded');
	for (const v of coded) {
		// A label that only repeats its code (a scale point 4) is left out.
		const pairs = [
			...v.values
				.filter((value) => value.label[locale] && value.label[locale] !== String(value.code))
				.map((value) => `${value.code} ${stataLabel(value.label[locale])}`),
			...v.missing.map(
				(m) => `${stataMissing[m.reason]} ${stataLabel(m.label[locale] || m.reason)}`
			)
		];
		lines.push(...wrapped(`label define ${v.name}`, pairs, ', replace'));
		lines.push(`label values ${v.name} ${v.name}`);
	}
	lines.push('');

	if (coded.length > 0) {
		const rules = (Object.keys(stataMissing) as MissingReason[])
			.map((reason) => `${missingCodes[reason]}=${stataMissing[reason]}`)
			.join(' \\ ');
		lines.push(
			"* The missing codes as Stata's extended missing values (-91=.a don't know … -94=.d not shown).",
			...wrapped(
				'mvdecode',
				coded.map((v) => v.name),
				`, mv(${rules})`
			)
		);
	}
	lines.push('', 'compress', '');
	return lines.join('\n');
}

const stataLabel = (text: string) => stataString(clipped(text, LABEL_CHARS));
