import { error, redirect } from '@sveltejs/kit';
import { app } from '$lib/server/app/context';
import { localized } from '$lib/definitions/analyse';
import { translate } from '$lib/i18n/messages';
import { isAudience, knownMunicipalities } from '$lib/respondents';
import * as rounds from '$lib/server/rounds';
import { roleAtLeast } from '$lib/server/auth/users';
import { slugPattern } from '$lib/slug';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = async ({ params, url, locals }) => {
	const { store, surveys } = app();
	const current = surveys.get(params.surveyId);
	if (!current)
		error(404, translate(locals.locale, 'error.surveyNotFound', { id: params.surveyId }));

	// ?preview=<version>: a researcher answers any stored version; nothing is stored.
	const previewParam = url.searchParams.get('preview');
	let survey = current;
	if (previewParam !== null) {
		if (!locals.user) error(401, translate(locals.locale, 'error.signInRequired'));
		if (!roleAtLeast(locals.user.role, 'researcher'))
			error(403, translate(locals.locale, 'error.forbidden'));
		const version = await surveys.version(
			params.surveyId,
			previewParam || current.definition.version
		);
		if (!version)
			error(
				404,
				translate(locals.locale, 'error.surveyNotFound', {
					id: `${params.surveyId}@${previewParam}`
				})
			);
		survey = version;
	}
	const { definition } = survey;
	// Closed: no new answers. Said plainly; a researcher's preview still opens.
	if (previewParam === null && store.questionnaires.isClosed(definition.id))
		error(410, translate(locals.locale, 'error.surveyClosed'));

	// ?round=<slug>: came through a round link; outside its window, say so (/r/<slug>).
	const roundParam = previewParam === null ? url.searchParams.get('round') : null;
	let round: { slug: string; name: string; municipality: string | null } | null = null;
	let allowed = definition.meta.audiences;
	if (roundParam) {
		const record = rounds.bySlug(store, roundParam);
		if (!record || record.surveyId !== definition.id) {
			error(404, translate(locals.locale, 'error.roundNotFound', { round: roundParam }));
		}
		if (rounds.stateAt(record) !== 'open') redirect(303, `/r/${record.slug}`);
		round = { slug: record.slug, name: record.name, municipality: record.municipality };
		if (record.audiences.length > 0) allowed = allowed.filter((a) => record.audiences.includes(a));
	}

	// A link may preset who is answering, as one of those the questionnaire is for. Nothing else
	// presets it: a questionnaire for one audience says so in the who-form rather than take
	// everyone who opens it for that audience. A link naming another audience is said to be
	// wrong there, and the who-form offers only the allowed ones.
	const audienceParam = url.searchParams.get('audience');
	const municipalityParam = url.searchParams.get('municipality');
	const presetAudience =
		isAudience(audienceParam) && allowed.includes(audienceParam) ? audienceParam : null;
	const refusedAudience =
		isAudience(audienceParam) && !allowed.includes(audienceParam) ? audienceParam : null;
	const presetMunicipality =
		round?.municipality ??
		(municipalityParam && slugPattern.test(municipalityParam) ? municipalityParam : null);
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
		refusedAudience,
		presetMunicipality,
		municipalities: knownMunicipalities,
		round,
		preview: previewParam !== null
	};
};
