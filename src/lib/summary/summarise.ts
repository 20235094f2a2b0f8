import { osloDay } from '../i18n/format';
import type { Interval, Sample } from '../stats';
import { addTo, emptyCell, KEY_RANGE, type Cell } from './cell-key';
import type { Option, QuestionKind, QuestionPlan, SummaryPlan, Texts } from './plan';
import { exactNumbers, inView, type Disclosure } from './protect';
import {
	addAnswer,
	finishQuestion,
	isEmpty,
	mergeQuestionTally,
	newQuestionTally,
	summariseQuestion,
	withheldQuestion,
	type QuestionTally
} from './summarise-question';

/**
 * Summaries of responses, one kind per question kind (a discriminated union). Pure: the
 * dashboard, the summary API, the feedback page and the tests all use the same numbers.
 *
 * For every question: `answered` (gave an answer), `unanswered` (was shown but left empty) and
 * `hidden` (not shown to that respondent by a `visibleIf`), so answers are never confused with
 * questions a person did not see.
 *
 * Every number passes through a Disclosure (protect.ts): exact for researchers, perturbed with
 * the cell-key method for everyone else.
 */

export interface SummaryInput {
	answers: Record<string, unknown>;
	audience: string | null;
	municipality: string | null;
	locale: string;
	submittedAt: string;
	/** The response's record key for the cell-key method (store/records.ts); 0 when unknown. */
	recordKey?: number;
}

/** Numbers are null where disclosure control hides them (see protect.ts). */
export interface Count {
	value: Option['value'];
	label: Texts;
	count: number | null;
	/** Of those who answered the question (or the row), one decimal. */
	pct: number | null;
	/** Wilson's 95 % interval for `pct`, in percent; null where the share is not shown. */
	ci95: Interval | null;
}

export interface ScaleStats {
	/** Answers on the scale: "don't know" and "not relevant" are not among them. */
	n: number | null;
	mean: number | null;
	/** The 0.5 quantile: named a median wherever it is shown, never a mean. */
	median: number | null;
	/** Student's t 95 % interval for the mean; null where the mean is not shown or n < 2. */
	ci95: Interval | null;
	/**
	 * n, the unrounded mean and the standard deviation from the same counts as the mean
	 * (perturbed when protected): what a change between rounds is tested on (changes.ts).
	 */
	sample: Sample | null;
	distribution: Count[];
	dontKnow: number | null;
	/**
	 * Answers saying the item does not apply to the respondent (`odb.notRelevantValues`); absent
	 * when the scale offers no such answer.
	 */
	notRelevant?: number | null;
	/** Of those on the scale, the share on its two highest points (4–5 on a 1–5 scale). */
	topTwoPct: number | null;
	/** Wilson's 95 % interval for `topTwoPct`, in percent. */
	topTwoCi95: Interval | null;
}

export interface QuestionBase {
	name: string;
	title: Texts;
	kind: QuestionKind;
	answered: number | null;
	unanswered: number | null;
	hidden: number | null;
	/** True when fewer than the smallest group answered: the numbers are withheld. */
	suppressed?: boolean;
	/**
	 * True when no one in the view was asked the question: everyone had it hidden by a
	 * `visibleIf` (the publisher side of the barriers for businesses). Shown as "not asked",
	 * never as a small or hidden number.
	 */
	notAsked?: boolean;
}

export type QuestionSummary =
	| (QuestionBase & { kind: 'choice'; counts: Count[]; otherValues: number | null })
	| (QuestionBase & { kind: 'multi'; counts: Count[] })
	| (QuestionBase & { kind: 'rating' } & ScaleStats)
	| (QuestionBase & {
			kind: 'matrix';
			rows: (ScaleStats & { value: Option['value']; label: Texts })[];
	  })
	| (QuestionBase & {
			kind: 'ranking';
			items: {
				value: Option['value'];
				label: Texts;
				ranked: number | null;
				meanRank: number | null;
				firstPct: number | null;
			}[];
	  })
	| (QuestionBase & { kind: 'boolean'; counts: Count[] })
	| (QuestionBase & {
			kind: 'number';
			min: number | null;
			q1: number | null;
			median: number | null;
			q3: number | null;
			max: number | null;
			mean: number | null;
	  })
	| (QuestionBase & { kind: 'text'; texts: string[]; textsWithheld?: boolean })
	| (QuestionBase & {
			kind: 'multipletext';
			items: { value: Option['value']; label: Texts; answered: number | null }[];
	  })
	| (QuestionBase & {
			kind: 'matrixdropdown';
			cells: {
				row: Option['value'];
				column: Option['value'];
				answered: number | null;
				values: { value: string; count: number | null }[];
			}[];
	  })
	| (QuestionBase & { kind: 'dynamic'; meanEntries: number | null });

export interface Summary {
	/** Responses in the view; null when fewer than the smallest group (all else withheld). */
	n: number | null;
	/** Responses per day (Norwegian days), oldest first. */
	perDay: { day: string; count: number | null }[];
	questions: QuestionSummary[];
	/** The smallest group shown, and whether the whole view is withheld. */
	minGroup?: number;
	suppressed?: boolean;
	/** True when the numbers are perturbed (protected), false when exact. */
	perturbed?: boolean;
}

/** `visibleIf` results memoised by the values the conditions read: most views have few combinations. */
export class Visibility {
	private readonly memo = new Map<QuestionPlan, Map<string, boolean>>();

	visible(plan: QuestionPlan, values: Record<string, unknown>): boolean {
		if (plan.visibleIf.length === 0) return true;
		let key = '';
		for (const name of plan.conditionVariables) {
			const value = values[name.split(/[.[]/)[0]];
			key +=
				(typeof value === 'object' && value !== null ? JSON.stringify(value) : String(value)) +
				'\u0001';
		}
		let memo = this.memo.get(plan);
		if (!memo) this.memo.set(plan, (memo = new Map()));
		let result = memo.get(key);
		if (result === undefined) {
			result = plan.visibleIf.every((runner) => runner.runValues(values));
			memo.set(key, result);
		}
		return result;
	}
}

/** A question's cells in a view: who answered, left it empty, or did not see it; and the tally. */
export interface QuestionCells {
	answered: Cell;
	unanswered: Cell;
	hidden: Cell;
	tally: QuestionTally;
}

/**
 * Everything a summary is computed from, before any Disclosure: the view's cell, its cells per
 * day, and per question its cells and tally. Tallies of disjoint sets of responses merge
 * (`mergeView`) into the tally of their union, so a view can be summarised from the tallies of
 * its parts (strata.ts) with exactly the numbers one pass over its responses gives.
 */
export interface ViewTally {
	all: Cell;
	perDay: Map<string, Cell>;
	questions: QuestionCells[];
}

export function newViewTally(plan: SummaryPlan): ViewTally {
	return {
		all: emptyCell(),
		perDay: new Map(),
		questions: plan.questions.map((q) => ({
			answered: emptyCell(),
			unanswered: emptyCell(),
			hidden: emptyCell(),
			tally: newQuestionTally(q)
		}))
	};
}

/**
 * Adds one response to the tallies of the views it is in (usually one; strata.ts has two grains).
 * `seq` is its place among the responses, increasing in the order they come (the store's order):
 * it orders free text and categories as they came. `visibility` memoises the conditions; one may
 * serve any number of calls with the same plan.
 */
export function addResponse(
	plan: SummaryPlan,
	views: readonly ViewTally[],
	r: SummaryInput,
	seq: number,
	visibility: Visibility
): void {
	const key = r.recordKey ?? 0;
	const day = osloDay(r.submittedAt);
	for (const view of views) {
		addTo(view.all, key);
		let cell = view.perDay.get(day);
		if (!cell) view.perDay.set(day, (cell = emptyCell()));
		addTo(cell, key);
	}
	// What the conditions see: the answers and the variables, built once per response and only
	// if it leaves some conditional question empty.
	let context: Record<string, unknown> | null = null;
	const questions = plan.questions;
	for (let i = 0; i < questions.length; i++) {
		const q = questions[i];
		const value = r.answers[q.name];
		if (!isEmpty(value)) {
			for (const view of views) {
				const cells = view.questions[i];
				addAnswer(q, cells.tally, value, key, seq);
				addTo(cells.answered, key);
			}
		} else {
			const shown =
				q.visibleIf.length === 0 ||
				visibility.visible(
					q,
					(context ??= {
						...r.answers,
						audience: r.audience,
						municipality: r.municipality,
						locale: r.locale
					})
				);
			for (const view of views)
				addTo(shown ? view.questions[i].unanswered : view.questions[i].hidden, key);
		}
	}
}

const addCell = (into: Cell, from: Cell) => {
	into.count += from.count;
	into.key = (into.key + from.key) % KEY_RANGE;
};

/** Adds the tally of other responses (`from`, same plan) to `into`, in place. */
export function mergeView(into: ViewTally, from: ViewTally): void {
	addCell(into.all, from.all);
	for (const [day, cell] of from.perDay) {
		const mine = into.perDay.get(day);
		if (mine) addCell(mine, cell);
		else into.perDay.set(day, { ...cell });
	}
	into.questions.forEach((cells, i) => {
		const other = from.questions[i];
		addCell(cells.answered, other.answered);
		addCell(cells.unanswered, other.unanswered);
		addCell(cells.hidden, other.hidden);
		mergeQuestionTally(cells.tally, other.tally);
	});
}

export interface SummaryOptions {
	includeTexts?: boolean;
	disclosure?: Disclosure;
	/**
	 * The record keys (summed, cell-key.ts) of the selection this summary is a part of: a
	 * compare group's or a programme group's whole page. Added to every cell's key, so adding
	 * anyone to the page redraws every group's noise, not only the noise of the group the
	 * person is in (which would say which group that is).
	 */
	within?: number;
}

/** The summary of a list of responses: one pass tallies them, then `finishSummary`. */
export function summarise(
	plan: SummaryPlan,
	responses: readonly SummaryInput[],
	options: SummaryOptions = {}
): Summary {
	const view = newViewTally(plan);
	const visibility = new Visibility();
	responses.forEach((r, i) => addResponse(plan, [view], r, i, visibility));
	return finishSummary(plan, view, options);
}

/** The summary of a view from its tally, every number through the Disclosure. */
export function finishSummary(
	plan: SummaryPlan,
	view: ViewTally,
	options: SummaryOptions = {}
): Summary {
	const includeTexts = options.includeTexts ?? false;
	const { all, perDay } = view;
	// Every cell of this view gets the view's keys too (protect.ts, inView), and those of the
	// page it is a part of.
	const d = inView(
		options.disclosure ?? exactNumbers(),
		(all.key + (options.within ?? 0)) % KEY_RANGE
	);
	const meta = { minGroup: d.minGroup, perturbed: !d.exact };

	if (!d.allows(all)) {
		// Too few to show anything: the questions keep their shape, without a number.
		return {
			n: null,
			perDay: [],
			...meta,
			suppressed: true,
			questions: plan.questions.map((q) =>
				withheldQuestion(
					summariseQuestion(
						q,
						{ values: [], keys: [] },
						blankBase(q),
						emptyCell(),
						exactNumbers(),
						false
					)
				)
			)
		};
	}

	const questions = plan.questions.map((q, i) => {
		const { answered, unanswered, hidden, tally } = view.questions[i];
		const notAsked = answered.count === 0 && unanswered.count === 0 && hidden.count > 0;
		const summary = finishQuestion(
			q,
			tally,
			{
				name: q.name,
				title: q.title,
				kind: q.kind,
				answered: d.shown(answered),
				unanswered: d.shown(unanswered),
				hidden: d.shown(hidden),
				...(notAsked ? { notAsked: true } : {})
			},
			answered,
			d,
			includeTexts
		);
		if (notAsked || d.allows(answered)) return summary;
		return withheldQuestion(summary);
	});
	const shownDay = (cell: Cell) => {
		if (d.exact) return cell.count;
		const v = d.value(cell);
		// A day is listed because someone answered on it, so a 0 there would be a false zero.
		return v >= d.minGroup && v > 0 ? v : null;
	};
	return {
		n: d.shown(all),
		perDay: [...perDay.entries()]
			.sort(([a], [b]) => a.localeCompare(b))
			.map(([day, cell]) => ({ day, count: shownDay(cell) })),
		questions,
		...meta,
		suppressed: false
	};
}

function blankBase(q: QuestionPlan): QuestionBase {
	return { name: q.name, title: q.title, kind: q.kind, answered: 0, unanswered: 0, hidden: 0 };
}
