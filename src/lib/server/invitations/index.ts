import { randomBytes, randomUUID } from 'node:crypto';
import { isAudience, municipalityName, type Audience } from '$lib/respondents';
import { findMunicipality, municipalityBySlug } from '$lib/municipalities';

export { findMunicipality } from '$lib/municipalities';
import type { Locale } from '$lib/i18n/locales';
import { translate } from '$lib/i18n/messages';
import type { InvitationRecord, RoundRecord, Store } from '../store';
import { cellOf, KEY_RANGE, type Cell } from '$lib/summary/cell-key';
import { inView, type Disclosure } from '$lib/summary/protect';
import { groupBy, percent } from '$lib/numbers';

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
					translate(locale, 'invitations.problemTwice', {
						line: n,
						text: municipalityName(m.slug, locale)
					})
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
		createdAt: now.toISOString(),
		revokedAt: null,
		recordKey: randomBytes(4).readUInt32BE(0)
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

/** What a link does now: takes answers, has taken all it may, or was withdrawn. */
export type InvitationState = 'open' | 'used' | 'revoked';

export function stateOf(invitation: InvitationRecord): InvitationState {
	if (invitation.revokedAt) return 'revoked';
	return usedUp(invitation) ? 'used' : 'open';
}

/**
 * Withdraws one invitation of a round, so its link takes no more answers (answers already given
 * through it stay). Resolves to how many were withdrawn: 0 when it was already, or is not the
 * round's.
 */
export async function revoke(
	store: Store,
	roundId: string,
	id: string,
	now: Date = new Date()
): Promise<number> {
	return (await store.invitations.revoke(roundId, [id], now.toISOString())).length;
}

/** Withdraws every invitation of a round that has not been used: the round's leftover links. */
export async function revokeUnused(
	store: Store,
	roundId: string,
	now: Date = new Date()
): Promise<number> {
	return (await store.invitations.revoke(roundId, 'all', now.toISOString(), true)).length;
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
 * Response rates: per municipality and per audience (and in all), the invitations sent, how
 * many were answered (used at least once), that as a share, and the answers given through them.
 *
 * Counts that concern persons — rows with a link to a citizen, a business or a voluntary
 * organisation — go through the Disclosure like every other number: exact for researchers
 * (who made the links and see each one's uses), perturbed with the cell-key method and hidden
 * from 1 to `minGroup − 1` for leaders, with the share only where the row's invitations reach
 * `minGroup`. Municipalities invited as institutions are not persons, and are shown as counted.
 * A withdrawn link still counts as sent: it was handed out.
 */
export interface RateRow {
	key: string;
	label: string;
	sent: number | null;
	answered: number | null;
	/** Answered as a percentage of sent, one decimal; null where it is not shown. */
	share: number | null;
	answers: number | null;
}

export interface ResponseRates {
	total: RateRow;
	byMunicipality: RateRow[];
	byAudience: RateRow[];
	/** Whether any number on the page was hidden (for the footnote). */
	withheld: boolean;
}

/** The audiences whose invitations reach persons (or a handful of them), not institutions. */
const PERSON_AUDIENCES: readonly string[] = ['citizen', 'business', 'voluntary'];

export function concernsPersons(invitation: InvitationRecord): boolean {
	return PERSON_AUDIENCES.includes(invitation.audience ?? '');
}

const keyOf = (i: InvitationRecord) => i.recordKey ?? 0;

/** The answers given through a set of invitations as a cell: each counts its key once per use. */
function answersCell(list: readonly InvitationRecord[]): Cell {
	return {
		count: list.reduce((n, i) => n + i.uses, 0),
		key: list.reduce((k, i) => (k + keyOf(i) * i.uses) % KEY_RANGE, 0)
	};
}

export function responseRates(
	invitations: readonly InvitationRecord[],
	locale: Locale,
	disclosure: Disclosure
): ResponseRates {
	// The view is the round's invitations: one more or one fewer redraws every cell's noise.
	const d = inView(disclosure, cellOf(invitations.map((i) => ({ recordKey: keyOf(i) }))).key);
	let withheld = false;
	const row = (key: string, label: string, list: readonly InvitationRecord[]): RateRow => {
		const sentCell = cellOf(list.map((i) => ({ recordKey: keyOf(i) })));
		const answeredList = list.filter((i) => i.uses > 0);
		const answeredCell = cellOf(answeredList.map((i) => ({ recordKey: keyOf(i) })));
		if (d.exact || !list.some(concernsPersons)) {
			const sent = list.length;
			const answered = answeredList.length;
			return {
				key,
				label,
				sent,
				answered,
				share: percent(answered, sent),
				answers: answersCell(list).count
			};
		}
		const sent = d.shown(sentCell);
		const answered = d.shown(answeredCell);
		const answers = d.shown(answersCell(list));
		const share =
			d.allows(sentCell) && answered !== null && sent !== null
				? percent(Math.min(d.value(answeredCell), d.value(sentCell)), d.value(sentCell))
				: null;
		if (sent === null || answered === null || answers === null || share === null) withheld = true;
		return { key, label, sent, answered, share, answers };
	};
	const collator = new Intl.Collator('nb');
	const byMunicipality = [...groupBy(invitations, (i) => i.municipality ?? '')]
		.map(([key, list]) =>
			row(
				key,
				key ? municipalityName(key, locale) : translate(locale, 'invitations.noMunicipality'),
				list
			)
		)
		.sort((a, b) => collator.compare(a.label, b.label));
	const byAudience = [...groupBy(invitations, (i) => i.audience ?? '')].map(([key, list]) =>
		row(key, isAudience(key) ? translate(locale, `audience.${key}`) : key, list)
	);
	const total = row('', translate(locale, 'invitations.total'), invitations);
	return { total, byMunicipality, byAudience, withheld };
}
