import type { Problem } from './analyse';
import type { LocalisedText } from './spelling';

/** What the authoring checks share: how they report, and how they word a value or a list. */

export interface Report {
	problem(question: string | undefined, message: string): void;
	warning(question: string | undefined, message: string): void;
	/** A translated text, for the spelling pass (./spelling.ts). */
	text(piece: LocalisedText): void;
}

export function problem(file: string, question: string | undefined, message: string): Problem {
	return question === undefined ? { file, message } : { file, question, message };
}

export function isRecord(value: unknown): value is Record<string, unknown> {
	return !!value && typeof value === 'object' && !Array.isArray(value);
}

export const quote = (value: unknown) => JSON.stringify(value);

/** "nn", "nn or en", "nb, nn or en". */
export function orList(items: readonly string[]): string {
	return items.length < 2 ? items.join('') : `${items.slice(0, -1).join(', ')} or ${items.at(-1)}`;
}
