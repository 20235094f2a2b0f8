import { DEFAULT_COMMENT_MAX, DEFAULT_TEXT_MAX, textLimit } from '../../validation/rules';
import { num } from '../choices';
import { shape, type KindModule, type Props } from './kind';

/** A one-line text (`text`), whatever its input type but number and range. */
export const textKind: KindModule<'text'> = {
	kind: 'text',
	describe: (q) => ({
		inputType: String((q as Props).inputType ?? 'text'),
		maxLength: Number((q as Props).maxLength ?? -1)
	}),
	rule: (q, ctx) => ({
		t: 'string',
		max: textLimit(q.maxLength, ctx.textMax, DEFAULT_TEXT_MAX),
		inputType: q.inputType
	}),
	comments: true,
	columns: (_q, place, sink) => sink.add(place, 'text', { from: 'answer', path: place.path }),
	summary: () => shape('text')
};

/** A number: `text` with input type number or range. */
export const numberKind: KindModule<'number'> = {
	kind: 'number',
	describe: (q) => ({
		inputType: String((q as Props).inputType),
		min: num((q as Props).min),
		max: num((q as Props).max)
	}),
	rule: (q) => ({ t: 'number', min: q.min, max: q.max }),
	comments: true,
	columns: (_q, place, sink) => sink.add(place, 'number', { from: 'answer', path: place.path }),
	summary: () => shape('number')
};

/** A long text (`comment`). */
export const commentKind: KindModule<'comment'> = {
	kind: 'comment',
	describe: (q) => ({ maxLength: Number((q as Props).maxLength ?? -1) }),
	rule: (q, ctx) => ({
		t: 'string',
		max: textLimit(q.maxLength, ctx.commentMax || ctx.textMax, DEFAULT_COMMENT_MAX)
	}),
	comments: false,
	columns: (_q, place, sink) => sink.add(place, 'text', { from: 'answer', path: place.path }),
	summary: () => shape('text')
};
