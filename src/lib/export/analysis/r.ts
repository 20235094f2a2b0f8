import type { Locale } from '../../i18n/locales';
import type { AnalysisVariable, ValueLabel } from './coding';
import { oneLine } from './names';
import { labelIn, type SyntaxInput } from './profile';

/**
 * The R script of the analysis bundle (`.R`), in base R only, so it runs wherever R does. It
 * makes two data frames:
 *
 * - `codes`: the data file as it is, closed questions as their numbers, each column with the
 *   attributes `label` (the question), `labels` (a named vector, number per label) and
 *   `na_values` (its missing codes) — the attributes haven's labelled vectors have;
 * - `responses`: the same with closed questions as factors (ordered for scales), missing codes as
 *   NA, the metadata codes (round, audience …) as factors of their labels and the times as
 *   POSIXct, each column with its `label` attribute, which haven, labelled, gtsummary and
 *   RStudio's viewer show.
 *
 * The script is ASCII, every string's other characters written as `\u` escapes, so it means the
 * same whatever the encoding R reads it in (Windows before R 4.2 read scripts in the local code
 * page).
 */

/** An R string literal: `"` and `\` escaped, anything beyond ASCII as `\u{…}`. */
export function rString(text: string): string {
	let out = '"';
	for (const char of oneLine(text)) {
		const code = char.codePointAt(0)!;
		if (char === '"' || char === '\\') out += `\\${char}`;
		else if (code < 0x20 || code === 0x7f) out += ' ';
		else if (code < 0x7f) out += char;
		else out += code > 0xffff ? `\\U{${code.toString(16)}}` : `\\u{${code.toString(16)}}`;
	}
	return `${out}"`;
}

const column = (v: AnalysisVariable) => `[[${rString(v.name)}]]`;

function readClass(v: AnalysisVariable): string {
	switch (v.storage) {
		case 'coded':
			return 'integer';
		case 'number':
			return 'numeric';
		default:
			return 'character';
	}
}

/** Factor labels must be unique, or R merges the levels: a repeated label gets its code. */
function uniqueLabels(values: readonly { code: string; label: string }[]): string[] {
	const seen = new Map<string, number>();
	for (const { label } of values) seen.set(label, (seen.get(label) ?? 0) + 1);
	return values.map(({ code, label }) =>
		(seen.get(label) ?? 0) > 1 ? `${label} (${code})` : label
	);
}

const labelsOf = (values: readonly ValueLabel[], locale: Locale) =>
	uniqueLabels(
		values.map((v) => ({ code: String(v.code), label: labelIn(v.label, locale, String(v.code)) }))
	);

const vector = (items: string[]) =>
	items.length <= 8 ? `c(${items.join(', ')})` : `c(\n    ${items.join(',\n    ')}\n  )`;

export function rScript(input: SyntaxInput): string {
	const { variables, locale } = input;
	const lines: string[] = [
		// The title is in the README: the script stays ASCII.
		`# ${input.surveyId}: analysis bundle, exported ${input.exportedAt}.`,
		'# Run it from the folder the bundle was unpacked in:',
		`#   Rscript ${input.surveyId}.R`,
		`#   or in R: setwd("/path/to/the/folder"); source("${input.surveyId}.R")`,
		'# Makes `codes` (the numbers, with haven-style label attributes) and `responses`',
		'# (closed questions as factors, ordered for scales; missing codes as NA).',
		'',
		'codes <- utils::read.csv(',
		`  ${rString(input.dataFile)},`,
		'  colClasses = c(',
		...variables.map(
			(v, i) =>
				`    ${rString(v.name)} = ${rString(readClass(v))}${i < variables.length - 1 ? ',' : ''}`
		),
		'  ),',
		'  na.strings = "", check.names = FALSE, fileEncoding = "UTF-8", strip.white = FALSE',
		')',
		'',
		'.labelled <- function(x, label, labels = NULL, na_values = NULL) {',
		'  attr(x, "label") <- label',
		'  if (!is.null(labels)) attr(x, "labels") <- labels',
		'  if (!is.null(na_values)) attr(x, "na_values") <- na_values',
		'  x',
		'}',
		'.meta <- function(x, levels, labels) {',
		'  # Values the questionnaire does not list (a municipality typed in) keep their own text.',
		'  extra <- setdiff(unique(x[!is.na(x)]), levels)',
		'  factor(x, levels = c(levels, extra), labels = c(labels, extra))',
		'}',
		'',
		'responses <- codes'
	];
	for (const v of variables) {
		const label = rString(labelIn(v.label, locale, v.column.name));
		const at = column(v);
		if (v.storage === 'coded') {
			const all = [...v.values, ...v.missing];
			const allLabels = labelsOf(all, locale);
			const named = all.map((value, i) => `${rString(allLabels[i])} = ${value.code}`);
			const missing = v.missing.map((m) => String(m.code));
			lines.push(
				`codes${at} <- .labelled(codes${at}, ${label},`,
				`  labels = ${vector(named)},`,
				`  na_values = ${vector(missing)})`
			);
			const values =
				v.measure === 'ordinal' ? [...v.values].sort((a, b) => a.code - b.code) : v.values;
			if (values.length === 0) {
				// A rank: a number, its missing codes NA.
				lines.push(
					`responses${at} <- .labelled(ifelse(codes${at} %in% ${vector(missing)}, NA_integer_, as.vector(codes${at})), ${label})`
				);
				continue;
			}
			lines.push(
				`responses${at} <- .labelled(factor(codes${at},`,
				`  levels = ${vector(values.map((value) => String(value.code)))},`,
				`  labels = ${vector(labelsOf(values, locale).map(rString))}${v.measure === 'ordinal' ? ',\n  ordered = TRUE' : ''}), ${label})`
			);
		} else if (v.storage === 'datetime') {
			lines.push(
				`responses${at} <- .labelled(as.POSIXct(codes${at}, tz = "UTC", format = "%Y-%m-%dT%H:%M:%OSZ"), ${label})`
			);
			lines.push(`codes${at} <- .labelled(codes${at}, ${label})`);
		} else if (v.stringLabels.length > 0) {
			const levels = v.stringLabels.map((l) => rString(l.value));
			const labels = uniqueLabels(
				v.stringLabels.map((l) => ({ code: l.value, label: labelIn(l.label, locale, l.value) }))
			).map(rString);
			lines.push(
				`responses${at} <- .labelled(.meta(codes${at},`,
				`  levels = ${vector(levels)},`,
				`  labels = ${vector(labels)}), ${label})`
			);
			lines.push(`codes${at} <- .labelled(codes${at}, ${label})`);
		} else {
			lines.push(`codes${at} <- .labelled(codes${at}, ${label})`);
			lines.push(`responses${at} <- codes${at}`);
		}
	}
	lines.push('rm(.labelled, .meta)', '');
	return lines.join('\n');
}
