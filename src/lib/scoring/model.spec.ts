import { describe, expect, it } from 'vitest';
import { parseScoringModel, type LocalizedText, type ScoringModel } from './model';

const text = (en: string): LocalizedText => ({ nb: `${en} (nb)`, nn: `${en} (nn)`, en });

const validModel: ScoringModel = {
	levels: [
		{ level: 1, code: 'level_1', min: 0, label: text('Initial') },
		{ level: 2, code: 'level_2', min: 40, label: text('Defined') },
		{ level: 3, code: 'level_3', min: 70, label: text('Optimising') }
	],
	dimensions: [
		{
			code: 'strategy',
			label: text('Strategy'),
			items: [
				{
					question: 'strategy_policy',
					weight: 10,
					points: { none: 0, partly: 0.5, full: 1 },
					notApplicable: { value: 'not_applicable' }
				},
				{
					question: 'practices',
					row: 'budget',
					weight: 5,
					points: { none: 0, full: 1 },
					askedIf: { question: 'has_budget', values: ['yes'] }
				}
			],
			conditions: [
				{
					level: 2,
					text: text('A policy and a budget'),
					requires: [
						{ question: 'strategy_policy', minPoints: 0.5 },
						{ question: 'practices', row: 'budget', minPoints: 1 }
					]
				}
			],
			targetQuestion: 'strategy_target',
			suggestions: [{ forLevel: 2, text: text('Write a policy') }]
		}
	]
};

/** The valid model with one thing broken (a deep copy, so cases do not leak into each other). */
function broken(change: (model: ScoringModel) => void): ScoringModel {
	const model = structuredClone(validModel);
	change(model);
	return model;
}

describe('parseScoringModel', () => {
	it('accepts a valid model and returns it unchanged', () => {
		expect(parseScoringModel(structuredClone(validModel))).toEqual({
			ok: true,
			model: validModel
		});
	});

	it('accepts a label with a default text', () => {
		const model = broken((m) => (m.levels[0].label.default = 'Innledende'));
		expect(parseScoringModel(model).ok).toBe(true);
	});

	it.each<{ name: string; value: unknown; errors: string[] }>([
		{
			name: 'not an object',
			value: null,
			errors: ['scoring: must be an object, got null']
		},
		{
			name: 'levels not sorted by min',
			value: broken((m) => {
				m.levels[1].min = 70;
				m.levels[2].min = 40;
			}),
			errors: [
				'levels: levels must be sorted by min, lowest first, without repeats: levels[2].min 40 is not above levels[1].min 70'
			]
		},
		{
			name: 'two levels with the same min',
			value: broken((m) => (m.levels[2].min = 40)),
			errors: [
				'levels: levels must be sorted by min, lowest first, without repeats: levels[2].min 40 is not above levels[1].min 40'
			]
		},
		{
			name: 'first level above 0',
			value: broken((m) => (m.levels[0].min = 10)),
			errors: ['levels: the first level must have min 0 (so every score has a level), got 10']
		},
		{
			name: 'level numbers not rising with min',
			value: broken((m) => (m.levels[2].level = 2)),
			errors: [
				'levels: level numbers must rise with min: levels[2].level 2 is not above levels[1].level 2'
			]
		},
		{
			name: 'level not a whole number',
			value: broken((m) => (m.levels[1].level = 2.5)),
			errors: ['levels[1].level: level must be a whole number']
		},
		{
			name: 'weight 0',
			value: broken((m) => (m.dimensions[0].items[0].weight = 0)),
			errors: ['dimensions[0].items[0].weight: weight must be greater than 0']
		},
		{
			name: 'weight given as text',
			value: broken((m) => Object.assign(m.dimensions[0].items[0], { weight: '10' })),
			errors: ['dimensions[0].items[0].weight: weight must be a number']
		},
		{
			name: 'missing label language',
			value: broken((m) => delete (m.levels[1].label as Partial<LocalizedText>).nn),
			errors: ['levels[1].label.nn: is required but missing']
		},
		{
			name: 'empty label language',
			value: broken((m) => (m.dimensions[0].label.en = '')),
			errors: ['dimensions[0].label.en: the English text (en) must not be empty']
		},
		{
			name: 'points above 1, with a key that is not an identifier',
			value: broken((m) => (m.dimensions[0].items[1].points['not sure'] = 2)),
			errors: ['dimensions[0].items[1].points["not sure"]: points must be at most 1']
		},
		{
			name: 'misspelt field',
			value: broken((m) => {
				const item = m.dimensions[0].items[1];
				Object.assign(item, { rows: item.row });
				delete item.row;
			}),
			errors: ['dimensions[0].items[1].rows: is not a known field (misspelt?)']
		},
		{
			// "Not applicable" is always left out; full credit for it rewarded not having something.
			name: 'a credit for not applicable',
			value: broken((m) =>
				Object.assign(m.dimensions[0].items[0], {
					notApplicable: { value: 'not_applicable', credit: 'full' }
				})
			),
			errors: ['dimensions[0].items[0].notApplicable.credit: is not a known field (misspelt?)']
		},
		{
			name: 'a minimum coverage above 100',
			value: { ...structuredClone(validModel), minCoverage: 120 },
			errors: ['minCoverage: minCoverage must be at most 100']
		},
		{
			name: 'askedIf without values',
			value: broken((m) => (m.dimensions[0].items[1].askedIf!.values = [])),
			errors: ['dimensions[0].items[1].askedIf.values: askedIf.values must list at least one value']
		},
		{
			name: 'a condition for the lowest level',
			value: broken((m) => (m.dimensions[0].conditions![0].level = 1)),
			errors: [
				'dimensions[0].conditions[0].level: level must be at least 2 (the lowest level has no conditions)'
			]
		},
		{
			name: 'a condition for a level the model does not have',
			value: broken((m) => (m.dimensions[0].conditions![0].level = 4)),
			errors: ['dimensions[0].conditions[0]: level 4 is not one of the levels above the lowest']
		},
		{
			name: 'two conditions for one level',
			value: broken((m) => m.dimensions[0].conditions!.push(m.dimensions[0].conditions![0])),
			errors: ['dimensions[0].conditions: conditions: one entry per level']
		},
		{
			name: 'a condition on a question that is not an item of the dimension',
			value: broken((m) => (m.dimensions[0].conditions![0].requires[1].row = 'catalogue')),
			errors: [
				'dimensions[0]: conditions[0].requires[1]: "practices", row "catalogue" is not an item of this dimension'
			]
		},
		{
			name: 'a condition no answer can meet',
			value: broken((m) => (m.dimensions[0].items[1].points = { none: 0, some: 0.5 })),
			errors: [
				'dimensions[0]: conditions[0].requires[1]: no answer to "practices" earns 1 points, so the level can never be reached'
			]
		},
		{
			name: 'a requirement of 0 points',
			value: broken((m) => (m.dimensions[0].conditions![0].requires[0].minPoints = 0)),
			errors: [
				'dimensions[0].conditions[0].requires[0].minPoints: minPoints must be greater than 0 (a requirement of 0 points always holds)'
			]
		},
		{
			name: 'not-applicable value that also has points',
			value: broken((m) => (m.dimensions[0].items[0].points.not_applicable = 0)),
			errors: [
				'dimensions[0].items[0]: the not-applicable value "not_applicable" must not also have points'
			]
		},
		{
			name: 'suggestion for level 0',
			value: broken((m) => (m.dimensions[0].suggestions = [{ forLevel: 0, text: text('x') }])),
			errors: ['dimensions[0].suggestions[0].forLevel: forLevel must be at least 1']
		},
		{
			name: 'duplicate dimension codes',
			value: broken((m) => m.dimensions.push(structuredClone(m.dimensions[0]))),
			errors: ['dimensions: dimension codes must be unique']
		},
		{
			name: 'missing dimensions',
			value: { levels: validModel.levels },
			errors: ['dimensions: is required but missing']
		},
		{
			name: 'several problems at once, all reported',
			value: broken((m) => {
				delete (m.levels[1].label as Partial<LocalizedText>).nn;
				m.dimensions[0].items[0].weight = 0;
			}),
			errors: [
				'levels[1].label.nn: is required but missing',
				'dimensions[0].items[0].weight: weight must be greater than 0'
			]
		}
	])('rejects $name', ({ value, errors }) => {
		expect(parseScoringModel(value)).toEqual({ ok: false, errors });
	});
});
