import { error } from '@sveltejs/kit';
import Papa from 'papaparse';
import { translate } from '$lib/i18n/messages';
import { app } from '$lib/server/app/context';
import * as invitations from '$lib/server/invitations';
import * as rounds from '$lib/server/rounds';
import type { RequestHandler } from './$types';

// Researchers and admins (access.ts).

/**
 * A round's invitation links as CSV, for mail merge or handing out: name and link, then the
 * municipality's number, how often the link may be and has been used, and whether it was
 * withdrawn. `;`-separated with a
 * byte-order mark (Norwegian Excel), and formula-looking names neutralised: the names were
 * pasted by a person and the file is opened in a spreadsheet.
 */
export const GET: RequestHandler = ({ params, locals, url }) => {
	const { store } = app();
	const round = rounds.byId(store, params.id);
	if (!round) error(404, translate(locals.locale, 'rounds.notFound'));
	const rows = invitations.list(store, round.id).map((i) => ({
		name: invitations.inviteeName(i, locals.locale),
		link: invitations.linkFor(url.origin, i),
		municipality_number: invitations.municipalityNumber(i) ?? '',
		max_uses: i.maxUses,
		uses: i.uses,
		// 1: withdrawn, the link takes no more answers (a mail merge should leave it out).
		revoked: i.revokedAt ? 1 : 0
	}));
	const csv = Papa.unparse(
		{ fields: ['name', 'link', 'municipality_number', 'max_uses', 'uses', 'revoked'], data: rows },
		{ delimiter: ';', escapeFormulae: true, newline: '\r\n' }
	);
	return new Response(`\uFEFF${csv}\r\n`, {
		headers: {
			'content-type': 'text/csv; charset=utf-8',
			'content-disposition': `attachment; filename="invitations-${round.slug}.csv"`,
			'cache-control': 'no-store'
		}
	});
};
