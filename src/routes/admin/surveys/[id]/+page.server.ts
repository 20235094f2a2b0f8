import { error } from '@sveltejs/kit';
import { notWholeDays, parseFilters } from '$lib/filters';
import { translate } from '$lib/i18n/messages';
import { app } from '$lib/server/app/context';
import {
	dashboardData,
	groupings,
	withinGroupings,
	type GroupBy,
	type WithinBy
} from '$lib/server/views/dashboard';
import { roleAtLeast } from '$lib/server/auth/users';
import type { PageServerLoad } from './$types';

// Leaders and up (access.ts). Leaders see protected numbers (protect.ts); researchers see exact
// numbers and free text, or the protected numbers with ?numbers=protected (to print or share).
export const load: PageServerLoad = async ({ params, url, locals }) => {
	const parsed = parseFilters(url.searchParams);
	if (!parsed.ok)
		error(400, translate(locals.locale, 'error.invalidQuery', { detail: parsed.error }));
	const compareParam = url.searchParams.get('compare');
	const compare = (groupings as readonly string[]).includes(compareParam ?? '')
		? (compareParam as GroupBy)
		: null;
	// Rounds within each municipality (audience): a value the form does not offer is refused, as
	// a bad filter is, rather than showing a page that silently compares something else.
	const withinParam = url.searchParams.get('within') || null;
	if (withinParam && !(withinGroupings as readonly string[]).includes(withinParam))
		error(
			400,
			translate(locals.locale, 'error.invalidQuery', {
				detail: 'within must be municipality or audience'
			})
		);
	const within = withinParam as WithinBy | null;
	const canReadTexts = roleAtLeast(locals.user!.role, 'researcher');
	const protect = !canReadTexts || url.searchParams.get('numbers') === 'protected';
	const coarse = protect ? notWholeDays(parsed.filters) : null;
	if (coarse) error(400, translate(locals.locale, 'error.invalidQuery', { detail: coarse }));
	const data = await dashboardData(
		app(),
		params.id,
		parsed.filters,
		compare,
		canReadTexts,
		locals.locale,
		protect,
		within
	);
	if (!data) error(404, translate(locals.locale, 'error.surveyNotFound', { id: params.id }));
	// Free text is not inlined: the page loads it on demand from /api/surveys/[id]/texts.
	const summary = {
		...data.summary,
		questions: data.summary.questions.map((q) => (q.kind === 'text' ? { ...q, texts: [] } : q))
	};
	const strip = (g: NonNullable<typeof data.groups>[number]) => ({
		...g,
		summary: {
			...g.summary,
			questions: g.summary.questions.map((q) => (q.kind === 'text' ? { ...q, texts: [] } : q))
		}
	});
	return {
		generatedAt: new Date().toISOString(),
		dashboard: { ...data, summary, groups: data.groups?.map(strip) ?? null },
		filters: parsed.filters,
		compare,
		within,
		canReadTexts
	};
};
