import type { LocalizableString } from 'survey-core';
import { textsOf } from '../texts';
import type { Primitive } from '../types';
import { shape, type KindModule, type Props } from './kind';

/** Yes or no (`boolean`): true/false, or the codes `valueTrue` / `valueFalse` declare. */
export const booleanKind: KindModule<'boolean'> = {
	kind: 'boolean',
	describe: (question) => {
		const q = question as Props;
		const valueTrue = q.valueTrue as Primitive | undefined;
		const valueFalse = q.valueFalse as Primitive | undefined;
		return {
			valueTrue: valueTrue ?? true,
			valueFalse: valueFalse ?? false,
			labelTrue: textsOf(q.locLabelTrue as LocalizableString, 'true'),
			labelFalse: textsOf(q.locLabelFalse as LocalizableString, 'false'),
			customValues: valueTrue !== undefined || valueFalse !== undefined
		};
	},
	rule: (q) => ({ t: 'boolean', valueTrue: q.valueTrue, valueFalse: q.valueFalse }),
	comments: true,
	columns: (q, place, sink) => {
		const source = { from: 'answer', path: place.path } as const;
		if (q.customValues) {
			sink.add(place, 'code', source, [
				{ value: q.valueTrue, label: q.labelTrue },
				{ value: q.valueFalse, label: q.labelFalse }
			]);
		} else {
			// Written 1 and 0, which every statistics package reads as a number.
			sink.add(place, 'boolean', source, [
				{ value: 1, stored: true, label: q.labelTrue },
				{ value: 0, stored: false, label: q.labelFalse }
			]);
		}
	},
	summary: (q) =>
		shape('boolean', {
			options: [
				{ value: q.valueTrue, label: q.labelTrue },
				{ value: q.valueFalse, label: q.labelFalse }
			]
		})
};
