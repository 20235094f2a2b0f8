import * as v from 'valibot';
import { audienceSchema, municipalitySchema } from './respondents';
import { osloLocalToIso } from './i18n/format';
import { formatIssue } from './issues';

/**
 * Which responses a view or an export is about: the filters of the dashboard and of the export,
 * read from a URL's query (`?round=default&audience=municipal&from=2026-03-01`), so a filtered
 * view can be linked, bookmarked and exported with exactly the same selection.
 *
 * `from` and `to` are days (`2026-03-01`, Norwegian time, both days included) or instants
 * (`2026-03-01T08:00:00Z`, `from` included, `to` excluded), compared with `submittedAt`.
 */

const dayPattern = /^\d{4}-\d{2}-\d{2}$/;

const dayOrInstant = v.pipe(
	v.string(),
	v.check(
		(s) => (dayPattern.test(s) ? isRealDay(s) : isInstant(s)),
		'must be a date (2026-03-01) or an ISO 8601 time with a zone (2026-03-01T08:00:00Z)'
	)
);

export const responseFiltersSchema = v.pipe(
	v.object({
		/** A round's id, or `default` for the always-open link. */
		round: v.optional(v.pipe(v.string(), v.regex(/^[A-Za-z0-9_-]{1,64}$/, 'must be a round id'))),
		audience: v.optional(audienceSchema),
		municipality: v.optional(municipalitySchema),
		/** A definition version (its 12-character hash). */
		version: v.optional(v.pipe(v.string(), v.regex(/^[a-f0-9]{12}$/, 'must be a version id'))),
		from: v.optional(dayOrInstant),
		to: v.optional(dayOrInstant)
	}),
	v.check(
		// Valibot runs this check even when `from` or `to` failed their own; those are reported
		// already, so only two valid bounds are compared (an invalid one would throw).
		(f) =>
			!f.from ||
			!f.to ||
			!isBound(f.from) ||
			!isBound(f.to) ||
			lowerBound(f.from) < upperBound(f.to),
		'"to" must be after "from"'
	)
);
export type ResponseFilters = v.InferOutput<typeof responseFiltersSchema>;

export const filterNames = ['round', 'audience', 'municipality', 'version', 'from', 'to'] as const;

export type ParsedFilters = { ok: true; filters: ResponseFilters } | { ok: false; error: string };

/**
 * The filters in a query string. Other parameters are left alone (the page or export reads
 * them); an empty parameter means "no filter", as an HTML form sends an unchosen select.
 */
export function parseFilters(searchParams: URLSearchParams): ParsedFilters {
	const raw: Record<string, string> = {};
	for (const name of filterNames) {
		const values = searchParams.getAll(name).filter((value) => value.trim() !== '');
		if (values.length > 1) return { ok: false, error: `${name}: give one value, not several` };
		// An unencoded `+01:00` in a URL arrives as ` 01:00`; it can only have meant the offset.
		if (values.length === 1) raw[name] = values[0].trim().replace(/ (\d{2}:\d{2})$/, '+$1');
	}
	const parsed = v.safeParse(responseFiltersSchema, raw);
	if (parsed.success) return { ok: true, filters: parsed.output };
	return { ok: false, error: formatIssue(parsed.issues[0]) };
}

/**
 * The first query parameter that is none of `known` (nor `lang`, which every page and API
 * reads), as a message; null when there is none. A typo (`?audeince=`) must not quietly give
 * another view or another file.
 */
export function unknownParameter(
	searchParams: URLSearchParams,
	known: readonly string[]
): string | null {
	const allowed = new Set([...known, 'lang']);
	for (const name of searchParams.keys()) {
		if (!allowed.has(name))
			return `unknown parameter "${name.slice(0, 40)}" (known: ${[...allowed].join(', ')})`;
	}
	return null;
}

/**
 * Why these filters cannot be used for protected numbers, or null. Protected views filter by
 * whole days (Norwegian time) only: with `to=` to the second, bisecting finds two views that
 * differ by exactly one response, however the numbers are perturbed elsewhere; days make such
 * pairs rare and are what a leader reads a dashboard by.
 */
export function notWholeDays(filters: ResponseFilters): string | null {
	for (const name of ['from', 'to'] as const) {
		const value = filters[name];
		if (value !== undefined && !dayPattern.test(value))
			return `${name}: protected numbers are filtered by whole days (2026-03-01), not by time of day`;
	}
	return null;
}

/** What a response is filtered on; a StoredResponse has all of it. */
export interface FilterableResponse {
	roundId: string;
	audience: string | null;
	municipality: string | null;
	surveyVersion: string;
	submittedAt: string;
}

export function matchesFilters(response: FilterableResponse, filters: ResponseFilters): boolean {
	if (filters.round !== undefined && response.roundId !== filters.round) return false;
	if (filters.audience !== undefined && response.audience !== filters.audience) return false;
	if (filters.municipality !== undefined && response.municipality !== filters.municipality)
		return false;
	if (filters.version !== undefined && response.surveyVersion !== filters.version) return false;
	// submittedAt is always `Date#toISOString()`, so instants compare as strings.
	if (filters.from !== undefined && response.submittedAt < lowerBound(filters.from)) return false;
	if (filters.to !== undefined && response.submittedAt >= upperBound(filters.to)) return false;
	return true;
}

// Bounds are computed once per distinct value: a filter is matched against every response.
const bounds = new Map<string, string>();

function cached(key: string, compute: () => string): string {
	let bound = bounds.get(key);
	if (bound === undefined) {
		if (bounds.size > 1000) bounds.clear();
		bound = compute();
		bounds.set(key, bound);
	}
	return bound;
}

/** The first instant included by `from`: the start of that day in Norway, or the instant. */
export function lowerBound(from: string): string {
	return cached(`from:${from}`, () =>
		dayPattern.test(from) ? osloLocalToIso(`${from}T00:00`)! : new Date(from).toISOString()
	);
}

/** The first instant excluded by `to`: the start of the next day in Norway, or the instant. */
export function upperBound(to: string): string {
	return cached(`to:${to}`, () => {
		if (!dayPattern.test(to)) return new Date(to).toISOString();
		const next = new Date(`${to}T12:00:00Z`);
		next.setUTCDate(next.getUTCDate() + 1);
		return osloLocalToIso(`${next.toISOString().slice(0, 10)}T00:00`)!;
	});
}

function isBound(text: string): boolean {
	return dayPattern.test(text) ? isRealDay(text) : isInstant(text);
}

function isRealDay(day: string): boolean {
	const date = new Date(`${day}T00:00:00Z`);
	return !Number.isNaN(date.getTime()) && date.toISOString().slice(0, 10) === day;
}

function isInstant(text: string): boolean {
	return (
		/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:\d{2})$/.test(text) &&
		!Number.isNaN(Date.parse(text))
	);
}

/** What a stratum of responses is filtered on (summary/strata.ts): one Norwegian day's. */
export interface FilterableStratum {
	roundId: string;
	audience: string | null;
	municipality: string | null;
	surveyVersion: string;
	/** The Norwegian day of every response in it; null for a stratum of every day. */
	day: string | null;
}

/**
 * Whether the responses of a stratum match filters given in whole days (`notWholeDays` is
 * null): the same answer `matchesFilters` gives for each of them, since a day's responses are
 * all on or after its start and before the next day's.
 */
export function stratumMatches(stratum: FilterableStratum, filters: ResponseFilters): boolean {
	if (filters.round !== undefined && stratum.roundId !== filters.round) return false;
	if (filters.audience !== undefined && stratum.audience !== filters.audience) return false;
	if (filters.municipality !== undefined && stratum.municipality !== filters.municipality)
		return false;
	if (filters.version !== undefined && stratum.surveyVersion !== filters.version) return false;
	if (filters.from === undefined && filters.to === undefined) return true;
	if (stratum.day === null) throw new Error('Days are filtered in strata by day, not of every day');
	if (filters.from !== undefined && stratum.day < filters.from) return false;
	if (filters.to !== undefined && stratum.day > filters.to) return false;
	return true;
}
