import type { Question } from 'survey-core';
import { booleanKind } from './kinds/boolean';
import { choiceKind, multiKind } from './kinds/choice';
import type { KindModule } from './kinds/kind';
import { matrixKind } from './kinds/matrix';
import { matrixDropdownKind, matrixDynamicKind } from './kinds/matrix-dropdown';
import { multipleTextKind } from './kinds/multiple-text';
import { displayKind, expressionKind, signatureKind, unknownKind } from './kinds/other';
import { panelDynamicKind } from './kinds/panel-dynamic';
import { ratingKind } from './kinds/rating';
import { rankingKind } from './kinds/ranking';
import { commentKind, numberKind, textKind } from './kinds/text';
import type { DescriptionOf, KindName, QuestionDescription } from './types';

/** Every kind's module, by kind. */
export const kinds: { [K in KindName]: KindModule<K> } = {
	text: textKind,
	number: numberKind,
	comment: commentKind,
	choice: choiceKind,
	multi: multiKind,
	rating: ratingKind,
	boolean: booleanKind,
	ranking: rankingKind,
	matrix: matrixKind,
	matrixdropdown: matrixDropdownKind,
	matrixdynamic: matrixDynamicKind,
	multipletext: multipleTextKind,
	paneldynamic: panelDynamicKind,
	expression: expressionKind,
	signature: signatureKind,
	display: displayKind,
	unknown: unknownKind
};

type Props = Question & Record<string, unknown>;

/**
 * The one table from SurveyJS's question types to this app's kinds. A type missing here is
 * `unknown`: kept as given and validated by survey-core too. A function decides between two
 * kinds of one type by a property (a text field that takes numbers, an image picker that takes
 * several).
 */
const kindOfType: Record<string, KindName | ((q: Props) => KindName)> = {
	text: (q) => (q.inputType === 'number' || q.inputType === 'range' ? 'number' : 'text'),
	comment: 'comment',
	radiogroup: 'choice',
	dropdown: 'choice',
	imagepicker: (q) => (q.multiSelect === true ? 'multi' : 'choice'),
	checkbox: 'multi',
	tagbox: 'multi',
	rating: 'rating',
	boolean: 'boolean',
	ranking: 'ranking',
	matrix: 'matrix',
	matrixdropdown: 'matrixdropdown',
	matrixdynamic: 'matrixdynamic',
	multipletext: 'multipletext',
	paneldynamic: 'paneldynamic',
	expression: 'expression',
	signaturepad: 'signature',
	html: 'display',
	image: 'display',
	// Questions that hold no value (SurveyJS's own base and placeholder types).
	empty: 'display',
	nonvalue: 'display'
};

/** The kind a SurveyJS type (with its properties, as written in JSON) is read as. */
export function kindOfJson(type: string, props: Record<string, unknown> = {}): KindName {
	const entry = kindOfType[type];
	if (entry === undefined) return 'unknown';
	return typeof entry === 'function' ? entry(props as Props) : entry;
}

export function kindNameOf(question: Question): KindName {
	const entry = kindOfType[question.getType()];
	if (entry === undefined) return 'unknown';
	return typeof entry === 'function' ? entry(question as Props) : entry;
}

/** The module of a described question's kind. */
export function kindOf<K extends KindName>(question: DescriptionOf<K>): KindModule<K>;
export function kindOf(question: QuestionDescription): KindModule;
export function kindOf(question: QuestionDescription): KindModule {
	return kinds[question.kind] as unknown as KindModule;
}
