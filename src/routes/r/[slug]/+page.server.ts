import { error, redirect } from '@sveltejs/kit';
import { formatDateTime } from '$lib/i18n/format';
import { translate } from '$lib/i18n/messages';
import { app } from '$lib/server/app/context';
import * as rounds from '$lib/server/rounds';
import type { PageServerLoad } from './$types';

/**
 * A round's public link. While the round is open it leads to the questionnaire with the round
 * and what it fixes (one audience, one municipality) preset; outside its window it says when
 * the round opens or that it has closed.
 */
export const load: PageServerLoad = ({ params, locals }) => {
	const round = rounds.bySlug(app().store, params.slug);
	if (!round) error(404, translate(locals.locale, 'error.roundNotFound', { round: params.slug }));
	const state = rounds.stateAt(round);
	if (state === 'open') {
		const query = new URLSearchParams({ round: round.slug });
		if (round.audiences.length === 1) query.set('audience', round.audiences[0]);
		if (round.municipality) query.set('municipality', round.municipality);
		redirect(303, `/s/${round.surveyId}?${query}`);
	}
	const message =
		state === 'notYetOpen'
			? translate(locals.locale, 'error.roundNotYetOpen', {
					name: round.name,
					at: formatDateTime(round.opensAt!, locals.locale)
				})
			: translate(locals.locale, 'error.roundClosed', {
					name: round.name,
					at: formatDateTime(round.closesAt!, locals.locale)
				});
	return { name: round.name, message };
};
