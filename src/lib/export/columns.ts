import { localeNames, locales } from '../i18n/locales';
import { readQuestions } from '../questions/read';
import { kindOf } from '../questions/registry';
import { sameTexts } from '../questions/texts';
import type { QuestionDescription } from '../questions/types';
import { municipalities, NO_MUNICIPALITY } from '../municipalities';
import { audiences } from '../respondents';
import {
	catalogueTexts,
	DraftSink,
	metaFields,
	type Code,
	type ColumnSink,
	type ColumnSource,
	type ColumnType,
	type Draft,
	type MetaField,
	type Place,
	type Texts
} from './drafts';
import { settings } from 'survey-core';

/**
 * The columns of a research export (rows.ts flattens a response into them).
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

export type { Code, CodeValue, ColumnSource, ColumnType, MetaField, Texts } from './drafts';
export { metaFields } from './drafts';
export {
	flattenResponse,
	longHeader,
	longRows,
	neutraliseFormula,
	type ExportableResponse,
	type FlattenOptions
} from './rows';

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
	/** The codes are the points of a scale, in order (a rating, a Likert matrix). */
	ordered: boolean;
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
	/**
	 * Or the largest stored count of each dynamic question, already found (by `dynamicPaths`
	 * and `largestStored` over every stored answer set): a store that reads its responses a batch
	 * at a time finds them in one pass (server/views/export.ts).
	 */
	storedCounts?: ReadonlyMap<string, number>;
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
	verified: 'verified',
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
	verified: 'boolean',
	locale: 'code',
	status: 'code',
	startedAt: 'datetime',
	submittedAt: 'datetime',
	duration: 'number'
};

const noTexts = sameTexts('');

/** The columns of one question (or matrix cell, or question in a dynamic panel) at `place`. */
function addQuestion(sink: ColumnSink, question: QuestionDescription, place: Place): void {
	const kind = kindOf(question);
	kind.columns(question, place, sink);
	if (kind.comments) addCommentColumn(sink, question, place);
}

/** The "other" text, or the comment box, stored beside the value as `<name>-Comment`. */
function addCommentColumn(sink: ColumnSink, question: QuestionDescription, place: Place) {
	const hasOther = 'choices' in question && question.choices.otherValue !== undefined;
	if (!hasOther && !question.commentArea) return;
	const last = place.path.length - 1;
	const path = [
		...place.path.slice(0, last),
		`${String(place.path[last])}${settings.commentSuffix}`
	];
	sink.add(place, 'text', { from: 'answer', path }, [], {
		part: hasOther
			? { name: 'other_text', text: catalogueTexts('export.otherText') }
			: { name: 'comment', text: catalogueTexts('export.comment') }
	});
}

/** The columns of one version, with dynamic questions numbered by `count`. */
function versionDrafts(json: Record<string, unknown>, count: (dynamics: string[]) => number) {
	const sink = new DraftSink(count, addQuestion);
	// Questions of pages and panels; matrix cells and dynamic panels' questions are reached from
	// their question, so that their values are found where SurveyJS stores them.
	for (const question of readQuestions(json).questions) {
		const name = question.valueName;
		addQuestion(sink, question, {
			question: name,
			questionText: question.title,
			path: [name],
			nameParts: [name],
			itemParts: [],
			itemTexts: [],
			dynamics: []
		});
	}
	return sink;
}

/** The largest list at the end of a chain of dynamic questions, over all answer sets. */
export function largestStored(
	answers: Iterable<Record<string, unknown>>,
	dynamics: string[]
): number {
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

type DraftWithVersions = Draft & { versions: string[] };

/**
 * The codes of two versions of a column: the newer labels win, a code new in the later version
 * (number `since`) goes last. So the list is in the order of first appearance, oldest version
 * first, which is what keeps the numeric coding for analysis stable (analysis/coding.ts).
 */
function mergeCodes(into: Code[], from: Code[], since: number): Code[] {
	const out = [...into];
	for (const code of from) {
		const at = out.findIndex(
			(c) => codeKey(c.stored ?? c.value) === codeKey(code.stored ?? code.value)
		);
		if (at >= 0) out[at] = { ...code, since: out[at].since };
		else out.push({ ...code, since });
	}
	return out;
}

/**
 * The dynamic questions (dynamic matrices and panels, as the path of names to their list) whose
 * stored counts decide how many numbered columns they get; keyed as `storedCounts` is.
 */
export function dynamicPaths(definitions: readonly ExportDefinition[]): Map<string, string[]> {
	const paths = new Map<string, string[]>();
	for (const definition of definitions)
		for (const key of versionDrafts(definition.json, () => 1).declared.keys())
			paths.set(key, JSON.parse(key));
	return paths;
}

/**
 * Every column of an export of this questionnaire, from its definitions (every version, oldest
 * first): metadata first, then the union of the versions' answer columns.
 */
export function exportColumns(
	definitions: readonly ExportDefinition[],
	context: ExportContext = {}
): Column[] {
	const allVersions = definitions.map((d) => d.version);

	// First pass: which dynamic questions there are and what they declare; then their counts.
	const declared = new Map<string, number>();
	for (const definition of definitions) {
		for (const [key, max] of versionDrafts(definition.json, () => 1).declared)
			declared.set(key, Math.max(declared.get(key) ?? 0, max));
	}
	const counts = new Map<string, number>();
	for (const [key, max] of declared) {
		const stored =
			context.storedCounts?.get(key) ??
			(context.allAnswers ? largestStored(context.allAnswers, JSON.parse(key)) : 0);
		counts.set(key, Math.max(max <= MAX_DECLARED_COUNT ? max : 0, stored, 1));
	}
	const count = (dynamics: string[]) => counts.get(JSON.stringify(dynamics)) ?? 1;

	// The union: a column new in a version goes after the column it follows in that version.
	const merged: DraftWithVersions[] = [];
	const index = new Map<string, number>();
	for (const [position, definition] of definitions.entries()) {
		let after = -1;
		for (const draft of versionDrafts(definition.json, count).drafts) {
			const at = index.get(draft.key);
			if (at !== undefined) {
				const known = merged[at];
				// The newest wording and labels win; a changed type makes the column "as stored".
				merged[at] = {
					...draft,
					type: known.type === draft.type ? draft.type : 'value',
					codes: mergeCodes(known.codes, draft.codes, position),
					ordered: known.ordered && draft.ordered,
					versions: known.versions.includes(definition.version)
						? known.versions
						: [...known.versions, definition.version]
				};
				after = at;
				continue;
			}
			merged.splice(after + 1, 0, {
				...draft,
				codes: mergeCodes([], draft.codes, position),
				versions: [definition.version]
			});
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
			ordered: draft.ordered,
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
		municipality: [
			...municipalities.map((m) => ({ value: m.slug, label: sameTexts(m.nb) })),
			{ value: NO_MUNICIPALITY, label: catalogueTexts('municipality.none') }
		],
		// Whether the answer came through an invitation link; never which one (records.ts).
		verified: [
			{ value: 1, stored: true, label: catalogueTexts('export.yes') },
			{ value: 0, stored: false, label: catalogueTexts('export.no') }
		],
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
		ordered: false,
		versions
	}));
}
