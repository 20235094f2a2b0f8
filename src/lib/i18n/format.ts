import type { Locale } from './locales';

/** The BCP 47 tags Intl knows our languages by. */
const intlTags: Record<Locale, string> = { nb: 'nb-NO', nn: 'nn-NO', en: 'en-GB' };

const oneDecimal = new Map<Locale, Intl.NumberFormat>();

/**
 * A score (0–100, already rounded to one decimal) as a reader of `locale` writes it: `62,5` in
 * Norwegian, `62.5` in English. Always one decimal, so a column of scores lines up.
 */
export function formatScore(value: number, locale: Locale): string {
	let format = oneDecimal.get(locale);
	if (!format) {
		format = new Intl.NumberFormat(intlTags[locale], {
			minimumFractionDigits: 1,
			maximumFractionDigits: 1
		});
		oneDecimal.set(locale, format);
	}
	return format.format(value);
}
