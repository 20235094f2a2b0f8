import {
	ConditionRunner,
	Model,
	type ItemValue,
	type LocalizableString,
	type Question
} from 'survey-core';
import { allQuestions, META_KEY } from '../definitions/analyse';
import { locales, type Locale } from '../i18n/locales';

/**
 * What the summaries need to know about a questionnaire, read once per definition version with
 * survey-core and then kept as plain data: each question's kind, texts in every language, its
 * choices, scale, rows and columns, and the conditions that show it.
 */

export type Texts = Record<Locale, string>;

/** One summary kind per family of SurveyJS question types (the table below). */
export type QuestionKind =
	| 'choice'
	| 'multi'
	| 'rating'
	| 'matrix'
	| 'ranking'
	| 'boolean'
	| 'number'
	| 'text'
	| 'multipletext'
	| 'matrixdropdown'
	| 'dynamic';

const kindOfType: Record<string, QuestionKind> = {
	radiogroup: 'choice',
	dropdown: 'choice',
	imagepicker: 'choice',
	checkbox: 'multi',
	tagbox: 'multi',
	rating: 'rating',
	matrix: 'matrix',
	ranking: 'ranking',
	boolean: 'boolean',
	text: 'text',
	comment: 'text',
	expression: 'number',
	multipletext: 'multipletext',
	matrixdropdown: 'matrixdropdown',
	matrixdynamic: 'dynamic',
	paneldynamic: 'dynamic'
};

export interface Option {
	value: string | number | boolean;
	label: Texts;
}

export interface QuestionPlan {
	name: string;
	kind: QuestionKind;
	type: string;
	title: Texts;
	/** Choices (choice, multi, ranking), scale points (rating), columns (matrix). */
	options: Option[];
	/** Matrix rows; multiple-text items; matrix-dropdown rows. */
	rows: Option[];
	/** Matrix-dropdown columns. */
	columns: Option[];
	/** Values meaning "don't know": counted apart from the scale. */
	dontKnow: (string | number)[];
	/** `visibleIf` of the question and its panels and page. */
	visibleIf: ConditionRunner[];
	/** The value names the conditions read, so their results can be memoised per combination. */
	conditionVariables: string[];
}

export interface SummaryPlan {
	questions: QuestionPlan[];
}

function texts(loc: LocalizableString | undefined, fallback: string): Texts {
	const out = {} as Texts;
	for (const locale of locales) {
		out[locale] =
			loc?.getLocaleText(locale) ||
			loc?.getLocaleText('default') ||
			loc?.getLocaleText('nb') ||
			fallback;
	}
	return out;
}

function options(items: ItemValue[] | undefined): Option[] {
	return (items ?? []).map((item) => ({
		value: item.value as Option['value'],
		label: texts(item.locText, String(item.value))
	}));
}

function conditionChain(question: Question): ConditionRunner[] {
	const runners: ConditionRunner[] = [];
	let element: { visibleIf?: string; parent?: unknown } | null = question as unknown as {
		visibleIf?: string;
		parent?: unknown;
	};
	while (element) {
		if (typeof element.visibleIf === 'string' && element.visibleIf.trim()) {
			runners.push(new ConditionRunner(element.visibleIf));
		}
		element = element.parent as typeof element;
	}
	return runners;
}

export function planSummary(json: Record<string, unknown>): SummaryPlan {
	const model = new Model(json);
	const meta = (json[META_KEY] ?? {}) as { dontKnowValues?: (string | number)[] };
	const dontKnow = meta.dontKnowValues ?? ['dont_know'];
	const questions: QuestionPlan[] = [];
	for (const question of allQuestions(model)) {
		if ((question as unknown as { parentQuestion?: Question }).parentQuestion) continue;
		const type = question.getType();
		let kind = kindOfType[type];
		if (!kind) continue;
		const q = question as Question & Record<string, unknown>;
		if (type === 'text' && (q.inputType === 'number' || q.inputType === 'range')) kind = 'number';
		if (type === 'imagepicker' && q.multiSelect) kind = 'multi';
		const visibleIf = conditionChain(question);
		const plan: QuestionPlan = {
			name: question.getValueName(),
			kind,
			type,
			title: texts(question.locTitle, question.name),
			options: [],
			rows: [],
			columns: [],
			dontKnow,
			visibleIf,
			conditionVariables: [...new Set(visibleIf.flatMap((r) => r.getVariables()))]
		};
		switch (kind) {
			case 'choice':
			case 'multi':
			case 'ranking': {
				plan.options = options(q.choices as ItemValue[]);
				for (const special of ['noneItem', 'refuseItem', 'dontKnowItem', 'otherItem'] as const) {
					const shown = {
						noneItem: q.showNoneItem,
						refuseItem: q.showRefuseItem,
						dontKnowItem: q.showDontKnowItem,
						otherItem: q.showOtherItem
					}[special];
					if (shown === true && q[special])
						plan.options.push(...options([q[special] as ItemValue]));
				}
				break;
			}
			case 'rating':
				plan.options = options(q.visibleRateValues as ItemValue[]);
				break;
			case 'matrix':
				plan.rows = options(q.rows as ItemValue[]);
				plan.options = options(q.columns as ItemValue[]);
				break;
			case 'boolean':
				plan.options = [
					{
						value: (q.valueTrue as Option['value']) ?? true,
						label: texts(q.locLabelTrue as LocalizableString, 'true')
					},
					{
						value: (q.valueFalse as Option['value']) ?? false,
						label: texts(q.locLabelFalse as LocalizableString, 'false')
					}
				];
				break;
			case 'multipletext':
				plan.rows = ((q.items as { name: string; locTitle: LocalizableString }[]) ?? []).map(
					(item) => ({
						value: item.name,
						label: texts(item.locTitle, item.name)
					})
				);
				break;
			case 'matrixdropdown':
				plan.rows = options(q.rows as ItemValue[]);
				plan.columns = ((q.columns as { name: string; locTitle: LocalizableString }[]) ?? []).map(
					(c) => ({
						value: c.name,
						label: texts(c.locTitle, c.name)
					})
				);
				break;
		}
		questions.push(plan);
	}
	return { questions };
}
