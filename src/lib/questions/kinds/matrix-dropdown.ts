import { settings, type ItemValue, type Question } from 'survey-core';
import { deeper, numberedPlaces, type ColumnSink, type Place } from '../../export/drafts';
import { DEFAULT_COMMENT_MAX, type Field, type RuleContext } from '../../validation/rules';
import { choicesOf, positive } from '../choices';
import { textsOf } from '../texts';
import type { Cell } from '../types';
import { shape, type KindModule, type Props, type Reader } from './kind';

/**
 * Multi-column matrices: `matrixdropdown` (fixed rows) and `matrixdynamic` (rows the respondent
 * adds). Each column is a question of its own kind (its `cellType`), asked once per row.
 */

interface ColumnProps {
	name: string;
	isRequired: boolean;
	locTitle?: import('survey-core').LocalizableString;
	templateQuestion?: Question;
	totalType?: string;
}

function readCells(q: Props, read: Reader): { cells: Cell[]; totals: boolean } {
	const columns = (q.columns as ColumnProps[] | undefined) ?? [];
	const cells: Cell[] = [];
	for (const column of columns) {
		if (!column.templateQuestion) continue;
		cells.push({
			name: column.name,
			title: textsOf(column.locTitle, column.name),
			required: column.isRequired,
			question: read.describe(column.templateQuestion)
		});
	}
	const totals = columns.some((c) => c.totalType && c.totalType !== 'none');
	return { cells, totals };
}

/** The fields of one row: each cell's rule under its column's name, with its comment beside it. */
function cellFields(cells: Cell[], ctx: RuleContext): Map<string, Field> {
	const fields = new Map<string, Field>();
	for (const cell of cells) {
		const field = ctx.field(cell.question);
		if (!field) continue;
		const commentKey = field.commentKey ? cell.name + settings.commentSuffix : undefined;
		fields.set(cell.name, { ...field, key: cell.name, commentKey, required: cell.required });
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

function cellColumns(cells: Cell[], row: Place, sink: ColumnSink) {
	for (const cell of cells)
		sink.question(cell.question, deeper(row, cell.name, cell.name, cell.title));
}

const columnOptions = (cells: Cell[]) => cells.map((c) => ({ value: c.name, label: c.title }));

export const matrixDropdownKind: KindModule<'matrixdropdown'> = {
	kind: 'matrixdropdown',
	describe: (q, read) => ({
		rows: choicesOf((q as Props).rows as ItemValue[]),
		...readCells(q as Props, read)
	}),
	rule: (q, ctx) => {
		const rowRule = { t: 'object', fields: cellFields(q.cells, ctx), list: false } as const;
		const rows = new Map<string, Field>();
		for (const row of q.rows) {
			const key = String(row.value);
			rows.set(key, { key, rule: rowRule, required: false, validators: [] });
		}
		return { t: 'object', fields: rows, list: false };
	},
	comments: true,
	columns: (q, place, sink) => {
		for (const row of q.rows) {
			cellColumns(q.cells, deeper(place, String(row.value), String(row.value), row.label), sink);
		}
	},
	summary: (q) => shape('matrixdropdown', { rows: q.rows, columns: columnOptions(q.cells) })
};

export const matrixDynamicKind: KindModule<'matrixdynamic'> = {
	kind: 'matrixdynamic',
	describe: (q, read) => ({
		...readCells(q as Props, read),
		minRows: positive((q as Props).minRowCount),
		maxRows: Number((q as Props).maxRowCount)
	}),
	rule: (q, ctx) => ({
		t: 'object',
		fields: cellFields(q.cells, ctx),
		list: true,
		minItems: q.minRows,
		maxItems: Math.min(q.maxRows || settings.matrix.maxRowCount, settings.matrix.maxRowCount)
	}),
	comments: true,
	columns: (q, place, sink) => {
		for (const row of numberedPlaces(place, sink, q.maxRows, settings.matrix.maxRowCount))
			cellColumns(q.cells, row, sink);
	},
	summary: () => shape('dynamic')
};
