import type { Question, SurveyValidator } from 'survey-core';
import { num, positive } from './choices';
import type { ValidatorSpec } from './types';

/** A question's validators as plain data; one that plain rules cannot check is `unsupported`. */
export function readValidators(question: Question): ValidatorSpec[] {
	const out: ValidatorSpec[] = [];
	for (const validator of (question.validators ?? []) as (SurveyValidator &
		Record<string, unknown>)[]) {
		switch (validator.getType()) {
			case 'numericvalidator':
				out.push({ t: 'numeric', min: num(validator.minValue), max: num(validator.maxValue) });
				break;
			case 'textvalidator':
				out.push({
					t: 'text',
					min: positive(validator.minLength),
					max: positive(validator.maxLength),
					allowDigits: validator.allowDigits !== false
				});
				break;
			case 'answercountvalidator':
				out.push({
					t: 'count',
					min: positive(validator.minCount),
					max: positive(validator.maxCount)
				});
				break;
			case 'regexvalidator':
				out.push({
					t: 'regex',
					pattern: String(validator.regex ?? ''),
					caseInsensitive: Boolean(validator.caseInsensitive)
				});
				break;
			case 'emailvalidator':
				out.push({ t: 'email' });
				break;
			case 'expressionvalidator':
				if (typeof validator.expression === 'string' && validator.expression.trim())
					out.push({ t: 'expression', expression: validator.expression });
				break;
			default:
				out.push({ t: 'unsupported', type: validator.getType() });
		}
	}
	return out;
}
