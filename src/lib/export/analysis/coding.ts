import { ConditionRunner } from 'survey-core';
import { META_KEY } from '../../definitions/analyse';
import { readQuestions } from '../../questions/read';
import type { Texts } from '../../questions/texts';
import type { Column, ExportDefinition } from '../columns';
import { catalogueTexts, joinTexts, type Code } from '../drafts';
import { flattenResponse, type ExportableResponse, type FlattenOptions } from '../rows';
import { analysisNames } from './names';

/**
 * The numeric coding of an export for statistics packages: what the analysis bundle's data file
 * holds and its SPSS, R and Stata files label. The export's columns (columns.ts) stay as they
 * are; each gets a variable here.
 *
 * Closed questions (single and multiple choice, ratings, matrices, yes/no, rankings) get numbers:
 *
 * - A code that is a whole number (a scale point, a numeric choice, 1/0 of a yes/no or a ticked
 *   box, a rank) keeps it as its number.
 * - Any other code (`staff`, `other`, `yes`) gets the smallest whole number from 1 up that no code
 *   of the column has yet, in the order the codes first appear: version by version, oldest first,
 *   and within a version in the questionnaire's order, its whole-number codes before the others.
 *   A code added in a later version therefore never renumbers those before it. (The one case the
 *   rule cannot keep: a later version adding a whole-number code that an earlier text code already
 *   has as its number. That code then gets the next free number too.)
 * - A whole number between -99 and -90 is never a code's own number: that range is kept for the
 *   missing codes.
 *
 * Missing codes, declared as missing in SPSS (`MISSING VALUES`), NA in R's factors, and Stata's
 * extended missing values:
 *
 *     -91  .a  don't know      SurveyJS's "don't know" item, or a value in `odb.dontKnowValues`
 *     -92  .b  not applicable  a value in `odb.notApplicableValues` (`not_applicable`, `not_relevant`)
 *     -93  .c  refused         SurveyJS's "refuse" item, or a value in `odb.refusedValues` (`refused`)
 *     -94  .d  not shown       the question was hidden from this respondent (`visibleIf`), or the
 *                              version answered did not have it (or the choice, for a ticked box)
 *
 * A question that was shown and left empty is empty (system-missing in SPSS, NA in R, `.` in
 * Stata). Free numbers and texts are written as they are, without missing codes: any number can
 * be a real answer to them.
 */

export const missingReasons = ['dontKnow', 'notApplicable', 'refused', 'notShown'] as const;
export type MissingReason = (typeof missingReasons)[number];

export const missingCodes: Record<MissingReason, number> = {
	dontKnow: -91,
	notApplicable: -92,
	refused: -93,
	notShown: -94
};

/** Whole numbers kept for missing codes: never a code's own number. */
export const RESERVED_RANGE = { min: -99, max: -90 } as const;

/**
 * coded: numbers with labels (closed questions); number: a free number; string: a text, or a
 * metadata code such as the round (kept readable: `default`, `spring-2026`); datetime: ISO 8601.
 */
export type Storage = 'coded' | 'number' | 'string' | 'datetime';
export type Measure = 'nominal' | 'ordinal' | 'scale';

export interface ValueLabel {
	code: number;
	label: Texts;
}

export interface MissingLabel extends ValueLabel {
	reason: MissingReason;
}

export interface AnalysisVariable {
	/** The name in the data file and all three syntax files (names.ts). */
	name: string;
	column: Column;
	storage: Storage;
	measure: Measure;
	/** The question, and the part of it (a row, a choice), in every language. */
	label: Texts;
	/** Coded: the answers' numbers and labels, in the order of the codes (first appearance). */
	values: ValueLabel[];
	/** Coded: the missing codes it can hold. */
	missing: MissingLabel[];
	/** Coded: the number of each code as stored, answers and missing ones alike. */
	codes: { code: number; value: string }[];
	/** A metadata column's values and their labels (a round's slug and name). */
	stringLabels: { value: string; label: Texts }[];
}

interface Visibility {
	alwaysHidden: boolean;
	runners: ConditionRunner[];
}

export interface AnalysisPlan {
	columns: readonly Column[];
	variables: AnalysisVariable[];
	/** Per variable: the number of each code as the export writes it (coded variables only). */
	numbers: (Map<string, number> | null)[];
	/** Per version: the conditions of its top-level questions that have any. */
	visibility: Map<string, Map<string, Visibility>>;
}

/** What the questionnaire says its "don't know", "not applicable" and "refused" values are. */
interface MissingValues {
	dontKnow: Set<string>;
	notApplicable: Set<string>;
	refused: Set<string>;
}

const defaults = {
	dontKnowValues: ['dont_know'],
	notApplicableValues: ['not_applicable', 'not_relevant'],
	refusedValues: ['refused']
};

/** The union over the versions: a value that meant "don't know" once keeps meaning it. */
function missingValuesOf(definitions: readonly ExportDefinition[]): MissingValues {
	const out: MissingValues = { dontKnow: new Set(), notApplicable: new Set(), refused: new Set() };
	for (const { json } of definitions) {
		const meta = (json[META_KEY] ?? {}) as Partial<Record<keyof typeof defaults, unknown[]>>;
		const add = (into: Set<string>, key: keyof typeof defaults) => {
			const list = Array.isArray(meta[key]) ? meta[key] : defaults[key];
			for (const value of list) into.add(String(value));
		};
		add(out.dontKnow, 'dontKnowValues');
		add(out.notApplicable, 'notApplicableValues');
		add(out.refused, 'refusedValues');
	}
	return out;
}

function reasonOf(code: Code, values: MissingValues): MissingReason | undefined {
	if (code.special === 'dontKnow') return 'dontKnow';
	if (code.special === 'refuse') return 'refused';
	const value = String(code.value);
	if (values.dontKnow.has(value)) return 'dontKnow';
	if (values.notApplicable.has(value)) return 'notApplicable';
	if (values.refused.has(value)) return 'refused';
	return undefined;
}

/** A code's own number: a whole number (or its canonical text, `"4"`) outside the kept range. */
function ownNumber(value: Code['value']): number | undefined {
	const n = typeof value === 'number' ? value : typeof value === 'string' ? Number(value) : NaN;
	if (!Number.isSafeInteger(n)) return undefined;
	if (typeof value === 'string' && String(n) !== value) return undefined;
	if (n >= RESERVED_RANGE.min && n <= RESERVED_RANGE.max) return undefined;
	return n;
}

/** The numbers of a column's codes, by the rule at the top of this file. */
export function numberCodes(
	codes: readonly Code[],
	reason: (code: Code) => MissingReason | undefined
): { values: ValueLabel[]; missing: MissingLabel[]; numbers: Map<string, number> } {
	const numbers = new Map<string, number>();
	const assigned = new Map<Code, number>();
	const missing = new Map<MissingReason, MissingLabel>();
	const taken = new Set<number>();
	const versions = [...new Set(codes.map((c) => c.since ?? 0))].sort((a, b) => a - b);
	for (const since of versions) {
		const rest: Code[] = [];
		for (const code of codes.filter((c) => (c.since ?? 0) === since)) {
			const why = reason(code);
			if (why) {
				numbers.set(String(code.value), missingCodes[why]);
				if (!missing.has(why))
					missing.set(why, { code: missingCodes[why], label: code.label, reason: why });
				continue;
			}
			const own = ownNumber(code.value);
			if (own !== undefined && !taken.has(own)) {
				taken.add(own);
				assigned.set(code, own);
			} else rest.push(code);
		}
		for (const code of rest) {
			let n = 1;
			while (taken.has(n)) n++;
			taken.add(n);
			assigned.set(code, n);
		}
	}
	const values: ValueLabel[] = [];
	for (const code of codes) {
		const n = assigned.get(code);
		if (n === undefined) continue;
		numbers.set(String(code.value), n);
		values.push({ code: n, label: code.label });
	}
	return {
		values,
		missing: missingReasons.filter((r) => missing.has(r)).map((r) => missing.get(r)!),
		numbers
	};
}

const notShownLabel = (): MissingLabel => ({
	code: missingCodes.notShown,
	label: catalogueTexts('bundle.notShown'),
	reason: 'notShown'
});

function variableOf(column: Column, name: string, values: MissingValues) {
	const label = joinTexts([column.questionText, column.itemText]);
	const base = { name, column, label, values: [], missing: [], codes: [], stringLabels: [] };
	const closed = ['code', 'boolean', 'binary', 'rank'].includes(column.type);
	if (column.source.from === 'meta' || !closed || column.codes.length === 0) {
		const storage: Storage =
			column.type === 'number' ? 'number' : column.type === 'datetime' ? 'datetime' : 'string';
		const variable: AnalysisVariable = {
			...base,
			storage,
			measure: storage === 'number' ? 'scale' : 'nominal',
			stringLabels: column.codes.map((c) => ({ value: String(c.value), label: c.label }))
		};
		return { variable, numbers: null };
	}
	const coded = numberCodes(
		column.codes,
		column.type === 'code' ? (code) => reasonOf(code, values) : () => undefined
	);
	const variable: AnalysisVariable = {
		...base,
		storage: 'coded',
		measure: column.ordered || column.type === 'rank' ? 'ordinal' : 'nominal',
		// A rank is its own label.
		values: column.type === 'rank' ? [] : coded.values,
		missing: [...coded.missing, notShownLabel()],
		codes:
			column.type === 'code'
				? column.codes.map((c) => ({
						code: coded.numbers.get(String(c.value))!,
						value: String(c.value)
					}))
				: []
	};
	return { variable, numbers: coded.numbers };
}

/** The analysis variables of an export's columns, and what writing their cells needs. */
export function planAnalysis(
	columns: readonly Column[],
	definitions: readonly ExportDefinition[]
): AnalysisPlan {
	const values = missingValuesOf(definitions);
	const names = analysisNames(columns.map((c) => c.name));
	const variables: AnalysisVariable[] = [];
	const numbers: (Map<string, number> | null)[] = [];
	columns.forEach((column, i) => {
		const made = variableOf(column, names[i], values);
		variables.push(made.variable);
		numbers.push(made.numbers);
	});
	const visibility = new Map<string, Map<string, Visibility>>();
	for (const { version, json } of definitions) {
		const conditions = new Map<string, Visibility>();
		for (const question of readQuestions(json).questions) {
			if (!question.alwaysHidden && question.visibleIf.length === 0) continue;
			conditions.set(question.valueName, {
				alwaysHidden: question.alwaysHidden,
				runners: question.visibleIf.map((expression) => new ConditionRunner(expression))
			});
		}
		visibility.set(version, conditions);
	}
	return { columns, variables, numbers, visibility };
}

/** The cells as the export writes codes: standard CSV, nothing neutralised. */
const asCodes: FlattenOptions = {
	values: 'codes',
	locale: 'nb',
	decimalComma: false,
	neutraliseFormulae: false
};

/**
 * One response as the analysis data file's cells. Line breaks in texts become spaces: SPSS's
 * and PSPP's GET DATA read one case per line and would split the response (the standard export
 * keeps them). `unknown` counts, per variable, codes that are not in the definitions (left empty).
 */
export function analysisCells(
	plan: AnalysisPlan,
	response: ExportableResponse,
	unknown?: Map<string, number>
): string[] {
	const cells = flattenResponse(plan.columns, response, asCodes);
	const conditions = plan.visibility.get(response.surveyVersion);
	let context: Record<string, unknown> | undefined;
	const shown = new Map<string, boolean>();
	const isShown = (question: string) => {
		const visibility = conditions?.get(question);
		if (!visibility) return true;
		let result = shown.get(question);
		if (result === undefined) {
			context ??= {
				...response.answers,
				audience: response.audience,
				municipality: response.municipality,
				locale: response.locale
			};
			const values = context;
			result =
				!visibility.alwaysHidden && visibility.runners.every((runner) => runner.runValues(values));
			shown.set(question, result);
		}
		return result;
	};
	for (let i = 0; i < cells.length; i++) {
		const variable = plan.variables[i];
		const cell = cells[i];
		if (variable.storage === 'string') {
			cells[i] = cell.replace(/\r\n|\r|\n/g, ' ');
			continue;
		}
		if (variable.storage !== 'coded') continue;
		if (cell === '') {
			// Not in the version answered (a known version), or hidden by its conditions.
			const asked = !conditions || variable.column.versions.includes(response.surveyVersion);
			if (!asked || !isShown(variable.column.question)) cells[i] = String(missingCodes.notShown);
			continue;
		}
		const n = plan.numbers[i]?.get(cell);
		if (n === undefined) {
			unknown?.set(variable.name, (unknown.get(variable.name) ?? 0) + 1);
			cells[i] = '';
		} else cells[i] = String(n);
	}
	return cells;
}
