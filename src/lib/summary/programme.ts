import { scoreResponse } from '../scoring/score';
import type { ScoringModel } from '../scoring/model';
import type { Option, QuestionPlan, Texts } from './plan';
import { round1 } from '../numbers';
import { meanInterval, type Interval, type Sample } from '../stats';
import { addTo, cellOf, emptyCell, KEY_RANGE, type Cell } from './cell-key';
import { exactNumbers, inView, magnitudeNoiseVariance, type Disclosure } from './protect';
import type { QuestionSummary, Summary, SummaryInput } from './summarise';

/**
 * The programme's own views, read from the same summaries and responses as the dashboard, with
 * the same disclosure control (protect.ts): a group of fewer than `minGroup` responses shows no
 * numbers, and protected numbers are perturbed the same way.
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

/** The side a barrier question is on, by its name's prefix; null for any other question. */
export function barrierSideOf(name: string): BarrierSide | null {
	const match = barrierName.exec(name);
	return match ? barrierSides[match[1] as keyof typeof barrierSides] : null;
}

export interface BarrierRow {
	side: BarrierSide;
	category: string;
	/** What a person reads for the category: the title of its matrix question. */
	categoryLabel: Texts;
	question: string;
	item: string;
	label: Texts;
	/** Answers on the 1–5 scale: "not relevant" and "don't know" are not among them. */
	n: number | null;
	mean: number | null;
	/**
	 * Share rating 4 or 5 ("hinders much" or "very much") of those on the scale: a cell of its
	 * own (4 and 5 together), so it is shown even where 4 or 5 alone would be hidden.
	 */
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
			rows.push({
				side: barrierSides[match[1] as keyof typeof barrierSides],
				category: match[2],
				categoryLabel: q.title,
				question: q.name,
				item: String(row.value),
				label: row.label,
				n: row.n,
				mean: row.mean,
				share45: row.topTwoPct,
				...(row.notRelevant !== undefined ? { notRelevant: row.notRelevant } : {})
			});
		}
	}
	const userCategory = new Map(rows.filter((r) => r.side === 'user').map((r) => [r.item, r]));
	for (const row of rows) {
		const user = userCategory.get(row.item);
		if (row.side === 'prospective' && user) {
			row.category = user.category;
			row.categoryLabel = user.categoryLabel;
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
	/** Responses with a score here (perturbed when protected; null: hidden, too few). */
	scored: number | null;
	/** Student's t interval (95 %) of the mean score, from `sample`; null where no score is shown. */
	ci95: Interval | null;
	/**
	 * What the interval and the tests between rounds are computed from. Exact: the scores' n,
	 * mean and standard deviation. Protected: the perturbed n, the shown (perturbed) mean, the
	 * standard deviation perturbed as a magnitude too (0–50, the most a 0–100 score can spread),
	 * and the known variance of the mean's perturbation (`magnitudeNoiseVariance`), so the
	 * noise never narrows an interval or makes a change look real.
	 */
	sample: Sample | null;
}

export interface MaturityGroup {
	key: string;
	/** Responses in the group (perturbed when the numbers are protected). */
	n: number;
	suppressed: boolean;
	dimensions: ({ code: string; label: Texts } & MaturityCell)[];
	overall: MaturityCell;
	/** Score points gained since the same municipality's previous round (null: none to compare). */
	change?: { dimensions: (number | null)[]; overall: number | null };
}

/**
 * Adds to each group the change since the previous round of the same municipality. Group keys
 * are `municipality|round`; `roundOrder` lists the dated round ids, oldest first (a round not in
 * it has no previous round and is no one's).
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
		// Only dated rounds are in `roundOrder`: the always-open round is nobody's previous one.
		if (
			!previous ||
			previous.key.split('|')[0] !== group.key.split('|')[0] ||
			rank(previous.key) < 0 ||
			rank(group.key) < 0
		)
			return group;
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
 * The lower median of whole levels, from the count at each level (sorted by level): the level at
 * least half of the responses reach. A mean of levels (2.6) names no level, and a level read off
 * the mean score would skip the conditions each response's level had to meet.
 */
function lowerMedianOfCounts(counts: [level: number, count: number][]): number | null {
	const total = counts.reduce((sum, [, n]) => sum + n, 0);
	if (total <= 0) return null;
	const middle = Math.floor((total - 1) / 2);
	let seen = 0;
	for (const [level, n] of counts) {
		seen += n;
		if (middle < seen) return level;
	}
	return null;
}

/**
 * What one group's result for an area (or overall) is made from: the cell of the responses with a
 * score there, the sums of their scores and squared scores in tenths of a point (scores have one
 * decimal, so these are whole numbers: exact, and the same in any order of addition), and the
 * cell of those at each level. Tallies of disjoint groups add up (`mergeMaturityTally`), so a
 * group's result is the same whether its responses are tallied at once or in strata.
 */
export interface ScoreTally {
	scored: Cell;
	tenths: number;
	squares: number;
	levels: Map<number, Cell>;
}

/** A group's tally: all its responses (scored or not), and each area's and the overall score's. */
export interface MaturityTally {
	all: Cell;
	dimensions: ScoreTally[];
	overall: ScoreTally;
}

const newScoreTally = (): ScoreTally => ({
	scored: emptyCell(),
	tenths: 0,
	squares: 0,
	levels: new Map()
});

export const newMaturityTally = (model: ScoringModel): MaturityTally => ({
	all: emptyCell(),
	dimensions: model.dimensions.map(newScoreTally),
	overall: newScoreTally()
});

function addScore(
	tally: ScoreTally,
	result: { score: number | null; level: number | null },
	key: number
): void {
	if (result.score === null) return;
	addTo(tally.scored, key);
	// A score is a number of tenths (round1): read back exactly.
	const tenths = Math.round(result.score * 10);
	tally.tenths += tenths;
	tally.squares += tenths * tenths;
	if (result.level === null) return;
	const cell = tally.levels.get(result.level);
	if (cell) addTo(cell, key);
	else tally.levels.set(result.level, { count: 1, key });
}

/**
 * Scores a response against the model once and adds it to each of `tallies` (a group's, or a
 * stratum's in each grain), in place.
 */
export function addToMaturityTally(
	model: ScoringModel,
	tallies: readonly MaturityTally[],
	r: SummaryInput
): void {
	const key = r.recordKey ?? 0;
	const profile = scoreResponse(model, r.answers);
	for (const tally of tallies) {
		addTo(tally.all, key);
		profile.dimensions.forEach((d, i) => addScore(tally.dimensions[i], d, key));
		addScore(tally.overall, profile.overall, key);
	}
}

function mergeScoreTally(into: ScoreTally, from: ScoreTally): void {
	mergeCell(into.scored, from.scored);
	into.tenths += from.tenths;
	into.squares += from.squares;
	for (const [level, cell] of from.levels) {
		const there = into.levels.get(level);
		if (there) mergeCell(there, cell);
		else into.levels.set(level, { ...cell });
	}
}

/** Adds the tally of other responses (a stratum's) to `into`, in place. */
export function mergeMaturityTally(into: MaturityTally, from: MaturityTally): void {
	mergeCell(into.all, from.all);
	from.dimensions.forEach((d, i) => mergeScoreTally(into.dimensions[i], d));
	mergeScoreTally(into.overall, from.overall);
}

const mergeCell = (into: Cell, from: Cell) => {
	into.count += from.count;
	into.key = (into.key + from.key) % KEY_RANGE;
};

/**
 * One group's result for a dimension (or overall) from the responses that have a score there:
 * the mean score and the median level. Fewer than the small-group limit: nothing shown.
 *
 * Protected (leaders, the public), `scored` is a perturbed count, the mean score gets noise of up
 * to ±100 / (2n) points from the key of the scored responses (protect.ts, magnitude) so that the
 * mean of a group with one response more or less does not give that response's score back, and
 * the median level is the lower median of the perturbed counts at each level.
 *
 * The mean is computed from the sum of tenths, rounded half up to one decimal; the standard
 * deviation from the sums of tenths and their squares (exact whole numbers; the one subtraction
 * loses nothing that shows at one decimal on a 0–100 scale).
 */
function cell(tally: ScoreTally, disclosure: Disclosure, salt: string): MaturityCell {
	const group = tally.scored;
	const n = group.count;
	if (n === 0 || !disclosure.allows(group)) {
		return {
			score: null,
			level: null,
			scored: disclosure.shown(group),
			ci95: null,
			sample: null
		};
	}
	const score = disclosure.magnitude(Math.round(tally.tenths / n) / 10, group, [0, 100], salt);
	const spread = n > 1 ? (tally.squares - (tally.tenths * tally.tenths) / n) / (n - 1) : 0;
	const exact: Sample = { n, mean: tally.tenths / n / 10, sd: Math.sqrt(Math.max(0, spread)) / 10 };
	let sample: Sample | null = exact;
	if (!disclosure.exact) {
		const shownN = disclosure.value(group);
		const sd = disclosure.magnitude(exact.sd, group, [0, 50], `${salt}:sd`);
		sample =
			score === null || sd === null
				? null
				: { n: shownN, mean: score, sd, noiseVariance: magnitudeNoiseVariance(100, shownN) };
	}
	const interval = sample && meanInterval(sample);
	const ci95: Interval | null = interval && [
		round1(Math.max(0, interval[0])),
		round1(Math.min(100, interval[1]))
	];
	const byLevel = [...tally.levels]
		.sort(([a], [b]) => a - b)
		.map(([level, members]): [number, number] => [level, disclosure.value(members)]);
	return {
		score,
		level: lowerMedianOfCounts(byLevel),
		scored: disclosure.shown(group),
		ci95,
		sample
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
	minGroup: number,
	shown: Disclosure = exactNumbers(minGroup)
): MaturityGroup[] {
	const groups = new Map<string, MaturityTally>();
	for (const r of responses) {
		const key = groupOf(r);
		let tally = groups.get(key);
		if (!tally) groups.set(key, (tally = newMaturityTally(model)));
		addToMaturityTally(model, [tally], r);
	}
	return maturityOfTallies(model, [...groups], cellOf(responses).key, minGroup, shown);
}

/**
 * The groups' results from their tallies (in the order given), within a page whose responses'
 * keys add up to `page`: what `maturityByGroup` gives for the same responses.
 */
export function maturityOfTallies(
	model: ScoringModel,
	groups: readonly [key: string, tally: MaturityTally][],
	page: number,
	minGroup: number,
	shown: Disclosure = exactNumbers(minGroup)
): MaturityGroup[] {
	// Each group is a view of its own, within the page of all of them (protect.ts, inView;
	// summarise's `within`): one response more anywhere redraws every group's noise.
	return groups.map(([key, tally]) => {
		const group = tally.all;
		const disclosure = inView(shown, (group.key + page) % KEY_RANGE);
		const suppressed = group.count < minGroup || !disclosure.allows(group);
		// A group without numbers shows none for its areas either (as if none were scored).
		const of = (t: ScoreTally) => (suppressed ? newScoreTally() : t);
		const dimensions = model.dimensions.map((d, i) => ({
			code: d.code,
			label: { nb: d.label.nb, nn: d.label.nn, en: d.label.en },
			...cell(of(tally.dimensions[i]), disclosure, `maturity:${d.code}`)
		}));
		return {
			key,
			n: disclosure.value(group),
			suppressed,
			dimensions,
			overall: cell(of(tally.overall), disclosure, 'maturity:overall')
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
 * What a group's rated items are made from: all its responses' cell, and per rating question
 * (`name`) and matrix row (`name.row`), the cell of the responses at each number answered. Only
 * numbers count ("not relevant" and other codes are left out), as in `evaluationByGroup`. Tallies
 * of disjoint groups add up (`mergeEvaluationTally`): a group's means are the same whether its
 * responses are tallied at once or in strata (the method evaluation's are, by activity).
 */
export interface EvaluationTally {
	all: Cell;
	items: Map<string, Map<number, Cell>>;
}

/** What `addToEvaluationTally` reads of a question: a plan's (QuestionPlan) or a summary's. */
export interface RatedQuestion {
	name: string;
	kind: QuestionPlan['kind'];
	rows: readonly { value: Option['value'] }[];
}

export const newEvaluationTally = (): EvaluationTally => ({ all: emptyCell(), items: new Map() });

function addPoint(tally: EvaluationTally, item: string, value: unknown, key: number): void {
	if (typeof value !== 'number') return;
	let points = tally.items.get(item);
	if (!points) tally.items.set(item, (points = new Map()));
	const cell = points.get(value);
	if (cell) addTo(cell, key);
	else points.set(value, { count: 1, key });
}

/**
 * Adds a response's numbers to each of `tallies`, in place: every rating question's, and every
 * row's of every matrix (the items `evaluationByGroup` may ask for are among them).
 */
export function addToEvaluationTally(
	questions: readonly RatedQuestion[],
	tallies: readonly EvaluationTally[],
	r: SummaryInput
): void {
	const key = r.recordKey ?? 0;
	for (const tally of tallies) addTo(tally.all, key);
	for (const q of questions) {
		if (q.kind === 'rating') {
			const value = r.answers[q.name];
			for (const tally of tallies) addPoint(tally, q.name, value, key);
		} else if (q.kind === 'matrix') {
			const cells = r.answers[q.name];
			if (!cells || typeof cells !== 'object') continue;
			for (const row of q.rows) {
				const value = (cells as Record<string, unknown>)[String(row.value)];
				for (const tally of tallies) addPoint(tally, `${q.name}.${String(row.value)}`, value, key);
			}
		}
	}
}

/** Adds the tally of other responses (a stratum's) to `into`, in place. */
export function mergeEvaluationTally(into: EvaluationTally, from: EvaluationTally): void {
	mergeCell(into.all, from.all);
	for (const [item, points] of from.items) {
		let there = into.items.get(item);
		if (!there) into.items.set(item, (there = new Map()));
		for (const [value, cell] of points) {
			const at = there.get(value);
			if (at) mergeCell(at, cell);
			else there.set(value, { ...cell });
		}
	}
}

/**
 * Mean of every rated item per group (activity × round) of the method evaluation. Only numbers
 * count: "not relevant" (and any other code) is left out of the mean.
 */
export function evaluationByGroup(
	questions: QuestionSummary[],
	responses: readonly SummaryInput[],
	groupOf: (r: SummaryInput) => string,
	minGroup: number,
	shown: Disclosure = exactNumbers(minGroup)
): EvaluationGroup[] {
	const plans: RatedQuestion[] = questions.map((q) => ({
		name: q.name,
		kind: q.kind,
		rows: q.kind === 'matrix' ? q.rows : []
	}));
	const groups = new Map<string, EvaluationTally>();
	for (const r of responses) {
		const key = groupOf(r);
		let tally = groups.get(key);
		if (!tally) groups.set(key, (tally = newEvaluationTally()));
		addToEvaluationTally(plans, [tally], r);
	}
	return evaluationOfTallies(questions, [...groups], cellOf(responses).key, minGroup, shown);
}

/**
 * The groups' means from their tallies, within a page whose responses' keys add up to `page`,
 * ordered by key: what `evaluationByGroup` gives for the same responses.
 */
export function evaluationOfTallies(
	questions: QuestionSummary[],
	groups: readonly [key: string, tally: EvaluationTally][],
	page: number,
	minGroup: number,
	shown: Disclosure = exactNumbers(minGroup)
): EvaluationGroup[] {
	const items = ratedItems(questions);
	return [...groups]
		.sort(([a], [b]) => a.localeCompare(b))
		.map(([key, tally]) => {
			const group = tally.all;
			const disclosure = inView(shown, (group.key + page) % KEY_RANGE);
			const suppressed = group.count < minGroup || !disclosure.allows(group);
			return {
				key,
				n: disclosure.value(group),
				suppressed,
				means: items.map((item) => {
					const points = [...(tally.items.get(item.question) ?? new Map<number, Cell>())];
					const answered = emptyCell();
					for (const [, cell] of points) mergeCell(answered, cell);
					let mean: number | null = null;
					if (!suppressed && answered.count >= minGroup) {
						// Sums of whole points times counts: exact, in any order.
						const weighted = disclosure.exact
							? points.map(([v, cell]) => [v, cell.count])
							: disclosure.allows(answered)
								? points.map(([v, cell]) => [v, disclosure.value(cell)])
								: null;
						const total = weighted?.reduce((sum, [, n]) => sum + n, 0) ?? 0;
						mean =
							weighted && total
								? round1(weighted.reduce((sum, [v, n]) => sum + v * n, 0) / total)
								: null;
					}
					return { question: item.question, title: item.title, max: item.max, mean };
				})
			};
		});
}
