import { translate, type MessageKey } from '../i18n/messages';
import { sameTexts, textsFrom, type Texts } from '../questions/texts';
import type { QuestionDescription, SpecialItem } from '../questions/types';

/**
 * The pieces an export column is made of, and the sink a question kind adds its columns to
 * (each kind's `columns` in src/lib/questions/kinds/). columns.ts takes the drafts of every
 * version and makes them one list of named columns.
 */

export type { Texts };
export type CodeValue = string | number | boolean;

export interface Code {
	/** The code written to the export. */
	value: CodeValue;
	label: Texts;
	/** The value as stored, when the export writes another code for it (a round's id → its slug). */
	stored?: CodeValue;
	/** One of the items SurveyJS adds to a choice list ("don't know", "refuse" …). */
	special?: SpecialItem;
	/**
	 * The position (0 = oldest) of the version the code first appeared in, set when the versions
	 * are merged (columns.ts): the numeric coding for analysis numbers codes in that order.
	 */
	since?: number;
}

/**
 * id, text, datetime: as stored; number: a number; code: one of `codes`; boolean: 1 yes, 0 no;
 * binary: 1 chosen, 0 not chosen (empty: the question was not answered); rank: 1, 2, 3 …
 * (empty: not ranked); value: as stored, of no single kind (expressions, a question whose type
 * changed between versions).
 */
export type ColumnType =
	'id' | 'text' | 'number' | 'code' | 'boolean' | 'binary' | 'rank' | 'datetime' | 'value';

export const metaFields = [
	'id',
	'surveyId',
	'surveyVersion',
	'round',
	'audience',
	'municipality',
	'verified',
	'locale',
	'status',
	'startedAt',
	'submittedAt',
	'duration'
] as const;
export type MetaField = (typeof metaFields)[number];

export type Path = readonly (string | number)[];

export type ColumnSource =
	| { from: 'meta'; field: MetaField }
	/** The value at `path` in the answers. */
	| { from: 'answer'; path: Path }
	/** 1 if the list (or value) at `path` holds `choice`, 0 if not. */
	| { from: 'choice'; path: Path; choice: CodeValue }
	/** The position (1-based) of `choice` in the list at `path`. */
	| { from: 'rank'; path: Path; choice: CodeValue };

export const catalogueTexts = (key: MessageKey): Texts => textsFrom((l) => translate(l, key));

export const joinTexts = (parts: Texts[]): Texts =>
	textsFrom((l) =>
		parts
			.map((p) => p[l])
			.filter(Boolean)
			.join(' – ')
	);

/** A column before the union over versions gives it its name and versions. */
export interface Draft {
	/** What identifies the column across versions. */
	key: string;
	nameParts: string[];
	question: string;
	item: string;
	type: ColumnType;
	source: ColumnSource;
	questionText: Texts;
	itemText: Texts;
	codes: Code[];
	/** The codes are the points of a scale, in order (a rating, a Likert matrix). */
	ordered: boolean;
}

/** What else a kind can say about a column. */
export interface ColumnExtra {
	/** A column of a part named after the place (the "other" text beside a choice). */
	part?: { name: string; text: Texts };
	/** The codes are the points of a scale, in order. */
	ordered?: boolean;
}

/** Where a value sits: its path in the answers, and how its column is named and described. */
export interface Place {
	question: string;
	questionText: Texts;
	path: (string | number)[];
	nameParts: string[];
	itemParts: string[];
	itemTexts: Texts[];
	/** Value names of the dynamic questions this place is inside, outermost first. */
	dynamics: string[];
}

/** A part of the value at `place`: one step further into the answers (a row, an item …). */
export function deeper(place: Place, step: string | number, name: string, text: Texts): Place {
	return { ...named(place, name, text), path: [...place.path, step] };
}

/** A column of the value at `place` itself (a choice of a checkbox, an item of a ranking). */
export function named(place: Place, name: string, text: Texts): Place {
	return {
		...place,
		nameParts: [...place.nameParts, name],
		itemParts: [...place.itemParts, name],
		itemTexts: [...place.itemTexts, text]
	};
}

/**
 * The numbered places of a dynamic question (a dynamic matrix's rows, a dynamic panel's
 * panels): `1`, `2` … up to the count the sink gives that question.
 */
export function numberedPlaces(
	place: Place,
	sink: ColumnSink,
	declared: number,
	defaultMax: number
): Place[] {
	const dynamics = [...place.dynamics, String(place.path[place.path.length - 1])];
	sink.noteDeclared(dynamics, declared, defaultMax);
	return Array.from({ length: sink.count(dynamics) }, (_, i) => ({
		...deeper(place, i, String(i + 1), sameTexts(String(i + 1))),
		dynamics
	}));
}

/** Where a question kind puts its columns. */
export interface ColumnSink {
	/** A column of the value at `place` (with `extra.part`, of a part named after it). */
	add(
		place: Place,
		type: ColumnType,
		source: ColumnSource,
		codes?: Code[],
		extra?: ColumnExtra
	): void;
	/** The columns of a question inside this one (a matrix cell, a dynamic panel's question). */
	question(question: QuestionDescription, place: Place): void;
	/** A dynamic question met at `dynamics`, declaring at most `declared` rows or panels. */
	noteDeclared(dynamics: string[], declared: number, defaultMax: number): void;
	/** How many numbered columns the dynamic question at `dynamics` gets. */
	count(dynamics: string[]): number;
}

/** The drafts of one version, collected. */
export class DraftSink implements ColumnSink {
	readonly drafts: Draft[] = [];
	/** Dynamic questions met (by path of value names) and the largest count any version declares. */
	readonly declared = new Map<string, number>();

	constructor(
		readonly count: (dynamics: string[]) => number,
		private readonly addQuestion: (sink: ColumnSink, q: QuestionDescription, at: Place) => void
	) {}

	add(
		place: Place,
		type: ColumnType,
		source: ColumnSource,
		codes: Code[] = [],
		extra: ColumnExtra = {}
	): void {
		const { part } = extra;
		const nameParts = part ? [...place.nameParts, part.name] : place.nameParts;
		const itemParts = part ? [...place.itemParts, part.name] : place.itemParts;
		const itemTexts = part ? [...place.itemTexts, part.text] : place.itemTexts;
		this.drafts.push({
			key: JSON.stringify([
				source.from,
				'path' in source ? source.path : [],
				'choice' in source ? [typeof source.choice, source.choice] : null
			]),
			nameParts,
			question: place.question,
			item: itemParts.join('.'),
			type,
			source,
			questionText: place.questionText,
			itemText: joinTexts(itemTexts),
			codes,
			ordered: extra.ordered ?? false
		});
	}

	question(question: QuestionDescription, place: Place): void {
		this.addQuestion(this, question, place);
	}

	noteDeclared(dynamics: string[], declared: number, defaultMax: number): void {
		// SurveyJS reports its own default (1000 rows, 100 panels) when nothing is declared.
		const max =
			Number.isFinite(declared) && declared > 0 && declared < defaultMax ? declared : Infinity;
		const key = JSON.stringify(dynamics);
		this.declared.set(key, Math.max(this.declared.get(key) ?? 0, max));
	}
}
