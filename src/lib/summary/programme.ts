import { levelFor, scoreResponse } from '../scoring/score';
import type { ScoringModel } from '../scoring/model';
import type { Texts } from './plan';
import { groupBy, round1, roundedMean } from '../numbers';
import { cellOf, KEY_RANGE } from './cell-key';
import { exactNumbers, inView, type Disclosure } from './protect';
import type { QuestionSummary, Summary, SummaryInput } from './summarise';

/**
 * The programme's own views, read from the same summaries and responses as the dashboard, with
 * the same disclosure control (protect.ts): a group of fewer than `minGroup` responses shows no
 * numbers, and protected numbers are perturbed the same way.
 */

export interface BarrierRow {
	side: 'publisher' | 'user';
	category: string;
	question: string;
	item: string;
	label: Texts;
	n: number | null;
	mean: number | null;
	/**
	 * Share rating 4 or 5 ("hinders much" or "very much") of those on the scale: a cell of its
	 * own (4 and 5 together), so it is shown even where 4 or 5 alone would be hidden.
	 */
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
			rows.push({
				side: match[1] === 'pub' ? 'publisher' : 'user',
				category: match[2],
				question: q.name,
				item: String(row.value),
				label: row.label,
				n: row.n,
				mean: row.mean,
				share45: row.topTwoPct
			});
		}
	}
	return rows.sort((a, b) => (b.mean ?? -1) - (a.mean ?? -1));
}

export interface MaturityGroup {
	key: string;
	/** Responses in the group (perturbed when the numbers are protected). */
	n: number;
	suppressed: boolean;
	dimensions: { code: string; label: Texts; score: number | null; level: number | null }[];
	overall: { score: number | null; level: number | null };
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

/** The level number a score reaches, by the model's own thresholds (scoring's levelFor). */
function levelNumber(levels: ScoringModel['levels'], score: number | null): number | null {
	return levelFor(levels, score)?.level ?? null;
}

/**
 * Mean dimension scores per group (municipality, round …) of the maturity questionnaire. A mean
 * score is a magnitude, not a count: protected, it gets noise of up to ±100 / (2n) points from the
 * key of the responses that have a score for the dimension (protect.ts), so that the mean of a
 * group with one response more or less does not give that response's score back.
 */
export function maturityByGroup(
	model: ScoringModel,
	responses: readonly SummaryInput[],
	groupOf: (r: SummaryInput) => string,
	minGroup: number,
	shown: Disclosure = exactNumbers(minGroup)
): MaturityGroup[] {
	// Each group is a view of its own, within the page of all of them (protect.ts, inView;
	// summarise's `within`): one response more anywhere redraws every group's noise.
	const page = cellOf(responses).key;
	return [...groupBy(responses, groupOf)].map(([key, members]) => {
		const group = cellOf(members);
		const disclosure = inView(shown, (group.key + page) % KEY_RANGE);
		const suppressed = members.length < minGroup || !disclosure.allows(group);
		const profiles = suppressed ? [] : members.map((m) => scoreResponse(model, m.answers));
		const dimensions = model.dimensions.map((d, i) => {
			const scored = members.filter((_, j) => profiles[j]?.dimensions[i]?.score != null);
			const exact = roundedMean(
				profiles.flatMap((p) => (p.dimensions[i]?.score == null ? [] : [p.dimensions[i].score!]))
			);
			const score = disclosure.magnitude(exact, cellOf(scored), [0, 100], `maturity:${d.code}`);
			return {
				code: d.code,
				label: { nb: d.label.nb, nn: d.label.nn, en: d.label.en },
				score,
				level: levelNumber(model.levels, score)
			};
		});
		const overall = roundedMean(dimensions.flatMap((d) => (d.score === null ? [] : [d.score])));
		return {
			key,
			n: disclosure.value(group),
			suppressed,
			dimensions,
			overall: { score: overall, level: levelNumber(model.levels, overall) }
		};
	});
}

export interface EvaluationGroup {
	key: string;
	n: number;
	suppressed: boolean;
	means: { question: string; title: Texts; mean: number | null; max: number }[];
}

/**
 * Mean of every rating question per group (activity × round) of the method evaluation. Protected,
 * a mean is computed from the perturbed count of each point of the scale, as the dashboard's are.
 */
export function evaluationByGroup(
	questions: QuestionSummary[],
	responses: readonly SummaryInput[],
	groupOf: (r: SummaryInput) => string,
	minGroup: number,
	shown: Disclosure = exactNumbers(minGroup)
): EvaluationGroup[] {
	const ratings = questions.filter((q) => q.kind === 'rating');
	const page = cellOf(responses).key;
	return [...groupBy(responses, groupOf)]
		.sort(([a], [b]) => a.localeCompare(b))
		.map(([key, members]) => {
			const group = cellOf(members);
			const disclosure = inView(shown, (group.key + page) % KEY_RANGE);
			const suppressed = members.length < minGroup || !disclosure.allows(group);
			return {
				key,
				n: disclosure.value(group),
				suppressed,
				means: ratings.map((q) => {
					const answered = members.filter((m) => typeof m.answers[q.name] === 'number');
					const values = answered.map((m) => m.answers[q.name] as number);
					const max =
						q.kind === 'rating'
							? Math.max(...q.distribution.map((d) => Number(d.value)).filter(Number.isFinite))
							: 5;
					let mean: number | null = null;
					if (!suppressed && values.length >= minGroup) {
						if (disclosure.exact) mean = roundedMean(values);
						else if (disclosure.allows(cellOf(answered))) {
							const byPoint = [...groupBy(answered, (m) => m.answers[q.name] as number)];
							const weighted = byPoint.map(([v, ms]) => [v, disclosure.value(cellOf(ms))]);
							const total = weighted.reduce((sum, [, n]) => sum + n, 0);
							mean = total
								? round1(weighted.reduce((sum, [v, n]) => sum + v * n, 0) / total)
								: null;
						}
					}
					return { question: q.name, title: q.title, max, mean };
				})
			};
		});
}
