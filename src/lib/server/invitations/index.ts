import { randomBytes, randomUUID } from 'node:crypto';
import { isAudience, municipalityName, type Audience } from '$lib/respondents';
import { findMunicipality, municipalityBySlug } from '$lib/municipalities';

export { findMunicipality } from '$lib/municipalities';
import type { Locale } from '$lib/i18n/locales';
import { translate } from '$lib/i18n/messages';
import type { InvitationRecord, RoundRecord, Store } from '../store';

/**
 * Invitations: one link per municipality or organisation invited to a round, /i/<code>, used
 * at most `maxUses` times. An answer through one is stored with `verified: true` and the
 * invitation's audience and municipality, never with its code or id (store/records.ts), so
 * nobody reading the data can tell which answer came from which invitation; the invitation
 * keeps only how many times it was used. That is LimeSurvey's "anonymised responses" with
 * tokens: response rates without a link from answer to invitee.
 */

/** Crockford's base32 in lower case: no i, l, o, u, so a code read aloud or typed is one code. */
const ALPHABET = '0123456789abcdefghjkmnpqrstvwxyz';
const CODE_LENGTH = 20;
export const codePattern = /^[0-9a-hjkmnp-tv-z]{20}$/;

export const MAX_LINES = 500;
export const MAX_USES = 1000;
const MAX_LABEL = 120;

export function newCode(): string {
	const bytes = randomBytes(CODE_LENGTH);
	let code = '';
	// 256 is a multiple of 32, so `& 31` draws every letter equally often.
	for (const byte of bytes) code += ALPHABET[byte & 31];
	return code;
}

export type InvitationKind = 'municipalities' | 'organisations';

export interface InvitationInput {
	kind: InvitationKind;
	audience: Audience;
	lines: string;
	maxUses: number;
}

/** What a pasted line names: whom the link is for, and the municipality it fixes (if any). */
export interface Invitee {
	label: string | null;
	municipality: string | null;
}

/**
 * The invitees in a pasted list, one per line (empty lines skipped), or the problems, each
 * naming its line. Municipalities: each line one municipality, each at most once.
 * Organisations: `name` or `name; municipality`; municipal staff must name a municipality
 * (they answer for it, and their answers count as that municipality's).
 */
export function parseInvitees(
	input: Pick<InvitationInput, 'kind' | 'audience' | 'lines'>,
	locale: Locale
): { invitees: Invitee[]; problems: string[] } {
	const lines = input.lines
		.split(/\r?\n/)
		.map((line, i) => ({ n: i + 1, text: line.trim() }))
		.filter((l) => l.text !== '');
	const problems: string[] = [];
	const invitees: Invitee[] = [];
	if (lines.length === 0) problems.push(translate(locale, 'invitations.problemEmpty'));
	if (lines.length > MAX_LINES)
		problems.push(translate(locale, 'invitations.problemTooMany', { max: MAX_LINES }));
	const seen = new Set<string>();
	for (const { n, text } of lines.slice(0, MAX_LINES)) {
		if (input.kind === 'municipalities') {
			const m = findMunicipality(text);
			if (!m) {
				problems.push(translate(locale, 'invitations.problemUnknown', { line: n, text }));
			} else if (seen.has(m.slug)) {
				problems.push(
					translate(locale, 'invitations.problemTwice', { line: n, text: municipalityName(m.slug) })
				);
			} else {
				seen.add(m.slug);
				invitees.push({ label: null, municipality: m.slug });
			}
			continue;
		}
		const [name, place] = text.split(';').map((part) => part.trim());
		const m = place ? findMunicipality(place) : undefined;
		if (!name || name.length > MAX_LABEL) {
			problems.push(translate(locale, 'invitations.problemName', { line: n, max: MAX_LABEL }));
		} else if (place && !m) {
			problems.push(translate(locale, 'invitations.problemUnknown', { line: n, text: place }));
		} else if (!m && input.audience === 'municipal') {
			problems.push(translate(locale, 'invitations.problemNeedsMunicipality', { line: n }));
		} else {
			invitees.push({ label: name, municipality: m?.slug ?? null });
		}
	}
	return { invitees, problems };
}

/** Makes one invitation per invitee, all in one write. */
export async function create(
	store: Store,
	round: RoundRecord,
	input: InvitationInput,
	invitees: readonly Invitee[],
	now: Date = new Date()
): Promise<InvitationRecord[]> {
	const records = invitees.map((invitee): InvitationRecord => ({
		id: randomUUID(),
		roundId: round.id,
		code: newCode(),
		label: invitee.label,
		municipality: invitee.municipality,
		audience: input.audience,
		maxUses: input.maxUses,
		uses: 0,
		createdAt: now.toISOString()
	}));
	await store.invitations.addMany(records);
	return records;
}

export function list(store: Store, roundId: string): InvitationRecord[] {
	return store.invitations.list(roundId);
}

export function byCode(store: Store, code: string): InvitationRecord | undefined {
	return codePattern.test(code) ? store.invitations.byCode(code) : undefined;
}

export function usedUp(invitation: InvitationRecord): boolean {
	return invitation.uses >= invitation.maxUses;
}

/** Whom an invitation is for, as a person reads it: the organisation, or the municipality. */
export function inviteeName(invitation: InvitationRecord, locale: Locale): string {
	const place = invitation.municipality ? municipalityName(invitation.municipality, locale) : null;
	if (invitation.label) return place ? `${invitation.label} (${place})` : invitation.label;
	return place ?? '';
}

/** The four-digit number of the municipality an invitation is for, if it is for one. */
export function municipalityNumber(invitation: InvitationRecord): string | null {
	return invitation.municipality
		? (municipalityBySlug(invitation.municipality)?.number ?? null)
		: null;
}

/** The link an invitation is answered through, on this server. */
export function linkFor(origin: string, invitation: Pick<InvitationRecord, 'code'>): string {
	return `${origin}/i/${invitation.code}`;
}

/**
 * Response rates: per municipality, the invitations sent and answered (used at least once);
 * per audience the same, and the answers given through them. Answers through links to persons
 * (citizens) are a count of persons, so a number from 1 to `minGroup − 1` is withheld (null),
 * as everywhere else; municipalities and organisations are not persons, and are shown as they
 * are.
 */
export interface RateRow {
	key: string;
	label: string;
	sent: number;
	answered: number | null;
	answers: number | null;
}

export function responseRates(
	invitations: readonly InvitationRecord[],
	locale: Locale,
	minGroup: number
): { total: { sent: number; answered: number }; byMunicipality: RateRow[]; byAudience: RateRow[] } {
	const persons = (audience: string | null) => audience === 'citizen';
	const withheld = (n: number) => (n > 0 && n < minGroup ? null : n);
	const rows = (keyOf: (i: InvitationRecord) => string, labelOf: (key: string) => string) => {
		const groups = new Map<string, InvitationRecord[]>();
		for (const i of invitations) {
			const key = keyOf(i);
			groups.set(key, [...(groups.get(key) ?? []), i]);
		}
		return [...groups].map(([key, list]): RateRow => {
			const answered = list.filter((i) => i.uses > 0).length;
			const answers = list.reduce((n, i) => n + i.uses, 0);
			const person = list.some((i) => persons(i.audience));
			return {
				key,
				label: labelOf(key),
				sent: list.length,
				answered: person ? withheld(answered) : answered,
				answers: person ? withheld(answers) : answers
			};
		});
	};
	const collator = new Intl.Collator('nb');
	const byMunicipality = rows(
		(i) => i.municipality ?? '',
		(key) => (key ? municipalityName(key, locale) : translate(locale, 'invitations.noMunicipality'))
	).sort((a, b) => collator.compare(a.label, b.label));
	const byAudience = rows(
		(i) => i.audience ?? '',
		(key) => (isAudience(key) ? translate(locale, `audience.${key}`) : key)
	);
	return {
		total: {
			sent: invitations.length,
			answered: invitations.filter((i) => i.uses > 0).length
		},
		byMunicipality,
		byAudience
	};
}
