import * as v from 'valibot';
import { audienceSchema, municipalitySchema } from './respondents';

/**
 * Which responses a view or an export covers. Shared by the dashboard, the summary API and the
 * export, and kept in the URL so a view can be bookmarked and shared.
 */
const isoDate = v.pipe(v.string(), v.regex(/^\d{4}-\d{2}-\d{2}$/, 'must be a date YYYY-MM-DD'));

export const responseFiltersSchema = v.object({
	round: v.optional(v.pipe(v.string(), v.maxLength(64))),
	audience: v.optional(audienceSchema),
	municipality: v.optional(municipalitySchema),
	version: v.optional(v.pipe(v.string(), v.regex(/^[a-f0-9]{12}$/, 'must be a version id'))),
	from: v.optional(isoDate),
	to: v.optional(isoDate)
});
export type ResponseFilters = v.InferOutput<typeof responseFiltersSchema>;

const keys = ['round', 'audience', 'municipality', 'version', 'from', 'to'] as const;

export function parseFilters(
	params: URLSearchParams
): { ok: true; filters: ResponseFilters } | { ok: false; error: string } {
	const raw: Record<string, string> = {};
	for (const key of keys) {
		const value = params.get(key);
		if (value) raw[key] = value;
	}
	const parsed = v.safeParse(responseFiltersSchema, raw);
	if (!parsed.success) {
		const issue = parsed.issues[0];
		return {
			ok: false,
			error: `${issue.path?.map((p) => String(p.key)).join('.') ?? ''}: ${issue.message}`
		};
	}
	return { ok: true, filters: parsed.output };
}

/** The filters as a query string (empty filters left out), for links and exports. */
export function filtersToQuery(filters: ResponseFilters): string {
	const params = new URLSearchParams();
	for (const key of keys) if (filters[key]) params.set(key, filters[key]!);
	return params.toString();
}

interface Filterable {
	roundId: string;
	audience: string | null;
	municipality: string | null;
	surveyVersion: string;
	submittedAt: string;
}

/** Whether a response is in the view. `from` and `to` are whole days, both included (UTC). */
export function matchesFilters(response: Filterable, filters: ResponseFilters): boolean {
	if (filters.round && response.roundId !== filters.round) return false;
	if (filters.audience && response.audience !== filters.audience) return false;
	if (filters.municipality && response.municipality !== filters.municipality) return false;
	if (filters.version && response.surveyVersion !== filters.version) return false;
	const day = response.submittedAt.slice(0, 10);
	if (filters.from && day < filters.from) return false;
	if (filters.to && day > filters.to) return false;
	return true;
}
