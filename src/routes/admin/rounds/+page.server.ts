import { readForm } from '$lib/server/http/forms';
import { fail } from '@sveltejs/kit';
import { localized } from '$lib/definitions/analyse';
import { app } from '$lib/server/app/context';
import * as audit from '$lib/server/app/audit';
import { readRoundForm } from '$lib/server/rounds/form';
import * as rounds from '$lib/server/rounds';
import type { Actions, PageServerLoad } from './$types';
import { guardActions } from '$lib/server/http/store-errors';

// Researchers and admins (access.ts).

export const load: PageServerLoad = async ({ locals }) => {
	const { store, surveys } = app();
	const counts = await rounds.responseCounts(store);
	const now = new Date();
	const list = surveys.list().map(({ definition }) => ({
		id: definition.id,
		title: localized(definition.title, locals.locale),
		audiences: definition.meta.audiences
	}));
	return {
		surveys: list,
		defaults: list.map((s) => ({
			surveyId: s.id,
			title: s.title,
			responses: counts.get(`${s.id}:${rounds.DEFAULT_ROUND}`) ?? 0
		})),
		rounds: rounds.list(store).map((r) => ({
			...r,
			state: rounds.stateAt(r, now),
			responses: counts.get(r.id) ?? 0,
			surveyTitle: list.find((s) => s.id === r.surveyId)?.title ?? r.surveyId
		}))
	};
};

export const actions = guardActions({
	create: async ({ request, locals }) => {
		const { store, surveys } = app();
		const { values, input, detail } = readRoundForm(await readForm(request));
		if (!input) return fail(400, { values, error: 'invalid' as const, detail });
		if (!surveys.get(input.surveyId))
			return fail(400, { values, error: 'unknownSurvey' as const, detail: '' });
		try {
			const round = await rounds.create(store, input);
			await audit.record(store, locals.user!.username, 'roundCreated', round.slug, {
				surveyId: round.surveyId,
				opensAt: round.opensAt,
				closesAt: round.closesAt
			});
			return { created: round.name };
		} catch (e) {
			if (e instanceof rounds.RoundError) return fail(400, { values, error: e.code, detail: '' });
			throw e;
		}
	}
} satisfies Actions);
