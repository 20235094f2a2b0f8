import type { Texts } from './texts';

/**
 * Plain descriptions of a questionnaire's questions, read once per definition version with
 * survey-core (read.ts) and then used without it: by validation, the dashboard summaries, the
 * export and codebook, and the checker. What each kind of question means to those is declared
 * by the kind's module in `kinds/`, and nowhere else.
 */

export type Primitive = string | number | boolean;

/** A choice, scale point, row or column: its stored value (a code) and its texts. */
export interface Choice {
	value: Primitive;
	label: Texts;
}

/** The special items SurveyJS adds to a choice list, after the author's choices. */
export type SpecialItem = 'none' | 'refuse' | 'dontKnow' | 'other';

export interface ChoiceItem extends Choice {
	special?: SpecialItem;
}

/**
 * The choices of a choice question as SurveyJS shows them: the author's list and a numeric
 * range (`choicesMin`…`choicesMax`, dropdowns only) — or another question's, with
 * `choicesFromQuestion` — then the question's own "none", "refuse", "don't know" and "other".
 */
export interface ChoiceList {
	items: ChoiceItem[];
	/** Values that must be chosen alone (none, refuse, don't know). */
	exclusive: Primitive[];
	/** The value that opens the "other" text, when the list has one. */
	otherValue?: Primitive;
	/** Choices loaded at run time (`choicesByUrl`): the server cannot list them. */
	open: boolean;
}

/** A validator as declared on a question, read into plain data. */
export type ValidatorSpec =
	| { t: 'numeric'; min?: number; max?: number }
	| { t: 'text'; min?: number; max?: number; allowDigits: boolean }
	| { t: 'count'; min?: number; max?: number }
	| { t: 'regex'; pattern: string; caseInsensitive: boolean }
	| { t: 'email' }
	| { t: 'expression'; expression: string }
	| { t: 'unsupported'; type: string };

/** What every question has, whatever its kind. */
export interface QuestionBase {
	/** The SurveyJS type as written (`radiogroup`, `matrixdropdown` …). */
	type: string;
	name: string;
	/** The key of its answer (`valueName`, or the name). */
	valueName: string;
	title: Texts;
	required: boolean;
	requiredIf?: string;
	/** `visibleIf` of the question, then of each panel and the page it sits in. */
	visibleIf: string[];
	/** `visible: false` on it or a panel or page around it, with no `visibleIf`: never shown. */
	alwaysHidden: boolean;
	validators: ValidatorSpec[];
	/** A comment box under the question (`showCommentArea`), stored as `<valueName>-Comment`. */
	commentArea: boolean;
	/** Declared `maxOtherLength` (0 or less: none). */
	maxOtherLength: number;
}

export interface TextItem {
	name: string;
	title: Texts;
	required: boolean;
	inputType: string;
	maxLength: number;
	hasValidators: boolean;
}

/** A column of a multi-column matrix: the question each of its cells is. */
export interface Cell {
	name: string;
	title: Texts;
	required: boolean;
	question: QuestionDescription;
}

export type QuestionDescription =
	| (QuestionBase & { kind: 'text'; inputType: string; maxLength: number })
	| (QuestionBase & { kind: 'number'; inputType: string; min?: number; max?: number })
	| (QuestionBase & { kind: 'comment'; maxLength: number })
	| (QuestionBase & { kind: 'choice'; choices: ChoiceList })
	| (QuestionBase & {
			kind: 'multi';
			choices: ChoiceList;
			minSelected?: number;
			maxSelected?: number;
	  })
	| (QuestionBase & { kind: 'rating'; scale: Choice[] })
	| (QuestionBase & {
			kind: 'boolean';
			valueTrue: Primitive;
			valueFalse: Primitive;
			labelTrue: Texts;
			labelFalse: Texts;
			/** `valueTrue` or `valueFalse` declared: the values are codes, not true/false. */
			customValues: boolean;
	  })
	| (QuestionBase & {
			kind: 'ranking';
			choices: ChoiceList;
			selectToRank: boolean;
			minSelected?: number;
			maxSelected?: number;
	  })
	| (QuestionBase & { kind: 'matrix'; rows: Choice[]; columns: Choice[]; eachRowRequired: boolean })
	| (QuestionBase & { kind: 'matrixdropdown'; rows: Choice[]; cells: Cell[]; totals: boolean })
	| (QuestionBase & {
			kind: 'matrixdynamic';
			cells: Cell[];
			totals: boolean;
			minRows?: number;
			/** As declared; SurveyJS's own default (1000) when nothing is. */
			maxRows: number;
	  })
	| (QuestionBase & { kind: 'multipletext'; items: TextItem[] })
	| (QuestionBase & {
			kind: 'paneldynamic';
			template: QuestionDescription[];
			/** Some template question has a `visibleIf` or `requiredIf` of its own. */
			innerConditions: boolean;
			minPanels?: number;
			/** As declared; SurveyJS's own default (100) when nothing is. */
			maxPanels: number;
	  })
	| (QuestionBase & { kind: 'expression' })
	| (QuestionBase & { kind: 'signature' })
	/** `html` and `image`: shown, never answered. */
	| (QuestionBase & { kind: 'display' })
	/** A type this app has no module for (a custom component): its value is kept as given. */
	| (QuestionBase & { kind: 'unknown' });

export type KindName = QuestionDescription['kind'];
export type DescriptionOf<K extends KindName> = Extract<QuestionDescription, { kind: K }>;

/** Every question of one definition version, read once. */
export interface QuestionSet {
	/** Questions of pages and panels, in order; dynamic panels' questions are in their `template`. */
	questions: QuestionDescription[];
	/** Every question by name, nested ones included. */
	byName: Map<string, QuestionDescription>;
	/** Every question's name and kind as survey-core lists them, nested ones included. */
	all: { name: string; kind: KindName }[];
	/** Survey-wide settings the kinds need. */
	survey: SurveySettings;
}

export interface SurveySettings {
	/** `maxTextLength` / `maxCommentLength` of the survey; 0 when not declared. */
	maxTextLength: number;
	maxCommentLength: number;
	/** `clearInvisibleValues: "none"`: answers to hidden questions are kept. */
	keepHiddenValues: boolean;
	/** What survey-core does that plain rules cannot (triggers, calculated values …). */
	modelFeatures: string[];
}
