import { error, redirect } from '@sveltejs/kit';
import { translate } from '$lib/i18n/messages';
import { app } from '$lib/server/app/context';
import * as invitations from '$lib/server/invitations';
import * as rounds from '$lib/server/rounds';
import type { PageServerLoad } from './$types';

/**
 * An invitation link. While it has a use left and its round is open, it leads to the
 * questionnaire with the round, the audience and the municipality preset and the code carried
 * along for the submission (submit.ts checks and counts it again). A used or withdrawn link
 * says so; outside the round's window, the round's own page says when it opens or that it
 * closed.
 */
export const load: PageServerLoad = ({ params, locals }) => {
	const { store } = app();
	const invitation = invitations.byCode(store, params.code);
	if (!invitation) error(404, translate(locals.locale, 'error.invitationNotFound'));
	// Said on a page of its own rather than as an error: the person did nothing wrong.
	const state = invitations.stateOf(invitation);
	if (state === 'revoked')
		return {
			state,
			title: translate(locals.locale, 'invitation.revokedTitle'),
			message: translate(locals.locale, 'error.invitationRevoked')
		};
	if (state === 'used')
		return {
			state,
			title: translate(locals.locale, 'invitation.usedTitle'),
			message: translate(locals.locale, 'error.invitationUsed')
		};
	const round = rounds.byId(store, invitation.roundId);
	if (!round) error(404, translate(locals.locale, 'error.invitationNotFound'));
	if (rounds.stateAt(round) !== 'open') redirect(303, `/r/${round.slug}`);
	const query = new URLSearchParams({ round: round.slug, invitation: invitation.code });
	if (invitation.audience) query.set('audience', invitation.audience);
	if (invitation.municipality) query.set('municipality', invitation.municipality);
	redirect(303, `/s/${round.surveyId}?${query}`);
};
