/**
 * What the app knows about each kind of question, in one place: the reading of a definition
 * (read.ts), the plain descriptions it gives (types.ts), and one module per kind (kinds/)
 * declaring its validation rule, summary, export columns and scoring, looked up through the
 * registry.
 */
export { readQuestions } from './read';
export { kindOf, kinds } from './registry';
export { allQuestions, newSurveyModel, surveyModel } from './model';
export { localized, localText, sameTexts, textsOf, textsFrom } from './texts';
export type { Texts, LocalizableText } from './texts';
export type * from './types';
export type { KindModule, SummaryShape, ScoredValues } from './kinds/kind';
