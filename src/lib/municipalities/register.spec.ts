import { describe, expect, it } from 'vitest';
import {
	byCounty,
	counties,
	isRegistered,
	municipalities,
	municipalityByNumber,
	municipalityBySlug,
	registerSource
} from '.';
import { knownMunicipalities, municipalityAccepted, municipalityName } from '../respondents';

describe('the register', () => {
	it('holds the 357 municipalities of 1 January 2024, each number and slug once', () => {
		expect(municipalities).toHaveLength(357);
		expect(new Set(municipalities.map((m) => m.number)).size).toBe(357);
		expect(new Set(municipalities.map((m) => m.slug)).size).toBe(357);
		expect(municipalities.every((m) => /^\d{4}$/.test(m.number))).toBe(true);
		expect(registerSource).toContain('classification 131');
	});

	it.each([
		['0301', 'oslo', 'Oslo'],
		['4601', 'bergen', 'Bergen'],
		['5001', 'trondheim', 'Trondheim'],
		['1804', 'bodo', 'Bodø'],
		['5501', 'tromso', 'Tromsø'],
		['1103', 'stavanger', 'Stavanger'],
		['3107', 'fredrikstad', 'Fredrikstad'],
		['3301', 'drammen', 'Drammen'],
		['3909', 'larvik', 'Larvik'],
		['4204', 'kristiansand', 'Kristiansand'],
		['1122', 'gjesdal', 'Gjesdal'],
		['3451', 'nord-aurdal', 'Nord-Aurdal'],
		['1580', 'haram', 'Haram']
	])('%s is %s (%s)', (number, slug, name) => {
		expect(municipalityByNumber(number)).toMatchObject({ slug, nb: name, nn: name });
		expect(municipalityBySlug(slug)?.number).toBe(number);
	});

	it('keeps the slugs the programme’s answers already carry', () => {
		for (const { slug, name } of knownMunicipalities) {
			expect(municipalityBySlug(slug)?.nb).toBe(name);
		}
	});

	it('tells apart the two Herøys and the two Vålers by county', () => {
		expect(municipalityByNumber('1515')).toMatchObject({ slug: 'heroy-more-og-romsdal' });
		expect(municipalityByNumber('1818')).toMatchObject({ slug: 'heroy-nordland' });
		expect(municipalityByNumber('3114')).toMatchObject({ slug: 'valer-ostfold' });
		expect(municipalityByNumber('3419')).toMatchObject({ slug: 'valer-innlandet' });
	});

	it('has the official Sámi and Kven names, with the Norwegian one as the name', () => {
		expect(municipalityByNumber('5612')).toMatchObject({
			nb: 'Kautokeino',
			official: 'Guovdageaidnu – Kautokeino',
			other: { se: 'Guovdageaidnu' }
		});
		expect(municipalityByNumber('5540')?.other).toEqual({ se: 'Gáivuotna', fkv: 'Kaivuono' });
		expect(municipalityByNumber('5001')?.other).toEqual({ sma: 'Tråante' });
		expect(municipalityByNumber('1875')).toMatchObject({ nb: 'Hamarøy', other: { smj: 'Hábmer' } });
	});

	it.each([
		// As Statistics Norway writes them (classification 131), in their official order.
		['5610', 'Kárášjohka – Karasjok', { se: 'Kárášjohka' }],
		['5612', 'Guovdageaidnu – Kautokeino', { se: 'Guovdageaidnu' }],
		['5622', 'Porsanger – Porsáŋgu – Porsanki', { se: 'Porsáŋgu', fkv: 'Porsanki' }],
		['5628', 'Deatnu – Tana', { se: 'Deatnu' }],
		['5636', 'Unjárga – Nesseby', { se: 'Unjárga' }],
		['5544', 'Nordreisa – Ráisa – Raisi', { se: 'Ráisa', fkv: 'Raisi' }],
		['5025', 'Rosse – Røros', { sma: 'Rosse' }],
		['5001', 'Trondheim – Tråante', { sma: 'Tråante' }]
	])('%s is officially %s, and so named in every language', (number, official, other) => {
		const m = municipalityByNumber(number)!;
		expect(m).toMatchObject({ official, other });
		for (const locale of ['nb', 'nn', 'en'] as const)
			expect(municipalityName(m.slug, locale)).toBe(official);
	});

	it('names the others by one name, the same in Bokmål and Nynorsk', () => {
		const single = municipalities.filter((m) => !m.other);
		// 26 of the 357 have parallel names as of 1 January 2024.
		expect(357 - single.length).toBe(26);
		expect(single.every((m) => m.nb === m.nn && m.official === m.nb)).toBe(true);
		expect(municipalityName('karasjok', 'nn')).toBe('Kárášjohka – Karasjok');
		expect(municipalityName('larvik', 'nn')).toBe('Larvik');
		// The North Sámi eng (ŋ), not an a with an acute accent.
		expect(municipalityByNumber('5622')?.official).not.toContain('Porsángu');
	});

	it('puts every municipality in one of the 15 counties', () => {
		expect(counties).toHaveLength(15);
		const grouped = byCounty('nb');
		expect(grouped.reduce((n, c) => n + c.municipalities.length, 0)).toBe(357);
		// Oslo alone; Vestfold's six in Norwegian order.
		expect(grouped.find((c) => c.county === '03')?.municipalities.map((m) => m.nb)).toEqual([
			'Oslo'
		]);
		expect(grouped.find((c) => c.county === '39')?.municipalities.map((m) => m.nb)).toEqual([
			'Færder',
			'Holmestrand',
			'Horten',
			'Larvik',
			'Sandefjord',
			'Tønsberg'
		]);
	});
});

describe('municipalityAccepted', () => {
	it.each([
		['bodo', 'municipal', true],
		['nord-aurdal', 'citizen', true],
		['none', 'citizen', true],
		['none', 'business', true],
		// Municipal staff answer for a municipality.
		['none', 'municipal', false],
		['xsstest', 'citizen', false],
		['bergen-kommune', 'municipal', false]
	] as const)('%s as %s → %s', (slug, audience, accepted) => {
		expect(municipalityAccepted(slug, audience)).toBe(accepted);
	});

	it('is what isRegistered says for the register’s own', () => {
		expect(municipalities.every((m) => isRegistered(m.slug))).toBe(true);
	});
});

describe('municipalityName', () => {
	it('names a registered slug, the explicit none, and leaves an unknown slug as it is', () => {
		expect(municipalityName('tromso', 'nb')).toBe('Tromsø');
		expect(municipalityName('none', 'nb')).toBe('Ingen kommune / ikke relevant');
		expect(municipalityName('none', 'en')).toBe('No municipality / not relevant');
		expect(municipalityName('xsstest', 'nb')).toBe('xsstest');
	});
});
