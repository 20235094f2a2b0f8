/**
 * The comparability guard: whether a new version of a questionnaire can still be compared with
 * an older one that has answers. Read from the JSON alone (like ./diff.ts), so it also works for
 * versions SurveyJS would no longer load.
 *
 * Breaking — answers to the two versions no longer mean the same:
 * - a question removed (its answers have nothing to be compared with);
 * - a question's type changed (a single choice that became a multiple choice counts differently);
 * - a choice, row, column or item code removed;
 * - a code kept but given another meaning: its Bokmål text so different that it is no longer a
 *   rewording (see `sameMeaning`);
 * - a scale changed: a rating's range, step or values, a Likert matrix's columns (added, removed
 *   or reordered), a rating's values reordered.
 *
 * Not breaking (cosmetic or additive): rewording, translations, descriptions, a question or a
 * choice added, a question moved, limits and conditions.
 */
import { questionsOf } from './diff';

export type BreakingKind =
	'questionRemoved' | 'typeChanged' | 'codeRemoved' | 'codeReused' | 'scaleChanged';

export interface BreakingChange {
	question: string;
	change: BreakingKind;
	/** In words, for the researcher (English and Norwegian are both in the UI's catalogue). */
	message: string;
	/** The code concerned, for a removed or reused code. */
	code?: string;
}

type Json = Record<string, unknown>;

interface Item {
	code: string;
	text: string;
}

/** The text of a choice as the Bokmål reader sees it (or the default text, or the code). */
function bokmal(text: unknown, code: string): string {
	if (typeof text === 'string') return text;
	if (text && typeof text === 'object') {
		const t = text as Record<string, unknown>;
		for (const key of ['nb', 'default', 'nn', 'en'])
			if (typeof t[key] === 'string' && t[key]) return t[key] as string;
	}
	return code;
}

function itemsOf(list: unknown): Item[] {
	if (!Array.isArray(list)) return [];
	return list.map((item) => {
		if (item && typeof item === 'object') {
			const o = item as Json;
			const code = String(o.value ?? o.name);
			return { code, text: bokmal(o.text ?? o.title, code) };
		}
		return { code: String(item), text: String(item) };
	});
}

/** Letter pairs of a text, lowercased, punctuation and spacing ignored. */
function bigrams(text: string): Map<string, number> {
	const plain = text
		.toLocaleLowerCase('nb')
		.replace(/[^\p{L}\p{N}]+/gu, ' ')
		.trim();
	const out = new Map<string, number>();
	for (let i = 0; i < plain.length - 1; i++) {
		const pair = plain.slice(i, i + 2);
		out.set(pair, (out.get(pair) ?? 0) + 1);
	}
	return out;
}

/**
 * Whether two texts of one code still say the same thing: the Sørensen–Dice coefficient of their
 * letter pairs is at least one half. A typo fix or a small rewording ("Svært lite" → "Svært
 * liten grad") keeps most pairs; another answer ("Ja" → "Nei", "Buss" → "Sykkel") keeps few.
 * A heuristic: the researcher who knows better confirms with a reason.
 */
export function sameMeaning(a: string, b: string): boolean {
	if (a.trim().toLocaleLowerCase('nb') === b.trim().toLocaleLowerCase('nb')) return true;
	const x = bigrams(a);
	const y = bigrams(b);
	let total = 0;
	let shared = 0;
	for (const n of x.values()) total += n;
	for (const n of y.values()) total += n;
	for (const [pair, n] of x) shared += Math.min(n, y.get(pair) ?? 0);
	if (total === 0) return false;
	return (2 * shared) / total >= 0.5;
}

const itemLists: { property: string; label: string }[] = [
	{ property: 'choices', label: 'choice' },
	{ property: 'rows', label: 'row' },
	{ property: 'columns', label: 'column' },
	{ property: 'items', label: 'item' },
	{ property: 'rateValues', label: 'scale value' }
];

/** Types whose columns are a scale every row is answered on: changing them changes the scale. */
const scaleColumns = new Set(['matrix']);

const q = (name: string) => `“${name}”`;

function compareQuestion(name: string, before: Json, after: Json): BreakingChange[] {
	const out: BreakingChange[] = [];
	const typeBefore = String(before.type ?? '');
	const typeAfter = String(after.type ?? '');
	if (typeBefore !== typeAfter) {
		out.push({
			question: name,
			change: 'typeChanged',
			message: `The question ${q(name)} changed type from ${typeBefore} to ${typeAfter}: its answers are counted differently, so they cannot be compared with the older version's.`
		});
		return out;
	}
	for (const { property, label } of itemLists) {
		const a = itemsOf(before[property]);
		const b = itemsOf(after[property]);
		if (a.length === 0 && b.length === 0) continue;
		const next = new Map(b.map((item) => [item.code, item]));
		for (const item of a) {
			const now = next.get(item.code);
			if (!now) {
				out.push({
					question: name,
					change: 'codeRemoved',
					code: item.code,
					message: `The ${label} “${item.text}” (code ${item.code}) of ${q(name)} was removed: answers that chose it would have nothing to be compared with.`
				});
			} else if (!sameMeaning(item.text, now.text)) {
				out.push({
					question: name,
					change: 'codeReused',
					code: item.code,
					message: `The ${label} code ${item.code} of ${q(name)} meant “${item.text}” and now means “${now.text}”: answers with that code would mean different things in the two versions.`
				});
			}
		}
		const scale =
			(property === 'columns' && scaleColumns.has(typeAfter)) || property === 'rateValues';
		if (scale) {
			const codesA = a.map((i) => i.code).join('\u0000');
			const codesB = b.map((i) => i.code).join('\u0000');
			const removed = a.some((i) => !next.has(i.code));
			if (codesA !== codesB && !removed) {
				out.push({
					question: name,
					change: 'scaleChanged',
					message: `The scale of ${q(name)} changed (from ${a.map((i) => i.code).join(', ')} to ${b.map((i) => i.code).join(', ')}): a point on it does not mean what it did.`
				});
			}
		}
	}
	if (
		typeAfter === 'rating' &&
		!Array.isArray(after.rateValues) &&
		!Array.isArray(before.rateValues)
	) {
		const range = (j: Json) =>
			[j.rateMin ?? 1, j.rateMax ?? 5, j.rateStep ?? 1, j.rateCount ?? null].join('/');
		if (range(before) !== range(after)) {
			out.push({
				question: name,
				change: 'scaleChanged',
				message: `The scale of ${q(name)} changed from ${describeRange(before)} to ${describeRange(after)}: a point on it does not mean what it did.`
			});
		}
	}
	return out;
}

function describeRange(j: Json): string {
	const step = (j.rateStep ?? 1) as number;
	return `${j.rateMin ?? 1}–${j.rateMax ?? 5}${step !== 1 ? ` in steps of ${step}` : ''}`;
}

/**
 * Every change from `before` (a version with answers) to `after` that breaks comparison between
 * them, each explained. An empty list: the new version is comparable (its changes are cosmetic
 * or additive).
 */
export function breakingChanges(before: Json, after: Json): BreakingChange[] {
	const a = questionsOf(before);
	const b = questionsOf(after);
	const out: BreakingChange[] = [];
	for (const [name, prev] of a) {
		const next = b.get(name);
		if (!next) {
			out.push({
				question: name,
				change: 'questionRemoved',
				message: `The question ${q(name)} was removed: its answers in the older version have nothing to be compared with.`
			});
			continue;
		}
		out.push(...compareQuestion(name, prev, next));
	}
	return out;
}
