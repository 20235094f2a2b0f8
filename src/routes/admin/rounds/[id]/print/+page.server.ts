import { error } from '@sveltejs/kit';
import { translate } from '$lib/i18n/messages';
import { app } from '$lib/server/app/context';
import * as invitations from '$lib/server/invitations';
import * as rounds from '$lib/server/rounds';
import type { PageServerLoad } from './$types';

// Researchers and admins (access.ts).

/** A round's invitations to print: one per sheet, whom it is for and the link in large type. */
export const load: PageServerLoad = ({ params, locals, url }) => {
	const round = rounds.byId(app().store, params.id);
	if (!round) error(404, translate(locals.locale, 'rounds.notFound'));
	return {
		round: { id: round.id, name: round.name },
		invitations: invitations.list(app().store, round.id).map((i) => ({
			id: i.id,
			name: invitations.inviteeName(i, locals.locale),
			link: invitations.linkFor(url.origin, i)
		}))
	};
};
