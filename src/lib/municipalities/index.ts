import type { Locale } from '../i18n/locales';
import register from './register.json';

/**
 * Norway's municipalities, shipped as data (register.json, from Statistics Norway's
 * classification 131, "Standard for kommuneinndeling", valid from 1 January 2024: 357
 * municipalities). Every answer's municipality is checked against it, and every view and export
 * names a municipality from it. An answer is stored with the municipality's slug (`bodo`,
 * `trondheim`, `heroy-nordland`): the slugs the programme's answers already carry, derived from
 * the Norwegian name the same way for all the others.
 */
export interface Municipality {
	/** The four-digit municipality number (kommunenummer), as a string: Oslo is `0301`. */
	number: string;
	slug: string;
	/** The name in Bokmål and Nynorsk (they are the same for every municipality today). */
	nb: string;
	nn: string;
	/** The full official name, with its Sámi or Kven name where it has one ("Trondheim – Tråante"). */
	official: string;
	/** The county (fylke) number, the first two digits of the municipality number. */
	county: string;
	/** Official names in Sámi (`se`, `smj`, `sma`) or Kven (`fkv`), where there are any. */
	other?: Partial<Record<'se' | 'smj' | 'sma' | 'fkv', string>>;
}

export interface County {
	number: string;
	nb: string;
	nn: string;
}

export const municipalities: readonly Municipality[] = register.municipalities as Municipality[];
export const counties: readonly County[] = register.counties;
export const registerSource: string = register.source;

/**
 * The explicit "none / not a municipality" a citizen, business or organisation may answer with
 * (someone abroad, a business without one place). Kept apart from the register's slugs.
 */
export const NO_MUNICIPALITY = 'none';

const bySlug = new Map(municipalities.map((m) => [m.slug, m]));
const byNumber = new Map(municipalities.map((m) => [m.number, m]));

const folded = (s: string) => s.trim().toLocaleLowerCase('nb').replace(/\s+/g, ' ');
const byName = new Map<string, Municipality>();
for (const m of municipalities) {
	for (const name of [m.nb, m.nn, m.official, ...Object.values(m.other ?? {})]) {
		byName.set(folded(name), m);
	}
}

/**
 * A municipality as a researcher types it: its number ("3909", "301" for Oslo's 0301), its
 * name in any of its official forms ("Larvik", "Tråante", "Trondheim – Tråante") or its slug.
 */
export function findMunicipality(text: string): Municipality | undefined {
	const t = text.trim();
	if (/^\d{3,4}$/.test(t)) return byNumber.get(t.padStart(4, '0'));
	return byName.get(folded(t)) ?? bySlug.get(t.toLowerCase());
}

export function municipalityBySlug(slug: string): Municipality | undefined {
	return bySlug.get(slug);
}

export function municipalityByNumber(number: string): Municipality | undefined {
	return byNumber.get(number);
}

export function isRegistered(slug: string): boolean {
	return bySlug.has(slug);
}

/**
 * The name a person reads for a municipality, as Statistics Norway gives it: a municipality with
 * official Sámi or Kven names is named by all of them, in their official order, in every
 * language ("Kárášjohka – Karasjok", "Porsanger – Porsáŋgu – Porsanki", "Trondheim – Tråante":
 * SSB's Bokmål, Nynorsk and English versions of classification 131 are the same here, as the
 * place-name act makes the names equal). The others by their Bokmål or Nynorsk name, which
 * is the same for every municipality today (English readers get the Bokmål one).
 */
export function nameOf(m: Municipality, locale: Locale = 'nb'): string {
	if (m.other) return m.official;
	return locale === 'nn' ? m.nn : m.nb;
}

export function countyName(number: string, locale: Locale = 'nb'): string {
	const county = counties.find((c) => c.number === number);
	if (!county) return number;
	return locale === 'nn' ? county.nn : county.nb;
}

/**
 * The register by county, in the order of the county numbers and, within each, of the names
 * (Norwegian collation, so Å comes last): what a list to choose from is grouped by.
 */
export function byCounty(
	locale: Locale = 'nb'
): { county: string; name: string; municipalities: Municipality[] }[] {
	const collator = new Intl.Collator('nb');
	return counties.map((c) => ({
		county: c.number,
		name: countyName(c.number, locale),
		municipalities: municipalities
			.filter((m) => m.county === c.number)
			.sort((a, b) => collator.compare(nameOf(a, locale), nameOf(b, locale)))
	}));
}
