import * as v from 'valibot';
import { filterNames, parseFilters, type ResponseFilters } from '../filters';
import { locales } from '../i18n/locales';
import { formatIssue } from '../issues';
import { csvFormats } from './csv';

/** How an export is written; every choice has a default, so a bare URL gives a usable file. */
export const exportOptionsSchema = v.object({
	format: v.optional(v.picklist(csvFormats), 'standard'),
	/** Codes as stored, or their labels in `lang`. */
	values: v.optional(v.picklist(['codes', 'labels']), 'codes'),
	/** One row per response, or one row per response and answer value. */
	layout: v.optional(v.picklist(['wide', 'long']), 'wide'),
	lang: v.optional(v.picklist(locales), 'nb')
});
export type ExportOptions = v.InferOutput<typeof exportOptionsSchema>;

const optionNames = ['format', 'values', 'layout', 'lang'] as const;
const known = new Set<string>([...optionNames, ...filterNames]);

export type ParsedExportQuery =
	{ ok: true; options: ExportOptions; filters: ResponseFilters } | { ok: false; error: string };

/**
 * The options and filters of an export URL. An unknown parameter is refused rather than ignored:
 * a mistyped `fromat=excel` must not quietly give the other file.
 */
export function parseExportQuery(params: URLSearchParams): ParsedExportQuery {
	for (const name of params.keys()) {
		if (!known.has(name))
			return {
				ok: false,
				error: `unknown parameter "${name}" (known: ${[...known].join(', ')})`
			};
	}
	const raw: Record<string, string> = {};
	for (const name of optionNames) {
		const values = params.getAll(name).filter((value) => value.trim() !== '');
		if (values.length > 1) return { ok: false, error: `${name}: give one value, not several` };
		if (values.length === 1) raw[name] = values[0].trim();
	}
	const parsed = v.safeParse(exportOptionsSchema, raw);
	if (!parsed.success) {
		// Every option is a top-level field, so each issue's path is that one key.
		return { ok: false, error: formatIssue(parsed.issues[0]) };
	}
	const filters = parseFilters(params);
	if (!filters.ok) return filters;
	return { ok: true, options: parsed.output, filters: filters.filters };
}

export type ParsedBundleQuery =
	| { ok: true; lang: ExportOptions['lang']; filters: ResponseFilters }
	| { ok: false; error: string };

/**
 * The options of the analysis bundle: the language of its labels and the export's filters. Its
 * files have one format each, so `format`, `values` and `layout` are refused like any unknown
 * parameter.
 */
export function parseBundleQuery(params: URLSearchParams): ParsedBundleQuery {
	const allowed = new Set<string>(['lang', ...filterNames]);
	for (const name of params.keys()) {
		if (!allowed.has(name))
			return {
				ok: false,
				error: `unknown parameter "${name}" (known: ${[...allowed].join(', ')})`
			};
	}
	const parsed = parseExportQuery(params);
	if (!parsed.ok) return parsed;
	return { ok: true, lang: parsed.options.lang, filters: parsed.filters };
}
