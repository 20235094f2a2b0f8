import { missingCodes, type AnalysisVariable, type Measure } from './coding';
import { clipped, oneLine, utf8Length } from './names';
import { labelIn, MAX_STRING_BYTES, type SyntaxInput } from './profile';

/**
 * The SPSS syntax of the analysis bundle (`.sps`): reads the data file with GET DATA, then gives
 * every variable its label, value labels, missing values and measurement level. Checked with
 * PSPP in tests/bundle.e2e.ts; written for SPSS Statistics in Unicode mode (the default since
 * version 21), whose limits it keeps: variable labels up to 255 bytes, value labels up to 120.
 */

const VARIABLE_LABEL_BYTES = 255;
const VALUE_LABEL_BYTES = 120;

/** A text in apostrophes, `'` doubled, on one line. */
export const spssString = (text: string) => `'${oneLine(text).replaceAll("'", "''")}'`;

function readFormat(variable: AnalysisVariable, i: number, input: SyntaxInput): string {
	const profile = input.profile.columns[i];
	switch (variable.storage) {
		case 'coded':
			return 'F8.0';
		case 'number': {
			const decimals = Math.min(profile.decimals, 16);
			return `F${Math.min(Math.max(profile.bytes + 1, decimals + 3, 8), 40)}.${decimals}`;
		}
		default: {
			// Wide enough for every value it has a label for, also those not in this selection.
			const labelled = Math.max(0, ...variable.stringLabels.map((l) => utf8Length(l.value)));
			return `A${Math.min(Math.max(profile.bytes, labelled, 1), MAX_STRING_BYTES)}`;
		}
	}
}

const levels: Record<Measure, string> = { nominal: 'NOMINAL', ordinal: 'ORDINAL', scale: 'SCALE' };

export function spssSyntax(input: SyntaxInput): string {
	const { variables, locale } = input;
	const lines: string[] = [
		'* Encoding: UTF-8.',
		`* ${oneLine(input.title)} (${input.surveyId}): analysis bundle, exported ${input.exportedAt}.`,
		"* Run it from the folder the bundle was unpacked in, or first: CD '/path/to/the/folder'.",
		'',
		'GET DATA',
		'  /TYPE=TXT',
		`  /FILE=${spssString(input.dataFile)}`,
		"  /ENCODING='UTF8'",
		'  /ARRANGEMENT=DELIMITED',
		'  /DELCASE=LINE',
		'  /FIRSTCASE=2',
		"  /DELIMITERS=','",
		`  /QUALIFIER='"'`,
		'  /VARIABLES='
	];
	variables.forEach((v, i) => lines.push(`    ${v.name} ${readFormat(v, i, input)}`));
	lines[lines.length - 1] += '.';
	lines.push('');

	for (const v of variables) {
		const label = clipped(labelIn(v.label, locale, v.column.name), 255, VARIABLE_LABEL_BYTES);
		lines.push(`VARIABLE LABELS ${v.name} ${spssString(label)}.`);
	}
	lines.push('');

	const valueLabel = (text: string) => spssString(clipped(text, 120, VALUE_LABEL_BYTES));
	for (const v of variables) {
		const pairs: string[] = [];
		// A label that only repeats its code (a scale point 4) is left out.
		if (v.storage === 'coded') {
			for (const value of [...v.values, ...v.missing]) {
				const label = labelIn(value.label, locale, '');
				if (label && label !== String(value.code))
					pairs.push(`  ${value.code} ${valueLabel(label)}`);
			}
		} else if (v.storage === 'string') {
			for (const { value, label } of v.stringLabels) {
				const text = labelIn(label, locale, '');
				if (text && text !== value) pairs.push(`  ${spssString(value)} ${valueLabel(text)}`);
			}
		}
		if (pairs.length === 0) continue;
		lines.push(`VALUE LABELS ${v.name}`, ...pairs);
		lines[lines.length - 1] += '.';
	}
	lines.push('');

	const coded = variables.filter((v) => v.storage === 'coded');
	const lowest = Math.min(...Object.values(missingCodes));
	const highest = Math.max(...Object.values(missingCodes));
	for (const v of coded) lines.push(`MISSING VALUES ${v.name} (${lowest} THRU ${highest}).`);
	lines.push('');

	for (const v of variables) lines.push(`VARIABLE LEVEL ${v.name} (${levels[v.measure]}).`);
	lines.push('', 'EXECUTE.', '');
	return lines.join('\n');
}
