import { fail, redirect } from '@sveltejs/kit';
import { translate } from '$lib/i18n/messages';
import { actorName } from '$lib/server/app/audit';
import { app } from '$lib/server/app/context';
import { field, readForm } from '$lib/server/http/forms';
import { RequestError } from '$lib/server/http/http-error';
import { guardActions } from '$lib/server/http/store-errors';
import * as designer from '$lib/server/surveys/designer';
import type { Actions } from './$types';

export const actions = guardActions({
	default: async ({ request, locals }) => {
		const form = await readForm(request);
		const id = field(form, 'id').trim().slice(0, 100);
		const title = field(form, 'title').trim().slice(0, 300);
		if (!title)
			return fail(400, { id, title, error: translate(locals.locale, 'designer.titleRequired') });
		const json = {
			title: { nb: title, nn: '', en: '' },
			pages: [{ name: 'page_1', elements: [] }],
			odb: { kind: 'other' }
		};
		try {
			await designer.create(app(), actorName(locals), id, json);
		} catch (e) {
			if (e instanceof RequestError)
				return fail(e.status, { id, title, error: translate(locals.locale, e.key, e.params) });
			throw e;
		}
		redirect(303, `/admin/surveys/${id}/edit`);
	}
} satisfies Actions);
