import { json } from '@sveltejs/kit';
import { app } from '$lib/server/app/context';
import { localized } from '$lib/definitions/analyse';
import type { RequestHandler } from './$types';

/** The open questionnaires. Titles in the requester's language. */
export const GET: RequestHandler = ({ locals }) =>
	json(
		app()
			.surveys.list()
			.map(({ definition }) => ({
				id: definition.id,
				version: definition.version,
				title: localized(definition.title, locals.locale)
			}))
	);
