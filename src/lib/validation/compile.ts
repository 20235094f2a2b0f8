import {
	ConditionRunner,
	Model,
	settings,
	type ItemValue,
	type Question,
	type SurveyValidator
} from 'survey-core';
import { allQuestions } from '../definitions/analyse';
import type { MessageKey } from '../i18n/messages';

/**
 * A validator compiled once per definition version.
 *
 * survey-core's own `validate()` is the reference, but on the server it is both too lenient
 * (it drops unknown choice values silently and keeps unknown keys) and too slow (7–36 ms per
 * submission on a realistic questionnaire; see shared/tech-notes.md). So the definition is read
 * once with survey-core into plain rules — allowed keys, value types, choices, ranges, matrix
 * rows and columns, lengths — and each submission is checked against them in microseconds.
 * Conditions (`visibleIf`, `requiredIf`, expression validators) still run in survey-core's own
 * expression engine, so they mean exactly what they mean in the browser.
 *
 * A few SurveyJS features cannot be reduced to rules (triggers that write values, calculated
 * values, custom question types, unknown validators). A definition that uses them keeps the
 * structural checks here and is additionally validated by a survey-core model (`needsModel`).
 */

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
/** At most this many errors are reported, so a hostile request cannot make a huge answer. */
const MAX_ERRORS = 50;

export type Primitive = string | number | boolean;

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

type CompiledValidator =
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

const emailPattern = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

function num(value: unknown): number | undefined {
	if (value === '' || value === null || value === undefined) return undefined;
	const n = Number(value);
	return Number.isFinite(n) ? n : undefined;
}

function positive(value: unknown): number | undefined {
	const n = num(value);
	return n !== undefined && n > 0 ? n : undefined;
}

function condition(expression: unknown): ConditionRunner | undefined {
	return typeof expression === 'string' && expression.trim()
		? new ConditionRunner(expression)
		: undefined;
}

function itemValues(items: ItemValue[] | undefined): Primitive[] {
	return (items ?? []).map((item) => item.value as Primitive);
}

export function compileDefinition(json: Record<string, unknown>): CompiledValidatorSet {
	const model = new Model(json);
	const modelReasons: string[] = [];
	const keys = new Map<string, CompiledQuestion>();
	const questions: CompiledQuestion[] = [];

	if ((model.triggers ?? []).length > 0) modelReasons.push('triggers');
	if ((model.calculatedValues ?? []).length > 0) modelReasons.push('calculated values');
	if (model.storeOthersAsComment === false) modelReasons.push('storeOthersAsComment: false');

	const ctx: CompileContext = {
		textMax: model.maxTextLength > 0 ? model.maxTextLength : 0,
		commentMax: model.maxCommentLength > 0 ? model.maxCommentLength : 0,
		reasons: modelReasons
	};

	for (const question of allQuestions(model)) {
		// Questions inside dynamic panels are compiled as part of their panel.
		if (isInsideDynamicPanel(question)) continue;
		const field = compileField(question, ctx);
		if (!field) continue;
		const compiled: CompiledQuestion = {
			...field,
			visibleIf: visibilityChain(question),
			alwaysHidden: staticallyHidden(question) || hasHiddenAncestor(question),
			requiredIf: condition(question.requiredIf)
		};
		if (question.getType() === 'matrixdropdown' || question.getType() === 'matrixdynamic') {
			const hasTotals = (question as unknown as { columns: { totalType?: string }[] }).columns.some(
				(c) => c.totalType && c.totalType !== 'none'
			);
			if (hasTotals) compiled.totalsKey = field.key + settings.matrix.totalsSuffix;
		}
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
		keepHiddenValues: model.clearInvisibleValues === 'none',
		needsModel: modelReasons.length > 0,
		modelReasons
	};
}

interface CompileContext {
	textMax: number;
	commentMax: number;
	reasons: string[];
}

function isInsideDynamicPanel(question: Question): boolean {
	let parent = question.parent as unknown as {
		isPanel?: boolean;
		parent?: unknown;
		parentQuestion?: Question;
	} | null;
	// A dynamic panel's template questions have the template panel as parent, whose
	// `parentQuestion` is the dynamic panel.
	while (parent) {
		if (parent.parentQuestion) return true;
		parent = parent.parent as typeof parent;
	}
	return Boolean((question as unknown as { parentQuestion?: Question }).parentQuestion);
}

function visibilityChain(question: Question): ConditionRunner[] {
	const runners: ConditionRunner[] = [];
	const own = condition(question.visibleIf);
	if (own) runners.push(own);
	let element = question.parent as unknown as { visibleIf?: string; parent?: unknown } | null;
	while (element) {
		const runner = condition(element.visibleIf);
		if (runner) runners.push(runner);
		element = element.parent as typeof element;
	}
	// The chain ends at the page, which is the outermost parent.
	return runners;
}

/**
 * `visible: false` without a `visibleIf`: hidden whatever is answered. (The model has already
 * run every `visibleIf` once with no answers, so `visible` alone would also hide everything
 * that is merely conditional.)
 */
function staticallyHidden(element: { visible?: boolean; visibleIf?: string }): boolean {
	return element.visible === false && !condition(element.visibleIf);
}

function hasHiddenAncestor(question: Question): boolean {
	let element = question.parent as unknown as {
		visible?: boolean;
		visibleIf?: string;
		parent?: unknown;
	} | null;
	while (element) {
		if (staticallyHidden(element)) return true;
		element = element.parent as typeof element;
	}
	return false;
}

function compileValidators(question: Question, ctx: CompileContext): CompiledValidator[] {
	const out: CompiledValidator[] = [];
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
				try {
					const flags = validator.caseInsensitive ? 'i' : '';
					out.push({ t: 'regex', regex: new RegExp(String(validator.regex ?? ''), flags) });
				} catch {
					ctx.reasons.push(`invalid regex on "${question.name}"`);
				}
				break;
			case 'emailvalidator':
				out.push({ t: 'email' });
				break;
			case 'expressionvalidator': {
				const runner = condition(validator.expression);
				if (runner) out.push({ t: 'expression', runner });
				break;
			}
			default:
				ctx.reasons.push(`validator "${validator.getType()}" on "${question.name}"`);
		}
	}
	return out;
}

function textLimit(declared: number, surveyWide: number, fallback: number): number {
	if (declared > 0) return declared;
	if (declared < 0 && surveyWide > 0) return surveyWide;
	return fallback;
}

/** The plain rule for one question's value, or null for questions that hold no value. */
function compileField(question: Question, ctx: CompileContext): Field | null {
	const q = question as Question & Record<string, unknown>;
	const type = question.getType();
	const key = question.getValueName();
	const base = {
		key,
		required: question.isRequired,
		validators: compileValidators(question, ctx)
	};
	const commentKey = key + settings.commentSuffix;
	const otherFor = (otherValue: Primitive | null): OtherRule => ({
		otherValue,
		required: otherValue !== null,
		max: textLimit(Number(q.maxOtherLength ?? -1), ctx.commentMax, DEFAULT_COMMENT_MAX)
	});
	const withComment = (rule: ValueRule, otherItem?: Primitive): Field => {
		const hasComment = Boolean(q.showCommentArea ?? q.hasComment);
		if (otherItem !== undefined) return { ...base, rule, commentKey, other: otherFor(otherItem) };
		if (hasComment) return { ...base, rule, commentKey, other: otherFor(null) };
		return { ...base, rule };
	};

	switch (type) {
		case 'html':
		case 'image':
			return null;
		case 'text': {
			const inputType = String(q.inputType ?? 'text');
			if (inputType === 'number' || inputType === 'range') {
				return withComment({ t: 'number', min: num(q.min), max: num(q.max) });
			}
			const max = textLimit(Number(q.maxLength ?? -1), ctx.textMax, DEFAULT_TEXT_MAX);
			return withComment({ t: 'string', max, inputType });
		}
		case 'comment': {
			const max = textLimit(
				Number(q.maxLength ?? -1),
				ctx.commentMax || ctx.textMax,
				DEFAULT_COMMENT_MAX
			);
			return { ...base, rule: { t: 'string', max } };
		}
		case 'radiogroup':
		case 'dropdown':
		case 'checkbox':
		case 'tagbox':
		case 'imagepicker': {
			const { values, exclusive, otherValue, anyValue } = choiceValues(q, ctx);
			const multi =
				type === 'checkbox' ||
				type === 'tagbox' ||
				(type === 'imagepicker' && q.multiSelect === true);
			const rule: ValueRule = multi
				? {
						t: 'choices',
						values,
						exclusive,
						min: positive(q.minSelectedChoices),
						max: positive(q.maxSelectedChoices),
						anyValue
					}
				: { t: 'choice', values, anyValue };
			return withComment(rule, otherValue);
		}
		case 'rating': {
			const rateValues = ((q.visibleRateValues as ItemValue[] | undefined) ?? []).map(
				(item) => item.value as Primitive
			);
			return withComment({ t: 'choice', values: rateValues });
		}
		case 'boolean':
			return withComment({
				t: 'boolean',
				valueTrue: (q.valueTrue as Primitive | undefined) ?? true,
				valueFalse: (q.valueFalse as Primitive | undefined) ?? false
			});
		case 'ranking': {
			const { values } = choiceValues(q, ctx);
			return {
				...base,
				rule: {
					t: 'ranking',
					values,
					selectToRank: q.selectToRankEnabled === true,
					min: positive(q.minSelectedChoices),
					max: positive(q.maxSelectedChoices)
				}
			};
		}
		case 'matrix':
			return withComment({
				t: 'matrix',
				rows: itemValues(q.rows as ItemValue[]),
				columns: itemValues(q.columns as ItemValue[]),
				allRowsRequired: Boolean(q.eachRowRequired ?? q.isAllRowRequired)
			});
		case 'matrixdropdown': {
			const cells = columnFields(q, ctx);
			const rowRule: ValueRule = { t: 'object', fields: cells, list: false };
			const rows = new Map<string, Field>();
			for (const row of itemValues(q.rows as ItemValue[])) {
				rows.set(String(row), { key: String(row), rule: rowRule, required: false, validators: [] });
			}
			return withComment({ t: 'object', fields: rows, list: false });
		}
		case 'matrixdynamic': {
			const cells = columnFields(q, ctx);
			const maxRows = Math.min(
				Number(q.maxRowCount) || settings.matrix.maxRowCount,
				settings.matrix.maxRowCount
			);
			return withComment({
				t: 'object',
				fields: cells,
				list: true,
				minItems: positive(q.minRowCount),
				maxItems: maxRows
			});
		}
		case 'multipletext': {
			const fields = new Map<string, Field>();
			for (const item of (q.items as {
				name: string;
				isRequired: boolean;
				inputType?: string;
				maxLength?: number;
				validators?: unknown[];
			}[]) ?? []) {
				const inputType = String(item.inputType ?? 'text');
				const rule: ValueRule =
					inputType === 'number'
						? { t: 'number' }
						: {
								t: 'string',
								max: textLimit(Number(item.maxLength ?? -1), ctx.textMax, DEFAULT_TEXT_MAX),
								inputType
							};
				if ((item.validators ?? []).length > 0) ctx.reasons.push(`validators on items of "${key}"`);
				fields.set(item.name, { key: item.name, rule, required: item.isRequired, validators: [] });
			}
			return withComment({ t: 'object', fields, list: false });
		}
		case 'paneldynamic': {
			const fields = new Map<string, Field>();
			const template = (q.template as { questions: Question[] } | undefined)?.questions ?? [];
			for (const inner of template) {
				if (condition(inner.visibleIf) || condition(inner.requiredIf)) {
					ctx.reasons.push(`conditions inside the dynamic panel "${key}"`);
				}
				const field = compileField(inner, ctx);
				if (field) {
					fields.set(field.key, field);
					if (field.commentKey)
						fields.set(field.commentKey, {
							...field,
							key: field.commentKey,
							rule: { t: 'string', max: field.other?.max ?? DEFAULT_COMMENT_MAX },
							required: false,
							validators: []
						});
				}
			}
			const maxPanels = Math.min(
				Number(q.maxPanelCount) || settings.panel.maxPanelCount,
				settings.panel.maxPanelCount
			);
			return {
				...base,
				rule: {
					t: 'object',
					fields,
					list: true,
					minItems: positive(q.minPanelCount),
					maxItems: maxPanels
				}
			};
		}
		case 'expression':
			return { ...base, required: false, rule: { t: 'primitive', max: DEFAULT_TEXT_MAX } };
		case 'signaturepad':
			return { ...base, rule: { t: 'signature', max: 200_000 } };
		default:
			ctx.reasons.push(`question type "${type}" ("${key}")`);
			return { ...base, rule: { t: 'primitive', max: DEFAULT_COMMENT_MAX } };
	}
}

function choiceValues(
	q: Question & Record<string, unknown>,
	ctx: CompileContext
): { values: Primitive[]; exclusive: Primitive[]; otherValue?: Primitive; anyValue: boolean } {
	let source = q;
	if (typeof q.choicesFromQuestion === 'string' && q.choicesFromQuestion) {
		const from = q.survey?.getQuestionByName(q.choicesFromQuestion) as
			(Question & Record<string, unknown>) | null;
		if (from) source = from;
	}
	const values = itemValues(source.choices as ItemValue[]);
	const min = num(source.choicesMin);
	const max = num(source.choicesMax);
	if (min !== undefined && max !== undefined && max > min) {
		const step = positive(source.choicesStep) ?? 1;
		for (let n = min; n <= max && values.length < 10_000; n += step) values.push(n);
	}
	const exclusive: Primitive[] = [];
	const special = (show: unknown, item: unknown, isExclusive: boolean) => {
		if (show !== true || !item) return;
		const value = (item as ItemValue).value as Primitive;
		values.push(value);
		if (isExclusive) exclusive.push(value);
	};
	special(source.showNoneItem ?? source.hasNone, source.noneItem, true);
	special(source.showRefuseItem, source.refuseItem, true);
	special(source.showDontKnowItem, source.dontKnowItem, true);
	let otherValue: Primitive | undefined;
	if ((source.showOtherItem ?? source.hasOther) === true && source.otherItem) {
		otherValue = (source.otherItem as ItemValue).value as Primitive;
		values.push(otherValue);
	}
	const byUrl = (q.choicesByUrl as { url?: string } | undefined)?.url;
	if (byUrl) ctx.reasons.push(`choices loaded from a URL ("${q.name}")`);
	return { values, exclusive, otherValue, anyValue: Boolean(byUrl) };
}

function columnFields(
	q: Question & Record<string, unknown>,
	ctx: CompileContext
): Map<string, Field> {
	const fields = new Map<string, Field>();
	for (const column of (q.columns as {
		name: string;
		isRequired: boolean;
		templateQuestion?: Question;
		visibleIf?: string;
	}[]) ?? []) {
		const template = column.templateQuestion;
		if (!template) continue;
		const field = compileField(template, ctx);
		if (!field) continue;
		const commentKey = field.commentKey ? column.name + settings.commentSuffix : undefined;
		fields.set(column.name, {
			...field,
			key: column.name,
			commentKey,
			required: column.isRequired
		});
		if (commentKey) {
			fields.set(commentKey, {
				key: commentKey,
				rule: { t: 'string', max: field.other?.max ?? DEFAULT_COMMENT_MAX },
				required: false,
				validators: []
			});
		}
	}
	return fields;
}

// ---------------------------------------------------------------------------------------------
// Checking a submission

export function isEmptyValue(value: unknown): boolean {
	if (value === undefined || value === null) return true;
	if (typeof value === 'string') return value.trim() === '';
	if (Array.isArray(value)) return value.length === 0;
	if (typeof value === 'object') return Object.values(value as object).every(isEmptyValue);
	return false;
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
	return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * An empty value means "not answered", but only when it has the question's shape: `[]` for a
 * list, `{}` (or known keys holding nothing) for a matrix or a group of fields, `''` or null for
 * the rest. `{}` for a text question, or `{ "__proto__": null }` for a matrix, is a wrong answer,
 * not a missing one: refused rather than quietly dropped. Returns what was expected, or null.
 */
function wrongEmptyShape(rule: ValueRule, value: unknown): string | null {
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

function show(value: unknown): string {
	const text =
		typeof value === 'string' ? JSON.stringify(value) : String(JSON.stringify(value) ?? value);
	return text.length > 60 ? text.slice(0, 57) + '…' : text;
}

class ErrorList {
	readonly list: AnswerError[] = [];
	add(question: string, code: ValidationCode, params?: Record<string, string | number>) {
		if (this.list.length < MAX_ERRORS)
			this.list.push(params ? { question, code, params } : { question, code });
	}
	get full() {
		return this.list.length >= MAX_ERRORS;
	}
}

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

function sameValue(a: unknown, b: Primitive): boolean {
	return a === b;
}

function includesValue(list: Primitive[], value: unknown): boolean {
	return list.some((v) => sameValue(value, v));
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

/**
 * Whether `value` is a list of distinct values, each among `allowed` (any value when null).
 * Reports the first problem and says no.
 */
function isListOf(
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

function checkValidators(
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
