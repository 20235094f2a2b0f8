import { error, redirect } from '@sveltejs/kit';
import { app } from '$lib/server/app/context';
import { localized } from '$lib/definitions/analyse';
import { translate } from '$lib/i18n/messages';
import { byCounty, isRegistered, NO_MUNICIPALITY } from '$lib/municipalities';
import { isAudience, type Audience } from '$lib/respondents';
import * as invitations from '$lib/server/invitations';
import * as rounds from '$lib/server/rounds';
import { roleAtLeast } from '$lib/server/auth/users';
import { thanksParam } from './thanks';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = async ({ params, url, locals }) => {
	const { store, surveys } = app();
	const current = surveys.get(params.surveyId);
	if (!current)
		error(404, translate(locals.locale, 'error.surveyNotFound', { id: params.surveyId }));

	// ?preview=<version>: a researcher answers any stored version; nothing is stored.
	const previewParam = url.searchParams.get('preview');
	let survey = current;
	if (previewParam !== null) {
		if (!locals.user) error(401, translate(locals.locale, 'error.signInRequired'));
		if (!roleAtLeast(locals.user.role, 'researcher'))
			error(403, translate(locals.locale, 'error.forbidden'));
		const version = await surveys.version(
			params.surveyId,
			previewParam || current.definition.version
		);
		if (!version)
			error(
				404,
				translate(locals.locale, 'error.surveyNotFound', {
					id: `${params.surveyId}@${previewParam}`
				})
			);
		survey = version;
	}
	const { definition } = survey;
	// Closed: no new answers. Said plainly; a researcher's preview still opens.
	if (previewParam === null && store.questionnaires.isClosed(definition.id))
		error(410, translate(locals.locale, 'error.surveyClosed'));

	// ?invitation=<code>: came through an invitation link (/i/<code>), which fixes the round,
	// the audience and the municipality. A used-up link says so here too (a bookmarked page).
	// A reload of the thank-you view (?done) shows what this tab kept, whatever the link's state
	// now: its one use is the answer just thanked for.
	const invitationParam =
		previewParam === null && !url.searchParams.has(thanksParam)
			? url.searchParams.get('invitation')
			: null;
	const invitation = invitationParam ? invitations.byCode(store, invitationParam) : null;
	if (invitationParam && !invitation)
		error(404, translate(locals.locale, 'error.invitationNotFound'));
	if (invitation && invitations.stateOf(invitation) === 'revoked')
		error(410, translate(locals.locale, 'error.invitationRevoked'));
	if (invitation && invitations.usedUp(invitation))
		error(410, translate(locals.locale, 'error.invitationUsed'));
	const invitationRound = invitation ? rounds.byId(store, invitation.roundId) : undefined;
	if (invitation && invitationRound?.surveyId !== definition.id)
		error(422, translate(locals.locale, 'error.invitationElsewhere'));

	// ?round=<slug>: came through a round link; outside its window, say so (/r/<slug>).
	const roundParam =
		invitationRound?.slug ?? (previewParam === null ? url.searchParams.get('round') : null);
	let round: { slug: string; name: string; municipality: string | null } | null = null;
	let allowed = definition.meta.audiences;
	if (roundParam) {
		const record = rounds.bySlug(store, roundParam);
		if (!record || record.surveyId !== definition.id) {
			error(404, translate(locals.locale, 'error.roundNotFound', { round: roundParam }));
		}
		if (rounds.stateAt(record) !== 'open') redirect(303, `/r/${record.slug}`);
		round = { slug: record.slug, name: record.name, municipality: record.municipality };
		if (record.audiences.length > 0) allowed = allowed.filter((a) => record.audiences.includes(a));
	}

	// A link may preset who is answering, as one of those the questionnaire is for. Nothing else
	// presets it: a questionnaire for one audience says so in the who-form rather than take
	// everyone who opens it for that audience. A link naming another audience is said to be
	// wrong there, and the who-form offers only the allowed ones.
	const audienceParam = invitation?.audience ?? url.searchParams.get('audience');
	const municipalityParam = invitation?.municipality ?? url.searchParams.get('municipality');
	const presetAudience =
		isAudience(audienceParam) && allowed.includes(audienceParam) ? audienceParam : null;
	const refusedAudience =
		isAudience(audienceParam) && !allowed.includes(audienceParam) ? audienceParam : null;
	// Only a municipality from the register (or the explicit none) is preset; a link naming
	// another leaves the choice to the person, as the server would refuse it (submit.ts).
	const presetMunicipality =
		round?.municipality ??
		(municipalityParam && (isRegistered(municipalityParam) || municipalityParam === NO_MUNICIPALITY)
			? municipalityParam
			: null);
	return {
		surveyId: definition.id,
		version: definition.version,
		json: definition.json,
		title: localized(definition.title, locals.locale),
		description: localized(
			definition.json.description as Record<string, string> | string | undefined,
			locals.locale
		),
		audiences: allowed,
		presetAudience,
		refusedAudience,
		presetMunicipality,
		municipalities: byCounty(locals.locale).map((c) => ({
			name: c.name,
			municipalities: c.municipalities.map((m) => ({
				slug: m.slug,
				name: locals.locale === 'nn' ? m.nn : m.nb
			}))
		})),
		invitation: invitation
			? {
					code: invitation.code,
					who: invitations.inviteeName(invitation, locals.locale),
					audience: invitation.audience as Audience | null
				}
			: null,
		round,
		preview: previewParam !== null
	};
};
