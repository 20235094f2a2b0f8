import type { Locale } from '$lib/i18n/locales';
import { translate } from '$lib/i18n/messages';
import { isAudience, type Audience } from '$lib/respondents';
import { field } from '../http/forms';
import { MAX_USES, parseInvitees, type InvitationInput, type Invitee } from '.';

/** The invitation form as typed, so a refused form is shown again unchanged. */
export interface InvitationFormValues {
	kind: string;
	audience: string;
	lines: string;
	maxUses: string;
}

/**
 * Reads the form that makes a round's invitations. Every problem is listed at once (each bad
 * line by number), and nothing is made unless the whole list is good.
 */
export function readInvitationForm(
	form: FormData,
	allowed: readonly Audience[],
	locale: Locale
): {
	values: InvitationFormValues;
	input?: InvitationInput;
	invitees: Invitee[];
	problems: string[];
} {
	const values: InvitationFormValues = {
		kind: field(form, 'kind'),
		audience: field(form, 'audience'),
		lines: typeof form.get('lines') === 'string' ? (form.get('lines') as string) : '',
		maxUses: field(form, 'maxUses') || '1'
	};
	const problems: string[] = [];
	const kind = values.kind === 'organisations' ? 'organisations' : 'municipalities';
	const audience =
		isAudience(values.audience) && allowed.includes(values.audience) ? values.audience : null;
	if (!audience) problems.push(translate(locale, 'invitations.problemAudience'));
	const maxUses = /^\d{1,4}$/.test(values.maxUses) ? Number(values.maxUses) : NaN;
	if (!(maxUses >= 1 && maxUses <= MAX_USES))
		problems.push(translate(locale, 'invitations.problemMaxUses', { max: MAX_USES }));
	const parsed = parseInvitees(
		{ kind, audience: audience ?? 'citizen', lines: values.lines },
		locale
	);
	problems.push(...parsed.problems);
	if (problems.length > 0 || !audience) return { values, invitees: [], problems };
	return {
		values,
		input: { kind, audience, lines: values.lines, maxUses },
		invitees: parsed.invitees,
		problems
	};
}
