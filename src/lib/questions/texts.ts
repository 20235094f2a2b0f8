import { surveyLocalization, type LocalizableString } from 'survey-core';
import { locales, type Locale } from '../i18n/locales';

/**
 * Translated texts, read one way everywhere. A questionnaire text in one language is, in this
 * order: the text written for that language, the `default` text, the Bokmål text, the English
 * text, SurveyJS's own wording (for the "Other", "None", "Yes" it supplies), and last the
 * fallback the caller gives (a code or a name). Validation, the dashboard and the export used to
 * read them in three different orders; this is the one order.
 */

export type Texts = Record<Locale, string>;

/** The same text in every language (a number, a code that has no translation). */
export const sameTexts = (text: string): Texts =>
	Object.fromEntries(locales.map((l) => [l, text])) as Texts;

export const textsFrom = (read: (locale: Locale) => string): Texts =>
	Object.fromEntries(locales.map((l) => [l, read(l)])) as Texts;

/**
 * A SurveyJS text in one language, read without switching the model's locale (that is slow, and
 * it would process `{variables}`).
 */
export function localText(
	text: LocalizableString | undefined,
	locale: Locale,
	fallback: string
): string {
	if (!text) return fallback;
	const given =
		text.getLocaleText(locale) ||
		text.getLocaleText('default') ||
		text.getLocaleText('') ||
		text.getLocaleText('nb') ||
		text.getLocaleText('en');
	if (given) return given;
	const name = (text as unknown as { localizationName?: string }).localizationName;
	return (name && surveyLocalization.getString(name, locale)) || fallback;
}

/** A SurveyJS text in every language. */
export const textsOf = (text: LocalizableString | undefined, fallback: string): Texts =>
	textsFrom((l) => localText(text, l, fallback));

/** A text as written in a definition's JSON: one string, or one per language. */
export type LocalizableText = string | Record<string, string>;

/** A text as written in the JSON (a title, a privacy statement), in `locale`, same order. */
export function localized(text: LocalizableText | undefined, locale: string): string {
	if (text === undefined) return '';
	if (typeof text === 'string') return text;
	return (
		text[locale] || text.default || text.nb || text.en || Object.values(text).find(Boolean) || ''
	);
}
