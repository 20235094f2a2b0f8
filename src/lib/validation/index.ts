import type { Model } from 'survey-core';
import { newSurveyModel } from '../questions/model';
import {
	compileDefinition,
	validateAnswers,
	type CompiledValidatorSet,
	type ValidationContext,
	type ValidationResult
} from './compile';

export type { AnswerError, ValidationContext, ValidationResult, ValidationCode } from './compile';
export { isEmptyValue } from './compile';

/**
 * Validates submissions to one definition version. Built once per version and reused: building
 * costs milliseconds, checking microseconds.
 */
export class DefinitionValidator {
	readonly compiled: CompiledValidatorSet;
	/** survey-core's model, kept only for definitions whose features the rules cannot express. */
	private readonly model: Model | null;

	constructor(json: Record<string, unknown>) {
		this.compiled = compileDefinition(json);
		this.model = this.compiled.needsModel ? newSurveyModel(json) : null;
	}

	validate(answers: unknown, context: ValidationContext): ValidationResult {
		const result = validateAnswers(this.compiled, answers, context);
		if (!result.ok || !this.model) return result;
		return validateWithModel(this.model, result.answers, context);
	}
}

/**
 * The reference check: survey-core's own validation on a reused model. Used for definitions
 * with triggers, calculated values or custom parts, and by the tests as the yardstick the
 * compiled rules are compared against.
 */
export function validateWithModel(
	model: Model,
	answers: Record<string, unknown>,
	context: ValidationContext
): ValidationResult {
	model.clear(true, true);
	model.setVariable('audience', context.audience);
	model.setVariable('municipality', context.municipality);
	model.setVariable('locale', context.locale);
	model.data = answers;
	// validate(fireCallback, focusOnFirstError): undefined means an async validator is pending,
	// which a server cannot wait for; treat it as a failure rather than accept unchecked data.
	const valid = model.validate(false, false);
	if (valid === true) return { ok: true, answers };
	const errors = model
		.getAllQuestions(true)
		.filter((q) => q.errors.length > 0)
		.map((q) => ({ question: q.getValueName(), code: 'invalid' as const }));
	return {
		ok: false,
		errors: errors.length > 0 ? errors : [{ question: '', code: 'invalid' as const }]
	};
}
