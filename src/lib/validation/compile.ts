import { ConditionRunner, settings } from 'survey-core';
import { readQuestions } from '../questions/read';
import { kindOf } from '../questions/registry';
import type { QuestionDescription, QuestionSet, ValidatorSpec } from '../questions/types';
import {
	DEFAULT_COMMENT_MAX,
	textLimit,
	type CompiledQuestion,
	type CompiledValidator,
	type CompiledValidatorSet,
	type Field,
	type OtherRule,
	type Primitive,
	type RuleContext
} from './rules';

/**
 * A validator compiled once per definition version.
 *
 * survey-core's own `validate()` is the reference, but on the server it is both too lenient
 * (it drops unknown choice values silently and keeps unknown keys) and too slow (7–36 ms per
 * submission on a realistic questionnaire; see shared/tech-notes.md). So the definition's
 * questions (read once, src/lib/questions/) become plain rules — allowed keys, value types,
 * choices, ranges, matrix rows and columns, lengths; each kind declares its own — and each
 * submission is checked against them in microseconds (check.ts). Conditions (`visibleIf`,
 * `requiredIf`, expression validators) still run in survey-core's own expression engine, so they
 * mean exactly what they mean in the browser.
 *
 * A few SurveyJS features cannot be reduced to rules (triggers that write values, calculated
 * values, custom question types, unknown validators). A definition that uses them keeps the
 * structural checks here and is additionally validated by a survey-core model (`needsModel`).
 */

export * from './rules';
export { isEmptyValue } from './check-support';
export { validateAnswers } from './check';

const condition = (expression: string | undefined) =>
	expression ? new ConditionRunner(expression) : undefined;

export function compileDefinition(json: Record<string, unknown>): CompiledValidatorSet {
	return compileQuestions(readQuestions(json));
}

export function compileQuestions(set: QuestionSet): CompiledValidatorSet {
	const modelReasons = [...set.survey.modelFeatures];
	const keys = new Map<string, CompiledQuestion>();
	const questions: CompiledQuestion[] = [];
	const ctx: RuleContext = {
		textMax: set.survey.maxTextLength,
		commentMax: set.survey.maxCommentLength,
		reasons: modelReasons,
		field: (question) => compileField(question, ctx)
	};

	for (const question of set.questions) {
		const field = compileField(question, ctx);
		if (!field) continue;
		const compiled: CompiledQuestion = {
			...field,
			visibleIf: question.visibleIf.map((expression) => new ConditionRunner(expression)),
			alwaysHidden: question.alwaysHidden,
			requiredIf: condition(question.requiredIf)
		};
		if ('totals' in question && question.totals)
			compiled.totalsKey = field.key + settings.matrix.totalsSuffix;
		for (const key of [compiled.key, compiled.commentKey, compiled.totalsKey]) {
			if (!key) continue;
			if (keys.has(key)) modelReasons.push(`value name "${key}" shared by two questions`);
			keys.set(key, compiled);
		}
		questions.push(compiled);
	}

	return {
		questions,
		keys,
		keepHiddenValues: set.survey.keepHiddenValues,
		needsModel: modelReasons.length > 0,
		modelReasons
	};
}

function compileValidators(question: QuestionDescription, ctx: RuleContext): CompiledValidator[] {
	const out: CompiledValidator[] = [];
	for (const spec of question.validators as ValidatorSpec[]) {
		switch (spec.t) {
			case 'regex':
				try {
					out.push({
						t: 'regex',
						regex: new RegExp(spec.pattern, spec.caseInsensitive ? 'i' : '')
					});
				} catch {
					ctx.reasons.push(`invalid regex on "${question.name}"`);
				}
				break;
			case 'expression':
				out.push({ t: 'expression', runner: new ConditionRunner(spec.expression) });
				break;
			case 'unsupported':
				ctx.reasons.push(`validator "${spec.type}" on "${question.name}"`);
				break;
			default:
				out.push(spec);
		}
	}
	return out;
}

/** The plain rule for one question's value, or null for questions that hold no value. */
function compileField(question: QuestionDescription, ctx: RuleContext): Field | null {
	const kind = kindOf(question);
	const validators = compileValidators(question, ctx);
	const rule = kind.rule(question, ctx);
	if (!rule) return null;
	const key = question.valueName;
	// A computed value is never the respondent's to give, so never required of them.
	const field: Field = {
		key,
		rule,
		required: question.kind === 'expression' ? false : question.required,
		validators
	};
	if (!kind.comments) return field;
	const otherValue = 'choices' in question ? question.choices.otherValue : undefined;
	const other = (value: Primitive | null): OtherRule => ({
		otherValue: value,
		required: value !== null,
		max: textLimit(question.maxOtherLength, ctx.commentMax, DEFAULT_COMMENT_MAX)
	});
	const commentKey = key + settings.commentSuffix;
	if (otherValue !== undefined) return { ...field, commentKey, other: other(otherValue) };
	if (question.commentArea) return { ...field, commentKey, other: other(null) };
	return field;
}
