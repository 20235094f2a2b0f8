import { error } from '@sveltejs/kit';
import { localized } from '$lib/definitions/analyse';
import { translate } from '$lib/i18n/messages';
import { app } from '$lib/server/app/context';
import * as versions from '$lib/server/surveys/versions';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = async ({ params, locals }) => {
	const { store, surveys } = app();
	const list = await versions.listVersions(store, surveys, params.id);
	if (list.length === 0)
		error(404, translate(locals.locale, 'error.surveyNotFound', { id: params.id }));
	const current = surveys.get(params.id);
	return {
		surveyId: params.id,
		title: current ? localized(current.definition.title, locals.locale) : params.id,
		versions: list.reverse()
	};
};
