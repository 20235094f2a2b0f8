import { error, fail, redirect } from '@sveltejs/kit';
import { translate } from '$lib/i18n/messages';
import { byCounty } from '$lib/municipalities';
import { audiences } from '$lib/respondents';
import { actorName } from '$lib/server/app/audit';
import { app } from '$lib/server/app/context';
import { field, readForm } from '$lib/server/http/forms';
import { RequestError } from '$lib/server/http/http-error';
import { guardActions } from '$lib/server/http/store-errors';
import * as designer from '$lib/server/surveys/designer';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async ({ params, locals }) => {
	const ctx = app();
	const record = ctx.store.questionnaires.get(params.id);
	const isFile = ctx.surveys.isFile(params.id);
	const json = designer.workingJson(ctx, params.id);
	if (!json || (!isFile && record?.source !== 'store'))
		error(404, translate(locals.locale, 'error.surveyNotFound', { id: params.id }));
	const report = designer.authoringReport(params.id, json);
	return {
		surveyId: params.id,
		isFile,
		draft: json,
		report,
		published: record?.published ?? [],
		closedAt: record?.closedAt ?? null,
		audiences: [...audiences],
		// The register, for the preview's who-form (as the respondent's page has it).
		municipalities: byCounty(locals.locale).map((c) => ({
			name: c.name,
			municipalities: c.municipalities.map((m) => ({
				slug: m.slug,
				name: locals.locale === 'nn' ? m.nn : m.nb
			}))
		})),
		translations: designer.translationTable(ctx, params.id)
	};
};

export const actions = guardActions({
	/**
	 * A questionnaire managed as a file is changed in its file; to design from it in the app, a
	 * copy is made in the store under a new id (a new questionnaire, with its own link and answers).
	 */
	copy: async ({ params, request, locals }) => {
		const ctx = app();
		const form = await readForm(request);
		const copyId = field(form, 'copyId').trim().slice(0, 100);
		const json = designer.workingJson(ctx, params.id);
		if (!json) error(404, translate(locals.locale, 'error.surveyNotFound', { id: params.id }));
		try {
			await designer.create(ctx, actorName(locals), copyId, structuredClone(json));
		} catch (e) {
			if (e instanceof RequestError)
				return fail(e.status, { copyId, copyError: translate(locals.locale, e.key, e.params) });
			throw e;
		}
		redirect(303, `/admin/surveys/${copyId}/edit`);
	}
} satisfies Actions);
