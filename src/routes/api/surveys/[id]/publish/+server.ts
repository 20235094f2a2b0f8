import { json } from '@sveltejs/kit';
import { app } from '$lib/server/app/context';
import { actorName } from '$lib/server/app/audit';
import { handleApi, readJsonBody } from '$lib/server/http/http';
import * as designer from '$lib/server/surveys/designer';
import type { RequestHandler } from './$types';

/**
 * Publishes the draft: 201 `{ version }`; 422 `{ errors }` while authoring errors stand; 409
 * `{ breaking }` for a change that breaks comparison with answered versions, unless
 * `{ confirm: true, reason }`. The same draft again is a 200 with `unchanged`.
 */
export const POST: RequestHandler = ({ params, request, url, cookies, locals }) =>
	handleApi(request, url, cookies.get('lang'), async () => {
		const body = designer.parse(designer.publishSchema, await readJsonBody(request, 4096));
		const done = await designer.publish(app(), actorName(locals), params.id, body);
		return json(
			{ version: done.version, unchanged: done.unchanged, breaking: done.breaking },
			{ status: done.unchanged ? 200 : 201 }
		);
	});
