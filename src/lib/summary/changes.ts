import { round1 } from '../numbers';
import { holm, twoProportions, welch, type Comparison, type Interval, type Sample } from '../stats';
import { COUNT_NOISE_VARIANCE } from './cell-key';
import type { Option, QuestionPlan, Texts } from './plan';
import type { ScoringItem } from '../scoring/model';
import type { QuestionSummary, ScaleStats, Summary } from './summarise';

/**
 * What changed between consecutive dated rounds, and whether the change is larger than chance.
 * Pure: the dashboard and the summary API read the same list.
 *
 * - A mean (a rating, a row of a matrix: barrier items, method ratings) is compared with Welch's
 *   t test; its interval is Welch's. Effect size: Cohen's d with the two rounds' standard
 *   deviations averaged (d = change / √((s₁² + s₂²)/2)).
 * - A share (a choice, one option of a multiple choice, yes/no) is compared with the pooled
 *   two-proportion z test, or Fisher's exact test when an expected count is below 5; its interval
 *   is Newcombe's hybrid score interval. Effect size: Cohen's h = 2·asin√p₂ − 2·asin√p₁.
 * - Every comparison on the page is corrected together with Holm's method (stats/multiple.ts):
 *   a leader acts on each flag, so the chance of even one false alarm among them is held at 5 %.
 *
 * Everything is computed from what the summaries carry: exact counts for researchers, the
 * perturbed counts for everyone else (the `sample` of a scale, the shown count and n of a
 * share), so a protected change says nothing the shown numbers do not. On perturbed counts the
 * known noise of the perturbation table is added to each estimate's variance (its intervals
 * widen, its p-values grow): without that, noise of ±2 on a round of 20 could flag a change the
 * answers do not show. A round whose numbers are
 * withheld, a hidden count, or a question whose definition changed between the rounds gets no
 * comparison at all.
 */

export interface RoundGroup {
	key: string;
	label: string;
	summary: Summary;
}

export interface RoundChange {
	question: string;
	/** The matrix row or the choice option compared; null for a rating question as a whole. */
	item: string | null;
	title: Texts;
	itemLabel: Texts | null;
	measure: 'mean' | 'share';
	from: string;
	to: string;
	/** The mean, or the share in percent, in each round (unrounded means from the counts). */
	before: number;
	after: number;
	nBefore: number;
	nAfter: number;
	/** Later minus earlier: scale points, or percentage points. */
	change: number;
	ci95: Interval;
	p: number;
	/** Holm-adjusted over every comparison on the page. */
	pAdjusted: number;
	significant: boolean;
	method: Comparison['method'];
	effect: { name: 'd' | 'h'; value: number };
	/**
	 * Compared within one part of the view only (the method evaluation's rounds within one
	 * activity; a view's rounds within one municipality or audience, `?within=`): what the part
	 * is, with its label for people. Absent for the whole view.
	 */
	within?: { by: 'activity' | 'municipality' | 'audience'; value: string; label: string };
}

/** A series that cannot be drawn through: the question was not asked the same way. */
export interface SeriesBreak {
	question: string;
	from: string;
	to: string;
}

export const ALPHA = 0.05;

/**
 * Whether two versions ask a question the same way: the same type and kind, the same choice
 * (scale point) codes and the same row codes. A changed label is the same question; a changed
 * scale, a choice added or removed, a row recoded is not, and a trend across it would compare
 * different things.
 */
export function sameDefinition(a: QuestionPlan, b: QuestionPlan): boolean {
	const codes = (options: Option[]) => options.map((o) => String(o.value)).join('\u0001');
	return (
		a.type === b.type &&
		a.kind === b.kind &&
		codes(a.options) === codes(b.options) &&
		codes(a.rows) === codes(b.rows) &&
		codes(a.columns) === codes(b.columns)
	);
}

type Raw = Omit<RoundChange, 'pAdjusted' | 'significant'>;

function meanChange(
	base: Pick<Raw, 'question' | 'item' | 'title' | 'itemLabel' | 'from' | 'to'>,
	a: ScaleStats,
	b: ScaleStats
): Raw | null {
	if (a.mean === null || b.mean === null || !a.sample || !b.sample) return null;
	return sampleChange(base, a.sample, b.sample);
}

/** Welch's test between two samples (a mean's n, mean, sd and known noise), with Cohen's d. */
function sampleChange(
	base: Pick<Raw, 'question' | 'item' | 'title' | 'itemLabel' | 'from' | 'to'>,
	a: Sample,
	b: Sample
): Raw | null {
	const result = welch(a, b);
	if (!result) return null;
	const pooled = Math.sqrt((a.sd ** 2 + b.sd ** 2) / 2);
	return {
		...base,
		measure: 'mean',
		before: a.mean,
		after: b.mean,
		nBefore: a.n,
		nAfter: b.n,
		change: result.change,
		ci95: result.ci95,
		p: result.p,
		method: result.method,
		effect: { name: 'd', value: pooled > 0 ? result.change / pooled : 0 }
	};
}

function shareChanges(
	base: Pick<Raw, 'question' | 'title' | 'from' | 'to'>,
	a: QuestionSummary & { counts: { value: Option['value']; label: Texts; count: number | null }[] },
	b: QuestionSummary & { counts: { value: Option['value']; label: Texts; count: number | null }[] },
	countNoise: number
): Raw[] {
	const out: Raw[] = [];
	const n1 = a.answered;
	const n2 = b.answered;
	if (n1 === null || n2 === null || n1 === 0 || n2 === 0) return out;
	for (const option of b.counts) {
		const before = a.counts.find((c) => c.value === option.value);
		const k1 = before?.count ?? null;
		const k2 = option.count;
		// A hidden count gets no test: a p-value would say what the mark hides.
		if (k1 === null || k2 === null) continue;
		const result = twoProportions(Math.min(k1, n1), n1, Math.min(k2, n2), n2, 0.95, countNoise);
		if (!result) continue;
		const p1 = Math.min(k1, n1) / n1;
		const p2 = Math.min(k2, n2) / n2;
		out.push({
			...base,
			item: String(option.value),
			itemLabel: option.label,
			measure: 'share',
			before: p1 * 100,
			after: p2 * 100,
			nBefore: n1,
			nAfter: n2,
			change: result.change * 100,
			ci95: [result.ci95[0] * 100, result.ci95[1] * 100],
			p: result.p,
			method: result.method,
			effect: { name: 'h', value: 2 * Math.asin(Math.sqrt(p2)) - 2 * Math.asin(Math.sqrt(p1)) }
		});
	}
	return out;
}

function questionChanges(
	from: string,
	to: string,
	a: QuestionSummary,
	b: QuestionSummary,
	countNoise: number
): Raw[] {
	if (a.kind !== b.kind || a.suppressed || b.suppressed || a.notAsked || b.notAsked) return [];
	const base = { question: b.name, title: b.title, from, to };
	switch (b.kind) {
		case 'rating': {
			const change = meanChange({ ...base, item: null, itemLabel: null }, a as typeof b, b);
			return change ? [change] : [];
		}
		case 'matrix':
			return b.rows.flatMap((row) => {
				const before = (a as typeof b).rows.find((r) => r.value === row.value);
				if (!before) return [];
				const change = meanChange(
					{ ...base, item: String(row.value), itemLabel: row.label },
					before,
					row
				);
				return change ? [change] : [];
			});
		case 'choice':
		case 'multi':
		case 'boolean':
			return shareChanges(base, a as typeof b, b, countNoise);
		default:
			return [];
	}
}

/**
 * Every change between consecutive groups of `rounds` (dated rounds, oldest first), Holm-corrected
 * together. `breaks` names the questions whose definition changed between two rounds: none of
 * their changes there is computed.
 */
export function roundChanges(
	rounds: RoundGroup[],
	breaks: readonly SeriesBreak[] = []
): RoundChange[] {
	const raw: Raw[] = [];
	for (let i = 1; i < rounds.length; i++) {
		const before = rounds[i - 1];
		const after = rounds[i];
		if (before.summary.suppressed || after.summary.suppressed) continue;
		// Perturbed counts carry known noise: the tests add it (stats/tests.ts), so the noise
		// cannot make a change look significant that the answers themselves would not.
		const countNoise =
			before.summary.perturbed || after.summary.perturbed ? COUNT_NOISE_VARIANCE : 0;
		for (const q of after.summary.questions) {
			if (breaks.some((b) => b.question === q.name && b.from === before.key && b.to === after.key))
				continue;
			const previous = before.summary.questions.find((p) => p.name === q.name);
			if (previous) raw.push(...questionChanges(before.key, after.key, previous, q, countNoise));
		}
	}
	const adjusted = holm(raw.map((c) => c.p));
	return raw.map((c, i) => ({
		...c,
		pAdjusted: adjusted[i],
		significant: adjusted[i] < ALPHA
	}));
}

/** The `question` of a maturity area's change: not a question, the area scores' table. */
export const MATURITY_AREAS = 'maturity-areas';

/** A round's maturity area scores, as programme.ts gives them (`MaturityGroup`). */
export interface AreaRound {
	key: string;
	suppressed: boolean;
	dimensions: { code: string; label: Texts; sample: Sample | null }[];
}

/** A maturity area whose score is not comparable between two rounds (`areaBreaks`). */
export interface AreaBreak {
	area: string;
	from: string;
	to: string;
}

/**
 * The areas whose scores cannot be compared between two rounds: those with an item whose
 * question (or the question that decides whether it is asked) changed its definition between
 * them (`breaks`, the questions' series breaks). Every round is scored with the current scoring
 * model, so the weights and levels are one ruler for all rounds; what the ruler cannot fix is a
 * question asked differently, and an area's change over such a question is not computed, as a
 * question's own change is not.
 */
export function areaBreaks(
	dimensions: readonly { code: string; items: readonly ScoringItem[] }[],
	breaks: readonly SeriesBreak[]
): AreaBreak[] {
	const found: AreaBreak[] = [];
	for (const d of dimensions) {
		const asked = new Set(d.items.flatMap((i) => [i.question, i.askedIf?.question ?? []].flat()));
		const pairs = new Set<string>();
		for (const b of breaks) {
			const pair = JSON.stringify([b.from, b.to]);
			if (!asked.has(b.question) || pairs.has(pair)) continue;
			pairs.add(pair);
			found.push({ area: d.code, from: b.from, to: b.to });
		}
	}
	return found;
}

/**
 * The change of each maturity area's mean score (0–100) between consecutive groups of `rounds`
 * (dated rounds, oldest first): Welch's test on the rounds' samples (programme.ts: exact, or the
 * perturbed n, mean and sd with the perturbation's known variance added), Cohen's d, Holm over
 * this list (correct it together with the page's other changes). A withheld round, or an area
 * without a shown score in either round, or an area whose questions changed between the two
 * (`breaks`, from `areaBreaks`), gets no change. `title` names what the item is a score
 * of ("Modenhet"), as a question's title does for a matrix row.
 */
export function areaChanges(
	rounds: readonly AreaRound[],
	title: Texts,
	breaks: readonly AreaBreak[] = []
): RoundChange[] {
	const raw: Raw[] = [];
	for (let i = 1; i < rounds.length; i++) {
		const before = rounds[i - 1];
		const after = rounds[i];
		if (before.suppressed || after.suppressed) continue;
		for (const area of after.dimensions) {
			const earlier = before.dimensions.find((d) => d.code === area.code);
			if (!earlier?.sample || !area.sample) continue;
			if (breaks.some((b) => b.area === area.code && b.from === before.key && b.to === after.key))
				continue;
			const base = {
				question: MATURITY_AREAS,
				item: area.code,
				title,
				itemLabel: area.label,
				from: before.key,
				to: after.key
			};
			const change = sampleChange(base, earlier.sample, area.sample);
			if (change) raw.push(change);
		}
	}
	const adjusted = holm(raw.map((c) => c.p));
	return raw.map((c, i) => ({ ...c, pAdjusted: adjusted[i], significant: adjusted[i] < ALPHA }));
}

/**
 * Several lists of changes shown on one page (the whole view's, and within each activity), with
 * Holm's correction redone over all of them together: every flag on the page counts in the
 * family. Each list keeps its order and length.
 */
export function correctTogether(lists: readonly RoundChange[][]): RoundChange[][] {
	const all = lists.flat();
	const adjusted = holm(all.map((c) => c.p));
	let i = 0;
	return lists.map((list) =>
		list.map((c) => {
			const pAdjusted = adjusted[i++];
			return { ...c, pAdjusted, significant: pAdjusted < ALPHA };
		})
	);
}

/**
 * The headline of a page: the changes into the latest round that has any, the significant ones
 * largest first (by effect size, so a mean and a share weigh alike), at most `limit`; and the
 * largest that are not significant (at least a small effect, |d| or |h| ≥ 0.2, at most two), so
 * a leader reads in words which visible differences may be chance.
 */
export function whatChanged(
	changes: readonly RoundChange[],
	limit = 5
): {
	from: string;
	to: string;
	significant: RoundChange[];
	notSignificant: RoundChange[];
	/** How many of the latest pair's changes are significant: all of them, not only those listed. */
	significantCount: number;
	tested: number;
} | null {
	const last = changes.at(-1);
	if (!last) return null;
	const latest = changes
		.filter((c) => c.from === last.from && c.to === last.to)
		.sort((a, b) => Math.abs(b.effect.value) - Math.abs(a.effect.value));
	const allSignificant = latest.filter((c) => c.significant);
	const significant = allSignificant.slice(0, limit);
	const notSignificant = latest
		.filter((c) => !c.significant && Math.abs(c.effect.value) >= SMALL_EFFECT)
		.slice(0, 2);
	return {
		from: last.from,
		to: last.to,
		significant,
		notSignificant,
		significantCount: allSignificant.length,
		tested: latest.length
	};
}

/** Cohen's threshold for a small effect (d or h). */
export const SMALL_EFFECT = 0.2;

/** A change rounded for reading: one decimal for both scale points and percentage points. */
export const roundedChange = (c: RoundChange) => ({
	change: round1(c.change),
	ci95: [round1(c.ci95[0]), round1(c.ci95[1])] as Interval
});
