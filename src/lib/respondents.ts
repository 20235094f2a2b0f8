import * as v from 'valibot';
import { slugPattern } from './slug';

/** Who answers. The codes are what is stored and exported; labels live in the message catalogue. */
export const audiences = ['municipal', 'business', 'citizen', 'voluntary'] as const;
export type Audience = (typeof audiences)[number];
export const audienceSchema = v.picklist(audiences);

export function isAudience(value: unknown): value is Audience {
	return typeof value === 'string' && (audiences as readonly string[]).includes(value);
}

/**
 * A municipality is stored as a lowercase slug (`bodo`, `trondheim`), so the same place is one
 * code in every export however it was typed. Municipalities outside the list are accepted.
 */
export const municipalitySchema = v.pipe(
	v.string(),
	v.regex(slugPattern, 'must be a lowercase slug such as "trondheim" or "bodo"')
);

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
 * The name a person reads for a stored municipality slug: the register's name when it is one of
 * the known municipalities, otherwise the slug itself (a stored answer with an unknown slug is
 * kept and shown as such, never renamed). The one place every view and export asks.
 */
export function municipalityName(slug: string): string {
	return knownMunicipalities.find((m) => m.slug === slug)?.name ?? slug;
}
