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
	responseRates,
	revoke,
	revokeUnused,
	stateOf
} from '.';
import { exactNumbers, protectedNumbers } from '$lib/summary/protect';
import { keyPosition } from '$lib/summary/cell-key';

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
	const exact = exactNumbers(5);
	// Hand-worked cell keys: the plain fraction of the key (keyPosition), a quarter of the range.
	const Q = 2 ** 30;
	const byKey = protectedNumbers(5, { position: keyPosition });

	it('counts sent, answered, share and answers per municipality and audience, exactly for researchers', () => {
		const rates = responseRates(
			[
				invitation(1, { municipality: 'larvik', uses: 1 }),
				invitation(2, { municipality: 'bodo' }),
				invitation(3, { municipality: 'larvik', label: 'Larvik næringsråd', audience: 'business' }),
				invitation(4, { label: 'Frivillig sentral', audience: 'voluntary', uses: 3, maxUses: 10 })
			],
			'nb',
			exact
		);
		expect(rates.total).toEqual({
			key: '',
			label: 'I alt',
			sent: 4,
			answered: 2,
			share: 50,
			answers: 4
		});
		expect(rates.byMunicipality).toEqual([
			{ key: 'bodo', label: 'Bodø', sent: 1, answered: 0, share: 0, answers: 0 },
			{ key: 'larvik', label: 'Larvik', sent: 2, answered: 1, share: 50, answers: 1 },
			{ key: '', label: 'Uten kommune', sent: 1, answered: 1, share: 100, answers: 3 }
		]);
		expect(rates.byAudience.map((r) => [r.label, r.sent, r.answered, r.answers])).toEqual([
			['Kommuneansatt', 2, 1, 1],
			['Næringsliv', 1, 0, 0],
			['Frivillig organisasjon', 1, 1, 3]
		]);
		expect(rates.withheld).toBe(false);
	});

	it('shows municipalities invited as institutions as counted, even to leaders', () => {
		const rates = responseRates(
			[invitation(1, { municipality: 'larvik', uses: 1 }), invitation(2, { municipality: 'bodo' })],
			'nb',
			byKey
		);
		expect(rates.total).toMatchObject({ sent: 2, answered: 1, share: 50, answers: 1 });
		expect(rates.withheld).toBe(false);
	});

	it('perturbs the counts that concern persons for leaders, as worked by hand', () => {
		// Six links to citizens, three answered twice each; one answered link has key Q, the rest 0.
		// The view's key is Q (the sum of all six), added to every cell's own.
		const list = [
			invitation(1, { audience: 'citizen', uses: 2, maxUses: 5, recordKey: Q }),
			invitation(2, { audience: 'citizen', uses: 2, maxUses: 5, recordKey: 0 }),
			invitation(3, { audience: 'citizen', uses: 2, maxUses: 5, recordKey: 0 }),
			invitation(4, { audience: 'citizen', recordKey: 0 }),
			invitation(5, { audience: 'citizen', recordKey: 0 }),
			invitation(6, { audience: 'citizen', recordKey: 0 })
		];
		const [citizens] = responseRates(list, 'nb', byKey).byAudience;
		// sent: 6, key Q + Q = 0.5 of the range → the row for c ≥ 2 (cumulative 0.1, 0.3, 0.7, …)
		// keeps it: 6. answered: 3, key 0.5 → 3, which is below 5: hidden, and so is the share.
		// answers: 6, key 2Q (its key counted once per use) + Q = 0.75 → +1: 7.
		expect(citizens).toMatchObject({ sent: 6, answered: null, share: null, answers: 7 });
		expect(responseRates(list, 'nb', byKey).withheld).toBe(true);
		// Researchers see the same row as counted.
		const [counted] = responseRates(list, 'nb', exact).byAudience;
		expect(counted).toMatchObject({ sent: 6, answered: 3, share: 50, answers: 6 });
	});

	it('never shows 1 to 4 of anything that concerns persons to a leader', () => {
		const leader = protectedNumbers(5);
		let key = 12345;
		const nextKey = () => (key = (key * 1103515245 + 12345) % 2 ** 32);
		const seen = new Set<number>();
		for (const audience of ['citizen', 'business', 'voluntary'])
			for (let sent = 1; sent <= 8; sent++)
				for (let trial = 0; trial < 25; trial++) {
					const list = Array.from({ length: sent }, (_, i) =>
						invitation(i, { audience, uses: i % 2, maxUses: 3, recordKey: nextKey() })
					);
					const rates = responseRates(list, 'nb', leader);
					for (const row of [rates.total, ...rates.byAudience, ...rates.byMunicipality])
						for (const n of [row.sent, row.answered, row.answers]) {
							if (n !== null) seen.add(n);
							expect(n === null || n === 0 || n >= 5).toBe(true);
						}
				}
		// Not vacuous: both zeros and counts of at least 5 were shown.
		expect(seen.has(0)).toBe(true);
		expect([...seen].some((n) => n >= 5)).toBe(true);
	});
});

describe('stateOf', () => {
	it.each([
		[{}, 'open'],
		[{ uses: 1 }, 'used'],
		[{ revokedAt: '2026-01-02T00:00:00.000Z' }, 'revoked'],
		[{ uses: 1, revokedAt: '2026-01-02T00:00:00.000Z' }, 'revoked']
	] as const)('%j is %s', (extra, state) => {
		expect(stateOf(invitation(1, extra))).toBe(state);
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
				'recordKey',
				'revokedAt',
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

	it('withdraws one link, then the unused ones of the round, durably; a withdrawn link takes no use', async () => {
		const made = await create(
			store,
			round,
			{ kind: 'municipalities', audience: 'municipal', lines: '', maxUses: 1 },
			['larvik', 'bodo', 'oslo', 'tromso'].map((m) => ({ label: null, municipality: m }))
		);
		const [larvik, bodo, oslo, tromso] = made;
		expect(await store.invitations.takeUse(oslo.id)).toBe(true);
		expect(await revoke(store, round.id, larvik.id, new Date('2026-03-01T10:00:00Z'))).toBe(1);
		// Again, or from another round: nothing.
		expect(await revoke(store, round.id, larvik.id)).toBe(0);
		expect(await revoke(store, 'another-round', bodo.id)).toBe(0);
		expect(await store.invitations.takeUse(larvik.id)).toBe(false);
		// The round's unused: Bodø and Tromsø; Oslo was used, Larvik is withdrawn already.
		expect(await revokeUnused(store, round.id)).toBe(2);
		await store.close();
		store = await openStore(folder);
		const states = Object.fromEntries(
			store.invitations.list(round.id).map((i) => [i.municipality, stateOf(i)])
		);
		expect(states).toEqual({ larvik: 'revoked', bodo: 'revoked', oslo: 'used', tromso: 'revoked' });
		expect(store.invitations.byCode(larvik.code)?.revokedAt).toBe('2026-03-01T10:00:00.000Z');
		expect(store.invitations.byCode(tromso.code)?.uses).toBe(0);
		expect(await store.invitations.takeUse(tromso.id)).toBe(false);
	});
});
