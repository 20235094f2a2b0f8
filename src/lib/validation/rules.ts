import type { ConditionRunner } from 'survey-core';
import type { MessageKey } from '../i18n/messages';
import type { Primitive } from '../questions/types';

/**
 * The plain rules a submission is checked against, compiled once per definition version
 * (compile.ts) from the question kinds' declarations (src/lib/questions/kinds/), and checked in
 * microseconds (check.ts).
 */

export type { Primitive };

type CodeOf<K> = K extends `validation.${infer C}` ? C : never;
export type ValidationCode = CodeOf<MessageKey>;

export interface AnswerError {
	/** The key in `answers` the error is about (a question's value name, or its comment key). */
	question: string;
	code: ValidationCode;
	params?: Record<string, string | number>;
}

export interface ValidationContext {
	audience: string | null;
	municipality: string | null;
	locale: string;
}

export type ValidationResult =
	{ ok: true; answers: Record<string, unknown> } | { ok: false; errors: AnswerError[] };

/** Limits for questions that declare none: every stored text has a bound. */
export const DEFAULT_TEXT_MAX = 4000;
export const DEFAULT_COMMENT_MAX = 20000;

export type ValueRule =
	| { t: 'string'; max: number; inputType?: string }
	| { t: 'number'; min?: number; max?: number }
	| { t: 'choice'; values: Primitive[]; anyValue?: boolean }
	| {
			t: 'choices';
			values: Primitive[];
			exclusive: Primitive[];
			min?: number;
			max?: number;
			anyValue?: boolean;
	  }
	| { t: 'boolean'; valueTrue: Primitive; valueFalse: Primitive }
	| { t: 'ranking'; values: Primitive[]; selectToRank: boolean; min?: number; max?: number }
	| { t: 'matrix'; rows: Primitive[]; columns: Primitive[]; allRowsRequired: boolean }
	| { t: 'object'; fields: Map<string, Field>; minItems?: number; maxItems?: number; list: boolean }
	| { t: 'primitive'; max: number }
	| { t: 'signature'; max: number };

/** A value inside a container: a matrix cell, a multiple-text item, a dynamic panel question. */
export interface Field {
	key: string;
	rule: ValueRule;
	required: boolean;
	commentKey?: string;
	other?: OtherRule;
	validators: CompiledValidator[];
}

export interface OtherRule {
	/** The choice value that opens the comment box ("other"); null when the comment box is always there. */
	otherValue: Primitive | null;
	required: boolean;
	max: number;
}

export type CompiledValidator =
	| { t: 'numeric'; min?: number; max?: number }
	| { t: 'text'; min?: number; max?: number; allowDigits: boolean }
	| { t: 'count'; min?: number; max?: number }
	| { t: 'regex'; regex: RegExp }
	| { t: 'email' }
	| { t: 'expression'; runner: ConditionRunner };

export interface CompiledQuestion extends Field {
	/** `visibleIf` of the question and of every panel and page it sits in. */
	visibleIf: ConditionRunner[];
	alwaysHidden: boolean;
	requiredIf?: ConditionRunner;
	/** `${name}-total` for matrices with a totals row: computed by SurveyJS in the browser. */
	totalsKey?: string;
}

export interface CompiledValidatorSet {
	questions: CompiledQuestion[];
	/** Every key `answers` may hold, mapped to the question that owns it. */
	keys: Map<string, CompiledQuestion>;
	keepHiddenValues: boolean;
	needsModel: boolean;
	/** Why the survey-core model is needed too (for reports and tests). */
	modelReasons: string[];
}

/**
 * What a kind needs to build its rule: the survey-wide text limits, where to note a feature
 * the rules cannot express, and the rule of a question inside it (a matrix cell, a dynamic
 * panel's question).
 */
export interface RuleContext {
	textMax: number;
	commentMax: number;
	reasons: string[];
	field(question: import('../questions/types').QuestionDescription): Field | null;
}

/** A declared limit, else the survey's, else ours. */
export function textLimit(declared: number, surveyWide: number, fallback: number): number {
	if (declared > 0) return declared;
	if (declared < 0 && surveyWide > 0) return surveyWide;
	return fallback;
}
