import type { QuestionSelectBase } from 'survey-core';
import { describe, expect, it } from 'vitest';
import { exportColumns } from '../export/columns';
import { planSummary } from '../summary/plan';
import { compileDefinition, type ValueRule } from '../validation/compile';
import { newSurveyModel } from './model';
import { readQuestions } from './read';

/**
 * Validation, the export and the dashboard used to read a question's choices each on its own
 * (three copies, one without `choicesFromQuestion`, ranges or SurveyJS's special items). They now
 * share one reading; this proves they agree on a definition that uses all of it.
 */
const definition = {
	pages: [
		{
			name: 'p',
			elements: [
				{
					type: 'dropdown',
					name: 'source',
					choices: [
						{ value: 'a', text: { nb: 'A nb', nn: 'A nn', en: 'A en' } },
						{ value: 'b', text: { nb: 'B nb', nn: 'B nn', en: 'B en' } }
					],
					choicesMin: 1,
					choicesMax: 3,
					showNoneItem: true,
					showRefuseItem: true,
					showDontKnowItem: true,
					showOtherItem: true
				},
				// The source's choices and range, but special items of their own.
				{
					type: 'radiogroup',
					name: 'picked',
					choicesFromQuestion: 'source',
					showOtherItem: true
				},
				{
					type: 'checkbox',
					name: 'many',
					choicesFromQuestion: 'source',
					showNoneItem: true,
					showDontKnowItem: true
				},
				{ type: 'dropdown', name: 'range', choicesMin: 2, choicesMax: 8, choicesStep: 3 }
			]
		}
	]
};

// Worked out by hand from the definition: the choices, the range 1–3, then the question's own
// none, refuse, don't know and other, with the values SurveyJS gives them.
const expected: Record<string, unknown[]> = {
	source: ['a', 'b', 1, 2, 3, 'none', 'refused', 'dontknow', 'other'],
	picked: ['a', 'b', 1, 2, 3, 'other'],
	many: ['a', 'b', 1, 2, 3, 'none', 'dontknow'],
	range: [2, 5, 8]
};

const rules = compileDefinition(definition);
const ruleOf = (name: string) => rules.keys.get(name)!.rule as ValueRule & { values: unknown[] };
const plan = planSummary(definition);
const optionsOf = (name: string) => plan.questions.find((q) => q.name === name)!.options;
const columns = exportColumns([{ version: 'v1', json: definition }]);
const exported = (name: string) =>
	name === 'many'
		? columns
				.filter((c) => c.question === name && c.type === 'binary')
				.map((c) => c.source.from === 'choice' && c.source.choice)
		: columns.find((c) => c.question === name && c.type === 'code')!.codes.map((c) => c.value);

describe('the choice list, as validation, the dashboard and the export read it', () => {
	it.each(Object.keys(expected))('%s: the same values, in the same order, everywhere', (name) => {
		expect(ruleOf(name).values).toEqual(expected[name]);
		expect(optionsOf(name).map((o) => o.value)).toEqual(expected[name]);
		expect(exported(name)).toEqual(expected[name]);
		// And what survey-core itself shows a respondent.
		const question = newSurveyModel(definition).getQuestionByName(name) as QuestionSelectBase;
		const shown = question.visibleChoices;
		expect(shown.map((item) => item.value)).toEqual(expected[name]);
	});

	it('agrees on which choices stand alone and which opens the "other" text', () => {
		const rule = ruleOf('many') as Extract<ValueRule, { t: 'choices' }>;
		expect(rule.exclusive).toEqual(['none', 'dontknow']);
		expect(rules.keys.get('source-Comment')?.other?.otherValue).toBe('other');
		expect(rules.keys.get('picked-Comment')?.other?.otherValue).toBe('other');
		expect(rules.keys.has('many-Comment')).toBe(false);
		const names = columns.map((c) => c.name);
		expect(names).toEqual(expect.arrayContaining(['picked_other_text', 'source_other_text']));
		expect(names).not.toContain('many_other_text');
	});

	it('labels each choice the same on the dashboard and in the codebook, never with its code', () => {
		const codebook = columns.find((c) => c.question === 'source' && c.type === 'code')!.codes;
		expect(optionsOf('source').map((o) => o.label)).toEqual(codebook.map((c) => c.label));
		const english = optionsOf('source').map((o) => o.label.en);
		expect(english).toEqual([
			'A en',
			'B en',
			'1',
			'2',
			'3',
			'None',
			'Refuse to answer',
			"Don't know",
			'Other (describe)'
		]);
		// Bokmål has SurveyJS's Norwegian wording for its own items, not the codes.
		const bokmal = optionsOf('source').map((o) => o.label.nb);
		expect(bokmal.slice(0, 2)).toEqual(['A nb', 'B nb']);
		for (const [i, code] of ['none', 'refused', 'dontknow', 'other'].entries())
			expect(bokmal[5 + i]).not.toBe(code);
	});

	it('is read once per definition object', () => {
		expect(readQuestions(definition)).toBe(readQuestions(definition));
		expect(readQuestions(definition)).not.toBe(readQuestions({ ...definition }));
	});
});
