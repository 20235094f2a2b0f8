import { defaultLocale, type Locale } from '../locales';
import { en } from './en';
import { nb, type Catalogue, type MessageKey } from './nb';
import { nn } from './nn';

export type { MessageKey };

/**
 * The one message catalogue for everything the app itself says (questionnaire texts live in the
 * questionnaire files), one language per file. Bokmål is the reference; `satisfies Catalogue`
 * makes a missing or extra key in Nynorsk or English a type error, and messages.spec.ts checks
 * the placeholders match.
 */
export const catalogues: Record<Locale, Catalogue> = { nb, nn, en };

export type MessageParams = Record<string, string | number>;

/** The message `key` in `locale`, with `{name}` placeholders filled from `params`. */
export function translate(locale: Locale, key: MessageKey, params?: MessageParams): string {
	const template = catalogues[locale]?.[key] ?? catalogues[defaultLocale][key];
	if (!params) return template;
	return template.replace(/\{(\w+)\}/g, (whole, name: string) =>
		name in params ? String(params[name]) : whole
	);
}

/** A translation function with its locale fixed: `t('app.name')`, `t('dash.hiddenNote', { min })`. */
export type Translate = (key: MessageKey, params?: MessageParams) => string;

/**
 * `translate` bound to one locale. A component derives it from the locale it is given, so every
 * text follows a change of language: `const t = $derived(translator(data.locale))`.
 */
export function translator(locale: Locale): Translate {
	return (key, params) => translate(locale, key, params);
}
