import type { ItemValue } from 'survey-core';
import { deeper } from '../../export/drafts';
import { choicesOf } from '../choices';
import { cannotScore, shape, type KindModule, type Props } from './kind';

/** A single-choice matrix (`matrix`, the Likert grid): one column value per row. */
export const matrixKind: KindModule<'matrix'> = {
	kind: 'matrix',
	describe: (question) => {
		const q = question as Props;
		return {
			rows: choicesOf(q.rows as ItemValue[]),
			columns: choicesOf(q.columns as ItemValue[]),
			eachRowRequired: Boolean(q.eachRowRequired ?? q.isAllRowRequired)
		};
	},
	rule: (q) => ({
		t: 'matrix',
		rows: q.rows.map((row) => row.value),
		columns: q.columns.map((column) => column.value),
		allRowsRequired: q.eachRowRequired
	}),
	comments: true,
	columns: (q, place, sink) => {
		for (const row of q.rows) {
			const at = deeper(place, String(row.value), String(row.value), row.label);
			// The columns of a single-choice matrix are a scale (the Likert grid it is made for).
			sink.add(at, 'code', { from: 'answer', path: at.path }, q.columns, { ordered: true });
		}
	},
	summary: (q) => shape('matrix', { rows: q.rows, options: q.columns }),
	scoring: (q, row) => {
		if (row === undefined) return cannotScore(q.type, row);
		if (!q.rows.some((r) => String(r.value) === row)) {
			return { error: `scores row ${JSON.stringify(row)}, which the matrix does not have` };
		}
		return { values: q.columns.map((column) => column.value), label: 'column' };
	}
};
