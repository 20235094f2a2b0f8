import { describe, expect, it } from 'vitest';
import { designableOf, designableTypes } from './designable';
import { kindOfJson } from './registry';

describe('the designer’s question types', () => {
	it('are each read by the registry as the kind they say, never as unknown', () => {
		for (const d of designableTypes) {
			expect(kindOfJson(d.type, d.preset ?? {}), d.id).toBe(d.kind);
			expect(d.kind).not.toBe('unknown');
		}
	});

	it('have unique ids and cover every kind the issue asks for', () => {
		const ids = designableTypes.map((d) => d.id);
		expect(new Set(ids).size).toBe(ids.length);
		for (const id of [
			'radiogroup',
			'checkbox',
			'dropdown',
			'rating',
			'matrix',
			'ranking',
			'selecttorank',
			'boolean',
			'text',
			'comment',
			'number',
			'multipletext',
			'matrixdropdown',
			'paneldynamic',
			'html',
			'expression'
		])
			expect(ids).toContain(id);
	});

	it('tells a preset apart from its plain type', () => {
		expect(designableOf({ type: 'text', inputType: 'number' })?.id).toBe('number');
		expect(designableOf({ type: 'text' })?.id).toBe('text');
		expect(designableOf({ type: 'ranking', selectToRankEnabled: true })?.id).toBe('selecttorank');
		expect(designableOf({ type: 'signaturepad' })).toBeUndefined();
	});
});
