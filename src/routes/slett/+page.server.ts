import { fail } from '@sveltejs/kit';
import { localized } from '$lib/definitions/analyse';
import { formatDateTime } from '$lib/i18n/format';
import type { Locale } from '$lib/i18n/locales';
import { app } from '$lib/server/app/context';
import { field, readForm } from '$lib/server/http/forms';
import * as receiptDeletion from '$lib/server/responses/receipt-deletion';
import { normalizeReceipt } from '$lib/server/responses/receipts';
import type { StoredResponse } from '$lib/server/store';
import type { Actions } from './$types';

/**
 * A respondent deletes their answer with the receipt code (public; see receipt-deletion.ts), in
 * two steps: `find` shows which answer the code belongs to, `delete` deletes it. The thank-you
 * view posts its code to `find`, so the code never appears in an address (server logs, history,
 * Referer) on the way.
 */

/** What the respondent is shown of the answer: the questionnaire's title and when it was sent. */
async function answerOf(response: StoredResponse, locale: Locale) {
	const { surveys } = app();
	const survey =
		surveys.get(response.surveyId) ??
		(await surveys.version(response.surveyId, response.surveyVersion));
	return {
		title: survey ? localized(survey.definition.title, locale) : response.surveyId,
		date: formatDateTime(response.submittedAt, locale)
	};
}

function refused(code: string, outcome: receiptDeletion.Refusal) {
	switch (outcome.kind) {
		case 'invalid':
			return fail(400, { code, error: 'invalid' as const, wait: 0 });
		case 'notFound':
			return fail(404, { code, error: 'notFound' as const, wait: 0 });
		case 'throttled':
			return fail(429, { code, error: 'throttled' as const, wait: outcome.wait });
	}
}

const typedCode = async (request: Request) => field(await readForm(request), 'code').slice(0, 64);

export const actions: Actions = {
	find: async ({ request, getClientAddress, locals }) => {
		const code = await typedCode(request);
		const outcome = await receiptDeletion.findWithReceipt(app().store, code, getClientAddress);
		if (outcome.kind !== 'found') return refused(code, outcome);
		return {
			step: 'confirm' as const,
			// The code as stored (only its hash is): the typed one, normalised.
			code: normalizeReceipt(code) ?? code,
			answer: await answerOf(outcome.response, locals.locale)
		};
	},
	delete: async ({ request, getClientAddress, locals }) => {
		const code = await typedCode(request);
		const outcome = await receiptDeletion.deleteWithReceipt(app().store, code, getClientAddress);
		if (outcome.kind !== 'deleted') return refused(code, outcome);
		return {
			step: 'deleted' as const,
			answer: await answerOf(outcome.response, locals.locale),
			// So this browser can forget the thank-you view of the answer (thanks.ts).
			surveyId: outcome.response.surveyId,
			receipt: normalizeReceipt(code) ?? code
		};
	}
};
