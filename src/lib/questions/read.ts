import type { Question } from 'survey-core';
import { allQuestions, isInsideDynamicPanel, surveyModel } from './model';
import { kindNameOf, kinds } from './registry';
import { textsOf } from './texts';
import type { QuestionBase, QuestionDescription, QuestionSet } from './types';
import { readValidators } from './validators';

/**
 * One survey-core reading per definition version: the questionnaire as plain descriptions of
 * its questions (see types.ts), kept while the definition object lives. Everything else —
 * validation rules, summary plans, export columns, the checker — is derived from this.
 */

const sets = new WeakMap<object, QuestionSet>();

export function readQuestions(json: Record<string, unknown>): QuestionSet {
	let set = sets.get(json);
	if (!set) {
		set = read(json);
		sets.set(json, set);
	}
	return set;
}

const hasText = (value: unknown): value is string =>
	typeof value === 'string' && value.trim() !== '';

interface Element {
	visible?: boolean;
	visibleIf?: string;
	parent?: unknown;
}

/** `visibleIf` of the question, then of each panel and the page around it. */
function visibilityChain(question: Question): string[] {
	const chain: string[] = [];
	let element: Element | null = question as unknown as Element;
	while (element) {
		if (hasText(element.visibleIf)) chain.push(element.visibleIf);
		element = element.parent as Element | null;
	}
	return chain;
}

/**
 * `visible: false` without a `visibleIf`: hidden whatever is answered. (The model has already
 * run every `visibleIf` once with no answers, so `visible` alone would also hide everything
 * that is merely conditional.)
 */
const staticallyHidden = (element: Element) =>
	element.visible === false && !hasText(element.visibleIf);

function alwaysHidden(question: Question): boolean {
	let element: Element | null = question as unknown as Element;
	while (element) {
		if (staticallyHidden(element)) return true;
		element = element.parent as Element | null;
	}
	return false;
}

function describe(question: Question): QuestionDescription {
	const q = question as Question & Record<string, unknown>;
	const kind = kindNameOf(question);
	const base: QuestionBase = {
		type: question.getType(),
		name: question.name,
		valueName: question.getValueName(),
		title: textsOf(question.locTitle, question.name),
		required: question.isRequired,
		requiredIf: hasText(question.requiredIf) ? question.requiredIf : undefined,
		visibleIf: visibilityChain(question),
		alwaysHidden: alwaysHidden(question),
		validators: readValidators(question),
		commentArea: Boolean(q.showCommentArea ?? q.hasComment),
		maxOtherLength: Number(q.maxOtherLength ?? -1)
	};
	const own = kinds[kind].describe(question, reader);
	return { ...base, ...own, kind } as QuestionDescription;
}

const reader = { describe };

function read(json: Record<string, unknown>): QuestionSet {
	const model = surveyModel(json);
	const listed = allQuestions(model);
	const questions = listed.filter((q) => !isInsideDynamicPanel(q)).map(describe);
	const byName = new Map<string, QuestionDescription>();
	const index = (list: QuestionDescription[]) => {
		for (const q of list) {
			if (!byName.has(q.name)) byName.set(q.name, q);
			if (q.kind === 'paneldynamic') index(q.template);
		}
	};
	index(questions);
	const modelFeatures: string[] = [];
	if ((model.triggers ?? []).length > 0) modelFeatures.push('triggers');
	if ((model.calculatedValues ?? []).length > 0) modelFeatures.push('calculated values');
	if (model.storeOthersAsComment === false) modelFeatures.push('storeOthersAsComment: false');
	return {
		questions,
		byName,
		all: listed.map((q) => ({ name: q.name, kind: kindNameOf(q) })),
		survey: {
			maxTextLength: model.maxTextLength > 0 ? model.maxTextLength : 0,
			maxCommentLength: model.maxCommentLength > 0 ? model.maxCommentLength : 0,
			keepHiddenValues: model.clearInvisibleValues === 'none',
			modelFeatures
		}
	};
}
