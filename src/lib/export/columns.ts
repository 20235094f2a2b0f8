import {
	Model,
	settings,
	surveyLocalization,
	type ItemValue,
	type LocalizableString,
	type Question
} from 'survey-core';
import { localeNames, locales, type Locale } from '../i18n/locales';
import { translate, type MessageKey } from '../i18n/messages';
import { audiences, knownMunicipalities } from '../respondents';
import { registerSurveyLocales } from '../survey/locales';

/**
 * The columns of a research export, and one response flattened into them.
 *
 * The columns come from the questionnaire's definitions, never from the responses being
 * exported: the union over every version, in the order the questions appear (a question added
 * in a later version is placed after the question it follows there). Two exports of the same
 * questionnaire, whatever their filters, therefore have the same header and line up.
 *
 * One column per answer value, named from question names:
 *
 *     single choice, rating, text, boolean   role, score, short, agree
 *     checkbox                                channels_email, channels_web … (1 chosen, 0 not)
 *     "other" text, comment                   role_other_text, likert_comment
 *     single-choice matrix                    likert_a, likert_b (one per row)
 *     multi-column matrix                     grid_r1_used, grid_r1_tools_a (row × column [× choice])
 *     ranking                                 order_p, order_q (the item's rank, 1 = first)
 *     multiple text                           contact_team, contact_count
 *     dynamic matrix / dynamic panel          datasets_1_title, datasets_2_title … events_1_event_name
 *
 * Dynamic questions get numbered columns up to a count that does not depend on the filters:
 * the definition's declared maxRowCount / maxPanelCount when it is at most MAX_DECLARED_COUNT
 * (stable for good), otherwise the largest count among all stored responses to the
 * questionnaire (it can grow as responses arrive, but never differs between two exports taken
 * at the same time). Always at least one, so the codebook shows what a row holds.
 */

export type Texts = Record<Locale, string>;
export type CodeValue = string | number | boolean;

export interface Code {
	/** The code written to the export. */
	value: CodeValue;
	label: Texts;
	/** The value as stored, when the export writes another code for it (a round's id → its slug). */
	stored?: CodeValue;
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
	'locale',
	'status',
	'startedAt',
	'submittedAt',
	'duration'
] as const;
export type MetaField = (typeof metaFields)[number];

type Path = readonly (string | number)[];

export type ColumnSource =
	| { from: 'meta'; field: MetaField }
	/** The value at `path` in the answers. */
	| { from: 'answer'; path: Path }
	/** 1 if the list (or value) at `path` holds `choice`, 0 if not. */
	| { from: 'choice'; path: Path; choice: CodeValue }
	/** The position (1-based) of `choice` in the list at `path`. */
	| { from: 'rank'; path: Path; choice: CodeValue };

export interface Column {
	/** The header: letters, digits and `_` only, unique in the export. */
	name: string;
	/** The question's value name; empty for the response's own fields (metadata). */
	question: string;
	/** Which part of the question: a choice, a row, `row.column`, `2.title`; empty for the whole. */
	item: string;
	type: ColumnType;
	source: ColumnSource;
	questionText: Texts;
	itemText: Texts;
	/** The allowed codes and their labels, for `code`, `boolean`, `binary` and `rank` columns. */
	codes: Code[];
	/** The definition versions the column appears in, oldest first. */
	versions: string[];
}

/** One version of the questionnaire, as served. */
export interface ExportDefinition {
	version: string;
	json: Record<string, unknown>;
}

export interface RoundInfo {
	id: string;
	slug: string;
	name: string;
}

export interface ExportContext {
	/** The questionnaire's rounds, so the round column holds readable slugs and names. */
	rounds?: readonly RoundInfo[];
	/** Every stored answer set of the questionnaire (not only those exported): dynamic counts. */
	allAnswers?: Iterable<Record<string, unknown>>;
}

/** A declared maxRowCount / maxPanelCount up to this many becomes the number of columns. */
export const MAX_DECLARED_COUNT = 20;

export const metaColumnNames: Record<MetaField, string> = {
	id: 'response_id',
	surveyId: 'questionnaire',
	surveyVersion: 'version',
	round: 'round',
	audience: 'audience',
	municipality: 'municipality',
	locale: 'language',
	status: 'status',
	startedAt: 'started_at',
	submittedAt: 'submitted_at',
	duration: 'duration_seconds'
};

const metaTypes: Record<MetaField, ColumnType> = {
	id: 'id',
	surveyId: 'id',
	surveyVersion: 'code',
	round: 'code',
	audience: 'code',
	municipality: 'code',
	locale: 'code',
	status: 'code',
	startedAt: 'datetime',
	submittedAt: 'datetime',
	duration: 'number'
};

// ---------------------------------------------------------------------------------------------
// Columns

const textsFrom = (read: (locale: Locale) => string): Texts =>
	Object.fromEntries(locales.map((l) => [l, read(l)])) as Texts;

const catalogueTexts = (key: MessageKey): Texts => textsFrom((l) => translate(l, key));

const sameTexts = (text: string): Texts => textsFrom(() => text);

const noTexts = sameTexts('');

/**
 * A SurveyJS text in one language, without switching the model's locale (slow, and it would
 * process `{variables}`): the text given for that language, else the default text, else Bokmål,
 * else SurveyJS's own wording (for "Other", "None", "Yes" …), else `fallback`.
 */
function localText(text: LocalizableString | undefined, locale: Locale, fallback: string): string {
	if (!text) return fallback;
	const given =
		text.getLocaleText(locale) ||
		text.getLocaleText('default') ||
		text.getLocaleText('') ||
		text.getLocaleText('nb') ||
		text.getLocaleText('en');
	if (given) return given;
	const name = (text as unknown as { localizationName?: string }).localizationName;
	return (name && surveyLocalization.getString(name, locale)) || fallback;
}

const textsOf = (text: LocalizableString | undefined, fallback: string): Texts =>
	textsFrom((l) => localText(text, l, fallback));

const itemCode = (item: ItemValue): Code => ({
	value: item.value as CodeValue,
	label: textsOf(item.locText, String(item.value))
});

/** A column before the union over versions gives it its name and versions. */
interface Draft {
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
}

/** Where a value sits: its path in the answers, and how its column is named and described. */
interface Place {
	question: string;
	questionText: Texts;
	path: (string | number)[];
	nameParts: string[];
	itemParts: string[];
	itemTexts: Texts[];
	/** Value names of the dynamic questions this place is inside, outermost first. */
	dynamics: string[];
}

interface Build {
	drafts: Draft[];
	/** Dynamic questions met (by path of value names) and the largest count any version declares. */
	declared: Map<string, number>;
	count(dynamics: string[]): number;
}

const joinTexts = (parts: Texts[]): Texts =>
	textsFrom((l) =>
		parts
			.map((p) => p[l])
			.filter(Boolean)
			.join(' – ')
	);

/** A part of the value at `place`: one step further into the answers (a row, an item …). */
function deeper(place: Place, step: string | number, name: string, text: Texts): Place {
	return { ...named(place, name, text), path: [...place.path, step] };
}

/** A column of the value at `place` itself (a choice of a checkbox, an item of a ranking). */
function named(place: Place, name: string, text: Texts): Place {
	return {
		...place,
		nameParts: [...place.nameParts, name],
		itemParts: [...place.itemParts, name],
		itemTexts: [...place.itemTexts, text]
	};
}

function addDraft(
	build: Build,
	place: Place,
	type: ColumnType,
	source: ColumnSource,
	codes: Code[] = [],
	extra?: { name: string; text: Texts }
) {
	const nameParts = extra ? [...place.nameParts, extra.name] : place.nameParts;
	const itemParts = extra ? [...place.itemParts, extra.name] : place.itemParts;
	const itemTexts = extra ? [...place.itemTexts, extra.text] : place.itemTexts;
	build.drafts.push({
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
		codes
	});
}

/** Choices as SurveyJS shows them: the list (or a numeric range), then none, refuse, don't know, other. */
function choiceCodes(q: Question & Record<string, unknown>): {
	codes: Code[];
	other: boolean;
	open: boolean;
} {
	let source = q;
	if (typeof q.choicesFromQuestion === 'string' && q.choicesFromQuestion) {
		const from = q.survey?.getQuestionByName(q.choicesFromQuestion) as typeof q | null;
		if (from) source = from;
	}
	const codes = ((source.choices as ItemValue[] | undefined) ?? []).map(itemCode);
	const min = Number(source.choicesMin);
	const max = Number(source.choicesMax);
	const step = Number(source.choicesStep) > 0 ? Number(source.choicesStep) : 1;
	if (Number.isFinite(min) && Number.isFinite(max) && max > min) {
		for (let n = min; n <= max && codes.length < 10_000; n += step)
			codes.push({ value: n, label: sameTexts(String(n)) });
	}
	const special = (show: unknown, item: unknown) => {
		if (show === true && item) codes.push(itemCode(item as ItemValue));
	};
	special(source.showNoneItem ?? source.hasNone, source.noneItem);
	special(source.showRefuseItem, source.refuseItem);
	special(source.showDontKnowItem, source.dontKnowItem);
	const other = (source.showOtherItem ?? source.hasOther) === true && Boolean(source.otherItem);
	special(other, source.otherItem);
	const open = Boolean((q.choicesByUrl as { url?: string } | undefined)?.url);
	return { codes, other, open };
}

/** The "other" text, or the comment box, stored beside the value as `<name>-Comment`. */
function addCommentColumn(build: Build, place: Place, q: Question & Record<string, unknown>) {
	const hasOther = choiceKinds.has(q.getType()) && choiceCodes(q).other;
	const hasComment = Boolean(q.showCommentArea ?? q.hasComment);
	if (!hasOther && !hasComment) return;
	const last = place.path.length - 1;
	const path = [
		...place.path.slice(0, last),
		`${String(place.path[last])}${settings.commentSuffix}`
	];
	addDraft(
		build,
		place,
		'text',
		{ from: 'answer', path },
		[],
		hasOther
			? { name: 'other_text', text: catalogueTexts('export.otherText') }
			: { name: 'comment', text: catalogueTexts('export.comment') }
	);
}

const choiceKinds = new Set(['radiogroup', 'dropdown', 'checkbox', 'tagbox', 'imagepicker']);

/** The columns of one question (or matrix cell, or question in a dynamic panel) at `place`. */
function addQuestion(build: Build, q: Question & Record<string, unknown>, place: Place): void {
	const type = q.getType();
	const value = (path: Path = place.path): ColumnSource => ({ from: 'answer', path });
	switch (type) {
		case 'html':
		case 'image':
			return;
		case 'text': {
			const numeric = q.inputType === 'number' || q.inputType === 'range';
			addDraft(build, place, numeric ? 'number' : 'text', value());
			break;
		}
		case 'comment':
			addDraft(build, place, 'text', value());
			return;
		case 'radiogroup':
		case 'dropdown':
		case 'checkbox':
		case 'tagbox':
		case 'imagepicker': {
			const { codes, open } = choiceCodes(q);
			const multi =
				type === 'checkbox' ||
				type === 'tagbox' ||
				(type === 'imagepicker' && q.multiSelect === true);
			if (!multi) addDraft(build, place, 'code', value(), codes);
			else if (open) {
				// Choices loaded at run time cannot be listed: the chosen values, as stored.
				addDraft(build, place, 'value', value());
			} else {
				for (const code of codes) {
					addDraft(
						build,
						named(place, String(code.value), code.label),
						'binary',
						{ from: 'choice', path: place.path, choice: code.value },
						[
							{ value: 1, label: catalogueTexts('export.chosen') },
							{ value: 0, label: catalogueTexts('export.notChosen') }
						]
					);
				}
			}
			break;
		}
		case 'rating':
			addDraft(
				build,
				place,
				'code',
				value(),
				((q.visibleRateValues as ItemValue[] | undefined) ?? []).map(itemCode)
			);
			break;
		case 'boolean': {
			const labelTrue = textsOf(q.locLabelTrue as LocalizableString, 'true');
			const labelFalse = textsOf(q.locLabelFalse as LocalizableString, 'false');
			const valueTrue = q.valueTrue as CodeValue | undefined;
			const valueFalse = q.valueFalse as CodeValue | undefined;
			if (valueTrue === undefined && valueFalse === undefined) {
				addDraft(build, place, 'boolean', value(), [
					{ value: 1, stored: true, label: labelTrue },
					{ value: 0, stored: false, label: labelFalse }
				]);
			} else {
				addDraft(build, place, 'code', value(), [
					{ value: valueTrue ?? true, label: labelTrue },
					{ value: valueFalse ?? false, label: labelFalse }
				]);
			}
			break;
		}
		case 'ranking': {
			const { codes } = choiceCodes(q);
			codes.forEach((code, i, all) =>
				addDraft(
					build,
					named(place, String(code.value), code.label),
					'rank',
					{ from: 'rank', path: place.path, choice: code.value },
					all.map((_, r) => ({ value: r + 1, label: sameTexts(String(r + 1)) }))
				)
			);
			return;
		}
		case 'matrix': {
			const columns = ((q.columns as ItemValue[] | undefined) ?? []).map(itemCode);
			for (const row of (q.rows as ItemValue[] | undefined) ?? []) {
				const at = deeper(place, String(row.value), String(row.value), itemCode(row).label);
				addDraft(build, at, 'code', value(at.path), columns);
			}
			break;
		}
		case 'matrixdropdown':
		case 'matrixdynamic': {
			const cells = matrixCells(q);
			if (type === 'matrixdropdown') {
				for (const row of (q.rows as ItemValue[] | undefined) ?? []) {
					const at = deeper(place, String(row.value), String(row.value), itemCode(row).label);
					for (const cell of cells) addQuestion(build, cell.question, cellPlace(at, cell));
				}
			} else {
				const dynamics = [...place.dynamics, String(place.path[place.path.length - 1])];
				noteDeclared(build, dynamics, Number(q.maxRowCount), settings.matrix.maxRowCount);
				for (let i = 0; i < build.count(dynamics); i++) {
					const at = { ...deeper(place, i, String(i + 1), sameTexts(String(i + 1))), dynamics };
					for (const cell of cells) addQuestion(build, cell.question, cellPlace(at, cell));
				}
			}
			break;
		}
		case 'multipletext':
			for (const item of (q.items as {
				name: string;
				inputType?: string;
				locTitle?: LocalizableString;
			}[]) ?? []) {
				const at = deeper(place, item.name, item.name, textsOf(item.locTitle, item.name));
				addDraft(build, at, item.inputType === 'number' ? 'number' : 'text', value(at.path));
			}
			break;
		case 'paneldynamic': {
			const dynamics = [...place.dynamics, String(place.path[place.path.length - 1])];
			noteDeclared(build, dynamics, Number(q.maxPanelCount), settings.panel.maxPanelCount);
			const template = (q.template as { questions: Question[] } | undefined)?.questions ?? [];
			for (let i = 0; i < build.count(dynamics); i++) {
				const panel = { ...deeper(place, i, String(i + 1), sameTexts(String(i + 1))), dynamics };
				for (const inner of template) {
					const name = inner.getValueName();
					addQuestion(
						build,
						inner as Question & Record<string, unknown>,
						deeper(panel, name, name, textsOf(inner.locTitle, inner.name))
					);
				}
			}
			return;
		}
		default:
			// Expressions, signatures, files, custom types: the value as stored.
			addDraft(build, place, 'value', value());
	}
	addCommentColumn(build, place, q);
}

interface Cell {
	name: string;
	text: Texts;
	question: Question & Record<string, unknown>;
}

function matrixCells(q: Question & Record<string, unknown>): Cell[] {
	const cells: Cell[] = [];
	for (const column of (q.columns as {
		name: string;
		locTitle?: LocalizableString;
		templateQuestion?: Question;
	}[]) ?? []) {
		if (!column.templateQuestion) continue;
		cells.push({
			name: column.name,
			text: textsOf(column.locTitle, column.name),
			question: column.templateQuestion as Question & Record<string, unknown>
		});
	}
	return cells;
}

const cellPlace = (row: Place, cell: Cell): Place => deeper(row, cell.name, cell.name, cell.text);

function noteDeclared(build: Build, dynamics: string[], declared: number, defaultMax: number) {
	// SurveyJS reports its own default (1000 rows, 100 panels) when nothing is declared.
	const max =
		Number.isFinite(declared) && declared > 0 && declared < defaultMax ? declared : Infinity;
	const key = JSON.stringify(dynamics);
	build.declared.set(key, Math.max(build.declared.get(key) ?? 0, max));
}

/**
 * survey-core's reading of a definition, kept while the definition object lives: building it
 * takes 30–100 ms for a large questionnaire, and every export needs it twice or more. Only read,
 * never changed (not even its locale), so sharing it is safe.
 */
const models = new WeakMap<object, Model>();

function modelOf(json: Record<string, unknown>): Model {
	let model = models.get(json);
	if (!model) {
		model = new Model(json);
		models.set(json, model);
	}
	return model;
}

/** The columns of one version, with dynamic questions numbered by `count`. */
function versionDrafts(json: Record<string, unknown>, count: Build['count']): Build {
	const model = modelOf(json);
	const build: Build = { drafts: [], declared: new Map(), count };
	// Questions of pages and panels; matrix cells and dynamic panels' questions are reached from
	// their question, so that their values are found where SurveyJS stores them.
	for (const q of model.getAllQuestions(false, false, false) as Question[]) {
		const name = q.getValueName();
		addQuestion(build, q as Question & Record<string, unknown>, {
			question: name,
			questionText: textsOf(q.locTitle, q.name),
			path: [name],
			nameParts: [name],
			itemParts: [],
			itemTexts: [],
			dynamics: []
		});
	}
	return build;
}

/** The largest list at the end of a chain of dynamic questions, over all answer sets. */
function largestStored(answers: Iterable<Record<string, unknown>>, dynamics: string[]): number {
	const largestIn = (value: unknown, depth: number): number => {
		const list = (value as Record<string, unknown> | null)?.[dynamics[depth]];
		if (!Array.isArray(list)) return 0;
		if (depth === dynamics.length - 1) return list.length;
		let most = 0;
		for (const item of list)
			if (item && typeof item === 'object') most = Math.max(most, largestIn(item, depth + 1));
		return most;
	};
	let most = 0;
	for (const answerSet of answers) most = Math.max(most, largestIn(answerSet, 0));
	return most;
}

/** Letters (any script), digits and `_`: a name R, SPSS, Stata and pandas all accept. */
const namePart = (part: string) => part.normalize('NFC').replace(/[^\p{L}\p{N}_]+/gu, '_');

const codeKey = (value: unknown) => `${typeof value}:${String(value)}`;

function mergeCodes(into: Code[], from: Code[]): Code[] {
	const out = [...into];
	for (const code of from) {
		const at = out.findIndex(
			(c) => codeKey(c.stored ?? c.value) === codeKey(code.stored ?? code.value)
		);
		if (at >= 0) out[at] = code;
		else out.push(code);
	}
	return out;
}

/**
 * Every column of an export of this questionnaire, from its definitions (every version, oldest
 * first): metadata first, then the union of the versions' answer columns.
 */
export function exportColumns(
	definitions: readonly ExportDefinition[],
	context: ExportContext = {}
): Column[] {
	registerSurveyLocales();
	const allVersions = definitions.map((d) => d.version);

	// First pass: which dynamic questions there are and what they declare; then their counts.
	const declared = new Map<string, number>();
	for (const definition of definitions) {
		for (const [key, max] of versionDrafts(definition.json, () => 1).declared)
			declared.set(key, Math.max(declared.get(key) ?? 0, max));
	}
	const counts = new Map<string, number>();
	for (const [key, max] of declared) {
		const stored = context.allAnswers ? largestStored(context.allAnswers, JSON.parse(key)) : 0;
		counts.set(key, Math.max(max <= MAX_DECLARED_COUNT ? max : 0, stored, 1));
	}
	const count = (dynamics: string[]) => counts.get(JSON.stringify(dynamics)) ?? 1;

	// The union: a column new in a version goes after the column it follows in that version.
	const merged: (Draft & { versions: string[] })[] = [];
	const index = new Map<string, number>();
	for (const definition of definitions) {
		let after = -1;
		for (const draft of versionDrafts(definition.json, count).drafts) {
			const at = index.get(draft.key);
			if (at !== undefined) {
				const known = merged[at];
				// The newest wording and labels win; a changed type makes the column "as stored".
				merged[at] = {
					...draft,
					type: known.type === draft.type ? draft.type : 'value',
					codes: mergeCodes(known.codes, draft.codes),
					versions: known.versions.includes(definition.version)
						? known.versions
						: [...known.versions, definition.version]
				};
				after = at;
				continue;
			}
			merged.splice(after + 1, 0, { ...draft, versions: [definition.version] });
			after++;
			index.clear();
			merged.forEach((m, i) => index.set(m.key, i));
		}
	}

	const columns: Column[] = metaColumns(allVersions, context.rounds ?? []);
	const used = new Set(columns.map((c) => c.name));
	for (const draft of merged) {
		const base = draft.nameParts.map(namePart).join('_');
		let name = base;
		for (let n = 2; used.has(name); n++) name = `${base}_${n}`;
		used.add(name);
		columns.push({
			name,
			question: draft.question,
			item: draft.item,
			type: draft.type,
			source: draft.source,
			questionText: draft.questionText,
			itemText: draft.itemText,
			codes: draft.codes,
			versions: draft.versions
		});
	}
	return columns;
}

function metaColumns(versions: string[], rounds: readonly RoundInfo[]): Column[] {
	const codes: Partial<Record<MetaField, Code[]>> = {
		surveyVersion: versions.map((v) => ({ value: v, label: sameTexts(v) })),
		round: [
			{ value: 'default', label: catalogueTexts('export.defaultRound') },
			...rounds.map((r) => ({ value: r.slug, stored: r.id, label: sameTexts(r.name) }))
		],
		audience: audiences.map((a) => ({ value: a, label: catalogueTexts(`audience.${a}`) })),
		municipality: knownMunicipalities.map((m) => ({ value: m.slug, label: sameTexts(m.name) })),
		locale: locales.map((l) => ({ value: l, label: sameTexts(localeNames[l]) })),
		status: [{ value: 'complete', label: catalogueTexts('export.complete') }]
	};
	return metaFields.map((field) => ({
		name: metaColumnNames[field],
		question: '',
		item: '',
		type: metaTypes[field],
		source: { from: 'meta', field },
		questionText: catalogueTexts(`export.meta.${field}`),
		itemText: noTexts,
		codes: codes[field] ?? [],
		versions
	}));
}

// ---------------------------------------------------------------------------------------------
// Rows

/** What a response needs to be flattened; a stored response has all of it. */
export interface ExportableResponse {
	id: string;
	surveyId: string;
	surveyVersion: string;
	roundId: string;
	answers: Record<string, unknown>;
	audience: string | null;
	municipality: string | null;
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
