import type { ItemValue, Question } from 'survey-core';
import { sameTexts, textsOf } from './texts';
import type { Choice, ChoiceItem, ChoiceList, Primitive, SpecialItem } from './types';

/**
 * The one reading of a choice list. Validation, the export and the dashboard each used to read
 * it on their own, and disagreed: the dashboard did not follow `choicesFromQuestion`, left out
 * numeric ranges and labelled SurveyJS's own items with their codes.
 */

type Props = Question & Record<string, unknown>;

export function num(value: unknown): number | undefined {
	if (value === '' || value === null || value === undefined) return undefined;
	const n = Number(value);
	return Number.isFinite(n) ? n : undefined;
}

export function positive(value: unknown): number | undefined {
	const n = num(value);
	return n !== undefined && n > 0 ? n : undefined;
}

/** Items (choices, rows, columns, scale points) with their texts in every language. */
export function choicesOf(items: ItemValue[] | undefined): Choice[] {
	return (items ?? []).map((item) => ({
		value: item.value as Primitive,
		label: textsOf(item.locText, String(item.value))
	}));
}

/** How SurveyJS names each special item's switch and item, in the order it shows them. */
const specials: { special: SpecialItem; show: string[]; item: string; exclusive: boolean }[] = [
	{ special: 'none', show: ['showNoneItem', 'hasNone'], item: 'noneItem', exclusive: true },
	{ special: 'refuse', show: ['showRefuseItem'], item: 'refuseItem', exclusive: true },
	{ special: 'dontKnow', show: ['showDontKnowItem'], item: 'dontKnowItem', exclusive: true },
	{ special: 'other', show: ['showOtherItem', 'hasOther'], item: 'otherItem', exclusive: false }
];

/** The choices of a choice, multiple-choice or ranking question, as SurveyJS shows them. */
export function readChoices(question: Question): ChoiceList {
	const q = question as Props;
	let source = q;
	if (typeof q.choicesFromQuestion === 'string' && q.choicesFromQuestion) {
		const from = q.survey?.getQuestionByName(q.choicesFromQuestion) as Props | null;
		if (from) source = from;
	}
	const items: ChoiceItem[] = choicesOf(source.choices as ItemValue[]);
	const min = num(source.choicesMin);
	const max = num(source.choicesMax);
	if (min !== undefined && max !== undefined && max > min) {
		const step = positive(source.choicesStep) ?? 1;
		for (let n = min; n <= max && items.length < 10_000; n += step)
			items.push({ value: n, label: sameTexts(String(n)) });
	}
	// The special items are the question's own, also when its choices come from another
	// question: SurveyJS copies only the other question's choices.
	const exclusive: Primitive[] = [];
	let otherValue: Primitive | undefined;
	for (const { special, show, item, exclusive: isExclusive } of specials) {
		const shown = show.map((key) => q[key]).find((v) => v !== undefined);
		const itemValue = q[item] as ItemValue | undefined;
		if (shown !== true || !itemValue) continue;
		const [choice] = choicesOf([itemValue]);
		items.push({ ...choice, special });
		if (isExclusive) exclusive.push(choice.value);
		if (special === 'other') otherValue = choice.value;
	}
	const open = Boolean((q.choicesByUrl as { url?: string } | undefined)?.url);
	return { items, exclusive, otherValue, open };
}
