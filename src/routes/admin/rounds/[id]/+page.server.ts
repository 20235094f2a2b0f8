import { readForm } from '$lib/server/http/forms';
import { error, fail, redirect } from '@sveltejs/kit';
import { localized } from '$lib/definitions/analyse';
import { isoToOsloLocal } from '$lib/i18n/format';
import { translate } from '$lib/i18n/messages';
import { app } from '$lib/server/app/context';
import * as audit from '$lib/server/app/audit';
import { readRoundForm } from '$lib/server/rounds/form';
import * as rounds from '$lib/server/rounds';
import * as invitations from '$lib/server/invitations';
import { readInvitationForm } from '$lib/server/invitations/form';
import type { Actions, PageServerLoad } from './$types';
import { guardActions } from '$lib/server/http/store-errors';
import { field } from '$lib/server/http/forms';
import { exactNumbers } from '$lib/summary/protect';

// Researchers and admins (access.ts).

export const load: PageServerLoad = ({ params, locals, url }) => {
	const { store, surveys, config } = app();
	const round = rounds.byId(store, params.id);
	if (!round) error(404, translate(locals.locale, 'rounds.notFound'));
	const list = invitations.list(store, round.id);
	return {
		round,
		invitationAudiences: rounds.audiencesOf(round, surveys.get(round.surveyId)?.definition),
		invitations: list.map((i) => ({
			id: i.id,
			name: invitations.inviteeName(i, locals.locale),
			link: invitations.linkFor(url.origin, i),
			uses: i.uses,
			maxUses: i.maxUses,
			state: invitations.stateOf(i)
		})),
		// Researchers made the links and see each one's uses: their rates are exact. Leaders see
		// the same rates protected, on the questionnaire's rates page.
		rates: invitations.responseRates(list, locals.locale, exactNumbers(config.minGroupSize)),
		minGroup: config.minGroupSize,
		values: {
			surveyId: round.surveyId,
			name: round.name,
			slug: round.slug,
			opensAt: isoToOsloLocal(round.opensAt),
			closesAt: isoToOsloLocal(round.closesAt),
			audiences: round.audiences,
			municipality: round.municipality ?? ''
		},
		surveys: surveys.list().map(({ definition }) => ({
			id: definition.id,
			title: localized(definition.title, locals.locale)
		}))
	};
};

export const actions = guardActions({
	save: async ({ request, params, locals }) => {
		const { store, surveys } = app();
		const { values, input, detail } = readRoundForm(await readForm(request));
		if (!input) return fail(400, { values, error: 'invalid' as const, detail });
		if (!surveys.get(input.surveyId))
			return fail(400, { values, error: 'unknownSurvey' as const, detail: '' });
		try {
			const round = await rounds.update(store, params.id, input);
			await audit.record(store, locals.user!.username, 'roundUpdated', round.slug, {
				surveyId: round.surveyId,
				opensAt: round.opensAt,
				closesAt: round.closesAt
			});
			return { saved: true };
		} catch (e) {
			if (e instanceof rounds.RoundError) return fail(400, { values, error: e.code, detail: '' });
			throw e;
		}
	},
	invite: async ({ request, params, locals }) => {
		const { store, surveys } = app();
		const round = rounds.byId(store, params.id);
		if (!round) error(404, translate(locals.locale, 'rounds.notFound'));
		const allowed = rounds.audiencesOf(round, surveys.get(round.surveyId)?.definition);
		const read = readInvitationForm(await readForm(request), allowed, locals.locale);
		if (!read.input) return fail(400, { invite: read.values, problems: read.problems });
		const made = await invitations.create(store, round, read.input, read.invitees);
		// Who was invited is the researcher's list; the audit says how many, not whom.
		await audit.record(store, locals.user!.username, 'invitationsCreated', round.slug, {
			count: made.length,
			audience: read.input.audience,
			maxUses: read.input.maxUses
		});
		return { invited: made.length };
	},
	revoke: async ({ request, params, locals }) => {
		const { store } = app();
		const round = rounds.byId(store, params.id);
		if (!round) error(404, translate(locals.locale, 'rounds.notFound'));
		const id = field(await readForm(request), 'invitation');
		const invitation = invitations.list(store, round.id).find((i) => i.id === id);
		if (!invitation) return fail(400, { revokeError: 'invitations.revokeUnknown' as const });
		const count = await invitations.revoke(store, round.id, invitation.id);
		if (count === 0) return fail(400, { revokeError: 'invitations.revokeAlready' as const });
		// The invitation's id is the researchers' own (answers never hold it); not whom it was for.
		await audit.record(store, locals.user!.username, 'invitationRevoked', round.slug, {
			invitation: invitation.id,
			uses: invitation.uses
		});
		return { revoked: count };
	},
	revokeUnused: async ({ request, params, locals }) => {
		const { store } = app();
		const round = rounds.byId(store, params.id);
		if (!round) error(404, translate(locals.locale, 'rounds.notFound'));
		if (field(await readForm(request), 'confirm') !== 'yes')
			return fail(400, { revokeError: 'invitations.revokeUnconfirmed' as const });
		const count = await invitations.revokeUnused(store, round.id);
		await audit.record(store, locals.user!.username, 'invitationsRevoked', round.slug, { count });
		return { revoked: count };
	},
	delete: async ({ params, locals }) => {
		const { store } = app();
		try {
			const round = await rounds.remove(store, params.id);
			await audit.record(store, locals.user!.username, 'roundDeleted', round.slug);
		} catch (e) {
			if (e instanceof rounds.RoundError)
				return fail(400, { values: undefined, error: e.code, detail: '' });
			throw e;
		}
		redirect(303, '/admin/rounds');
	}
} satisfies Actions);
