import { error } from '@sveltejs/kit';
import { app } from '$lib/server/context';
import { localized } from '$lib/definitions/analyse';
import { translate } from '$lib/i18n/messages';
import { isAudience, knownMunicipalities, municipalitySlugPattern } from '$lib/respondents';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = ({ params, url, locals }) => {
	const survey = app().surveys.get(params.surveyId);
	if (!survey)
		error(404, translate(locals.locale, 'error.surveyNotFound', { id: params.surveyId }));
	const { definition } = survey;
	const allowed = definition.meta.audiences;
	// A link may preset who is answering; a value we do not accept is ignored and asked for.
	const audienceParam = url.searchParams.get('audience');
	const municipalityParam = url.searchParams.get('municipality');
	const presetAudience =
		isAudience(audienceParam) && allowed.includes(audienceParam)
			? audienceParam
			: allowed.length === 1
				? allowed[0]
				: null;
	const presetMunicipality =
		municipalityParam && municipalitySlugPattern.test(municipalityParam) ? municipalityParam : null;
	return {
		surveyId: definition.id,
		version: definition.version,
		json: definition.json,
		title: localized(definition.title, locals.locale),
		description: localized(
			definition.json.description as Record<string, string> | string | undefined,
			locals.locale
		),
		audiences: allowed,
		presetAudience,
		presetMunicipality,
		municipalities: knownMunicipalities
	};
};
