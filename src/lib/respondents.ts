import * as v from 'valibot';
import type { Locale } from './i18n/locales';
import { translate } from './i18n/messages';
import { isRegistered, municipalityBySlug, nameOf, NO_MUNICIPALITY } from './municipalities';
import { slugPattern } from './slug';

export { NO_MUNICIPALITY } from './municipalities';

/** Who answers. The codes are what is stored and exported; labels live in the message catalogue. */
export const audiences = ['municipal', 'business', 'citizen', 'voluntary'] as const;
export type Audience = (typeof audiences)[number];
export const audienceSchema = v.picklist(audiences);

export function isAudience(value: unknown): value is Audience {
	return typeof value === 'string' && (audiences as readonly string[]).includes(value);
}

/**
 * A municipality is stored as a lowercase slug (`bodo`, `trondheim`), so the same place is one
 * code in every export however it was typed. The shape is checked here; whether it is one of
 * the register's (municipalities/register.json) is `municipalityAccepted`, so that a stored
 * answer from before the register (`xsstest`) still reads back, while a new one is refused.
 */
export const municipalitySchema = v.pipe(
	v.string(),
	v.regex(slugPattern, 'must be a lowercase slug such as "trondheim" or "bodo"')
);

/**
 * Whether a new answer may name this municipality: one in the register, or the explicit
 * "none / not a municipality" for anyone but municipal staff (who answer for a municipality).
 */
export function municipalityAccepted(slug: string, audience: Audience | null): boolean {
	if (slug === NO_MUNICIPALITY) return audience !== 'municipal';
	return isRegistered(slug);
}

/** The programme's municipalities: the two owners, then the follower cities. */
export const knownMunicipalities: ReadonlyArray<{ slug: string; name: string }> = [
	{ slug: 'trondheim', name: 'Trondheim' },
	{ slug: 'bodo', name: 'Bodø' },
	{ slug: 'drammen', name: 'Drammen' },
	{ slug: 'fredrikstad', name: 'Fredrikstad' },
	{ slug: 'gjesdal', name: 'Gjesdal' },
	{ slug: 'kristiansand', name: 'Kristiansand' },
	{ slug: 'larvik', name: 'Larvik' },
	{ slug: 'oslo', name: 'Oslo' },
	{ slug: 'stavanger', name: 'Stavanger' }
];

/** Turns a typed name ("Bodø", " Nord-Aurdal ") into its slug ("bodo", "nord-aurdal"). */
export function slugifyMunicipality(name: string): string {
	return name
		.trim()
		.toLowerCase()
		.replace(/æ/g, 'ae')
		.replace(/ø/g, 'o')
		.replace(/å/g, 'a')
		.normalize('NFKD')
		.replace(/[\u0300-\u036f]/g, '')
		.replace(/[^a-z0-9]+/g, '-')
		.replace(/^-+|-+$/g, '')
		.slice(0, 64)
		.replace(/-+$/g, '');
}

/**
 * The name a person reads for a stored municipality slug: the register's name
 * (municipalities/register.json, all 357), "none" in words for the explicit none, otherwise the
 * slug itself (a stored answer with an unknown slug is kept and shown as such, never renamed).
 * The one place every view and export asks. The locale is required: a default once let three
 * pages show Bokmål names to Nynorsk readers.
 */
export function municipalityName(slug: string, locale: Locale): string {
	if (slug === NO_MUNICIPALITY) return translate(locale, 'municipality.none');
	const m = municipalityBySlug(slug);
	return m ? nameOf(m, locale) : slug;
}
