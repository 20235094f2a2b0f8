import type { AnswerError, CompiledValidator, Primitive, ValidationCode, ValueRule } from './rules';

/** The small parts of checking a submission: empty values, error lists, lists of choices, validators. */

/** At most this many errors are reported, so a hostile request cannot make a huge answer. */
const MAX_ERRORS = 50;

export const emailPattern = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

export function isEmptyValue(value: unknown): boolean {
	if (value === undefined || value === null) return true;
	if (typeof value === 'string') return value.trim() === '';
	if (Array.isArray(value)) return value.length === 0;
	if (typeof value === 'object') return Object.values(value as object).every(isEmptyValue);
	return false;
}

export function isPlainObject(value: unknown): value is Record<string, unknown> {
	return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * An empty value means "not answered", but only when it has the question's shape: `[]` for a
 * list, `{}` (or known keys holding nothing) for a matrix or a group of fields, `''` or null for
 * the rest. `{}` for a text question, or `{ "__proto__": null }` for a matrix, is a wrong answer,
 * not a missing one: refused rather than quietly dropped. Returns what was expected, or null.
 */
export function wrongEmptyShape(rule: ValueRule, value: unknown): string | null {
	if (value === undefined || value === null || typeof value === 'string') return null;
	switch (rule.t) {
		case 'choices':
		case 'ranking':
			return Array.isArray(value) ? null : 'list';
		case 'matrix':
			return isPlainObject(value) &&
				Object.entries(value).every(
					([row, cell]) =>
						rule.rows.some((r) => String(r) === row) && (cell === null || typeof cell !== 'object')
				)
				? null
				: 'object';
		case 'object':
			if (rule.list) return Array.isArray(value) ? null : 'list';
			return isPlainObject(value) &&
				Object.entries(value).every(([key, item]) => {
					const field = rule.fields.get(key);
					return field !== undefined && wrongEmptyShape(field.rule, item) === null;
				})
				? null
				: 'object';
		default:
			// An empty list or object where one value belongs.
			return 'one value';
	}
}

export function show(value: unknown): string {
	const text =
		typeof value === 'string' ? JSON.stringify(value) : String(JSON.stringify(value) ?? value);
	return text.length > 60 ? text.slice(0, 57) + '…' : text;
}

export class ErrorList {
	readonly list: AnswerError[] = [];
	add(question: string, code: ValidationCode, params?: Record<string, string | number>) {
		if (this.list.length < MAX_ERRORS)
			this.list.push(params ? { question, code, params } : { question, code });
	}
	get full() {
		return this.list.length >= MAX_ERRORS;
	}
}

export function sameValue(a: unknown, b: Primitive): boolean {
	return a === b;
}

export function includesValue(list: Primitive[], value: unknown): boolean {
	return list.some((v) => sameValue(value, v));
}

/**
 * Whether `value` is a list of distinct values, each among `allowed` (any value when null).
 * Reports the first problem and says no.
 */
export function isListOf(
	value: unknown,
	allowed: Primitive[] | null,
	errors: ErrorList,
	path: string
): value is unknown[] {
	if (!Array.isArray(value)) {
		errors.add(path, 'wrongType', { expected: 'list' });
		return false;
	}
	const seen: unknown[] = [];
	for (const item of value) {
		if (allowed && !includesValue(allowed, item)) {
			errors.add(path, 'notAChoice', { value: show(item) });
			return false;
		}
		if (seen.includes(item)) {
			errors.add(path, 'duplicate', { value: show(item) });
			return false;
		}
		seen.push(item);
	}
	return true;
}

export function checkValidators(
	validators: CompiledValidator[],
	value: unknown,
	values: Record<string, unknown>,
	errors: ErrorList,
	path: string
): void {
	for (const validator of validators) {
		switch (validator.t) {
			case 'numeric': {
				const n = typeof value === 'number' ? value : Number(value);
				if (!Number.isFinite(n)) errors.add(path, 'wrongType', { expected: 'number' });
				else if (
					(validator.min !== undefined && n < validator.min) ||
					(validator.max !== undefined && n > validator.max)
				) {
					errors.add(path, 'outOfRange', { min: validator.min ?? '−∞', max: validator.max ?? '∞' });
				}
				break;
			}
			case 'text': {
				if (typeof value !== 'string') break;
				if (validator.max !== undefined && value.length > validator.max)
					errors.add(path, 'tooLong', { max: validator.max });
				else if (validator.min !== undefined && value.length < validator.min)
					errors.add(path, 'tooShort', { min: validator.min });
				else if (!validator.allowDigits && /\d/.test(value)) errors.add(path, 'pattern');
				break;
			}
			case 'count': {
				const count = Array.isArray(value) ? value.length : 1;
				if (validator.max !== undefined && count > validator.max)
					errors.add(path, 'tooMany', { max: validator.max });
				else if (validator.min !== undefined && count < validator.min)
					errors.add(path, 'tooFew', { min: validator.min });
				break;
			}
			case 'regex': {
				const items = Array.isArray(value) ? value : [value];
				if (items.some((item) => !validator.regex.test(String(item)))) errors.add(path, 'pattern');
				break;
			}
			case 'email':
				if (typeof value !== 'string' || !emailPattern.test(value)) errors.add(path, 'email');
				break;
			case 'expression':
				if (!validator.runner.runValues(values)) errors.add(path, 'expression');
				break;
		}
	}
}
