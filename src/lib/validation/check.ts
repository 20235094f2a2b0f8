import { settings } from 'survey-core';
import {
	ErrorList,
	checkValidators,
	emailPattern,
	includesValue,
	isEmptyValue,
	isListOf,
	isPlainObject,
	sameValue,
	show,
	wrongEmptyShape
} from './check-support';
import type {
	CompiledValidatorSet,
	Field,
	Primitive,
	ValidationContext,
	ValidationResult,
	ValueRule
} from './rules';

/**
 * Checking one submission against the rules compiled for its definition version (compile.ts):
 * microseconds, where survey-core's own validation takes milliseconds. Conditions run in
 * survey-core's expression engine, compiled once, so they mean what they mean in the browser.
 */

export function validateAnswers(
	compiled: CompiledValidatorSet,
	answers: unknown,
	context: ValidationContext
): ValidationResult {
	const errors = new ErrorList();
	if (!isPlainObject(answers)) {
		return {
			ok: false,
			errors: [{ question: '', code: 'wrongType', params: { expected: 'object' } }]
		};
	}
	// Unknown keys first: they are the clearest sign of a mismatched definition or a hostile client.
	for (const key of Object.keys(answers)) {
		if (!compiled.keys.has(key)) errors.add(key.slice(0, 100), 'unknownQuestion');
	}
	if (errors.list.length > 0) return { ok: false, errors: errors.list };

	const values: Record<string, unknown> = {
		...answers,
		audience: context.audience,
		municipality: context.municipality,
		locale: context.locale
	};
	const clean: Record<string, unknown> = {};

	for (const question of compiled.questions) {
		if (errors.full) break;
		const visible =
			!question.alwaysHidden && question.visibleIf.every((runner) => runner.runValues(values));
		const keysOfQuestion = [question.key, question.commentKey, question.totalsKey].filter(
			(k): k is string => Boolean(k)
		);
		if (!visible) {
			const shape = isEmptyValue(answers[question.key])
				? wrongEmptyShape(question.rule, answers[question.key])
				: null;
			if (shape) {
				errors.add(question.key, 'wrongType', { expected: shape });
				continue;
			}
			const answered = keysOfQuestion.filter((key) => !isEmptyValue(answers[key]));
			if (answered.length === 0) continue;
			if (compiled.keepHiddenValues) {
				checkField({ ...question, required: false }, answers, clean, values, errors, true);
			} else for (const key of answered) errors.add(key, 'hidden');
			continue;
		}
		const required = question.required || Boolean(question.requiredIf?.runValues(values));
		checkField({ ...question, required }, answers, clean, values, errors, true);
		if (question.totalsKey && !isEmptyValue(answers[question.totalsKey])) {
			const totals = answers[question.totalsKey];
			if (
				isPlainObject(totals) &&
				Object.values(totals).every((v) => typeof v === 'number' || typeof v === 'string')
			) {
				clean[question.totalsKey] = totals;
			} else errors.add(question.totalsKey, 'wrongType', { expected: 'object' });
		}
	}
	return errors.list.length > 0 ? { ok: false, errors: errors.list } : { ok: true, answers: clean };
}

/**
 * Checks one field's value (and its comment) in `container`, copying what is valid and not empty
 * into `out`. `path` names the field in error messages (`matrix.row.column`).
 */
function checkField(
	field: Field,
	container: Record<string, unknown>,
	out: Record<string, unknown>,
	values: Record<string, unknown>,
	errors: ErrorList,
	topLevel: boolean,
	path: string = field.key
): void {
	const value = container[field.key];
	const commentKey = field.commentKey;
	const comment = commentKey ? container[commentKey] : undefined;
	const commentPath = commentKey
		? topLevel
			? commentKey
			: `${path}${settings.commentSuffix}`
		: '';

	if (isEmptyValue(value)) {
		const shape = wrongEmptyShape(field.rule, value);
		if (shape) errors.add(path, 'wrongType', { expected: shape });
		else if (field.required) errors.add(path, 'required');
	} else {
		const before = errors.list.length;
		const cleaned = checkRule(field.rule, value, values, errors, path);
		if (errors.list.length === before) {
			checkValidators(field.validators, cleaned, values, errors, path);
			out[field.key] = cleaned;
		}
	}

	if (!commentKey || !field.other) return;
	if (comment !== undefined && comment !== null && typeof comment !== 'string') {
		errors.add(commentPath, 'wrongType', { expected: 'text' });
		return;
	}
	const selected = (v: Primitive) => (Array.isArray(value) ? value.includes(v) : value === v);
	const otherChosen =
		field.other.otherValue !== null && !isEmptyValue(value) && selected(field.other.otherValue);
	if (isEmptyValue(comment)) {
		if (otherChosen && field.other.required) errors.add(commentPath, 'otherRequired');
		return;
	}
	if (field.other.otherValue !== null && !otherChosen) {
		errors.add(commentPath, 'commentWithoutOther');
		return;
	}
	if (typeof comment !== 'string') errors.add(commentPath, 'wrongType', { expected: 'text' });
	else if (comment.length > field.other.max)
		errors.add(commentPath, 'tooLong', { max: field.other.max });
	else out[commentKey] = comment;
}

function checkRule(
	rule: ValueRule,
	value: unknown,
	values: Record<string, unknown>,
	errors: ErrorList,
	path: string
): unknown {
	switch (rule.t) {
		case 'string': {
			if (typeof value !== 'string') {
				errors.add(path, 'wrongType', { expected: 'text' });
				return value;
			}
			if (value.length > rule.max) errors.add(path, 'tooLong', { max: rule.max });
			else if (rule.inputType === 'email' && !emailPattern.test(value)) errors.add(path, 'email');
			return value;
		}
		case 'number': {
			// SurveyJS keeps what the person typed in a number field as a number, but older
			// clients and scripts send numeric strings; both mean the same answer.
			const n = typeof value === 'string' && value.trim() !== '' ? Number(value) : value;
			if (typeof n !== 'number' || !Number.isFinite(n)) {
				errors.add(path, 'wrongType', { expected: 'number' });
				return value;
			}
			if ((rule.min !== undefined && n < rule.min) || (rule.max !== undefined && n > rule.max)) {
				errors.add(path, 'outOfRange', { min: rule.min ?? '−∞', max: rule.max ?? '∞' });
			}
			return n;
		}
		case 'choice': {
			if (typeof value !== 'string' && typeof value !== 'number' && typeof value !== 'boolean') {
				errors.add(path, 'wrongType', { expected: 'one value' });
			} else if (!rule.anyValue && !includesValue(rule.values, value)) {
				errors.add(path, 'notAChoice', { value: show(value) });
			}
			return value;
		}
		case 'choices': {
			if (!isListOf(value, rule.anyValue ? null : rule.values, errors, path)) return value;
			const exclusive = value.find((item) => includesValue(rule.exclusive, item));
			if (exclusive !== undefined && value.length > 1)
				errors.add(path, 'exclusive', { value: show(exclusive) });
			else if (rule.max !== undefined && value.length > rule.max)
				errors.add(path, 'tooMany', { max: rule.max });
			else if (rule.min !== undefined && value.length < rule.min && exclusive === undefined) {
				errors.add(path, 'tooFew', { min: rule.min });
			}
			return value;
		}
		case 'boolean':
			if (!sameValue(value, rule.valueTrue) && !sameValue(value, rule.valueFalse)) {
				errors.add(path, 'notAChoice', { value: show(value) });
			}
			return value;
		case 'ranking': {
			if (!isListOf(value, rule.values, errors, path)) return value;
			if (rule.selectToRank) {
				if (rule.max !== undefined && value.length > rule.max)
					errors.add(path, 'tooMany', { max: rule.max });
				else if (rule.min !== undefined && value.length < rule.min)
					errors.add(path, 'tooFew', { min: rule.min });
			} else if (value.length !== rule.values.length) {
				errors.add(path, 'incomplete');
			}
			return value;
		}
		case 'matrix': {
			if (!isPlainObject(value)) {
				errors.add(path, 'wrongType', { expected: 'object' });
				return value;
			}
			const out: Record<string, unknown> = {};
			for (const [row, cell] of Object.entries(value)) {
				if (!rule.rows.some((r) => String(r) === row)) {
					errors.add(`${path}.${row.slice(0, 100)}`, 'unknownRow', { row: show(row) });
					continue;
				}
				if (isEmptyValue(cell)) continue;
				if (!includesValue(rule.columns, cell)) {
					errors.add(`${path}.${row}`, 'unknownColumn', { column: show(cell) });
					continue;
				}
				out[row] = cell;
			}
			if (rule.allRowsRequired) {
				for (const row of rule.rows) {
					if (isEmptyValue(value[String(row)])) errors.add(`${path}.${row}`, 'required');
				}
			}
			return out;
		}
		case 'object': {
			if (rule.list) {
				if (!Array.isArray(value)) {
					errors.add(path, 'wrongType', { expected: 'list' });
					return value;
				}
				if (rule.maxItems !== undefined && value.length > rule.maxItems) {
					errors.add(path, 'tooMany', { max: rule.maxItems });
					return value;
				}
				if (rule.minItems !== undefined && value.length < rule.minItems) {
					errors.add(path, 'tooFew', { min: rule.minItems });
				}
				return value.map((item, index) =>
					checkObject(rule.fields, item, values, errors, `${path}[${index}]`)
				);
			}
			return checkObject(rule.fields, value, values, errors, path);
		}
		case 'primitive':
			if (
				typeof value === 'string'
					? value.length > rule.max
					: typeof value !== 'number' && typeof value !== 'boolean'
			) {
				errors.add(path, 'wrongType', { expected: 'one value' });
			}
			return value;
		case 'signature':
			if (typeof value !== 'string' || !value.startsWith('data:image/')) {
				errors.add(path, 'wrongType', { expected: 'image' });
			} else if (value.length > rule.max) errors.add(path, 'tooLong', { max: rule.max });
			return value;
	}
}

function checkObject(
	fields: Map<string, Field>,
	value: unknown,
	values: Record<string, unknown>,
	errors: ErrorList,
	path: string
): Record<string, unknown> {
	const out: Record<string, unknown> = {};
	if (!isPlainObject(value)) {
		errors.add(path, 'wrongType', { expected: 'object' });
		return out;
	}
	for (const key of Object.keys(value)) {
		if (!fields.has(key)) errors.add(`${path}.${key.slice(0, 100)}`, 'unknownQuestion');
	}
	for (const field of fields.values()) {
		// Comment keys of cells are checked together with their cell.
		if (
			field.key.endsWith(settings.commentSuffix) &&
			fields.has(field.key.slice(0, -settings.commentSuffix.length))
		)
			continue;
		checkField(field, value, out, values, errors, false, `${path}.${field.key}`);
	}
	return out;
}
