import { json } from '@sveltejs/kit';
import { app } from '$lib/server/app/context';
import { actorName } from '$lib/server/app/audit';
import { localized } from '$lib/definitions/analyse';
import { handleApi, readJsonBody } from '$lib/server/http/http';
import * as designer from '$lib/server/surveys/designer';
import type { RequestHandler } from './$types';

/** The open questionnaires (closed ones are left out). Titles in the requester's language. */
export const GET: RequestHandler = ({ locals }) => {
	const { surveys, store } = app();
	return json(
		surveys
			.list()
			.filter(({ definition }) => !store.questionnaires.isClosed(definition.id))
			.map(({ definition }) => ({
				id: definition.id,
				version: definition.version,
				title: localized(definition.title, locals.locale)
			}))
	);
};

/**
 * A new questionnaire, as a draft (researchers and tokens): `{ id, json }` → 201 with the
 * authoring checks. Respondents get nothing until it is published.
 */
export const POST: RequestHandler = ({ request, url, cookies, locals }) =>
	handleApi(request, url, cookies.get('lang'), async () => {
		const body = designer.parse(
			designer.createSchema,
			await readJsonBody(request, designer.DEFINITION_BODY_LIMIT)
		);
		const report = await designer.create(app(), actorName(locals), body.id, body.json);
		return json({ id: body.id, ...report }, { status: 201 });
	});
