import { ConditionRunner } from 'survey-core';
import { META_KEY } from '../definitions/analyse';
import { readQuestions } from '../questions/read';
import { kindOf } from '../questions/registry';
import type { Texts } from '../questions/texts';
import type { QuestionSet } from '../questions/types';

/**
 * What the summaries need to know about a questionnaire, read once per definition version with
 * survey-core and then kept as plain data: each question's kind, texts in every language, its
 * choices, scale, rows and columns, and the conditions that show it.
 */

export type { Texts };

/** One summary kind per family of question kinds (each kind's module names its own). */
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
	/**
	 * Values meaning "not relevant" (the situation does not apply to the respondent): counted
	 * apart from the scale and from "don't know", so they never pull a mean down as a 1 would.
	 */
	notRelevant: (string | number)[];
	/** `visibleIf` of the question and its panels and page. */
	visibleIf: ConditionRunner[];
	/** The value names the conditions read, so their results can be memoised per combination. */
	conditionVariables: string[];
}

export interface SummaryPlan {
	questions: QuestionPlan[];
}

/**
 * The summary plan of one version: each question's summary kind and the options, rows and
 * columns it is counted over, as its kind declares them (src/lib/questions/kinds/). `dontKnow`
 * and `notRelevant` are the questionnaire's "don't know" and "not relevant" values
 * (`odb.dontKnowValues`, `odb.notRelevantValues`).
 */
export function planSummary(json: Record<string, unknown>): SummaryPlan {
	const meta = (json[META_KEY] ?? {}) as {
		dontKnowValues?: (string | number)[];
		notRelevantValues?: (string | number)[];
	};
	return planQuestions(
		readQuestions(json),
		meta.dontKnowValues ?? ['dont_know'],
		meta.notRelevantValues ?? ['not_relevant']
	);
}

export function planQuestions(
	set: QuestionSet,
	dontKnow: (string | number)[],
	notRelevant: (string | number)[] = ['not_relevant']
): SummaryPlan {
	const questions: QuestionPlan[] = [];
	for (const question of set.questions) {
		const shape = kindOf(question).summary(question);
		if (!shape) continue;
		const visibleIf = question.visibleIf.map((expression) => new ConditionRunner(expression));
		questions.push({
			name: question.valueName,
			kind: shape.kind,
			type: question.type,
			title: question.title,
			options: shape.options,
			rows: shape.rows,
			columns: shape.columns,
			dontKnow,
			notRelevant,
			visibleIf,
			conditionVariables: [...new Set(visibleIf.flatMap((r) => r.getVariables()))]
		});
	}
	return { questions };
}
