import { error } from '@sveltejs/kit';
import { localized } from '$lib/definitions/analyse';
import { translate } from '$lib/i18n/messages';
import { app } from '$lib/server/app/context';
import type { PageServerLoad } from './$types';

/**
 * The questionnaire's privacy page: who is responsible and why (from `odb.privacy`, else the
 * programme's default texts), what is stored and what not, how long (`odb.retentionDays`), and
 * how to delete an answer.
 */
export const load: PageServerLoad = ({ params, locals }) => {
	const survey = app().surveys.get(params.surveyId);
	if (!survey)
		error(404, translate(locals.locale, 'error.surveyNotFound', { id: params.surveyId }));
	const { definition } = survey;
	const privacy = definition.meta.privacy ?? {};
	const text = (value: typeof privacy.controller) =>
		value === undefined ? null : localized(value, locals.locale);
	return {
		surveyId: definition.id,
		title: localized(definition.title, locals.locale),
		controller: text(privacy.controller),
		contact: text(privacy.contact),
		purpose: text(privacy.purpose),
		retentionDays: definition.meta.retentionDays ?? null
	};
};
