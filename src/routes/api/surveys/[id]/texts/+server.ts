import { json } from '@sveltejs/kit';
import { filterNames, parseFilters, unknownParameter } from '$lib/filters';
import { app } from '$lib/server/app/context';
import { dashboardData } from '$lib/server/views/dashboard';
import { handleApi } from '$lib/server/http/http';
import { RequestError } from '$lib/server/http/http-error';
import type { RequestHandler } from './$types';

/** The most free-text answers one request returns. */
const MAX_LIMIT = 100;

const whole = (value: string | null, fallback: number) =>
	value === null ? fallback : /^\d{1,7}$/.test(value) ? Number(value) : NaN;

/**
 * One question's free-text answers in the dashboard's view, newest first, a page at a time
 * (`offset`, `limit` ≤ 100), optionally only those containing `q`: the dashboard loads them when
 * a researcher opens them instead of inlining every answer in the page. Researchers and their
 * tokens only (access.ts); the same filters as the summary.
 */
export const GET: RequestHandler = ({ params, url, request, cookies, locals }) =>
	handleApi(request, url, cookies.get('lang'), async () => {
		const unknown = unknownParameter(url.searchParams, [
			...filterNames,
			'question',
			'offset',
			'limit',
			'q'
		]);
		if (unknown) throw new RequestError(400, 'error.invalidQuery', { detail: unknown });
		const parsed = parseFilters(url.searchParams);
		if (!parsed.ok) throw new RequestError(400, 'error.invalidQuery', { detail: parsed.error });
		const offset = whole(url.searchParams.get('offset'), 0);
		const limit = whole(url.searchParams.get('limit'), 20);
		if (!Number.isFinite(offset) || !Number.isFinite(limit) || limit < 1 || limit > MAX_LIMIT)
			throw new RequestError(400, 'error.invalidQuery', {
				detail: `offset must be a whole number, limit from 1 to ${MAX_LIMIT}`
			});
		const data = await dashboardData(
			app(),
			params.id,
			parsed.filters,
			null,
			true,
			locals.locale,
			false
		);
		if (!data) throw new RequestError(404, 'error.surveyNotFound', { id: params.id });
		const name = url.searchParams.get('question') ?? '';
		const question = data.summary.questions.find((q) => q.name === name);
		if (!question || question.kind !== 'text')
			throw new RequestError(400, 'error.invalidQuery', {
				detail: 'question must name a free-text question of this questionnaire'
			});
		const needle = (url.searchParams.get('q') ?? '').trim().toLocaleLowerCase('nb');
		const newestFirst = [...question.texts].reverse();
		const matching = needle
			? newestFirst.filter((x) => x.toLocaleLowerCase('nb').includes(needle))
			: newestFirst;
		return json(
			{ total: matching.length, offset, texts: matching.slice(offset, offset + limit) },
			{ headers: { 'cache-control': 'no-store' } }
		);
	});
