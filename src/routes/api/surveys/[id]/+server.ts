import { json } from '@sveltejs/kit';
import { app } from '$lib/server/app/context';
import { handleApi } from '$lib/server/http/http';
import { RequestError } from '$lib/server/http/http-error';
import type { RequestHandler } from './$types';

/** A questionnaire's current definition (or `?version=` for any version ever served). */
export const GET: RequestHandler = ({ params, request, url, cookies }) =>
	handleApi(request, url, cookies.get('lang'), async () => {
		const { surveys } = app();
		const version = url.searchParams.get('version');
		const survey = version ? await surveys.version(params.id, version) : surveys.get(params.id);
		if (!survey) throw new RequestError(404, 'error.surveyNotFound', { id: params.id });
		const { definition } = survey;
		return json({ id: definition.id, version: definition.version, json: definition.json });
	});
