import { error, fail } from '@sveltejs/kit';
import { translate } from '$lib/i18n/messages';
import type { TextRow } from '$lib/definitions/translations';
import { app } from '$lib/server/app/context';
import { readForm } from '$lib/server/http/forms';
import { RequestError } from '$lib/server/http/http-error';
import { guardActions } from '$lib/server/http/store-errors';
import * as designer from '$lib/server/surveys/designer';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = ({ params, locals }) => {
	const ctx = app();
	if (!designer.workingJson(ctx, params.id))
		error(404, translate(locals.locale, 'error.surveyNotFound', { id: params.id }));
	return {
		surveyId: params.id,
		isFile: ctx.surveys.isFile(params.id),
		rows: designer.translationTable(ctx, params.id)
	};
};

/** A refused change as the form shows it. */
function refused(e: unknown, locale: Parameters<typeof translate>[0]) {
	if (e instanceof RequestError)
		return fail(e.status, { error: translate(locale, e.key, e.params) });
	throw e;
}

export const actions = guardActions({
	/** The table's texts, as edited on the page. */
	save: async ({ params, request, locals }) => {
		const form = await readForm(request);
		const rows = new Map<string, TextRow>();
		for (const [name, value] of form) {
			const m = /^(nb|nn|en):(.+)$/.exec(name);
			if (!m || typeof value !== 'string') continue;
			const row = rows.get(m[2]) ?? { key: m[2], nb: '', nn: '', en: '' };
			row[m[1] as 'nb' | 'nn' | 'en'] = value;
			rows.set(m[2], row);
		}
		try {
			const done = await designer.applyTranslations(app(), params.id, [...rows.values()], false);
			return { saved: done.changes.length };
		} catch (e) {
			return refused(e, locals.locale);
		}
	},
	/** A translator's CSV: what it would change, shown before anything is applied. */
	upload: async ({ params, request, locals }) => {
		const form = await readForm(request);
		const file = form.get('file');
		if (!(file instanceof File) || file.size === 0)
			return fail(400, { error: translate(locals.locale, 'translations.noFile') });
		if (file.size > designer.DEFINITION_BODY_LIMIT)
			return fail(413, {
				error: translate(locals.locale, 'error.bodyTooLarge', {
					limit: designer.DEFINITION_BODY_LIMIT
				})
			});
		const csv = await file.text();
		try {
			const preview = await designer.uploadTranslations(app(), params.id, csv, true);
			return { preview: { changes: preview.changes, unknown: preview.unknown }, csv };
		} catch (e) {
			return refused(e, locals.locale);
		}
	},
	/** The previewed CSV, applied. */
	apply: async ({ params, request, locals }) => {
		const form = await readForm(request);
		const csv = form.get('csv');
		if (typeof csv !== 'string' || csv.length > designer.DEFINITION_BODY_LIMIT)
			return fail(400, { error: translate(locals.locale, 'translations.noFile') });
		try {
			const done = await designer.uploadTranslations(app(), params.id, csv, false);
			return { saved: done.changes.length };
		} catch (e) {
			return refused(e, locals.locale);
		}
	}
} satisfies Actions);
