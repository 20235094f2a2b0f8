import { execFile } from 'node:child_process';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { promisify } from 'node:util';
import Papa from 'papaparse';
import type { Column } from '../../src/lib/export/columns';
import { tempDir } from './server';

/**
 * Reading an export back as a researcher's tools would, and turning a row back into the answers
 * it was made from, so a test can compare them with what was submitted.
 */

/** Parsed with papaparse, as a JavaScript notebook would. */
export function parseWithPapaparse(text: string, delimiter: ',' | ';'): string[][] {
	const parsed = Papa.parse<string[]>(text.replace(/^\uFEFF/, ''), {
		delimiter,
		skipEmptyLines: true
	});
	if (parsed.errors.length > 0) throw new Error(JSON.stringify(parsed.errors.slice(0, 3)));
	return parsed.data;
}

/**
 * Parsed by Python's csv module in a child process: a reader written by other people, as pandas'
 * Python engine and most scripts use it. `utf-8-sig` drops the byte-order mark, as pandas does.
 */
export async function parseWithPython(
	bytes: Uint8Array,
	delimiter: ',' | ';'
): Promise<string[][]> {
	const file = join(await tempDir('odb-csv-'), 'export.csv');
	await writeFile(file, bytes);
	const script = [
		'import csv, json, sys',
		"with open(sys.argv[1], newline='', encoding='utf-8-sig') as f:",
		'    json.dump(list(csv.reader(f, delimiter=sys.argv[2], strict=True)), sys.stdout)'
	].join('\n');
	const { stdout } = await promisify(execFile)('python3', ['-c', script, file, delimiter], {
		maxBuffer: 512 * 1024 * 1024
	});
	return JSON.parse(stdout) as string[][];
}

export interface ReadbackOptions {
	/** The Excel flavour's decimal comma. */
	decimalComma?: boolean;
	/** The Excel flavour's `'` before a text that would run as a formula. */
	neutralised?: boolean;
}

function setAt(
	target: Record<string, unknown>,
	path: readonly (string | number)[],
	value: unknown
) {
	let node: Record<string | number, unknown> = target;
	for (let i = 0; i < path.length - 1; i++) {
		const step = path[i];
		node[step] ??= typeof path[i + 1] === 'number' ? [] : {};
		node = node[step] as Record<string | number, unknown>;
	}
	node[path[path.length - 1]] = value;
}

function getAt(target: unknown, path: readonly (string | number)[]): unknown {
	let node = target;
	for (const step of path) node = (node as Record<string | number, unknown> | undefined)?.[step];
	return node;
}

/** The answers a wide row holds, typed again from the columns (codes, numbers, booleans). */
export function answersFromRow(
	columns: readonly Column[],
	cells: readonly string[],
	options: ReadbackOptions = {}
): Record<string, unknown> {
	const answers: Record<string, unknown> = {};
	const ranks = new Map<
		string,
		{ path: readonly (string | number)[]; items: [number, unknown][] }
	>();
	columns.forEach((column, i) => {
		const cell = cells[i];
		const source = column.source;
		if (cell === '' || source.from === 'meta') return;
		if (source.from === 'choice') {
			if (cell !== '1') return;
			const list = (getAt(answers, source.path) as unknown[] | undefined) ?? [];
			setAt(answers, source.path, [...list, source.choice]);
			return;
		}
		if (source.from === 'rank') {
			const key = JSON.stringify(source.path);
			const entry = ranks.get(key) ?? { path: source.path, items: [] };
			entry.items.push([Number(cell), source.choice]);
			ranks.set(key, entry);
			return;
		}
		setAt(answers, source.path, typed(column, cell, options));
	});
	for (const { path, items } of ranks.values())
		setAt(
			answers,
			path,
			items.sort((a, b) => a[0] - b[0]).map(([, choice]) => choice)
		);
	return answers;
}

function typed(column: Column, cell: string, options: ReadbackOptions): unknown {
	if (column.type === 'number') return Number(options.decimalComma ? cell.replace(',', '.') : cell);
	if (column.type === 'boolean') return cell === '1';
	const code = column.codes.find((c) => String(c.value) === cell);
	if (code) return code.value;
	if (options.neutralised && /^'[=+\-@\t\r]/.test(cell)) return cell.slice(1);
	return cell;
}

/**
 * Submitted answers in the form a wide row can hold them: a checkbox's choices in the order of
 * the choices (0/1 columns keep which, not in what order they were ticked).
 */
export function comparable(
	columns: readonly Column[],
	answers: Record<string, unknown>
): Record<string, unknown> {
	const copy = structuredClone(answers);
	for (const column of columns) {
		if (column.source.from !== 'choice') continue;
		const list = getAt(copy, column.source.path);
		if (!Array.isArray(list)) continue;
		const order = columns
			.filter((c) => c.source.from === 'choice' && c.question === column.question)
			.map((c) => (c.source as { choice: unknown }).choice);
		list.sort((a, b) => order.indexOf(a) - order.indexOf(b));
	}
	return copy;
}
