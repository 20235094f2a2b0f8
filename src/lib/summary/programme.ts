import { scoreResponse } from '../scoring/score';
import type { ScoringModel } from '../scoring/model';
import type { Texts } from './plan';
import { percent, round1 } from '../numbers';
import type { QuestionSummary, Summary, SummaryInput } from './summarise';

/**
 * The programme's own views, read from the same summaries and responses as the dashboard, with
 * the same small-group rule: a group of fewer than `minGroup` responses shows no numbers.
 */

export interface BarrierRow {
	side: 'publisher' | 'user';
	category: string;
	question: string;
	item: string;
	label: Texts;
	n: number | null;
	mean: number | null;
	/** Share rating 4 or 5 ("hinders much" or "very much") of those on the scale. */
	share45: number | null;
}

/** Barrier items (rows of the `pub_*` and `use_*` matrices), ranked by mean hindrance. */
export function rankBarriers(summary: Summary): BarrierRow[] {
	const rows: BarrierRow[] = [];
	for (const q of summary.questions) {
		if (q.kind !== 'matrix') continue;
		const match = /^(pub|use)_(.+)$/.exec(q.name);
		if (!match) continue;
		for (const row of q.rows) {
			const four = row.distribution.find((d) => d.value === 4)?.count;
			const five = row.distribution.find((d) => d.value === 5)?.count;
			rows.push({
				side: match[1] === 'pub' ? 'publisher' : 'user',
				category: match[2],
				question: q.name,
				item: String(row.value),
				label: row.label,
				n: row.n,
				mean: row.mean,
				share45: row.n && four != null && five != null ? percent(four + five, row.n) : null
			});
		}
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
	means: { question: string; title: Texts; mean: number | null; max: number }[];
}

/** Mean of every rating question per group (activity × round) of the method evaluation. */
export function evaluationByGroup(
	questions: QuestionSummary[],
	responses: readonly SummaryInput[],
	groupOf: (r: SummaryInput) => string,
	minGroup: number
): EvaluationGroup[] {
	const ratings = questions.filter((q) => q.kind === 'rating');
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
				means: ratings.map((q) => {
					const values = members
						.map((m) => m.answers[q.name])
						.filter((v): v is number => typeof v === 'number');
					const max =
						q.kind === 'rating'
							? Math.max(...q.distribution.map((d) => Number(d.value)).filter(Number.isFinite))
							: 5;
					return {
						question: q.name,
						title: q.title,
						max,
						mean:
							suppressed || values.length < minGroup
								? null
								: round1(values.reduce((a, b) => a + b, 0) / values.length)
					};
				})
			};
		});
}
