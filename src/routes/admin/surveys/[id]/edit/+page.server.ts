import { error } from '@sveltejs/kit';
import { translate } from '$lib/i18n/messages';
import { audiences } from '$lib/respondents';
import { app } from '$lib/server/app/context';
import * as designer from '$lib/server/surveys/designer';
import type { PageServerLoad } from './$types';

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
		translations: designer.translationTable(ctx, params.id)
	};
};
