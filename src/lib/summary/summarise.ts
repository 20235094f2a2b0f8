import type { Option, QuestionKind, QuestionPlan, SummaryPlan, Texts } from './plan';
import { median, percent, quartiles, round1 } from './stats';

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

interface Base {
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
	| (Base & { kind: 'choice'; counts: Count[]; otherValues: number })
	| (Base & { kind: 'multi'; counts: Count[] })
	| (Base & { kind: 'rating' } & ScaleStats)
	| (Base & { kind: 'matrix'; rows: (ScaleStats & { value: Option['value']; label: Texts })[] })
	| (Base & {
			kind: 'ranking';
			items: {
				value: Option['value'];
				label: Texts;
				ranked: number | null;
				meanRank: number | null;
				firstPct: number | null;
			}[];
	  })
	| (Base & { kind: 'boolean'; counts: Count[] })
	| (Base & {
			kind: 'number';
			min: number | null;
			q1: number | null;
			median: number | null;
			q3: number | null;
			max: number | null;
			mean: number | null;
	  })
	| (Base & { kind: 'text'; texts: string[]; textsWithheld?: boolean })
	| (Base & {
			kind: 'multipletext';
			items: { value: Option['value']; label: Texts; answered: number | null }[];
	  })
	| (Base & {
			kind: 'matrixdropdown';
			cells: {
				row: Option['value'];
				column: Option['value'];
				answered: number | null;
				values: { value: string; count: number | null }[];
			}[];
	  })
	| (Base & { kind: 'dynamic'; meanEntries: number | null });

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

function isEmpty(value: unknown): boolean {
	if (value === undefined || value === null || value === '') return true;
	if (Array.isArray(value)) return value.length === 0;
	if (typeof value === 'object') return Object.keys(value as object).length === 0;
	return false;
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

function counts(options: Option[], tally: Map<unknown, number>, total: number): Count[] {
	return options.map((o) => ({
		value: o.value,
		label: o.label,
		count: tally.get(o.value) ?? 0,
		pct: percent(tally.get(o.value) ?? 0, total)
	}));
}

/**
 * A scale's numbers. "Don't know" and "not relevant" are each counted on their own and left out
 * of n, the mean, the median and the distribution's percentages: "we do not charge for data" is
 * not the same as "charging does not hinder us" (a 1), and must not pull the mean down as one.
 */
function scaleStats(q: QuestionPlan, values: unknown[]): ScaleStats {
	const tally = new Map<unknown, number>();
	const numbers: number[] = [];
	let dk = 0;
	let nr = 0;
	const isDontKnow = (value: unknown) => q.dontKnow.includes(value as string);
	const isNotRelevant = (value: unknown) => q.notRelevant.includes(value as string);
	for (const value of values) {
		if (isDontKnow(value)) dk++;
		else if (isNotRelevant(value)) nr++;
		else {
			tally.set(value, (tally.get(value) ?? 0) + 1);
			if (typeof value === 'number') numbers.push(value);
		}
	}
	const scale = q.options.filter((o) => !isDontKnow(o.value) && !isNotRelevant(o.value));
	const n = values.length - dk - nr;
	const offersNotRelevant = q.options.some((o) => isNotRelevant(o.value));
	return {
		n,
		mean: numbers.length ? round1(numbers.reduce((a, b) => a + b, 0) / numbers.length) : null,
		median: median(numbers),
		distribution: counts(scale, tally, n),
		dontKnow: dk,
		...(offersNotRelevant ? { notRelevant: nr } : {})
	};
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

function summariseQuestion(
	q: QuestionPlan,
	values: unknown[],
	base: Base,
	includeTexts: boolean
): QuestionSummary {
	switch (q.kind) {
		case 'choice': {
			const tally = new Map<unknown, number>();
			let otherValues = 0;
			const known = new Set(q.options.map((o) => o.value));
			for (const v of values) {
				if (known.has(v as Option['value'])) tally.set(v, (tally.get(v) ?? 0) + 1);
				else otherValues++;
			}
			return {
				...base,
				kind: 'choice',
				counts: counts(q.options, tally, values.length),
				otherValues
			};
		}
		case 'multi': {
			const tally = new Map<unknown, number>();
			for (const v of values)
				for (const item of Array.isArray(v) ? new Set(v) : [])
					tally.set(item, (tally.get(item) ?? 0) + 1);
			return { ...base, kind: 'multi', counts: counts(q.options, tally, values.length) };
		}
		case 'rating':
			return { ...base, kind: 'rating', ...scaleStats(q, values) };
		case 'boolean': {
			const tally = new Map<unknown, number>();
			for (const v of values) tally.set(v, (tally.get(v) ?? 0) + 1);
			return { ...base, kind: 'boolean', counts: counts(q.options, tally, values.length) };
		}
		case 'matrix':
			return {
				...base,
				kind: 'matrix',
				rows: q.rows.map((row) => {
					const rowValues: unknown[] = [];
					for (const v of values) {
						const cell = (v as Record<string, unknown>)[String(row.value)];
						if (!isEmpty(cell)) rowValues.push(cell);
					}
					return {
						value: row.value,
						label: row.label,
						...scaleStats(q, rowValues)
					};
				})
			};
		case 'ranking': {
			const items = q.options.map((o) => {
				let ranked = 0;
				let sum = 0;
				let first = 0;
				for (const v of values) {
					const position = Array.isArray(v) ? v.indexOf(o.value) : -1;
					if (position < 0) continue;
					ranked++;
					sum += position + 1;
					if (position === 0) first++;
				}
				return {
					value: o.value,
					label: o.label,
					ranked,
					meanRank: ranked ? round1(sum / ranked) : null,
					firstPct: percent(first, values.length)
				};
			});
			return { ...base, kind: 'ranking', items };
		}
		case 'number': {
			const numbers = values
				.map(Number)
				.filter(Number.isFinite)
				.sort((a, b) => a - b);
			const [q1, med, q3] = quartiles(numbers);
			return {
				...base,
				kind: 'number',
				min: numbers.length ? numbers[0] : null,
				q1,
				median: med,
				q3,
				max: numbers.length ? numbers[numbers.length - 1] : null,
				mean: numbers.length ? round1(numbers.reduce((a, b) => a + b, 0) / numbers.length) : null
			};
		}
		case 'text':
			return { ...base, kind: 'text', texts: includeTexts ? values.map(String) : [] };
		case 'multipletext':
			return {
				...base,
				kind: 'multipletext',
				items: q.rows.map((item) => ({
					value: item.value,
					label: item.label,
					answered: values.filter(
						(v) => !isEmpty((v as Record<string, unknown>)[String(item.value)])
					).length
				}))
			};
		case 'matrixdropdown': {
			const cells = q.rows.flatMap((row) =>
				q.columns.map((column) => {
					const tally = new Map<string, number>();
					let answered = 0;
					for (const v of values) {
						const cell = ((v as Record<string, Record<string, unknown>>)[String(row.value)] ?? {})[
							String(column.value)
						];
						if (isEmpty(cell)) continue;
						answered++;
						for (const item of Array.isArray(cell) ? cell : [cell])
							tally.set(String(item), (tally.get(String(item)) ?? 0) + 1);
					}
					return {
						row: row.value,
						column: column.value,
						answered,
						values: [...tally.entries()].map(([value, count]) => ({ value, count }))
					};
				})
			);
			return { ...base, kind: 'matrixdropdown', cells };
		}
		case 'dynamic': {
			const lengths = values.filter(Array.isArray).map((v) => (v as unknown[]).length);
			return {
				...base,
				kind: 'dynamic',
				meanEntries: lengths.length
					? round1(lengths.reduce((a, b) => a + b, 0) / lengths.length)
					: null
			};
		}
	}
}
