import Papa from 'papaparse';

/**
 * The two CSV files researchers need. "standard" is RFC 4180 as R, Python, SPSS and Stata read
 * it by default: comma, UTF-8 without a byte-order mark, `.` as decimal point, every text exactly
 * as given. "excel" is what Excel in Norwegian opens correctly with a double click: `;` (its list
 * separator), a byte-order mark (without one it reads UTF-8 as Windows-1252 and garbles æøå),
 * decimal comma, and texts that would run as formulas neutralised.
 */
export const csvFormats = ['standard', 'excel'] as const;
export type CsvFormat = (typeof csvFormats)[number];

export interface CsvFlavour {
	delimiter: ',' | ';';
	bom: boolean;
	decimalComma: boolean;
	neutraliseFormulae: boolean;
}

export const csvFlavours: Record<CsvFormat, CsvFlavour> = {
	standard: { delimiter: ',', bom: false, decimalComma: false, neutraliseFormulae: false },
	excel: { delimiter: ';', bom: true, decimalComma: true, neutraliseFormulae: true }
};

/** RFC 4180 ends records with CRLF; line breaks inside quoted texts stay as they were. */
const NEWLINE = '\r\n';

/** Rows as CSV text, each ending with CRLF; quoted only where a cell needs it. */
export function csvText(rows: string[][], flavour: CsvFlavour): string {
	if (rows.length === 0) return '';
	return (
		Papa.unparse(rows, {
			delimiter: flavour.delimiter,
			newline: NEWLINE,
			quotes: false,
			// Done per cell by the flattening, where it is known which cells are texts: papaparse's
			// option would also mark negative numbers written as text ("-3,5") as formulas.
			escapeFormulae: false
		}) + NEWLINE
	);
}

/**
 * A CSV file in pieces: the byte-order mark (if any) and header first, then `rowsPerChunk` rows
 * at a time. `rows` is read lazily, so a consumer that takes one piece at a time holds one
 * piece in memory, and papaparse's synchronous `unparse` never runs on more than one piece.
 */
export function* csvChunks(
	header: string[],
	rows: Iterable<string[]>,
	flavour: CsvFlavour,
	rowsPerChunk = 500
): Generator<string, void, undefined> {
	yield (flavour.bom ? '\uFEFF' : '') + csvText([header], flavour);
	let chunk: string[][] = [];
	for (const row of rows) {
		chunk.push(row);
		if (chunk.length >= rowsPerChunk) {
			yield csvText(chunk, flavour);
			chunk = [];
		}
	}
	if (chunk.length > 0) yield csvText(chunk, flavour);
}

/** `csvChunks` over rows that arrive asynchronously (a database cursor): the same pieces. */
export async function* csvChunksFrom(
	header: string[],
	rows: AsyncIterable<string[]>,
	flavour: CsvFlavour,
	rowsPerChunk = 500
): AsyncGenerator<string, void, undefined> {
	yield (flavour.bom ? '\uFEFF' : '') + csvText([header], flavour);
	let chunk: string[][] = [];
	for await (const row of rows) {
		chunk.push(row);
		if (chunk.length >= rowsPerChunk) {
			yield csvText(chunk, flavour);
			chunk = [];
		}
	}
	if (chunk.length > 0) yield csvText(chunk, flavour);
}
