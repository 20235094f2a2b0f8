import type { Locale } from '../i18n/locales';
import type { Code, MetaField, Path } from './drafts';
import type { Column } from './columns';

/**
 * One response flattened into the columns of a research export (columns.ts), wide or long.
 */

const codeKey = (value: unknown) => `${typeof value}:${String(value)}`;

/** What a response needs to be flattened; a stored response has all of it. */
export interface ExportableResponse {
	id: string;
	surveyId: string;
	surveyVersion: string;
	roundId: string;
	answers: Record<string, unknown>;
	audience: string | null;
	municipality: string | null;
	/** Answered through an invitation link (absent: no). */
	verified?: boolean;
	locale: string;
	status: string;
	startedAt: string | null;
	submittedAt: string;
}

export interface FlattenOptions {
	/** Codes as stored, or their labels in `locale`. */
	values: 'codes' | 'labels';
	locale: Locale;
	/** `3,25` instead of `3.25`, for Norwegian Excel. */
	decimalComma: boolean;
	/**
	 * Prefix `'` to a text starting with `=`, `+`, `-`, `@`, tab or carriage return, which a
	 * spreadsheet would otherwise run as a formula. It changes the text, so it is for files meant
	 * for spreadsheets only: R, Python, SPSS and Stata never run cells.
	 */
	neutraliseFormulae: boolean;
}

/** What is worked out once per list of columns, not once per row. */
interface Plan {
	lookups: (Map<string, Code> | null)[];
	versions: Set<string>;
	inVersion: Map<string, boolean[]>;
}

const plans = new WeakMap<readonly Column[], Plan>();

function planFor(columns: readonly Column[]): Plan {
	let plan = plans.get(columns);
	if (!plan) {
		const lookups = columns.map((c) =>
			c.codes.length > 0
				? new Map(c.codes.map((code) => [codeKey(code.stored ?? code.value), code]))
				: null
		);
		const versions = new Set(columns.flatMap((c) => c.versions));
		const inVersion = new Map(
			[...versions].map((v) => [v, columns.map((c) => c.versions.includes(v))])
		);
		plan = { lookups, versions, inVersion };
		plans.set(columns, plan);
	}
	return plan;
}

function at(answers: Record<string, unknown>, path: Path): unknown {
	let value: unknown = answers;
	for (const step of path) {
		if (value === null || typeof value !== 'object') return undefined;
		value = (value as Record<string | number, unknown>)[step];
	}
	return value;
}

const formulaStart = /^[=+\-@\t\r]/;

/**
 * A text a spreadsheet would run as a formula (it starts with `=`, `+`, `-`, `@`, a tab or a
 * carriage return), made inert with a leading `'`, as OWASP recommends for CSV files.
 */
export function neutraliseFormula(s: string): string {
	return formulaStart.test(s) ? `'${s}` : s;
}

function number(n: number, options: FlattenOptions): string {
	if (!Number.isFinite(n)) return '';
	const text = String(n);
	// Not Intl.NumberFormat('nb-NO'): it writes negative numbers with U+2212, which Excel reads as text.
	return options.decimalComma ? text.replace('.', ',') : text;
}

function text(s: string, options: FlattenOptions): string {
	return options.neutraliseFormulae ? neutraliseFormula(s) : s;
}

function cell(value: unknown, lookup: Map<string, Code> | null, options: FlattenOptions): string {
	if (value === undefined || value === null || value === '') return '';
	const code = lookup?.get(codeKey(value));
	if (code) {
		if (options.values === 'labels')
			return text(code.label[options.locale] || String(code.value), options);
		value = code.value;
	}
	if (typeof value === 'number') return number(value, options);
	if (typeof value === 'boolean') return value ? '1' : '0';
	if (typeof value === 'string') return text(value, options);
	return text(JSON.stringify(value), options);
}

function metaValue(response: ExportableResponse, field: MetaField): unknown {
	switch (field) {
		case 'id':
			return response.id;
		case 'surveyId':
			return response.surveyId;
		case 'surveyVersion':
			return response.surveyVersion;
		case 'round':
			return response.roundId;
		case 'audience':
			return response.audience;
		case 'municipality':
			return response.municipality;
		case 'verified':
			return response.verified === true;
		case 'locale':
			return response.locale;
		case 'status':
			return response.status;
		case 'startedAt':
			return response.startedAt;
		case 'submittedAt':
			return response.submittedAt;
		case 'duration': {
			if (!response.startedAt) return null;
			const ms = Date.parse(response.submittedAt) - Date.parse(response.startedAt);
			return Number.isFinite(ms) ? Math.round(ms / 1000) : null;
		}
	}
}

/** One response as the cells of `columns`, in order: an empty cell for no answer. */
export function flattenResponse(
	columns: readonly Column[],
	response: ExportableResponse,
	options: FlattenOptions
): string[] {
	const plan = planFor(columns);
	// A column the response's version does not have is empty, not "0": it was never asked.
	const asked = plan.inVersion.get(response.surveyVersion);
	const cells = new Array<string>(columns.length);
	for (let i = 0; i < columns.length; i++) {
		const source = columns[i].source;
		if (asked && !asked[i]) {
			cells[i] = '';
			continue;
		}
		switch (source.from) {
			case 'meta':
				cells[i] = cell(metaValue(response, source.field), plan.lookups[i], options);
				break;
			case 'answer':
				cells[i] = cell(at(response.answers, source.path), plan.lookups[i], options);
				break;
			case 'choice': {
				const value = at(response.answers, source.path);
				if (value === undefined || value === null) cells[i] = '';
				else {
					// 0/1 with either kind of values: the header already names the choice.
					const chosen = Array.isArray(value)
						? value.includes(source.choice)
						: value === source.choice;
					cells[i] = chosen ? '1' : '0';
				}
				break;
			}
			case 'rank': {
				const value = at(response.answers, source.path);
				const rank = Array.isArray(value) ? value.indexOf(source.choice) + 1 : 0;
				cells[i] = rank > 0 ? String(rank) : '';
				break;
			}
		}
	}
	return cells;
}

/** The header of the long layout: one row per response and answer value. */
export const longHeader = ['response_id', 'column', 'question', 'item', 'value'];

/**
 * One response in the long layout: a row for every cell of the wide layout that is not empty
 * (the metadata too, with an empty `question`), so `pivot_wider(names_from = column)` gives the
 * wide table back.
 */
export function longRows(
	columns: readonly Column[],
	response: ExportableResponse,
	options: FlattenOptions
): string[][] {
	const cells = flattenResponse(columns, response, options);
	const id = text(response.id, options);
	const rows: string[][] = [];
	for (let i = 0; i < columns.length; i++) {
		const column = columns[i];
		if (cells[i] === '' || (column.source.from === 'meta' && column.source.field === 'id'))
			continue;
		rows.push([
			id,
			column.name,
			text(column.question, options),
			text(column.item, options),
			cells[i]
		]);
	}
	return rows;
}
