import { catalogueTexts, named } from '../../export/drafts';
import { positive, readChoices } from '../choices';
import type { ChoiceList } from '../types';
import { cannotScore, shape, type KindModule, type Props } from './kind';

const values = (choices: ChoiceList) => choices.items.map((item) => item.value);
/** The choices as export codes; "don't know" and "refuse" say so, for the analysis coding. */
const codes = (choices: ChoiceList) =>
	choices.items.map(({ value, label, special }) =>
		special ? { value, label, special } : { value, label }
	);

/** SurveyJS types whose single choice can earn points in a maturity scoring model. */
const scorableTypes = ['radiogroup', 'dropdown'];

/** One choice: `radiogroup`, `dropdown`, `imagepicker`. */
export const choiceKind: KindModule<'choice'> = {
	kind: 'choice',
	describe: (q) => ({ choices: readChoices(q) }),
	rule: (q) => ({ t: 'choice', values: values(q.choices), anyValue: q.choices.open }),
	comments: true,
	columns: (q, place, sink) =>
		sink.add(place, 'code', { from: 'answer', path: place.path }, codes(q.choices)),
	summary: (q) =>
		shape('choice', { options: q.choices.items.map(({ value, label }) => ({ value, label })) }),
	scoring: (q, row) =>
		row !== undefined || !scorableTypes.includes(q.type)
			? cannotScore(q.type, row)
			: { values: values(q.choices), label: 'choice' }
};

/** Several choices: `checkbox`, `tagbox`, `imagepicker` with `multiSelect`. */
export const multiKind: KindModule<'multi'> = {
	kind: 'multi',
	describe: (q) => ({
		choices: readChoices(q),
		minSelected: positive((q as Props).minSelectedChoices),
		maxSelected: positive((q as Props).maxSelectedChoices)
	}),
	rule: (q) => ({
		t: 'choices',
		values: values(q.choices),
		exclusive: q.choices.exclusive,
		min: q.minSelected,
		max: q.maxSelected,
		anyValue: q.choices.open
	}),
	comments: true,
	columns: (q, place, sink) => {
		// Choices loaded at run time cannot be listed: the chosen values, as stored.
		if (q.choices.open) return sink.add(place, 'value', { from: 'answer', path: place.path });
		for (const code of codes(q.choices)) {
			sink.add(
				named(place, String(code.value), code.label),
				'binary',
				{ from: 'choice', path: place.path, choice: code.value },
				[
					{ value: 1, label: catalogueTexts('export.chosen') },
					{ value: 0, label: catalogueTexts('export.notChosen') }
				]
			);
		}
	},
	summary: (q) =>
		shape('multi', { options: q.choices.items.map(({ value, label }) => ({ value, label })) })
};
