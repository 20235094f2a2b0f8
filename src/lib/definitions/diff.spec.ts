import { describe, expect, it } from 'vitest';
import { diffDefinitions, questionsOf } from './diff';

const v1 = {
	pages: [
		{
			elements: [
				{
					type: 'radiogroup',
					name: 'role',
					title: { nb: 'Rolle', en: 'Role' },
					choices: ['a', { value: 'b', text: 'B' }]
				},
				{ type: 'panel', name: 'p', elements: [{ type: 'text', name: 'inner' }] },
				{ type: 'matrix', name: 'm', rows: ['r1', 'r2'], columns: [1, 2] },
				{ type: 'comment', name: 'gone' },
				{ type: 'html', name: 'intro' }
			]
		}
	]
};

describe('questionsOf', () => {
	it('finds questions in pages and panels, not html blocks or panels themselves', () => {
		expect([...questionsOf(v1).keys()]).toEqual(['role', 'inner', 'm', 'gone']);
	});
});

describe('diffDefinitions', () => {
	it('reports nothing for the same definition', () => {
		expect(diffDefinitions(v1, structuredClone(v1))).toEqual({
			added: [],
			removed: [],
			changed: []
		});
	});

	it('names added, removed, reworded questions and changed choices, rows and types', () => {
		const v2 = structuredClone(v1) as typeof v1;
		const elements = v2.pages[0].elements as Record<string, unknown>[];
		elements[0].title = { nb: 'Din rolle', en: 'Role' };
		elements[0].choices = ['a', { value: 'b', text: 'Bee' }, 'c'];
		elements[2].rows = ['r1', 'r3'];
		elements[3] = { type: 'text', name: 'new_one' };
		(elements[1].elements as Record<string, unknown>[])[0].type = 'comment';
		expect(diffDefinitions(v1, v2)).toEqual({
			added: ['new_one'],
			removed: ['gone'],
			changed: [
				{
					question: 'role',
					reworded: true,
					typeChanged: null,
					choices: { added: ['c'], removed: [], relabelled: ['b'] },
					rows: null,
					columns: null
				},
				{
					question: 'inner',
					reworded: false,
					typeChanged: { from: 'text', to: 'comment' },
					choices: null,
					rows: null,
					columns: null
				},
				{
					question: 'm',
					reworded: false,
					typeChanged: null,
					choices: null,
					rows: { added: ['r3'], removed: ['r2'], relabelled: [] },
					columns: null
				}
			]
		});
	});
});
