/**
 * The question types the designer offers, with the parts of each that it edits. Every entry is
 * a SurveyJS type the registry (./registry.ts) reads as one of the app's kinds — checked by
 * designable.spec.ts — so a question made in the designer is validated, summarised and
 * exported like any other. Kept free of survey-core so the designer page stays light.
 */
export type ItemList = 'choices' | 'rows' | 'columns' | 'items';

export interface DesignableType {
	/** Unique among these: the type, or a name for a preset of it (`number`, `selecttorank`). */
	id: string;
	/** The SurveyJS type. */
	type: string;
	/** Properties a new question of it starts with (and that tell it apart from its type). */
	preset?: Record<string, unknown>;
	/** The app's kind it is read as (registry.ts). */
	kind: string;
	/** Lists of coded items it has: choices, rows, columns (of a matrix), items (multiple text). */
	lists: ItemList[];
	/** Whether it takes "none", "other" and "don't know" items. */
	specialItems: boolean;
	/** Which limits the designer offers. */
	limits: ('maxLength' | 'minMax' | 'rateRange' | 'maxSelected')[];
	/** Whether it holds an answer (html does not). */
	answers: boolean;
}

export const designableTypes: DesignableType[] = [
	{
		id: 'radiogroup',
		type: 'radiogroup',
		kind: 'choice',
		lists: ['choices'],
		specialItems: true,
		limits: [],
		answers: true
	},
	{
		id: 'checkbox',
		type: 'checkbox',
		kind: 'multi',
		lists: ['choices'],
		specialItems: true,
		limits: ['maxSelected'],
		answers: true
	},
	{
		id: 'dropdown',
		type: 'dropdown',
		kind: 'choice',
		lists: ['choices'],
		specialItems: true,
		limits: [],
		answers: true
	},
	{
		id: 'rating',
		type: 'rating',
		kind: 'rating',
		lists: [],
		specialItems: false,
		limits: ['rateRange'],
		answers: true
	},
	{
		id: 'matrix',
		type: 'matrix',
		kind: 'matrix',
		lists: ['rows', 'columns'],
		specialItems: false,
		limits: [],
		answers: true
	},
	{
		id: 'ranking',
		type: 'ranking',
		kind: 'ranking',
		lists: ['choices'],
		specialItems: false,
		limits: [],
		answers: true
	},
	{
		id: 'selecttorank',
		type: 'ranking',
		preset: { selectToRankEnabled: true },
		kind: 'ranking',
		lists: ['choices'],
		specialItems: false,
		limits: ['maxSelected'],
		answers: true
	},
	{
		id: 'boolean',
		type: 'boolean',
		kind: 'boolean',
		lists: [],
		specialItems: false,
		limits: [],
		answers: true
	},
	{
		id: 'text',
		type: 'text',
		kind: 'text',
		lists: [],
		specialItems: false,
		limits: ['maxLength'],
		answers: true
	},
	{
		id: 'comment',
		type: 'comment',
		kind: 'comment',
		lists: [],
		specialItems: false,
		limits: ['maxLength'],
		answers: true
	},
	{
		id: 'number',
		type: 'text',
		preset: { inputType: 'number' },
		kind: 'number',
		lists: [],
		specialItems: false,
		limits: ['minMax'],
		answers: true
	},
	{
		id: 'multipletext',
		type: 'multipletext',
		kind: 'multipletext',
		lists: ['items'],
		specialItems: false,
		limits: [],
		answers: true
	},
	{
		id: 'matrixdropdown',
		type: 'matrixdropdown',
		kind: 'matrixdropdown',
		lists: ['rows', 'columns'],
		specialItems: false,
		limits: [],
		answers: true
	},
	{
		id: 'paneldynamic',
		type: 'paneldynamic',
		kind: 'paneldynamic',
		lists: [],
		specialItems: false,
		limits: [],
		answers: true
	},
	{
		id: 'html',
		type: 'html',
		kind: 'display',
		lists: [],
		specialItems: false,
		limits: [],
		answers: false
	},
	{
		id: 'expression',
		type: 'expression',
		kind: 'expression',
		lists: [],
		specialItems: false,
		limits: [],
		answers: false
	}
];

export function designableOf(question: Record<string, unknown>): DesignableType | undefined {
	const candidates = designableTypes.filter((d) => d.type === question.type);
	return (
		candidates.find(
			(d) => d.preset && Object.entries(d.preset).every(([k, v]) => question[k] === v)
		) ?? candidates.find((d) => !d.preset)
	);
}
