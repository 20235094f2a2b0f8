import { describe, expect, it } from 'vitest';
import { parseScoringModel } from '../scoring/model';
import {
	newDimension,
	newItem,
	newLevel,
	scorableQuestions,
	spreadPoints,
	startingModel,
	targetQuestions
} from './scoring';

const json = {
	pages: [
		{
			name: 'p1',
			elements: [
				{ type: 'text', name: 'free' },
				{
					type: 'radiogroup',
					name: 'strategy',
					choices: [
						{ value: 'none', text: { nb: 'Ingen', nn: 'Ingen', en: 'None' } },
						{ value: 'some', text: 'Noe' },
						'full',
						{ value: 'dont_know', text: { nb: 'Vet ikke' } }
					]
				},
				{
					type: 'panel',
					name: 'panel',
					elements: [
						{
							type: 'matrix',
							name: 'practice',
							rows: [{ value: 'licences', text: { nb: 'Lisenser' } }, 'quality'],
							columns: ['no', 'yes']
						}
					]
				}
			]
		},
		{
			name: 'p2',
			elements: [
				{ type: 'dropdown', name: 'target', choices: ['level_2', 'level_3'] },
				{ type: 'checkbox', name: 'many', choices: ['a', 'b'] }
			]
		}
	]
};

describe('scorableQuestions', () => {
	it('lists single-choice questions and matrices in order, panels included, with their values', () => {
		const found = scorableQuestions(json);
		expect(found.map((q) => q.name)).toEqual(['strategy', 'practice', 'target']);
		expect(found[0].values).toEqual([
			{ value: 'none', text: 'Ingen' },
			{ value: 'some', text: 'Noe' },
			{ value: 'full', text: 'full' },
			{ value: 'dont_know', text: 'Vet ikke' }
		]);
		expect(found[0].rows).toEqual([]);
		expect(found[1].rows).toEqual([
			{ value: 'licences', text: 'Lisenser' },
			{ value: 'quality', text: 'quality' }
		]);
		expect(found[1].values.map((v) => v.value)).toEqual(['no', 'yes']);
	});
});

describe('targetQuestions', () => {
	it('offers only one-choice questions that have a level code among their values', () => {
		expect(targetQuestions(json, ['level_1', 'level_2'])).toEqual(['target']);
		expect(targetQuestions(json, ['nothing'])).toEqual([]);
	});
});

describe('spreadPoints', () => {
	const v = (...values: string[]) => values.map((value) => ({ value, text: value }));
	it('spreads 0 to 1 evenly over the answers, leaving out don’t know', () => {
		// Four scored answers: 0/3, 1/3, 2/3, 3/3 → 0, 0.33, 0.67, 1.
		expect(spreadPoints(v('a', 'b', 'dont_know', 'c', 'd'), ['dont_know'])).toEqual({
			a: 0,
			b: 0.33,
			c: 0.67,
			d: 1
		});
		// Three: 0, 0.5, 1.
		expect(spreadPoints(v('a', 'b', 'c'), [])).toEqual({ a: 0, b: 0.5, c: 1 });
		expect(spreadPoints(v('only'), [])).toEqual({ only: 1 });
		expect(spreadPoints(v('dont_know'), ['dont_know'])).toEqual({});
	});
});

describe('newItem', () => {
	it('scores a question (or a matrix row) with weight 10 and spread points', () => {
		const [strategy, practice] = scorableQuestions(json);
		expect(newItem(strategy, undefined, ['dont_know'])).toEqual({
			question: 'strategy',
			weight: 10,
			points: { none: 0, some: 0.5, full: 1 }
		});
		expect(newItem(practice, 'quality', [])).toEqual({
			question: 'practice',
			row: 'quality',
			weight: 10,
			points: { no: 0, yes: 1 }
		});
	});
});

describe('startingModel, newDimension, newLevel', () => {
	it('make a model the scoring schema accepts once a dimension has an item', () => {
		const model = startingModel() as {
			levels: { min: number }[];
			dimensions: unknown[];
		};
		expect(model.levels.map((l) => l.min)).toEqual([0, 20, 40, 60, 80]);
		const dimension = newDimension(['dimension_1']);
		expect(dimension.code).toBe('dimension_2');
		dimension.label = { nb: 'Strategi', nn: 'Strategi', en: 'Strategy' };
		dimension.items = [newItem(scorableQuestions(json)[0], undefined, ['dont_know'])];
		model.dimensions.push(dimension);
		expect(parseScoringModel(model)).toMatchObject({ ok: true });
	});

	it('adds a level above the highest, halfway to 100, with an unused code', () => {
		expect(newLevel([{ level: 5, code: 'level_5', min: 80 }])).toMatchObject({
			level: 6,
			code: 'level_6',
			min: 90
		});
		expect(newLevel([])).toMatchObject({ level: 1, code: 'level_1', min: 0 });
		expect(
			newLevel([
				{ level: 1, code: 'level_2', min: 0 },
				{ level: 2, code: 'x', min: 50 }
			]).code
		).toBe('level_3');
		expect(
			newLevel([
				{ level: 1, code: 'level_2', min: 0 },
				{ level: 1, code: 'x', min: 50 }
			]).code
		).toBe('level_2_2');
	});
});
