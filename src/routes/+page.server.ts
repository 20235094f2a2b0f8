import { app } from '$lib/server/app/context';
import { localized } from '$lib/definitions/analyse';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = ({ locals }) => ({
	surveys: app()
		.surveys.list()
		.filter(
			({ definition }) =>
				definition.meta.listed && !app().store.questionnaires.isClosed(definition.id)
		)
		.map(({ definition }) => ({
			id: definition.id,
			title: localized(definition.title, locals.locale),
			// Whom it is for, as the server enforces it on every answer.
			audiences: definition.meta.audiences,
			description: localized(
				definition.json.description as Record<string, string> | string | undefined,
				locals.locale
			)
		}))
		.sort((a, b) => a.title.localeCompare(b.title, 'nb'))
});
