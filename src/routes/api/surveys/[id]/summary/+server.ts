import { json } from '@sveltejs/kit';
import { parseFilters } from '$lib/filters';
import { app } from '$lib/server/app/context';
import { dashboardData, groupings, type GroupBy } from '$lib/server/views/dashboard';
import { handleApi } from '$lib/server/http/http';
import { RequestError } from '$lib/server/http/http-error';
import { roleAtLeast } from '$lib/server/auth/users';
import type { RequestHandler } from './$types';

/**
 * The dashboard's numbers as JSON, with the small-group rule applied exactly as on the page.
 * Leaders and up, or a token (access.ts). Free text only for researchers and tokens.
 */
export const GET: RequestHandler = ({ params, url, request, cookies, locals }) =>
	handleApi(request, url, cookies.get('lang'), () => {
		const parsed = parseFilters(url.searchParams);
		if (!parsed.ok) throw new RequestError(400, 'error.invalidQuery', { detail: parsed.error });
		const compare = url.searchParams.get('compare');
		if (compare && !(groupings as readonly string[]).includes(compare)) {
			throw new RequestError(400, 'error.invalidQuery', {
				detail: 'compare must be round, audience or municipality'
			});
		}
		const role = locals.user?.role ?? locals.token?.role ?? 'leader';
		const canReadTexts = roleAtLeast(role, 'researcher');
		const data = dashboardData(
			app(),
			params.id,
			parsed.filters,
			(compare as GroupBy) || null,
			canReadTexts,
			locals.locale
		);
		if (!data) throw new RequestError(404, 'error.surveyNotFound', { id: params.id });
		return json(data);
	});
