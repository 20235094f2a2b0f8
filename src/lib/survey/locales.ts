import { setupLocale, surveyLocalization } from 'survey-core';
import { norwegianSurveyStrings } from 'survey-core/i18n/norwegian';
import { bokmalSurveyStringFixes } from './bokmal-fixes';
import { nynorskSurveyStrings } from './nynorsk-strings';

let registered = false;

/**
 * Registers SurveyJS's own texts (buttons, error messages, progress) under our locale codes.
 * survey-core ships Norwegian only under `no`, and no Nynorsk at all; questionnaire texts are
 * keyed `nb` and `nn`, so the UI strings must be registered under the same codes or the buttons
 * stay English. Used by the browser and by server-side validation alike.
 */
export function registerSurveyLocales(): void {
	if (registered) return;
	registered = true;
	// A questionnaire's `default` texts are Bokmål. Without this SurveyJS treats `default` as
	// English and shows English readers the Bokmål text.
	surveyLocalization.defaultLocale = 'nb';
	setupLocale({
		localeCode: 'nb',
		strings: { ...norwegianSurveyStrings, ...bokmalSurveyStringFixes },
		nativeName: 'norsk bokmål',
		englishName: 'Norwegian Bokmål'
	});
	setupLocale({
		localeCode: 'nn',
		strings: nynorskSurveyStrings,
		nativeName: 'norsk nynorsk',
		englishName: 'Norwegian Nynorsk'
	});
}
