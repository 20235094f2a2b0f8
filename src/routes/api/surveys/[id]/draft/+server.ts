import { json } from '@sveltejs/kit';
import { app } from '$lib/server/app/context';
import { handleApi, readJsonBody } from '$lib/server/http/http';
import { RequestError } from '$lib/server/http/http-error';
import * as designer from '$lib/server/surveys/designer';
import type { RequestHandler } from './$types';

/**
 * The questionnaire as it is being designed (a file's content for one managed in git), as a
 * SurveyJS JSON file: `?download=1` saves it as `<id>.json`.
 */
export const GET: RequestHandler = ({ params, request, url, cookies }) =>
	handleApi(request, url, cookies.get('lang'), async () => {
		const definition = designer.workingJson(app(), params.id);
		if (!definition) throw new RequestError(404, 'error.surveyNotFound', { id: params.id });
		const headers: Record<string, string> = {};
		if (url.searchParams.has('download'))
			headers['content-disposition'] = `attachment; filename="${params.id}.json"`;
		return json(definition, { headers });
	});

/**
 * Replaces the draft: 200 `{ errors, warnings }`, or 422 (nothing stored) when SurveyJS cannot
 * load it. With `?dryRun=1` nothing is stored either way: the checks of the JSON as sent.
 */
export const PUT: RequestHandler = ({ params, request, url, cookies }) =>
	handleApi(request, url, cookies.get('lang'), async () => {
		const body = designer.parse(
			designer.draftSchema,
			await readJsonBody(request, designer.DEFINITION_BODY_LIMIT)
		);
		if (url.searchParams.get('dryRun') === '1')
			return json({ ...designer.checkDraft(app(), params.id, body.json), stored: false });
		return json(await designer.saveDraft(app(), params.id, body.json));
	});
