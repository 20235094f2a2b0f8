// survey-core ships its translations without type declarations.
declare module 'survey-core/i18n/norwegian' {
	export const norwegianSurveyStrings: Record<string, string>;
}
