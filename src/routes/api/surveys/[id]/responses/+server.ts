import { json } from '@sveltejs/kit';
import { filterNames, parseFilters, unknownParameter } from '$lib/filters';
import * as audit from '$lib/server/app/audit';
import { app } from '$lib/server/app/context';
import * as exporter from '$lib/server/views/export';
import * as feedback from '$lib/server/views/feedback';
import { handleApi, readJsonBody } from '$lib/server/http/http';
import { RequestError } from '$lib/server/http/http-error';
import * as rateLimit from '$lib/server/http/rate-limit';
import * as responses from '$lib/server/responses';
import type { RequestHandler } from './$types';

/**
 * A respondent's answers. Public: anyone with the link may answer. The answer is `{ id, receipt }`,
 * and for a scored (maturity) questionnaire also the respondent's `profile`: computed from the
 * answers as stored (validated), so what the person sees is computed from what was kept.
 */
export const POST: RequestHandler = ({ params, request, url, cookies, getClientAddress }) =>
	handleApi(request, url, cookies.get('lang'), async () => {
		const { config, store, surveys, submitLimiter } = app();
		// First, before the body is read: a flood should cost as little as possible.
		await rateLimit.enforce(submitLimiter, getClientAddress);
		const current = surveys.get(params.id);
		if (!current) throw new RequestError(404, 'error.surveyNotFound', { id: params.id });
		if (store.questionnaires.isClosed(params.id)) throw new RequestError(403, 'error.surveyClosed');
		const submission = responses.parseSubmission(await readJsonBody(request, config.maxBodyBytes));
		// A page opened before the file was edited answers the version it showed.
		const survey =
			submission.surveyVersion && submission.surveyVersion !== current.definition.version
				? await surveys.version(params.id, submission.surveyVersion)
				: current;
		if (!survey) {
			throw new RequestError(422, 'error.invalidBody', {
				detail: 'surveyVersion: unknown version'
			});
		}
		const receipt = await responses.submit(store, survey, submission);
		const stored = await store.responses.get(receipt.id);
		const profile = stored && (await feedback.profileFor(store, survey, stored));
		return json(profile ? { ...receipt, profile } : receipt, { status: 201 });
	});

/** A page of stored responses, for scripts with a bearer token; the export's filters apply. */
export const GET: RequestHandler = ({ params, request, url, cookies, locals }) =>
	handleApi(request, url, cookies.get('lang'), async () => {
		// Who may read is checked in hooks.server.ts (researchers and tokens).
		const { store, surveys } = app();
		const known = surveys.get(params.id) || (await responses.hasResponses(store, params.id));
		if (!known) throw new RequestError(404, 'error.surveyNotFound', { id: params.id });
		// A typo (`?audeince=`) must not quietly give every response (README: 400).
		const unknown = unknownParameter(url.searchParams, [...filterNames, 'limit', 'cursor']);
		if (unknown) throw new RequestError(400, 'error.invalidQuery', { detail: unknown });
		const limitParam = url.searchParams.get('limit');
		const limit = limitParam === null ? 100 : Number(limitParam);
		if (!Number.isInteger(limit) || limit < 1 || limit > responses.MAX_PAGE) {
			throw new RequestError(400, 'error.invalidQuery', {
				detail: `limit must be 1–${responses.MAX_PAGE}`
			});
		}
		const cursor = responses.decodeCursor(url.searchParams.get('cursor'));
		if (cursor === null)
			throw new RequestError(400, 'error.invalidQuery', {
				detail: 'cursor is not one we gave out'
			});
		const parsed = parseFilters(url.searchParams);
		if (!parsed.ok) throw new RequestError(400, 'error.invalidQuery', { detail: parsed.error });
		const filters = exporter.withRoundIds(store, params.id, parsed.filters);
		const page = await responses.listResponses(store, params.id, { limit, cursor, filters });
		// A script reading every page is one export: recorded at its first page.
		if (cursor === 0) {
			await audit.recordExport(store, audit.actorName(locals), params.id, {
				format: 'json',
				rows: page.responses.length,
				more: page.nextCursor !== null,
				filters: exporter.describeFilters(parsed.filters)
			});
		}
		// Raw answers: never kept by a browser or a proxy cache.
		return json(page, { headers: { 'cache-control': 'no-store' } });
	});
