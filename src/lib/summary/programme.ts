import { scoreResponse } from '../scoring/score';
import type { ScoringModel } from '../scoring/model';
import type { Texts } from './plan';
import { percent, round1 } from '../numbers';
import type { QuestionSummary, Summary, SummaryInput } from './summarise';

/**
 * The programme's own views, read from the same summaries and responses as the dashboard, with
 * the same small-group rule: a group of fewer than `minGroup` responses shows no numbers.
 */

/**
 * Which side a barrier matrix belongs to, by the prefix of its question name
 * (surveys/README.md, "Barriers"): the publisher side, users who have used municipal data
 * (barriers met), and those who have not (barriers expected). The last two are kept apart: an
 * imagined barrier is not evidence of one met.
 */
export const barrierSides = { pub: 'publisher', use: 'user', new: 'prospective' } as const;
export type BarrierSide = (typeof barrierSides)[keyof typeof barrierSides];

/** `pub_economics`, `use_economics_business` (a business-only part of a category), `new_barriers`. */
const barrierName = /^(pub|use|new)_([a-z0-9_]+?)(?:_business)?$/;

export interface BarrierRow {
	side: BarrierSide;
	category: string;
	question: string;
	item: string;
	label: Texts;
	/** Answers on the 1–5 scale: "not relevant" and "don't know" are not among them. */
	n: number | null;
	mean: number | null;
	/** Share rating 4 or 5 ("hinders much" or "very much") of those on the scale. */
	share45: number | null;
	/** "Does not apply to us" answers, counted apart from the scale (absent: not offered). */
	notRelevant?: number | null;
}

/**
 * Barrier items (rows of the `pub_*`, `use_*` and `new_*` matrices), ranked by mean hindrance.
 * The mean and the 4–5 share are of the answers on the scale only, so "not relevant" and
 * "don't know" never move an item up or down. A `new_*` row takes the category of the `use_*`
 * row with the same code: the short module asks the long module's items again.
 */
export function rankBarriers(summary: Summary): BarrierRow[] {
	const rows: BarrierRow[] = [];
	for (const q of summary.questions) {
		if (q.kind !== 'matrix') continue;
		const match = barrierName.exec(q.name);
		if (!match) continue;
		for (const row of q.rows) {
			const four = row.distribution.find((d) => d.value === 4)?.count;
			const five = row.distribution.find((d) => d.value === 5)?.count;
			rows.push({
				side: barrierSides[match[1] as keyof typeof barrierSides],
				category: match[2],
				question: q.name,
				item: String(row.value),
				label: row.label,
				n: row.n,
				mean: row.mean,
				share45: row.n && four != null && five != null ? percent(four + five, row.n) : null,
				...(row.notRelevant !== undefined ? { notRelevant: row.notRelevant } : {})
			});
		}
	}
	const userCategory = new Map(
		rows.filter((r) => r.side === 'user').map((r) => [r.item, r.category])
	);
	for (const row of rows) {
		if (row.side === 'prospective') row.category = userCategory.get(row.item) ?? row.category;
	}
	return rows.sort((a, b) => (b.mean ?? -1) - (a.mean ?? -1));
}

/**
 * One group's result for a dimension (or overall): the mean score and the median level of the
 * responses that have one. `scored` counts them; below the small-group limit nothing is shown
 * and the view says there were not enough answers.
 */
export interface MaturityCell {
	score: number | null;
	level: number | null;
	scored: number;
}

export interface MaturityGroup {
	key: string;
	n: number;
	suppressed: boolean;
	dimensions: ({ code: string; label: Texts } & MaturityCell)[];
	overall: MaturityCell;
	/** Score points gained since the same municipality's previous round (null: none to compare). */
	change?: { dimensions: (number | null)[]; overall: number | null };
}

/**
 * Adds to each group the change since the previous round of the same municipality. Group keys
 * are `municipality|round`; `roundOrder` lists round ids oldest first.
 */
export function withRoundChanges(groups: MaturityGroup[], roundOrder: string[]): MaturityGroup[] {
	const rank = (key: string) => roundOrder.indexOf(key.split('|')[1] ?? '');
	const sorted = [...groups].sort(
		(a, b) => a.key.split('|')[0].localeCompare(b.key.split('|')[0]) || rank(a.key) - rank(b.key)
	);
	const diff = (a: number | null, b: number | null) =>
		a === null || b === null ? null : round1(b - a);
	return sorted.map((group, i) => {
		const previous = sorted[i - 1];
		if (!previous || previous.key.split('|')[0] !== group.key.split('|')[0]) return group;
		return {
			...group,
			change: {
				dimensions: group.dimensions.map((d, j) =>
					diff(previous.dimensions[j]?.score ?? null, d.score)
				),
				overall: diff(previous.overall.score, group.overall.score)
			}
		};
	});
}

/**
 * The lower median of whole levels: the level at least half of the responses reach. A mean of
 * levels (2.6) names no level, and a level read off the mean score would skip the conditions
 * each response's level had to meet.
 */
function lowerMedian(values: number[]): number | null {
	if (values.length === 0) return null;
	const sorted = [...values].sort((a, b) => a - b);
	return sorted[Math.floor((sorted.length - 1) / 2)];
}

/** Mean score and median level of the results that have a score, once there are `minGroup`. */
function cell(results: { score: number | null; level: number | null }[], minGroup: number) {
	const scored = results.filter((r) => r.score !== null);
	if (scored.length === 0 || scored.length < minGroup) {
		return { score: null, level: null, scored: scored.length };
	}
	const sum = scored.reduce((total, r) => total + (r.score as number), 0);
	return {
		score: round1(sum / scored.length),
		level: lowerMedian(scored.flatMap((r) => (r.level === null ? [] : [r.level]))),
		scored: scored.length
	};
}

/**
 * Per group (municipality, round …) of the maturity questionnaire, each dimension's mean score
 * and median level over the responses that had enough answers to be scored there.
 */
export function maturityByGroup(
	model: ScoringModel,
	responses: readonly SummaryInput[],
	groupOf: (r: SummaryInput) => string,
	minGroup: number
): MaturityGroup[] {
	const groups = new Map<string, SummaryInput[]>();
	for (const r of responses) {
		const key = groupOf(r);
		const group = groups.get(key);
		if (group) group.push(r);
		else groups.set(key, [r]);
	}
	return [...groups.entries()].map(([key, members]) => {
		const suppressed = members.length < minGroup;
		const profiles = suppressed ? [] : members.map((m) => scoreResponse(model, m.answers));
		const dimensions = model.dimensions.map((d, i) => ({
			code: d.code,
			label: { nb: d.label.nb, nn: d.label.nn, en: d.label.en },
			...cell(
				profiles.map((p) => p.dimensions[i]),
				minGroup
			)
		}));
		return {
			key,
			n: members.length,
			suppressed,
			dimensions,
			overall: cell(
				profiles.map((p) => p.overall),
				minGroup
			)
		};
	});
}

export interface EvaluationGroup {
	key: string;
	n: number;
	suppressed: boolean;
	/** One per rated item: a rating question, or a row of a matrix with a numeric scale. */
	means: { question: string; title: Texts; mean: number | null; max: number }[];
}

/** A rated item of the method evaluation and how to read its value from a response. */
interface RatedItem {
	question: string;
	title: Texts;
	max: number;
	value(answers: Record<string, unknown>): unknown;
}

const scaleTop = (values: unknown[]) => Math.max(...values.map(Number).filter(Number.isFinite));

/** Rating questions and the rows of matrices whose scale has numbers (1–5 beside "not relevant"). */
function ratedItems(questions: QuestionSummary[]): RatedItem[] {
	const items: RatedItem[] = [];
	for (const q of questions) {
		if (q.kind === 'rating') {
			items.push({
				question: q.name,
				title: q.title,
				max: scaleTop(q.distribution.map((d) => d.value)),
				value: (answers) => answers[q.name]
			});
		}
		if (q.kind !== 'matrix') continue;
		for (const row of q.rows) {
			const max = scaleTop(row.distribution.map((d) => d.value));
			if (!Number.isFinite(max)) continue;
			items.push({
				question: `${q.name}.${String(row.value)}`,
				title: row.label,
				max,
				value: (answers) => {
					const cells = answers[q.name];
					return cells && typeof cells === 'object'
						? (cells as Record<string, unknown>)[String(row.value)]
						: undefined;
				}
			});
		}
	}
	return items;
}

/**
 * Mean of every rated item per group (activity × round) of the method evaluation. Only numbers
 * count: "not relevant" (and any other code) is left out of the mean.
 */
export function evaluationByGroup(
	questions: QuestionSummary[],
	responses: readonly SummaryInput[],
	groupOf: (r: SummaryInput) => string,
	minGroup: number
): EvaluationGroup[] {
	const items = ratedItems(questions);
	const groups = new Map<string, SummaryInput[]>();
	for (const r of responses) {
		const key = groupOf(r);
		const group = groups.get(key);
		if (group) group.push(r);
		else groups.set(key, [r]);
	}
	return [...groups.entries()]
		.sort(([a], [b]) => a.localeCompare(b))
		.map(([key, members]) => {
			const suppressed = members.length < minGroup;
			return {
				key,
				n: members.length,
				suppressed,
				means: items.map((item) => {
					const values = members
						.map((m) => item.value(m.answers))
						.filter((v): v is number => typeof v === 'number');
					return {
						question: item.question,
						title: item.title,
						max: item.max,
						mean:
							suppressed || values.length < minGroup
								? null
								: round1(values.reduce((a, b) => a + b, 0) / values.length)
					};
				})
			};
		});
}
