import { error } from '@sveltejs/kit';
import { localized } from '$lib/definitions/analyse';
import { translate } from '$lib/i18n/messages';
import { app } from '$lib/server/app/context';
import { roleAtLeast } from '$lib/server/auth/users';
import * as invitations from '$lib/server/invitations';
import * as rounds from '$lib/server/rounds';
import { disclosureFor } from '$lib/server/views/dashboard';
import type { PageServerLoad } from './$types';

// Leaders and up (access.ts). The response rates of a questionnaire's rounds, as the round pages
// show them to researchers, but for leaders with the counts that concern persons protected
// (invitations/index.ts, responseRates); researchers may ask for that view with
// ?numbers=protected, as on the dashboard.
export const load: PageServerLoad = ({ params, url, locals }) => {
	const ctx = app();
	const survey = ctx.surveys.get(params.id);
	if (!survey) error(404, translate(locals.locale, 'error.surveyNotFound', { id: params.id }));
	const protect =
		!roleAtLeast(locals.user!.role, 'researcher') ||
		url.searchParams.get('numbers') === 'protected';
	const disclosure = disclosureFor(ctx, protect);
	return {
		surveyId: params.id,
		title: localized(survey.definition.title, locals.locale),
		protected: protect,
		minGroup: ctx.config.minGroupSize,
		rounds: rounds
			.list(ctx.store, params.id)
			.map((round) => ({ round, list: invitations.list(ctx.store, round.id) }))
			.filter(({ list }) => list.length > 0)
			.map(({ round, list }) => ({
				id: round.id,
				name: round.name,
				rates: invitations.responseRates(list, locals.locale, disclosure)
			}))
	};
};
