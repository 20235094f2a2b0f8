/**
 * Every respondent-facing text of a questionnaire, side by side in nb, nn and en: listed from the
 * SurveyJS JSON, written as a CSV a translator opens in a spreadsheet, read back, and applied.
 *
 * A text is any value that is a plain string under a text property (`title`, `text`, …) or an
 * object of locale keys. Its key says where it is by names, not positions — `transport/title`,
 * `transport/choices/bus/text` — so a key survives questions being reordered, and a CSV made
 * before a question was moved still applies.
 */
import Papa from 'papaparse';
import { locales, type Locale } from '../i18n/locales';

export interface TextRow {
	key: string;
	/** The question (or page) the text belongs to, for linking; absent for survey-level texts. */
	question?: string;
	nb: string;
	nn: string;
	en: string;
}

/** Properties that hold a locale object but are not texts a respondent reads. */
const notTexts = new Set(['logo', 'imageLink', 'url', 'navigateToUrl', 'odb']);
/** Properties that are plain strings but texts a respondent reads. */
const textProperties = new Set([
	'title',
	'description',
	'text',
	'html',
	'placeholder',
	'otherText',
	'noneText',
	'commentText',
	'labelTrue',
	'labelFalse',
	'minRateDescription',
	'maxRateDescription',
	'requiredErrorText',
	'completedHtml',
	'completeText',
	'pageNextText',
	'pagePrevText',
	'startSurveyText',
	'otherPlaceholder',
	'commentPlaceholder',
	'dontKnowText',
	'refuseText',
	'templateTitle',
	'panelAddText',
	'panelRemoveText',
	'addRowText',
	'removeRowText',
	'minimumRateDescription',
	'maximumRateDescription',
	'optionsCaption',
	'placeHolder'
]);

type Json = Record<string, unknown>;

const localeKeys = new Set<string>([...locales, 'default']);

function isLocalised(value: unknown): value is Record<string, string> {
	if (!value || typeof value !== 'object' || Array.isArray(value)) return false;
	const keys = Object.keys(value);
	return (
		keys.length > 0 &&
		keys.every((k) => localeKeys.has(k) && typeof (value as Json)[k] === 'string')
	);
}

/** How an element of a list is named in a key: its name or value, else its position. */
function segment(item: unknown, index: number): string {
	if (item && typeof item === 'object') {
		const o = item as Json;
		const id = o.name ?? o.value;
		if (typeof id === 'string' || typeof id === 'number') return String(id);
	}
	return `#${index}`;
}

interface Found {
	key: string;
	question?: string;
	holder: Json;
	property: string;
}

/** Every text in `json`, where it is, in document order. */
function walk(json: Json): Found[] {
	const out: Found[] = [];
	const visit = (node: unknown, path: string[], question: string | undefined) => {
		if (Array.isArray(node)) {
			node.forEach((item, i) => visit(item, [...path, segment(item, i)], question));
			return;
		}
		if (!node || typeof node !== 'object') return;
		const o = node as Json;
		// A question or page starts its own path: keys by name survive moving it.
		let here = path;
		let owner = question;
		if (typeof o.name === 'string' && (typeof o.type === 'string' || Array.isArray(o.elements))) {
			here = [o.name];
			owner = o.name;
		}
		for (const [property, value] of Object.entries(o)) {
			if (notTexts.has(property)) continue;
			if (isLocalised(value) || (typeof value === 'string' && textProperties.has(property))) {
				out.push({ key: [...here, property].join('/'), question: owner, holder: o, property });
			} else if (value && typeof value === 'object') {
				// Pages and elements are not part of a key: question names are unique.
				const skip =
					property === 'pages' || property === 'elements' || property === 'templateElements';
				visit(value, skip ? here : [...here, property], owner);
			}
		}
	};
	visit(json, [], undefined);
	return out;
}

function read(value: unknown, locale: Locale): string {
	if (typeof value === 'string') return locale === 'nb' ? value : '';
	if (isLocalised(value)) return value[locale] ?? (locale === 'nb' ? (value.default ?? '') : '');
	return '';
}

/** Every respondent-facing text with its nb, nn and en versions ('' where missing). */
export function textsOf(json: Json): TextRow[] {
	return walk(json).map(({ key, question, holder, property }) => {
		const value = holder[property];
		return {
			key,
			...(question ? { question } : {}),
			nb: read(value, 'nb'),
			nn: read(value, 'nn'),
			en: read(value, 'en')
		};
	});
}

/** A short fingerprint of a Bokmål text: what a translation was made from (outdated marks). */
export function textFingerprint(text: string): string {
	// FNV-1a, 32 bits: this only tells whether the text changed, it protects nothing.
	let h = 0x811c9dc5;
	for (let i = 0; i < text.length; i++) {
		h ^= text.charCodeAt(i);
		h = Math.imul(h, 0x01000193) >>> 0;
	}
	return h.toString(16).padStart(8, '0');
}

/** What each translation was made from: the Bokmål text's fingerprint, per key and language. */
export type TranslationBasis = Record<string, Partial<Record<'nn' | 'en', string>>>;

export interface TextStatus extends TextRow {
	missing: Locale[];
	/** Translations made from a Bokmål text that has changed since. */
	outdated: ('nn' | 'en')[];
}

export function textStatus(rows: TextRow[], basis: TranslationBasis): TextStatus[] {
	return rows.map((row) => {
		const fingerprint = textFingerprint(row.nb);
		const made = basis[row.key] ?? {};
		return {
			...row,
			missing: locales.filter((l) => row[l].trim() === ''),
			outdated: (['nn', 'en'] as const).filter(
				(l) => row[l].trim() !== '' && made[l] !== undefined && made[l] !== fingerprint
			)
		};
	});
}

/**
 * The basis after a change from `before` to `after`: a translation that changed (or appeared)
 * was made from today's Bokmål text; one that did not keeps what it was made from, so a Bokmål
 * text changed alone leaves its translations outdated. A text met for the first time counts as
 * translated from its Bokmål as it is.
 */
export function nextBasis(
	before: TextRow[] | null,
	after: TextRow[],
	basis: TranslationBasis
): TranslationBasis {
	const old = new Map((before ?? []).map((r) => [r.key, r]));
	const out: TranslationBasis = {};
	for (const row of after) {
		const prev = old.get(row.key);
		const made = { ...(basis[row.key] ?? {}) };
		for (const l of ['nn', 'en'] as const) {
			if (!prev || made[l] === undefined || prev[l] !== row[l]) made[l] = textFingerprint(row.nb);
		}
		out[row.key] = made;
	}
	return out;
}

export const CSV_COLUMNS = ['key', 'question', 'nb', 'nn', 'en', 'status'] as const;

/**
 * The texts as CSV: UTF-8 with a byte order mark (so Excel and LibreOffice read æøå), every
 * field quoted, CRLF between records; line breaks inside a text stay inside its quotes. The
 * `status` column says what is missing or outdated; it is ignored when read back.
 */
export function toCsv(rows: TextStatus[]): string {
	const data = rows.map((r) => [
		r.key,
		r.question ?? '',
		r.nb,
		r.nn,
		r.en,
		[...r.missing.map((l) => `missing ${l}`), ...r.outdated.map((l) => `outdated ${l}`)].join('; ')
	]);
	return (
		'\uFEFF' +
		Papa.unparse({ fields: [...CSV_COLUMNS], data }, { quotes: true, newline: '\r\n' }) +
		'\r\n'
	);
}

export class TranslationCsvError extends Error {}

/** The rows of an uploaded CSV (comma or semicolon separated, with or without a BOM). */
export function parseCsv(text: string): TextRow[] {
	const body = text.replace(/^\uFEFF/, '');
	const parsed = Papa.parse<string[]>(body, {
		skipEmptyLines: 'greedy',
		delimitersToGuess: [',', ';', '\t']
	});
	if (parsed.errors.length > 0) {
		const e = parsed.errors[0];
		throw new TranslationCsvError(`line ${(e.row ?? 0) + 1}: ${e.message}`);
	}
	const [header, ...records] = parsed.data;
	if (!header) throw new TranslationCsvError('the file is empty');
	const at = (name: string) => header.findIndex((h) => h.trim().toLowerCase() === name);
	const index = { key: at('key'), nb: at('nb'), nn: at('nn'), en: at('en') };
	const absent = Object.entries(index)
		.filter(([, i]) => i < 0)
		.map(([name]) => name);
	if (absent.length > 0)
		throw new TranslationCsvError(`the header has no ${absent.join(', ')} column`);
	const seen = new Set<string>();
	return records.map((record, n) => {
		const key = (record[index.key] ?? '').trim();
		if (!key) throw new TranslationCsvError(`line ${n + 2}: no key`);
		if (seen.has(key))
			throw new TranslationCsvError(`line ${n + 2}: the key ${key} is there twice`);
		seen.add(key);
		return {
			key,
			nb: record[index.nb] ?? '',
			nn: record[index.nn] ?? '',
			en: record[index.en] ?? ''
		};
	});
}

export interface TextChange {
	key: string;
	question?: string;
	locale: Locale;
	from: string;
	to: string;
}

export interface Applied {
	json: Json;
	changes: TextChange[];
	/** Keys in the file that the questionnaire does not have (left alone, reported). */
	unknown: string[];
}

/**
 * `json` with the texts of `rows` written in: only what differs changes, an empty cell never
 * erases a text (a translator's blank is "not done", not "delete"). The input is not changed.
 */
export function applyTexts(json: Json, rows: TextRow[]): Applied {
	const copy = structuredClone(json);
	const found = new Map(walk(copy).map((f) => [f.key, f]));
	const changes: TextChange[] = [];
	const unknown: string[] = [];
	for (const row of rows) {
		const place = found.get(row.key);
		if (!place) {
			unknown.push(row.key);
			continue;
		}
		const value = place.holder[place.property];
		const next: Record<string, string> =
			typeof value === 'string' ? { nb: value } : { ...(value as Record<string, string>) };
		let changed = false;
		for (const locale of locales) {
			const was = read(value, locale);
			const to = row[locale];
			if (to.trim() === '' || to === was) continue;
			changed = true;
			changes.push({
				key: row.key,
				...(place.question ? { question: place.question } : {}),
				locale,
				from: was,
				to
			});
			next[locale] = to;
		}
		if (!changed) continue;
		// The default text is the Bokmål one where it was: it follows it.
		const old = value as Record<string, string>;
		if (typeof value === 'object' && old.default !== undefined && old.default === read(value, 'nb'))
			next.default = next.nb;
		place.holder[place.property] = next;
	}
	return { json: changes.length > 0 ? copy : json, changes, unknown };
}
