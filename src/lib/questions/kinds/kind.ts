import type { Question } from 'survey-core';
import type { ColumnSink, Place } from '../../export/drafts';
import type { QuestionKind as SummaryKind } from '../../summary/plan';
import type { RuleContext, ValueRule } from '../../validation/rules';
import type {
	Choice,
	DescriptionOf,
	KindName,
	Primitive,
	QuestionBase,
	QuestionDescription
} from '../types';

/**
 * Everything the app asks of one kind of question, declared in one module per kind (or family
 * of kinds) and looked up through the registry (../registry.ts), as SurveyJS's own libraries
 * register a class per question type. Validation, the summaries, the export and the checker
 * ask the kind; none of them switches over SurveyJS's types.
 */
export interface KindModule<K extends KindName = KindName> {
	kind: K;
	/** What only this kind has, read from survey-core's question (the common part is read for it). */
	describe(question: Question, read: Reader): Omit<DescriptionOf<K>, keyof QuestionBase | 'kind'>;
	/** The rule its answer is checked against; null for a question that holds no answer. */
	rule(question: DescriptionOf<K>, ctx: RuleContext): ValueRule | null;
	/** Whether an "other" text or a comment box can be stored beside its answer. */
	comments: boolean;
	/** Its columns in a research export (the comment column is added for it). */
	columns(question: DescriptionOf<K>, place: Place, sink: ColumnSink): void;
	/** How the dashboard summarises it; null for a question it does not show. */
	summary(question: DescriptionOf<K>): SummaryShape | null;
	/**
	 * The values a maturity scoring item may give points for (`row`: a matrix row), or why it
	 * cannot be scored. Absent: this kind cannot be scored.
	 */
	scoring?(question: DescriptionOf<K>, row: string | undefined): ScoredValues;
}

export interface SummaryShape {
	kind: SummaryKind;
	/** Choices, scale points, matrix columns. */
	options: Choice[];
	/** Matrix rows, multiple-text items, matrix-dropdown rows. */
	rows: Choice[];
	/** Matrix-dropdown columns. */
	columns: Choice[];
}

export type ScoredValues = { values: Primitive[]; label: string } | { error: string };

/** Reads a question inside another (a matrix cell, a dynamic panel's question). */
export interface Reader {
	describe(question: Question): QuestionDescription;
}

export const shape = (
	kind: SummaryKind,
	parts: Partial<Omit<SummaryShape, 'kind'>> = {}
): SummaryShape => ({ kind, options: [], rows: [], columns: [], ...parts });

export type Props = Question & Record<string, unknown>;

/** Why a question of `type` cannot be scored (as a whole, or by `row`). */
export function cannotScore(type: string, row: string | undefined): ScoredValues {
	if (row !== undefined) {
		return {
			error: `scores row ${JSON.stringify(row)} of it, but only a "matrix" question has rows to score (it is a "${type}" question)`
		};
	}
	const hint = type === 'matrix' ? ': score a matrix row by row, with "row"' : '';
	return {
		error: `scores it, but only a "radiogroup" or "dropdown" question (or a row of a "matrix") can be scored, and it is a "${type}" question${hint}`
	};
}
