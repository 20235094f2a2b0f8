/**
 * The designer's edits of a SurveyJS JSON, as plain functions (no DOM, no survey-core): codes
 * made from texts, new questions of each designable type, the condition builder's expressions.
 */
import type { DesignableType } from '../questions/designable';

export type Json = Record<string, unknown>;
export type Texts = { nb: string; nn: string; en: string };

const letters: Record<string, string> = {
	æ: 'ae',
	ø: 'o',
	å: 'aa',
	é: 'e',
	ü: 'u',
	ö: 'o',
	ä: 'a'
};

/**
 * A code from a text: lowercase snake_case, Norwegian letters spelled out (`Vet ikke` →
 * `vet_ikke`, `Søknad på nett` → `soknad_paa_nett`), at most 40 characters, made unique
 * against `taken` with `_2`, `_3` ….
 */
export function codeFromText(
	text: string,
	taken: Iterable<string> = [],
	fallback = 'item'
): string {
	let base = text
		.toLocaleLowerCase('nb')
		.replace(/[æøåéüöä]/g, (c) => letters[c] ?? c)
		.normalize('NFKD')
		.replace(/[^a-z0-9]+/g, '_')
		.replace(/^_+|_+$/g, '')
		.slice(0, 40)
		.replace(/_+$/, '');
	if (!base) base = fallback;
	if (/^[0-9]/.test(base)) base = `${fallback}_${base}`;
	const used = new Set(taken);
	if (!used.has(base)) return base;
	for (let n = 2; ; n++) if (!used.has(`${base}_${n}`)) return `${base}_${n}`;
}

export const emptyTexts = (): Texts => ({ nb: '', nn: '', en: '' });

/** Every element name in the survey (pages, panels and questions), for unique names. */
export function namesIn(json: Json): Set<string> {
	const out = new Set<string>();
	const walk = (node: unknown) => {
		if (Array.isArray(node)) node.forEach(walk);
		else if (node && typeof node === 'object') {
			const o = node as Json;
			if (typeof o.name === 'string' && (o.type || o.elements)) out.add(o.name);
			for (const key of ['pages', 'elements', 'templateElements']) if (o[key]) walk(o[key]);
		}
	};
	walk(json);
	return out;
}

/** The questions of the survey, with the page each is on, in order (panels' ones included). */
export function questionNames(json: Json): { name: string; type: string }[] {
	const out: { name: string; type: string }[] = [];
	const walk = (elements: unknown) => {
		if (!Array.isArray(elements)) return;
		for (const e of elements as Json[]) {
			if (!e || typeof e !== 'object') continue;
			if (e.type === 'panel') walk(e.elements);
			else if (typeof e.name === 'string') {
				out.push({ name: e.name, type: String(e.type) });
				if (e.type === 'paneldynamic') walk(e.templateElements);
			}
		}
	};
	walk(json.elements);
	for (const page of (json.pages ?? []) as Json[]) walk(page.elements);
	return out;
}

function items(prefix: string, count: number, key: 'value' | 'name'): Json[] {
	return Array.from({ length: count }, (_, i) => ({
		[key]: `${prefix}_${i + 1}`,
		[key === 'value' ? 'text' : 'title']: emptyTexts()
	}));
}

/** A new question of a designable type, named uniquely, with the parts it needs to be valid. */
export function newQuestion(d: DesignableType, taken: Set<string>): Json {
	const name = codeFromText(d.id, taken, 'question');
	const q: Json = { type: d.type, name, ...(d.preset ?? {}), title: emptyTexts() };
	if (d.lists.includes('choices')) q.choices = items('choice', 2, 'value');
	if (d.type === 'rating') Object.assign(q, { rateMin: 1, rateMax: 5 });
	if (d.type === 'matrix') {
		q.rows = items('row', 2, 'value');
		q.columns = [1, 2, 3, 4, 5].map((value) => ({ value, text: emptyTexts() }));
	}
	if (d.type === 'matrixdropdown') {
		q.rows = items('row', 2, 'value');
		q.columns = [
			{ name: 'column_1', title: emptyTexts(), cellType: 'dropdown', choices: [1, 2, 3, 4, 5] }
		];
	}
	if (d.type === 'multipletext') q.items = items('item', 2, 'name');
	if (d.type === 'paneldynamic')
		Object.assign(q, {
			templateElements: [{ type: 'text', name: `${name}_text`, title: emptyTexts() }],
			panelCount: 1
		});
	if (d.type === 'html') {
		delete q.title;
		q.html = emptyTexts();
	}
	if (d.type === 'expression') q.expression = '';
	return q;
}

/** A copy of a question with a new unique name (and of the questions inside it). */
export function duplicateQuestion(question: Json, taken: Set<string>): Json {
	const copy = structuredClone(question);
	const rename = (q: Json) => {
		q.name = codeFromText(`${String(q.name)}_copy`, taken, 'question');
		taken.add(q.name as string);
		if (Array.isArray(q.templateElements)) (q.templateElements as Json[]).forEach(rename);
		if (Array.isArray(q.elements)) (q.elements as Json[]).forEach(rename);
	};
	rename(copy);
	return copy;
}

/** Moves the element at `from` by `delta` places (−1 up, +1 down); out of range is a no-op. */
export function move<T>(list: T[], from: number, delta: number): T[] {
	const to = from + delta;
	if (to < 0 || to >= list.length) return list;
	const out = [...list];
	const [item] = out.splice(from, 1);
	out.splice(to, 0, item);
	return out;
}

export const operators = ['=', '<>', 'contains', 'notcontains', 'notempty', 'empty'] as const;
export type Operator = (typeof operators)[number];

export interface Condition {
	/** A question name, or the variables `audience` and `municipality`. */
	subject: string;
	variable: boolean;
	operator: Operator;
	value: string;
}

const quoteValue = (value: string) =>
	/^-?\d+(?:\.\d+)?$/.test(value) ? value : `'${value.replace(/'/g, "\\'")}'`;

/** The SurveyJS expression of a condition: `{audience} = 'citizen'`, `{q1} notempty`. */
export function conditionExpression(c: Condition): string {
	const subject = `{${c.subject}}`;
	if (c.operator === 'empty' || c.operator === 'notempty') return `${subject} ${c.operator}`;
	return `${subject} ${c.operator} ${quoteValue(c.value)}`;
}

/**
 * The builder's reading of an expression it could have written, or null (then it is an
 * expert's expression, edited as text).
 */
export function parseCondition(expression: string, variables: string[]): Condition | null {
	const m =
		/^\s*\{([A-Za-z0-9_.-]+)\}\s*(=|<>|notcontains|contains|notempty|empty)\s*(.*?)\s*$/.exec(
			expression
		);
	if (!m) return null;
	const [, subject, operator, rest] = m;
	const unary = operator === 'empty' || operator === 'notempty';
	if (unary !== (rest === '')) return null;
	let value = rest;
	const quoted = /^'((?:[^'\\]|\\.)*)'$/.exec(rest) ?? /^"((?:[^"\\]|\\.)*)"$/.exec(rest);
	if (quoted) value = quoted[1].replace(/\\(.)/g, '$1');
	else if (!unary && !/^-?\d+(?:\.\d+)?$/.test(rest)) return null;
	return { subject, variable: variables.includes(subject), operator: operator as Operator, value };
}
