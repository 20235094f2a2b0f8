import { json } from '@sveltejs/kit';
import { app } from '$lib/server/app/context';
import { handleApi } from '$lib/server/http/http';
import { RequestError } from '$lib/server/http/http-error';
import type { RequestHandler } from './$types';

/**
 * A questionnaire's current definition (or `?version=` for any version ever served). A version
 * that cannot be one is a 400; an id or version that names nothing served is a 404 — whatever
 * the data folder holds (the archive takes no id it would have to resolve as a path).
 */
export const GET: RequestHandler = ({ params, request, url, cookies }) =>
	handleApi(request, url, cookies.get('lang'), async () => {
		const { surveys } = app();
		const version = url.searchParams.get('version');
		if (version !== null && !/^[a-f0-9]{12}$/.test(version))
			throw new RequestError(400, 'error.invalidQuery', {
				detail: 'version must be a version id (12 hex digits)'
			});
		const survey = version ? await surveys.version(params.id, version) : surveys.get(params.id);
		if (!survey) throw new RequestError(404, 'error.surveyNotFound', { id: params.id });
		const { definition } = survey;
		return json({ id: definition.id, version: definition.version, json: definition.json });
	});
