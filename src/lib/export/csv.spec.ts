import Papa from 'papaparse';
import { describe, expect, it } from 'vitest';
import { csvChunks, csvFlavours, csvText } from './csv';

const { standard, excel } = csvFlavours;

describe('csvText', () => {
	// Each row: the cells, the standard line, the Excel line.
	it.each([
		[['a', 'b'], 'a,b\r\n', 'a;b\r\n'],
		[['1,5', 'x'], '"1,5",x\r\n', '1,5;x\r\n'],
		[['a;b', 'x'], 'a;b,x\r\n', '"a;b";x\r\n'],
		[['si "hei"', ''], '"si ""hei""",\r\n', '"si ""hei""";\r\n'],
		[['Linje 1\nLinje 2'], '"Linje 1\nLinje 2"\r\n', '"Linje 1\nLinje 2"\r\n'],
		[['æøå', 'ÆØÅ'], 'æøå,ÆØÅ\r\n', 'æøå;ÆØÅ\r\n'],
		[['', '', ''], ',,\r\n', ';;\r\n']
	])('%j → %j and %j', (cells, standardLine, excelLine) => {
		expect(csvText([cells], standard)).toBe(standardLine);
		expect(csvText([cells], excel)).toBe(excelLine);
	});

	it('writes nothing for no rows', () => {
		expect(csvText([], standard)).toBe('');
	});
});

describe('csvChunks', () => {
	const header = ['id', 'text'];
	const rows = Array.from({ length: 1201 }, (_, i) => [String(i), i % 2 ? 'a,"b"\nc' : 'æ;ø']);

	it('writes the header once, then the rows in pieces of the size asked for', () => {
		const chunks = [...csvChunks(header, rows, standard, 500)];
		expect(chunks).toHaveLength(4);
		expect(chunks[0]).toBe('id,text\r\n');
		expect(chunks.slice(1).map((c) => Papa.parse(c).data.length)).toEqual([501, 501, 202]);
	});

	it.each([
		['standard', standard, ','],
		['excel', excel, ';']
	])('reads back as the same rows (%s)', (_, flavour, delimiter) => {
		const text = [...csvChunks(header, rows, flavour, 500)].join('');
		const parsed = Papa.parse<string[]>(text.replace(/^\uFEFF/, ''), {
			delimiter,
			skipEmptyLines: true
		});
		expect(parsed.errors).toEqual([]);
		expect(parsed.data).toEqual([header, ...rows]);
	});

	it('puts the byte-order mark only at the start of the Excel file', () => {
		const chunks = [...csvChunks(header, rows, excel, 500)];
		expect(chunks[0].startsWith('\uFEFFid;text\r\n')).toBe(true);
		expect(chunks.slice(1).some((c) => c.includes('\uFEFF'))).toBe(false);
		expect([...csvChunks(header, rows, standard)].join('')).not.toContain('\uFEFF');
	});

	it('reads the rows only as pieces are asked for', () => {
		let read = 0;
		function* counted() {
			for (const row of rows) {
				read++;
				yield row;
			}
		}
		const chunks = csvChunks(header, counted(), standard, 100);
		chunks.next();
		expect(read).toBe(0);
		chunks.next();
		expect(read).toBe(100);
	});
});
