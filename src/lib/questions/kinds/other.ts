import { DEFAULT_COMMENT_MAX, DEFAULT_TEXT_MAX } from '../../validation/rules';
import { shape, type KindModule } from './kind';

/** The value kept as given: an expression's result, a custom type's value. */
const asStored: KindModule['columns'] = (_q, place, sink) =>
	sink.add(place, 'value', { from: 'answer', path: place.path });

/** A computed value (`expression`): SurveyJS works it out in the browser; never required. */
export const expressionKind: KindModule<'expression'> = {
	kind: 'expression',
	describe: () => ({}),
	rule: () => ({ t: 'primitive', max: DEFAULT_TEXT_MAX }),
	comments: false,
	columns: asStored,
	summary: () => shape('number')
};

/** A drawn signature (`signaturepad`): a data: URL of an image. */
export const signatureKind: KindModule<'signature'> = {
	kind: 'signature',
	describe: () => ({}),
	rule: () => ({ t: 'signature', max: 200_000 }),
	comments: false,
	columns: asStored,
	summary: () => null
};

/** Text and pictures shown to the respondent (`html`, `image`): no answer. */
export const displayKind: KindModule<'display'> = {
	kind: 'display',
	describe: () => ({}),
	rule: () => null,
	comments: false,
	columns: () => {},
	summary: () => null
};

/**
 * A type this app has no module for (a custom component). Its value is kept as given, within a
 * bound, and survey-core's own validation runs too (the compiler notes why).
 */
export const unknownKind: KindModule<'unknown'> = {
	kind: 'unknown',
	describe: () => ({}),
	rule: (q, ctx) => {
		ctx.reasons.push(`question type "${q.type}" ("${q.valueName}")`);
		return { t: 'primitive', max: DEFAULT_COMMENT_MAX };
	},
	comments: false,
	columns: asStored,
	summary: () => null
};
