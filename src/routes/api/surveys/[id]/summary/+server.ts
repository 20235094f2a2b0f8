import { json } from '@sveltejs/kit';
import { filterNames, notWholeDays, parseFilters, unknownParameter } from '$lib/filters';
import { app } from '$lib/server/app/context';
import {
	dashboardData,
	groupings,
	withinGroupings,
	type GroupBy,
	type WithinBy
} from '$lib/server/views/dashboard';
import { handleApi } from '$lib/server/http/http';
import { RequestError } from '$lib/server/http/http-error';
import { roleAtLeast } from '$lib/server/auth/users';
import type { RequestHandler } from './$types';

/**
 * The dashboard's numbers as JSON, with the same disclosure control as the page (protect.ts):
 * protected (perturbed, small cells hidden, whole days only) for leaders and tokens with a
 * leader's rights; exact for researchers and their tokens, who may ask for the protected
 * numbers with `numbers=protected`. Free text only for researchers and their tokens.
 */
export const GET: RequestHandler = ({ params, url, request, cookies, locals }) =>
	handleApi(request, url, cookies.get('lang'), async () => {
		const unknown = unknownParameter(url.searchParams, [
			...filterNames,
			'compare',
			'within',
			'numbers'
		]);
		if (unknown) throw new RequestError(400, 'error.invalidQuery', { detail: unknown });
		const parsed = parseFilters(url.searchParams);
		if (!parsed.ok) throw new RequestError(400, 'error.invalidQuery', { detail: parsed.error });
		const compare = url.searchParams.get('compare');
		if (compare && !(groupings as readonly string[]).includes(compare)) {
			throw new RequestError(400, 'error.invalidQuery', {
				detail: 'compare must be round, audience or municipality'
			});
		}
		// Rounds compared within each municipality (audience), side by side (dashboard.ts).
		const within = url.searchParams.get('within');
		if (within && !(withinGroupings as readonly string[]).includes(within)) {
			throw new RequestError(400, 'error.invalidQuery', {
				detail: 'within must be municipality or audience'
			});
		}
		const numbers = url.searchParams.get('numbers');
		if (numbers && numbers !== 'exact' && numbers !== 'protected') {
			throw new RequestError(400, 'error.invalidQuery', {
				detail: 'numbers must be exact or protected'
			});
		}
		const role = locals.user?.role ?? locals.token?.role ?? 'leader';
		const researcher = roleAtLeast(role, 'researcher');
		if (numbers === 'exact' && !researcher)
			throw new RequestError(403, 'error.exactForResearchers');
		const protect = !researcher || numbers === 'protected';
		const coarse = protect ? notWholeDays(parsed.filters) : null;
		if (coarse) throw new RequestError(400, 'error.invalidQuery', { detail: coarse });
		const data = await dashboardData(
			app(),
			params.id,
			parsed.filters,
			(compare as GroupBy) || null,
			researcher,
			locals.locale,
			protect,
			(within as WithinBy) || null
		);
		if (!data) throw new RequestError(404, 'error.surveyNotFound', { id: params.id });
		return json(data, { headers: { 'cache-control': 'no-store' } });
	});
