import type { Audience } from '../respondents';
import { formatList } from './format';
import type { Locale } from './locales';
import { translate } from './messages';

/**
 * Whom a questionnaire is for, as a phrase that follows "for": "kommunetilsette", or
 * "kommunetilsette, verksemder, innbyggjarar og frivillige organisasjonar". From the
 * questionnaire's `odb.audiences`, so the start page, the questionnaire and the who-form say
 * the same thing the server enforces.
 */
export function audiencesPhrase(audiences: readonly Audience[], locale: Locale): string {
	return formatList(
		audiences.map((audience) => translate(locale, `audiences.${audience}`)),
		locale
	);
}
