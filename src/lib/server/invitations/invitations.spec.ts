import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openStore, type InvitationRecord, type RoundRecord, type Store } from '../store';
import {
	codePattern,
	create,
	findMunicipality,
	inviteeName,
	newCode,
	parseInvitees,
	responseRates
} from '.';

describe('newCode', () => {
	it('gives 20 letters of the 32-letter alphabet, never twice in a thousand', () => {
		const codes = Array.from({ length: 1000 }, newCode);
		expect(codes.every((c) => codePattern.test(c))).toBe(true);
		expect(new Set(codes).size).toBe(1000);
		expect(codes.join('')).not.toMatch(/[ilou]/);
	});
});

describe('findMunicipality', () => {
	it.each([
		['3909', 'larvik'],
		['301', 'oslo'],
		['0301', 'oslo'],
		['Larvik', 'larvik'],
		['  tromsø ', 'tromso'],
		['Tråante', 'trondheim'],
		['Guovdageaidnu – Kautokeino', 'kautokeino'],
		['nord-aurdal', 'nord-aurdal'],
		['Herøy (Nordland)', 'heroy-nordland']
	])('%j → %s', (text, slug) => {
		expect(findMunicipality(text)?.slug).toBe(slug);
	});

	it.each(['9999', 'Atlantis', 'Herøy', ''])('%j → none', (text) => {
		expect(findMunicipality(text)).toBeUndefined();
	});
});

describe('parseInvitees', () => {
	it('reads one municipality per line, skipping empty lines', () => {
		const { invitees, problems } = parseInvitees(
			{ kind: 'municipalities', audience: 'municipal', lines: 'Larvik\n\n3107\r\nGjesdal\n' },
			'nb'
		);
		expect(problems).toEqual([]);
		expect(invitees).toEqual([
			{ label: null, municipality: 'larvik' },
			{ label: null, municipality: 'fredrikstad' },
			{ label: null, municipality: 'gjesdal' }
		]);
	});

	it('names every bad line, and a municipality given twice', () => {
		const { problems } = parseInvitees(
			{ kind: 'municipalities', audience: 'municipal', lines: 'Larvik\nAtlantis\n3909' },
			'en'
		);
		expect(problems).toEqual([
			'Line 2: "Atlantis" is not in the municipality register (Statistics Norway\'s standard, 2024).',
			'Line 3: Larvik is in the list more than once.'
		]);
	});

	it('reads organisations with an optional municipality; municipal staff must have one', () => {
		const business = parseInvitees(
			{ kind: 'organisations', audience: 'business', lines: 'Bodø Næringsforum; Bodø\nAnon AS' },
			'nb'
		);
		expect(business).toEqual({
			invitees: [
				{ label: 'Bodø Næringsforum', municipality: 'bodo' },
				{ label: 'Anon AS', municipality: null }
			],
			problems: []
		});
		const staff = parseInvitees(
			{ kind: 'organisations', audience: 'municipal', lines: 'IT-avdelingen' },
			'nb'
		);
		expect(staff.problems).toEqual([
			'Linje 1: kommuneansatte svarer for en kommune, så skriv kommunen etter semikolon.'
		]);
	});

	it('refuses an empty list and one of more than 500 lines', () => {
		const empty = parseInvitees(
			{ kind: 'municipalities', audience: 'municipal', lines: ' \n' },
			'en'
		);
		expect(empty.problems).toEqual([
			'The list is empty: write one municipality or organisation per line.'
		]);
		const many = parseInvitees(
			{ kind: 'organisations', audience: 'business', lines: 'A\n'.repeat(501) },
			'en'
		);
		expect(many.problems).toEqual(['At most 500 lines at a time.']);
	});
});

const invitation = (n: number, extra: Partial<InvitationRecord> = {}): InvitationRecord => ({
	id: `i${n}`,
	roundId: 'r1',
	code: `code${n}`,
	label: null,
	municipality: null,
	audience: 'municipal',
	maxUses: 1,
	uses: 0,
	createdAt: '2026-01-01T00:00:00.000Z',
	...extra
});

describe('responseRates', () => {
	it('counts sent and answered per municipality and audience, by name', () => {
		const rates = responseRates(
			[
				invitation(1, { municipality: 'larvik', uses: 1 }),
				invitation(2, { municipality: 'bodo' }),
				invitation(3, { municipality: 'larvik', label: 'Larvik næringsråd', audience: 'business' }),
				invitation(4, { label: 'Frivillig sentral', audience: 'voluntary', uses: 3, maxUses: 10 })
			],
			'nb',
			5
		);
		expect(rates.total).toEqual({ sent: 4, answered: 2 });
		expect(rates.byMunicipality).toEqual([
			{ key: 'bodo', label: 'Bodø', sent: 1, answered: 0, answers: 0 },
			{ key: 'larvik', label: 'Larvik', sent: 2, answered: 1, answers: 1 },
			{ key: '', label: 'Uten kommune', sent: 1, answered: 1, answers: 3 }
		]);
		expect(rates.byAudience.map((r) => [r.label, r.sent, r.answered, r.answers])).toEqual([
			['Kommuneansatt', 2, 1, 1],
			['Næringsliv', 1, 0, 0],
			['Frivillig organisasjon', 1, 1, 3]
		]);
	});

	it('withholds 1 to 4 answers through links to persons (citizens), not 0 and not 5', () => {
		const citizens = (uses: number) =>
			responseRates([invitation(1, { audience: 'citizen', uses, maxUses: 50 })], 'nb', 5)
				.byAudience[0];
		expect([0, 1, 4, 5].map((uses) => citizens(uses).answers)).toEqual([0, null, null, 5]);
		expect(citizens(3).answered).toBeNull();
	});
});

describe('inviteeName', () => {
	it('names the organisation and its municipality, or the municipality', () => {
		expect(inviteeName(invitation(1, { municipality: 'tromso' }), 'nb')).toBe('Tromsø');
		expect(inviteeName(invitation(1, { label: 'Lag', municipality: 'bodo' }), 'nb')).toBe(
			'Lag (Bodø)'
		);
	});
});

describe('invitations in the store', () => {
	let folder: string;
	let store: Store;
	const round: RoundRecord = {
		id: 'r1',
		slug: 'r1',
		surveyId: 'maturity',
		name: 'Runde 1',
		opensAt: null,
		closesAt: null,
		audiences: [],
		municipality: null,
		createdAt: '2026-01-01T00:00:00.000Z',
		updatedAt: '2026-01-01T00:00:00.000Z'
	};
	beforeEach(async () => {
		folder = await mkdtemp(join(tmpdir(), 'odb-invitations-'));
		store = await openStore(folder);
		await store.rounds.add(round);
	});
	afterEach(async () => {
		await store.close();
		await rm(folder, { recursive: true, force: true });
	});

	it('gives a single-use link to one of two answers arriving together, durably', async () => {
		const [made] = await create(
			store,
			round,
			{ kind: 'municipalities', audience: 'municipal', lines: 'Larvik', maxUses: 1 },
			[{ label: null, municipality: 'larvik' }]
		);
		const taken = await Promise.all([
			store.invitations.takeUse(made.id),
			store.invitations.takeUse(made.id)
		]);
		expect(taken.sort()).toEqual([false, true]);
		await store.close();
		store = await openStore(folder);
		expect(store.invitations.byCode(made.code)?.uses).toBe(1);
		// Kept in meta.json, apart from the responses; the count is all a use leaves.
		const meta = JSON.parse(await readFile(join(folder, 'meta.json'), 'utf8'));
		expect(Object.keys(meta.invitations[0]).sort()).toEqual(
			[
				'audience',
				'code',
				'createdAt',
				'id',
				'label',
				'maxUses',
				'municipality',
				'roundId',
				'uses'
			].sort()
		);
	});

	it('gives a use back when the answer could not be stored, and removes them with the round', async () => {
		const [made] = await create(
			store,
			round,
			{ kind: 'municipalities', audience: 'municipal', lines: 'Bodø', maxUses: 2 },
			[{ label: null, municipality: 'bodo' }]
		);
		expect(await store.invitations.takeUse(made.id)).toBe(true);
		await store.invitations.returnUse(made.id);
		expect(store.invitations.byCode(made.code)?.uses).toBe(0);
		await store.invitations.removeForRound(round.id);
		expect(store.invitations.list()).toEqual([]);
	});
});
