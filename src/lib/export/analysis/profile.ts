import type { Locale } from '../../i18n/locales';
import type { AnalysisVariable } from './coding';
import { utf8Length } from './names';

/**
 * What the syntax files need to know about the data they read, learnt while the data file is
 * written: how wide each text is (SPSS reads a text into a fixed width, `A120`) and how many
 * digits and decimals each number has (its display format, `F8.2`).
 */

export interface ColumnProfile {
	/** The longest cell, in bytes of UTF-8. */
	bytes: number;
	/** The most digits after the decimal point. */
	decimals: number;
}

/** SPSS's longest text. */
export const MAX_STRING_BYTES = 32767;

export class DataProfile {
	readonly columns: ColumnProfile[];
	rows = 0;

	constructor(width: number) {
		this.columns = Array.from({ length: width }, () => ({ bytes: 0, decimals: 0 }));
	}

	add(cells: readonly string[]): void {
		this.rows++;
		for (let i = 0; i < cells.length; i++) {
			const cell = cells[i];
			if (cell === '') continue;
			const column = this.columns[i];
			const bytes = cell.length > column.bytes / 3 ? utf8Length(cell) : cell.length;
			if (bytes > column.bytes) column.bytes = bytes;
			const point = cell.indexOf('.');
			if (point >= 0 && cell.length - point - 1 > column.decimals)
				column.decimals = cell.length - point - 1;
		}
	}
}

/** What every syntax writer is given. */
export interface SyntaxInput {
	surveyId: string;
	title: string;
	locale: Locale;
	/** ISO 8601, UTC. */
	exportedAt: string;
	/** The data file's name, beside the syntax file. */
	dataFile: string;
	variables: readonly AnalysisVariable[];
	profile: DataProfile;
}

/** The label of `variable` (or a value) in the bundle's language, never empty. */
export const labelIn = (texts: Record<Locale, string>, locale: Locale, fallback: string) =>
	texts[locale] || fallback;
