import { error } from '@sveltejs/kit';
import { translate } from '$lib/i18n/messages';
import { app } from '$lib/server/app/context';
import * as invitations from '$lib/server/invitations';
import { qrCode } from '$lib/server/invitations/qr';
import * as rounds from '$lib/server/rounds';
import type { PageServerLoad } from './$types';

// Researchers and admins (access.ts).

/**
 * A round's invitations to print: one per sheet, whom it is for, a QR code drawn here on the
 * server and the link in large type under it. Only links that still take answers: a withdrawn
 * or used-up link on paper would only send someone to "the link has been used".
 */
export const load: PageServerLoad = ({ params, locals, url }) => {
	const round = rounds.byId(app().store, params.id);
	if (!round) error(404, translate(locals.locale, 'rounds.notFound'));
	const all = invitations.list(app().store, round.id);
	const open = all.filter((i) => invitations.stateOf(i) === 'open');
	return {
		round: { id: round.id, name: round.name },
		left: all.length - open.length,
		invitations: open.map((i) => {
			const link = invitations.linkFor(url.origin, i);
			return { id: i.id, name: invitations.inviteeName(i, locals.locale), link, qr: qrCode(link) };
		})
	};
};
