/**
 * The designer's form for the maturity scoring model (`odb.scoring`, see scoring/model.ts), as
 * plain functions: which questions can be scored and with which values, a starting model, a new
 * item with points spread over its answers. The form writes the same JSON a researcher would
 * write by hand, and the authoring checks (check-meta.ts) judge it the same way.
 */
import { questionNames, type Json, type Texts } from './edit';

export interface ScorableValue {
	value: string;
	/** The Bokmål text, or the code when there is none. */
	text: string;
}

export interface ScorableQuestion {
	name: string;
	type: string;
	/** A single-choice matrix's rows (each row is scored on its own); none for other kinds. */
	rows: ScorableValue[];
	/** The answers an item can be given points for: choices, or the matrix's columns. */
	values: ScorableValue[];
}

/** The question kinds an item can score: one answer from a list (scoring/model.ts, check-meta.ts). */
const SCORABLE_TYPES = new Set(['radiogroup', 'dropdown', 'matrix']);

function valuesOf(list: unknown): ScorableValue[] {
	if (!Array.isArray(list)) return [];
	return list.map((item) => {
		if (item && typeof item === 'object') {
			const o = item as Json;
			const value = String(o.value ?? o.name ?? '');
			const text = o.text ?? o.title;
			const nb =
				text && typeof text === 'object'
					? ((text as Record<string, string>).nb ?? (text as Record<string, string>).default)
					: text;
			return { value, text: typeof nb === 'string' && nb.trim() ? nb : value };
		}
		return { value: String(item), text: String(item) };
	});
}

function elementsByName(json: Json): Map<string, Json> {
	const out = new Map<string, Json>();
	const walk = (elements: unknown) => {
		if (!Array.isArray(elements)) return;
		for (const e of elements as Json[]) {
			if (!e || typeof e !== 'object') continue;
			if (typeof e.name === 'string') out.set(e.name, e);
			walk(e.elements);
		}
	};
	walk(json.elements);
	for (const page of (json.pages ?? []) as Json[]) walk(page?.elements);
	return out;
}

/** The questions an item can score, in the questionnaire's order, with their rows and values. */
export function scorableQuestions(json: Json): ScorableQuestion[] {
	const byName = elementsByName(json);
	return questionNames(json)
		.filter((q) => SCORABLE_TYPES.has(q.type) && byName.has(q.name))
		.map((q) => {
			const e = byName.get(q.name)!;
			const matrix = q.type === 'matrix';
			return {
				name: q.name,
				type: q.type,
				rows: matrix ? valuesOf(e.rows) : [],
				values: valuesOf(matrix ? e.columns : e.choices)
			};
		});
}

/** The questions whose answers can be a target level: one choice, whose values are level codes. */
export function targetQuestions(json: Json, levelCodes: string[]): string[] {
	const codes = new Set(levelCodes);
	return scorableQuestions(json)
		.filter((q) => q.type !== 'matrix' && q.values.some((v) => codes.has(v.value)))
		.map((q) => q.name);
}

const round2 = (x: number) => Math.round(x * 100) / 100;

/**
 * Points spread evenly from 0 to 1 over the answers in their order (the usual scale: the first
 * answer earns nothing, the last full points), leaving out "don't know" and not-applicable
 * answers, which earn nothing and are not counted (scoring/score.ts). Four answers give
 * 0, 0.33, 0.67, 1; one answer gives 1.
 */
export function spreadPoints(
	values: readonly ScorableValue[],
	leaveOut: Iterable<string>
): Record<string, number> {
	const skip = new Set(leaveOut);
	const scored = values.filter((v) => !skip.has(v.value));
	const out: Record<string, number> = {};
	scored.forEach((v, i) => {
		out[v.value] = scored.length === 1 ? 1 : round2(i / (scored.length - 1));
	});
	return out;
}

/** A new item scoring `question` (and `row` of a matrix), weight 10, points spread. */
export function newItem(
	question: ScorableQuestion,
	row: string | undefined,
	dontKnowValues: readonly string[]
): Json {
	const item: Json = { question: question.name };
	if (row !== undefined) item.row = row;
	item.weight = 10;
	item.points = spreadPoints(question.values, dontKnowValues);
	return item;
}

const texts = (nb: string, nn: string, en: string): Texts => ({ nb, nn, en });

/**
 * A model to start from: the five levels of the ODI Open Data Pathway (domain.md) at 0, 20, 40,
 * 60 and 80 % of the maximum, and no dimension yet (the checker asks for one).
 */
export function startingModel(): Json {
	const names: Texts[] = [
		texts('Innledende', 'Innleiande', 'Initial'),
		texts('Repeterbar', 'Repeterbar', 'Repeatable'),
		texts('Definert', 'Definert', 'Defined'),
		texts('Styrt', 'Styrt', 'Managed'),
		texts('Optimaliserende', 'Optimaliserande', 'Optimising')
	];
	return {
		minCoverage: 70,
		levels: names.map((label, i) => ({
			level: i + 1,
			code: `level_${i + 1}`,
			min: i * 20,
			label
		})),
		dimensions: []
	};
}

/** A new dimension with a code unused by the others; the checker wants at least one item. */
export function newDimension(taken: Iterable<string>): Json {
	const used = new Set(taken);
	let n = 1;
	while (used.has(`dimension_${n}`)) n++;
	return { code: `dimension_${n}`, label: texts('', '', ''), items: [] };
}

/** A new level above the highest: the next number and a threshold halfway to 100. */
export function newLevel(levels: readonly Json[]): Json {
	const last = levels.at(-1);
	const level = last ? Number(last.level) + 1 : 1;
	const min = last ? Math.min(100, Math.round((Number(last.min) + 100) / 2)) : 0;
	const codes = new Set(levels.map((l) => String(l.code)));
	let code = `level_${level}`;
	for (let n = 2; codes.has(code); n++) code = `level_${level}_${n}`;
	return { level, code, min, label: texts('', '', '') };
}
