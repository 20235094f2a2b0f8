import type { Option, QuestionKind, QuestionPlan, SummaryPlan, Texts } from './plan';
import { isEmpty, summariseQuestion } from './summarise-question';

/**
 * Summaries of responses, one kind per question kind (a discriminated union). Pure: the
 * dashboard, the summary API, the feedback page and the tests all use the same numbers.
 *
 * For every question: `answered` (gave an answer), `unanswered` (was shown but left empty) and
 * `hidden` (not shown to that respondent by a `visibleIf`), so answers are never confused with
 * questions a person did not see.
 */

export interface SummaryInput {
	answers: Record<string, unknown>;
	audience: string | null;
	municipality: string | null;
	locale: string;
	submittedAt: string;
}

/** Numbers are null where the small-group rule hides them (see protect.ts). */
export interface Count {
	value: Option['value'];
	label: Texts;
	count: number | null;
	/** Of those who answered the question (or the row), one decimal. */
	pct: number | null;
}

export interface ScaleStats {
	/** Answers on the scale: "don't know" and "not relevant" are not among them. */
	n: number | null;
	mean: number | null;
	median: number | null;
	distribution: Count[];
	dontKnow: number | null;
	/**
	 * Answers saying the item does not apply to the respondent (`odb.notRelevantValues`); absent
	 * when the scale offers no such answer.
	 */
	notRelevant?: number | null;
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
}

export type QuestionSummary =
	| (QuestionBase & { kind: 'choice'; counts: Count[]; otherValues: number })
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
	/** Responses per day (UTC), oldest first. */
	perDay: { day: string; count: number | null }[];
	questions: QuestionSummary[];
	/** Set by protect(): the smallest group shown, and whether the whole view is withheld. */
	minGroup?: number;
	suppressed?: boolean;
}

/** `visibleIf` results memoised by the values the conditions read: most views have few combinations. */
class Visibility {
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

export function summarise(
	plan: SummaryPlan,
	responses: readonly SummaryInput[],
	options: { includeTexts?: boolean } = {}
): Summary {
	const visibility = new Visibility();
	const perDay = new Map<string, number>();
	for (const r of responses)
		perDay.set(r.submittedAt.slice(0, 10), (perDay.get(r.submittedAt.slice(0, 10)) ?? 0) + 1);

	// What the conditions see: the answers and the variables, built once per response and only
	// for responses that leave some conditional question empty.
	const contexts = new Map<SummaryInput, Record<string, unknown>>();
	const contextOf = (r: SummaryInput) => {
		let values = contexts.get(r);
		if (!values) {
			values = {
				...r.answers,
				audience: r.audience,
				municipality: r.municipality,
				locale: r.locale
			};
			contexts.set(r, values);
		}
		return values;
	};
	const questions = plan.questions.map((q) => {
		let hidden = 0;
		let unanswered = 0;
		const values: unknown[] = [];
		for (const r of responses) {
			const value = r.answers[q.name];
			if (!isEmpty(value)) values.push(value);
			else if (q.visibleIf.length === 0 || visibility.visible(q, contextOf(r))) unanswered++;
			else hidden++;
		}
		return summariseQuestion(
			q,
			values,
			{ name: q.name, title: q.title, kind: q.kind, answered: values.length, unanswered, hidden },
			options.includeTexts ?? false
		);
	});
	return {
		n: responses.length,
		perDay: [...perDay.entries()]
			.sort(([a], [b]) => a.localeCompare(b))
			.map(([day, count]) => ({ day, count })),
		questions
	};
}
