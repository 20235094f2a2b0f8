import { levelFor, scoreResponse } from '../scoring/score';
import type { ScoringModel } from '../scoring/model';
import type { Texts } from './plan';
import { groupBy, percent, round1, roundedMean } from '../numbers';
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

export interface MaturityGroup {
	key: string;
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

/** Mean dimension scores per group (municipality, round …) of the maturity questionnaire. */
export function maturityByGroup(
	model: ScoringModel,
	responses: readonly SummaryInput[],
	groupOf: (r: SummaryInput) => string,
	minGroup: number
): MaturityGroup[] {
	return [...groupBy(responses, groupOf)].map(([key, members]) => {
		const suppressed = members.length < minGroup;
		const profiles = suppressed ? [] : members.map((m) => scoreResponse(model, m.answers));
		const mean = (values: (number | null)[]) =>
			roundedMean(values.filter((v): v is number => v !== null));
		const dimensions = model.dimensions.map((d, i) => {
			const score = mean(profiles.map((p) => p.dimensions[i]?.score ?? null));
			return {
				code: d.code,
				label: { nb: d.label.nb, nn: d.label.nn, en: d.label.en },
				score,
				level: levelNumber(model.levels, score)
			};
		});
		const overall = mean(dimensions.map((d) => d.score));
		return {
			key,
			n: members.length,
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

/** Mean of every rating question per group (activity × round) of the method evaluation. */
export function evaluationByGroup(
	questions: QuestionSummary[],
	responses: readonly SummaryInput[],
	groupOf: (r: SummaryInput) => string,
	minGroup: number
): EvaluationGroup[] {
	const ratings = questions.filter((q) => q.kind === 'rating');
	return [...groupBy(responses, groupOf)]
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
						// The config keeps minGroup ≥ 1, so no values never get here (and would be null).
						mean: suppressed || values.length < minGroup ? null : roundedMean(values)
					};
				})
			};
		});
}
