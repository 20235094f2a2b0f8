import { json } from '@sveltejs/kit';
import { app } from '$lib/server/app/context';
import { actorName } from '$lib/server/app/audit';
import { handleApi } from '$lib/server/http/http';
import * as designer from '$lib/server/surveys/designer';
import type { RequestHandler } from './$types';

/** Reopens a closed questionnaire: it takes answers again (undoes close). */
export const POST: RequestHandler = ({ params, request, url, cookies, locals }) =>
	handleApi(request, url, cookies.get('lang'), async () => {
		await designer.reopen(app(), actorName(locals), params.id);
		return json({ id: params.id, closedAt: null });
	});
