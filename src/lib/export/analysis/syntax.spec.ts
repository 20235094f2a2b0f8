import { describe, expect, it } from 'vitest';
import { exportColumns } from '../columns';
import { planAnalysis } from './coding';
import { DataProfile, type SyntaxInput } from './profile';
import { rScript, rString } from './r';
import { spssString, spssSyntax } from './spss';
import { numlist, stataDo, stataString } from './stata';

/**
 * The three syntax files for a small questionnaire whose texts hold what breaks careless
 * quoting: guillemets, both quotes, `$` and a backquote (Stata macros), an apostrophe (SPSS's
 * quote), and a question named like a Stata keyword. The programs themselves run the bundle of
 * a large questionnaire in tests/bundle.e2e.ts (PSPP, R; the .do file there by a parser).
 */
const json = {
	pages: [
		{
			elements: [
				{
					type: 'radiogroup',
					name: 'rolle',
					title: { nb: 'Din «rolle» – "sitert" $x `y\'', en: 'Role' },
					choices: [
						{ value: 'ansatt', text: { nb: 'Ansatt', en: 'Staff' } },
						{ value: 'leder', text: { nb: "Leder's", en: 'Manager' } }
					],
					showDontKnowItem: true
				},
				{ type: 'rating', name: 'nytte', rateMin: 1, rateMax: 3 },
				{ type: 'comment', name: 'in' }
			]
		}
	]
};

function tinyInput(): SyntaxInput {
	const definitions = [{ version: 'v1', json }];
	const plan = planAnalysis(exportColumns(definitions), definitions);
	// The round, and the questions: the other metadata would only lengthen the texts.
	const variables = plan.variables.filter(
		(v) => v.column.source.from !== 'meta' || v.name === 'round'
	);
	const profile = new DataProfile(variables.length);
	profile.add(['default', '1', '2', 'Fritekst']);
	return {
		surveyId: 'tiny',
		title: 'Lite «skjema»',
		locale: 'nb',
		exportedAt: '2026-03-01T10:00:00Z',
		dataFile: 'tiny.csv',
		variables,
		profile
	};
}

describe('stataDo', () => {
	it('writes the exact do-file: typed import, names, labels, value labels, missing codes', () => {
		expect(stataDo(tinyInput())).toBe(
			[
				'* Lite «skjema» (tiny): analysis bundle, exported 2026-03-01T10:00:00Z.',
				'* Stata 14 or later. Run it from the folder the bundle was unpacked in:',
				'*   do tiny.do',
				'version 14',
				'',
				'import delimited using "tiny.csv", varnames(nonames) rowrange(2) delimiters(",") bindquote(strict) ///',
				'    encoding("utf-8") numericcols(2/3) stringcols(1 4) clear',
				'',
				'* The columns by position, then their names (all at once, so no name is taken meanwhile).',
				'rename (v1 v2 v3 v4) ///',
				'    (round rolle nytte in_)',
				'',
				'label variable round `"Runde"\'',
				'label variable rolle `"Din «rolle» – "sitert" \\$x \\`y\'"\'',
				'label variable nytte `"nytte"\'',
				'label variable in_ `"in"\'',
				'',
				'label define rolle 1 `"Ansatt"\' 2 `"Leder\'s"\' .a `"Vet ikke"\' .d `"Ikke vist"\', replace',
				'label values rolle rolle',
				'label define nytte .d `"Ikke vist"\', replace',
				'label values nytte nytte',
				'',
				"* The missing codes as Stata's extended missing values (-91=.a don't know … -94=.d not shown).",
				'mvdecode rolle nytte, mv(-91=.a \\ -92=.b \\ -93=.c \\ -94=.d)',
				'',
				'compress',
				''
			].join('\n')
		);
	});

	it.each([
		['plain', '`"plain"\''],
		['with "quotes"', '`"with "quotes""\''],
		["$HOME and `x'", '`"\\$HOME and \\`x\'"\''],
		// `"'` would end the compound quotes early.
		['a "\'b', '`"a " \'b"\''],
		['two\nlines', '`"two lines"\'']
	])('stataString(%j) → %s', (text, quoted) => {
		expect(stataString(text)).toBe(quoted);
	});

	it.each([
		[[1, 2, 3, 5, 7, 8], '1/3 5 7/8'],
		[[4], '4'],
		[[], '']
	])('numlist(%j) → %s', (numbers, text) => {
		expect(numlist(numbers)).toBe(text);
	});
});

describe('spssSyntax', () => {
	const sps = spssSyntax(tinyInput());

	it('reads the data with a format per column, texts as wide as their longest value', () => {
		// "default" is 7 bytes, "Fritekst" 8; codes are F8.0.
		expect(sps).toContain(
			['  /VARIABLES=', '    round A7', '    rolle F8.0', '    nytte F8.0', '    in_ A8.'].join(
				'\n'
			)
		);
	});

	it('labels variables and values, with apostrophes doubled, and declares missing values', () => {
		expect(sps).toContain(`VARIABLE LABELS rolle 'Din «rolle» – "sitert" $x \`y'''.`);
		expect(sps).toContain(
			[
				'VALUE LABELS rolle',
				"  1 'Ansatt'",
				"  2 'Leder''s'",
				"  -91 'Vet ikke'",
				"  -94 'Ikke vist'."
			].join('\n')
		);
		// A scale point labelled with its own number gets no label.
		expect(sps).toContain(['VALUE LABELS nytte', "  -94 'Ikke vist'."].join('\n'));
		expect(sps).toContain("VALUE LABELS round\n  'default' 'Standardrunde (alltid åpen)'.");
		expect(sps).toContain('MISSING VALUES rolle (-94 THRU -91).');
		expect(sps).not.toContain('MISSING VALUES in_');
		expect(sps).toContain('VARIABLE LEVEL nytte (ORDINAL).');
		expect(sps).toContain('VARIABLE LEVEL rolle (NOMINAL).');
	});

	it.each([
		["it's", "'it''s'"],
		['a\nb', "'a b'"]
	])('spssString(%j) → %s', (text, quoted) => {
		expect(spssString(text)).toBe(quoted);
	});
});

describe('rScript', () => {
	const script = rScript(tinyInput());

	it('is ASCII, so it means the same in any encoding R reads it in', () => {
		expect(/^[\x20-\x7e\n]*$/.test(script)).toBe(true);
	});

	it('makes factors of the substantive codes, ordered for a scale, with haven-style labels', () => {
		expect(script).toContain(
			[
				'responses[["rolle"]] <- .labelled(factor(codes[["rolle"]],',
				'  levels = c(1, 2),',
				'  labels = c("Ansatt", "Leder\'s")), "Din \\u{ab}rolle\\u{bb} \\u{2013} \\"sitert\\" $x `y\'")'
			].join('\n')
		);
		expect(script).toContain(
			'labels = c("Ansatt" = 1, "Leder\'s" = 2, "Vet ikke" = -91, "Ikke vist" = -94),\n  na_values = c(-91, -94))'
		);
		expect(script).toContain('labels = c("1", "2", "3"),\n  ordered = TRUE), "nytte")');
	});

	it.each([
		['plain', '"plain"'],
		['"q" \\', '"\\"q\\" \\\\"'],
		['æ€😀', '"\\u{e6}\\u{20ac}\\U{1f600}"']
	])('rString(%j) → %s', (text, literal) => {
		expect(rString(text)).toBe(literal);
	});
});
