import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Model } from 'survey-core';
import { describe, expect, it } from 'vitest';
import { fullMunicipalAnswers, kitchenSink } from '../../test-data/definitions';
import { generateAnswers } from '../../test-data/answers';
import { DefinitionValidator, validateWithModel } from './index';
import { DEFAULT_COMMENT_MAX, DEFAULT_TEXT_MAX } from './compile';

const municipal = { audience: 'municipal', municipality: 'bodo', locale: 'nb' };
const citizen = { audience: 'citizen', municipality: 'oslo', locale: 'nb' };
const validator = new DefinitionValidator(kitchenSink);

function withAnswers(changes: Record<string, unknown>): Record<string, unknown> {
	const answers = fullMunicipalAnswers();
	for (const [key, value] of Object.entries(changes)) {
		if (value === undefined) delete answers[key];
		else answers[key] = value;
	}
	return answers;
}

describe('DefinitionValidator.validate', () => {
	it('accepts a complete municipal answer and keeps every value', () => {
		const result = validator.validate(fullMunicipalAnswers(), municipal);
		expect(result).toEqual({ ok: true, answers: fullMunicipalAnswers() });
	});

	it('needs no survey-core model for the rules it can express', () => {
		expect(validator.compiled.needsModel).toBe(false);
		expect(validator.compiled.modelReasons).toEqual([]);
	});

	it('accepts the smallest answer: only the required question', () => {
		expect(validator.validate({ role: 'staff' }, citizen)).toEqual({
			ok: true,
			answers: { role: 'staff' }
		});
	});

	it('drops empty values instead of storing them', () => {
		const result = validator.validate(
			{ role: 'staff', short: '', channels: [], likert: {} },
			citizen
		);
		expect(result).toEqual({ ok: true, answers: { role: 'staff' } });
	});

	// Each row: what is wrong, the changed answers, the context, the question and code expected.
	const bad: [string, Record<string, unknown>, typeof municipal, string, string][] = [
		['required question missing', { role: undefined }, municipal, 'role', 'required'],
		[
			'required on a page shown only to municipal staff',
			{ publishes: undefined, why_not: undefined },
			municipal,
			'publishes',
			'required'
		],
		[
			'required when an earlier answer shows it',
			{ why_not: undefined },
			municipal,
			'why_not',
			'required'
		],
		[
			'requiredIf true',
			{ role: 'manager', 'role-Comment': undefined },
			municipal,
			'manager_note',
			'required'
		],
		['answer to a page hidden for this audience', {}, citizen, 'publishes', 'hidden'],
		[
			'answer to a question hidden by an earlier answer',
			{ publishes: 'yes' },
			municipal,
			'why_not',
			'hidden'
		],
		['unknown key', { hacker: 1 }, municipal, 'hacker', 'unknownQuestion'],
		['html block given a value', { intro: 'x' }, municipal, 'intro', 'unknownQuestion'],
		['choice not offered', { role: 'boss' }, municipal, 'role', 'notAChoice'],
		['choice of the wrong type ("2" for 2)', { size: '2' }, municipal, 'size', 'notAChoice'],
		// choicesMin and choicesMax default to 0, which SurveyJS reads as "no range", not as [0].
		['0 for a dropdown without a range', { size: 0 }, municipal, 'size', 'notAChoice'],
		['object for a single choice', { size: { a: 1 } }, municipal, 'size', 'wrongType'],
		[
			'other text without "other"',
			{ role: 'staff' },
			municipal,
			'role-Comment',
			'commentWithoutOther'
		],
		[
			'"other" without its text',
			{ 'role-Comment': undefined },
			municipal,
			'role-Comment',
			'otherRequired'
		],
		['checkbox value not a list', { channels: 'email' }, municipal, 'channels', 'wrongType'],
		[
			'checkbox choice not offered',
			{ channels: ['email', 'fax'] },
			municipal,
			'channels',
			'notAChoice'
		],
		['checkbox choice twice', { channels: ['email', 'email'] }, municipal, 'channels', 'duplicate'],
		[
			'checkbox over its maximum',
			{ channels: ['email', 'phone', 'web'] },
			municipal,
			'channels',
			'tooMany'
		],
		[
			'"none" with another choice',
			{ channels: ['none', 'web'] },
			municipal,
			'channels',
			'exclusive'
		],
		['rating above the scale', { score: 6 }, municipal, 'score', 'notAChoice'],
		['rating below the scale', { nps: -1 }, municipal, 'nps', 'notAChoice'],
		['rating not whole', { score: 2.5 }, municipal, 'score', 'notAChoice'],
		['boolean as text', { agree: 'yes' }, municipal, 'agree', 'notAChoice'],
		['number out of range', { years: 61 }, municipal, 'years', 'outOfRange'],
		['number as words', { years: 'twelve' }, municipal, 'years', 'wrongType'],
		['text over its maxLength', { short: 'x'.repeat(11) }, municipal, 'short', 'tooLong'],
		[
			'comment over the default cap',
			{ long: 'x'.repeat(DEFAULT_COMMENT_MAX + 1) },
			municipal,
			'long',
			'tooLong'
		],
		['text as a number', { short: 5 }, municipal, 'short', 'wrongType'],
		[
			'matrix row that does not exist',
			{ likert: { a: 1, c: 2 } },
			municipal,
			'likert.c',
			'unknownRow'
		],
		[
			'matrix column that does not exist',
			{ likert: { a: 6 } },
			municipal,
			'likert.a',
			'unknownColumn'
		],
		['matrix as a list', { likert: [1, 2] }, municipal, 'likert', 'wrongType'],
		['ranking over its maximum', { top: ['x', 'y', 'z'] }, municipal, 'top', 'tooMany'],
		['ranking with an unknown item', { top: ['x', 'v'] }, municipal, 'top', 'notAChoice'],
		['full ranking missing an item', { order: ['p', 'q'] }, municipal, 'order', 'incomplete'],
		[
			'multiple text with an unknown item',
			{ contact: { team: 'a', boss: 'b' } },
			municipal,
			'contact.boss',
			'unknownQuestion'
		],
		[
			'multiple text number as words',
			{ contact: { count: 'many' } },
			municipal,
			'contact.count',
			'wrongType'
		],
		[
			'matrix dropdown unknown row',
			{ grid: { r9: { used: true } } },
			municipal,
			'grid.r9',
			'unknownQuestion'
		],
		[
			'matrix dropdown cell out of scale',
			{ grid: { r1: { rating: 9 } } },
			municipal,
			'grid.r1.rating',
			'notAChoice'
		],
		[
			'matrix dropdown cell checkbox not a choice',
			{ grid: { r2: { tools: ['c'] } } },
			municipal,
			'grid.r2.tools',
			'notAChoice'
		],
		[
			'dynamic matrix over its row limit',
			{ datasets: [{}, {}, {}, { title: 'x' }] },
			municipal,
			'datasets',
			'tooMany'
		],
		[
			'dynamic matrix unknown column',
			{ datasets: [{ title: 'x', owner: 'y' }] },
			municipal,
			'datasets[0].owner',
			'unknownQuestion'
		],
		[
			'dynamic matrix bad choice',
			{ datasets: [{ format: 'xml' }] },
			municipal,
			'datasets[0].format',
			'notAChoice'
		],
		[
			'dynamic panel over its limit',
			{ events: [{}, {}, { event_name: 'x' }] },
			municipal,
			'events',
			'tooMany'
		],
		[
			'dynamic panel value out of scale',
			{ events: [{ event_score: 4 }] },
			municipal,
			'events[0].event_score',
			'notAChoice'
		],
		['regex validator', { email_like: 'ABC1' }, municipal, 'email_like', 'pattern'],
		[
			'text over the default cap',
			{ email_like: 'a'.repeat(DEFAULT_TEXT_MAX + 1) },
			municipal,
			'email_like',
			'tooLong'
		]
	];

	it.each(bad)('refuses %s', (_what, changes, context, question, code) => {
		const result = validator.validate(withAnswers(changes), context);
		expect(result.ok).toBe(false);
		if (result.ok) return;
		expect(result.errors).toContainEqual(expect.objectContaining({ question, code }));
	});

	it('still takes empty values of the right shape as "not answered"', () => {
		const result = validator.validate(
			{
				role: 'staff',
				short: ' ',
				size: null,
				top: [],
				likert: { a: null, b: '' },
				contact: { team: '' },
				grid: { r1: {} },
				datasets: [],
				publishes: null
			},
			citizen
		);
		expect(result).toEqual({ ok: true, answers: { role: 'staff' } });
	});

	// An empty value of the wrong shape is a wrong answer, not a missing one. Each row: the
	// question, the value (JSON, so "__proto__" is a real key), the context, the expected shape.
	const wrongEmpty: [string, string, typeof municipal, string][] = [
		['short', '{}', citizen, 'one value'],
		['size', '[]', citizen, 'one value'],
		['channels', '{}', citizen, 'list'],
		['likert', '[]', citizen, 'object'],
		['likert', '{"__proto__": null}', citizen, 'object'],
		['likert', '{"a": {}}', citizen, 'object'],
		['contact', '{"nickname": ""}', citizen, 'object'],
		['grid', '{"r1": {"tools": {}}}', citizen, 'object'],
		['datasets', '{}', citizen, 'list'],
		// Hidden for a citizen (municipal page): still not silently dropped.
		['publishes', '{"constructor": []}', citizen, 'one value']
	];
	it.each(wrongEmpty)('refuses %s = %s as the wrong type', (question, value, context, expected) => {
		const answers = { role: 'staff', [question]: JSON.parse(value) as unknown };
		expect(validator.validate(answers, context)).toEqual({
			ok: false,
			errors: [{ question, code: 'wrongType', params: { expected } }]
		});
	});

	it('refuses an "other" text that is not text, even an empty one', () => {
		expect(validator.validate({ role: 'other', 'role-Comment': {} }, citizen)).toEqual({
			ok: false,
			errors: [{ question: 'role-Comment', code: 'wrongType', params: { expected: 'text' } }]
		});
	});

	it('refuses a "__proto__" key as an unknown question', () => {
		const answers = JSON.parse(`{"__proto__": {"polluted": true}, "role": "staff"}`);
		const result = validator.validate(answers, citizen);
		expect(result).toMatchObject({
			ok: false,
			errors: [{ question: '__proto__', code: 'unknownQuestion' }]
		});
	});

	it.each([null, [], 'text', 42])('refuses answers that are not an object: %j', (answers) => {
		const result = validator.validate(answers, municipal);
		expect(result).toEqual({
			ok: false,
			errors: [{ question: '', code: 'wrongType', params: { expected: 'object' } }]
		});
	});

	it('reports at most 50 errors, however many keys are wrong', () => {
		const answers = Object.fromEntries(Array.from({ length: 500 }, (_, i) => [`k${i}`, i]));
		const result = validator.validate(answers, municipal);
		expect(result.ok).toBe(false);
		if (!result.ok) expect(result.errors).toHaveLength(50);
	});

	it('does not pollute Object.prototype', () => {
		validator.validate(JSON.parse('{"__proto__": {"polluted": true}, "role": "staff"}'), citizen);
		expect(({} as Record<string, unknown>).polluted).toBeUndefined();
	});
});

describe('DefinitionValidator with features only survey-core can check', () => {
	const withTrigger = {
		elements: [
			{ type: 'text', name: 'a' },
			{ type: 'text', name: 'b', validators: [{ type: 'customthing' }] }
		],
		triggers: [{ type: 'setvalue', expression: "{a} = 'x'", setToName: 'b', setValue: 'y' }]
	};

	it('says why it needs the model', () => {
		const v = new DefinitionValidator(withTrigger);
		expect(v.compiled.needsModel).toBe(true);
		expect(v.compiled.modelReasons).toContain('triggers');
	});

	it('still refuses unknown keys before asking the model', () => {
		const v = new DefinitionValidator(withTrigger);
		expect(v.validate({ c: 1 }, citizen)).toMatchObject({
			ok: false,
			errors: [{ question: 'c', code: 'unknownQuestion' }]
		});
	});
});

/**
 * The compiled rules against the reference: survey-core's own validation. Answers generated
 * from each shipped questionnaire (valid by construction) must pass both; the same answers with
 * one value broken must fail the compiled rules.
 */
describe('compiled rules agree with survey-core on the shipped questionnaires', () => {
	const surveysDir = join(import.meta.dirname, '../../../surveys');
	const ids = ['barriers', 'maturity', 'method-evaluation', 'method-follow-up'];
	const audiences = ['municipal', 'business', 'citizen', 'voluntary'];

	for (const id of ids) {
		const json = JSON.parse(readFileSync(join(surveysDir, `${id}.json`), 'utf8'));
		const compiled = new DefinitionValidator(json);
		const model = new Model(json);

		// survey-core's reference validation of 60 answers to the long barrier questionnaire takes
		// seconds on a busy two-core machine.
		it(`${id}: generated answers pass both, for every audience`, { timeout: 30_000 }, () => {
			let checked = 0;
			for (const audience of audiences) {
				const context = { audience, municipality: 'trondheim', locale: 'nb' };
				for (let seed = 1; seed <= 15; seed++) {
					const answers = generateAnswers(compiled.compiled, context, seed);
					const ours = compiled.validate(answers, context);
					expect(ours, `seed ${seed} ${audience}: ${JSON.stringify(ours)}`).toEqual({
						ok: true,
						answers
					});
					const reference = validateWithModel(model, answers, context);
					expect(
						reference.ok,
						`survey-core refused seed ${seed} ${audience}: ${JSON.stringify(reference)}`
					).toBe(true);
					checked++;
				}
			}
			expect(checked).toBe(60);
		});

		it(`${id}: a broken value in any answered question is refused`, () => {
			const context = { audience: 'municipal', municipality: 'bodo', locale: 'nb' };
			const answers = generateAnswers(compiled.compiled, context, 7);
			const keys = Object.keys(answers);
			expect(keys.length).toBeGreaterThan(3);
			for (const key of keys) {
				const broken = { ...answers, [key]: { not: 'a valid value' } };
				expect(compiled.validate(broken, context).ok, key).toBe(false);
			}
		});
	}
});
