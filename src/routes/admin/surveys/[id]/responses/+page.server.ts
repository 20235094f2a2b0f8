import { error, fail } from '@sveltejs/kit';
import { localized } from '$lib/definitions/analyse';
import { translate } from '$lib/i18n/messages';
import * as audit from '$lib/server/app/audit';
import { app } from '$lib/server/app/context';
import { field, readForm } from '$lib/server/http/forms';
import * as responses from '$lib/server/responses';
import type { StoredResponse } from '$lib/server/store';
import type { Actions, PageServerLoad } from './$types';
import { guardActions } from '$lib/server/http/store-errors';

/** The newest this many are listed; a researcher looking for one has its id from an export. */
const SHOWN = 500;

// Researchers and admins (access.ts): a list of responses without answers, and deleting one.

export const load: PageServerLoad = async ({ params, locals, url }) => {
	const { store, surveys } = app();
	// Read a batch at a time (store/selection.ts), keeping only the newest SHOWN.
	const selection = await store.responses.select({ surveyId: params.id });
	const total = selection.count;
	let newest: StoredResponse[] = [];
	for await (const r of selection) {
		newest.push(r);
		if (newest.length >= 2 * SHOWN) newest = newest.slice(-SHOWN);
	}
	const current = surveys.get(params.id);
	if (!current && total === 0)
		error(404, translate(locals.locale, 'error.surveyNotFound', { id: params.id }));
	const confirm = url.searchParams.get('delete');
	const toConfirm = confirm ? await store.responses.get(confirm) : undefined;
	return {
		surveyId: params.id,
		title: current ? localized(current.definition.title, locals.locale) : params.id,
		total,
		responses: newest.slice(-SHOWN).reverse().map(responses.listView),
		confirm: toConfirm?.surveyId === params.id ? responses.listView(toConfirm) : null
	};
};

export const actions = guardActions({
	delete: async ({ params, request, locals }) => {
		const { store } = app();
		const id = field(await readForm(request), 'id');
		const deleted = await responses.deleteById(store, params.id, id);
		if (!deleted) return fail(404, { error: 'notFound' as const });
		await audit.record(store, locals.user!.username, 'responseDeleted', params.id, {
			responseId: deleted.id
		});
		return { deleted: deleted.id };
	}
} satisfies Actions);
