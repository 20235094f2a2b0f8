/** The interface languages. Bokmål first: it is the default for every visitor. */
export const locales = ['nb', 'nn', 'en'] as const;
export type Locale = (typeof locales)[number];
export const defaultLocale: Locale = 'nb';

export const localeNames: Record<Locale, string> = {
	nb: 'Bokmål',
	nn: 'Nynorsk',
	en: 'English'
};

export function isLocale(value: unknown): value is Locale {
	return typeof value === 'string' && (locales as readonly string[]).includes(value);
}

/**
 * Picks a locale from an Accept-Language header. `no` and `nb` mean Bokmål; anything we do not
 * speak falls back to Bokmål, because the programme's respondents are Norwegian.
 */
export function localeFromAcceptLanguage(header: string | null | undefined): Locale {
	if (!header) return defaultLocale;
	const ranked = header
		.split(',')
		.map((part) => {
			const [tag, ...params] = part.trim().toLowerCase().split(';');
			const q = params.find((p) => p.trim().startsWith('q='));
			return { tag: tag.trim(), q: q ? Number(q.trim().slice(2)) || 0 : 1 };
		})
		.sort((a, b) => b.q - a.q);
	for (const { tag } of ranked) {
		const base = tag.split('-')[0];
		if (base === 'nn') return 'nn';
		if (base === 'nb' || base === 'no') return 'nb';
		if (base === 'en') return 'en';
	}
	return defaultLocale;
}
