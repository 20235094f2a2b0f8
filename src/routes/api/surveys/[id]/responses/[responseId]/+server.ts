import { json } from '@sveltejs/kit';
import * as audit from '$lib/server/app/audit';
import { app } from '$lib/server/app/context';
import { handleApi } from '$lib/server/http/http';
import { RequestError } from '$lib/server/http/http-error';
import * as responses from '$lib/server/responses';
import type { RequestHandler } from './$types';

/** Deletes one response for good (researchers and tokens, see access.ts); audited without answers. */
export const DELETE: RequestHandler = ({ params, request, url, cookies, locals }) =>
	handleApi(request, url, cookies.get('lang'), async () => {
		const { store } = app();
		const deleted = await responses.deleteById(store, params.id, params.responseId);
		if (!deleted) throw new RequestError(404, 'error.responseNotFound', { id: params.responseId });
		await audit.record(store, audit.actorName(locals), 'responseDeleted', params.id, {
			responseId: deleted.id
		});
		return json({ deleted: deleted.id });
	});
