import { percent, quartiles, round1, roundedMean, weightedQuantile } from '../numbers';
import { meanInterval, widenedWilson, wilson, type Interval, type Sample } from '../stats';
import { addTo, COUNT_NOISE_VARIANCE, emptyCell, KEY_RANGE, type Cell } from './cell-key';
import type { Option, QuestionPlan } from './plan';
import type { Disclosure } from './protect';
import type { Count, QuestionBase, QuestionSummary, ScaleStats } from './summarise';

/**
 * One question's summary, per kind, from the answers given to it. summarise.ts decides which
 * answers those are (and counts the unanswered and hidden); this file tallies them into cells
 * (a count and the sum of the records' keys, cell-key.ts) and asks the Disclosure what each cell
 * shows. Percentages, means, medians and mean ranks are computed from the counts it gives: from
 * exact counts they are what they always were, from perturbed ones they say nothing more than
 * the perturbed counts do.
 */

/** No answer: nothing, an empty text, an empty list or an object without keys. */
export function isEmpty(value: unknown): boolean {
	if (value === undefined || value === null || value === '') return true;
	if (Array.isArray(value)) return value.length === 0;
	if (typeof value === 'object') return Object.keys(value as object).length === 0;
	return false;
}

/** The answers to one question, each with its response's record key. */
export interface Answers {
	values: unknown[];
	keys: number[];
}

/** A cell that remembers where among the responses its first record came (its `seq`). */
interface OrderedCell extends Cell {
	first: number;
}

/** Adds the records of one cell to another, in place (their records never overlap). */
function addCell(into: Cell, from: Cell): void {
	into.count += from.count;
	into.key = (into.key + from.key) % KEY_RANGE;
}

/**
 * Cells by category. Each remembers the first response that fell in it, so that tallies of parts
 * of a view (strata.ts) merged together list their categories in the same order as one pass over
 * the view's responses would: the order matters where sums of floating-point numbers are taken
 * over them (a standard deviation) and where categories are listed as they come.
 */
class Tally<K> {
	readonly cells = new Map<K, OrderedCell>();

	add(category: K, key: number, order: number) {
		let cell = this.cells.get(category);
		if (!cell) this.cells.set(category, (cell = { count: 0, key: 0, first: order }));
		addTo(cell, key);
	}

	get(category: K): Cell {
		return this.cells.get(category) ?? emptyCell();
	}

	merge(other: Tally<K>) {
		for (const [category, from] of other.cells) {
			const cell = this.cells.get(category);
			if (!cell) this.cells.set(category, { ...from });
			else {
				addCell(cell, from);
				if (from.first < cell.first) cell.first = from.first;
			}
		}
	}

	/** The categories in the order their first records came. */
	ordered(): [K, OrderedCell][] {
		return [...this.cells].sort((a, b) => a[1].first - b[1].first);
	}
}

/** Cells taken together (their records never overlap): counts and keys add up. */
function union(cells: Cell[]): Cell {
	const all = emptyCell();
	for (const cell of cells) addCell(all, cell);
	return all;
}

/** `part` as a percentage of `whole`, as the Disclosure lets it be shown; null where hidden. */
function share(d: Disclosure, part: Cell, whole: Cell): number | null {
	if (d.shown(part) === null) return null;
	if (d.exact) return percent(part.count, whole.count);
	if (!d.allows(whole)) return null;
	// Perturbed counts can put a part above its whole (20 of 20 shown as 21 of 19).
	return Math.min(100, percent(d.value(part), d.value(whole)));
}

/**
 * Wilson's 95 % interval for `part` of `whole`, in percent (one decimal), from the same counts
 * the share is computed from: exact, or (protected) the perturbed counts, so the interval says
 * nothing the shown share and n do not. None where the share is not shown.
 */
function shareInterval(d: Disclosure, part: Cell, whole: Cell): Interval | null {
	if (share(d, part, whole) === null) return null;
	const k = d.exact ? part.count : d.value(part);
	const n = d.exact ? whole.count : d.value(whole);
	const interval = d.exact
		? wilson(Math.min(k, n), n)
		: widenedWilson(Math.min(k, n), n, COUNT_NOISE_VARIANCE / (n * n));
	return interval ? [round1(interval[0] * 100), round1(interval[1] * 100)] : null;
}

function counts(options: Option[], tally: Tally<unknown>, whole: Cell, d: Disclosure): Count[] {
	return options.map((o) => {
		const cell = tally.get(o.value);
		return {
			value: o.value,
			label: o.label,
			count: d.shown(cell),
			pct: share(d, cell, whole),
			ci95: shareInterval(d, cell, whole)
		};
	});
}

/**
 * The variance a mean computed from perturbed counts at `points` carries from the noise: with each
 * count moved by e_k (variance at most COUNT_NOISE_VARIANCE, cell-key.ts), the mean moves by about
 * Σ (v_k − mean)·e_k / n (first order), so its variance is Σ (v_k − mean)² · 1.2 / n². Every point
 * of the scale counts, a shown 0 too (it may hide a true 1 or 2): conservative.
 */
export function meanNoiseVariance(points: readonly number[], mean: number, n: number): number {
	if (!(n > 0)) return 0;
	return (points.reduce((sum, v) => sum + (v - mean) ** 2, 0) * COUNT_NOISE_VARIANCE) / (n * n);
}

/** n, mean and standard deviation of a distribution known by its counts at each point. */
export function sampleOfCounts(pairs: readonly [number, number][]): Sample | null {
	const n = pairs.reduce((sum, [, c]) => sum + c, 0);
	if (!(n > 0)) return null;
	const mean = pairs.reduce((sum, [v, c]) => sum + v * c, 0) / n;
	const ss = pairs.reduce((sum, [v, c]) => sum + c * (v - mean) ** 2, 0);
	return { n, mean, sd: n > 1 ? Math.sqrt(ss / (n - 1)) : 0 };
}

const round2 = (value: number) => Math.round(value * 100) / 100;

/** Student's t 95 % interval for a mean, two decimals; none below two answers. */
function meanCi(sample: Sample | null): Interval | null {
	const interval = sample ? meanInterval(sample) : null;
	return interval ? [round2(interval[0]), round2(interval[1])] : null;
}

/** The mean of a distribution known by its (perturbed) counts, one decimal; null if empty. */
function meanOfCounts(pairs: [number, number][]): number | null {
	const total = pairs.reduce((sum, [, n]) => sum + n, 0);
	return total > 0 ? round1(pairs.reduce((sum, [v, n]) => sum + v * n, 0) / total) : null;
}

/** A scale's answers: on the scale by value, "don't know" and "not relevant" apart. */
interface ScaleTally {
	tally: Tally<unknown>;
	dk: Cell;
	nr: Cell;
	onScale: Cell;
}

const newScale = (): ScaleTally => ({
	tally: new Tally(),
	dk: emptyCell(),
	nr: emptyCell(),
	onScale: emptyCell()
});

function addToScale(q: QuestionPlan, s: ScaleTally, value: unknown, key: number, seq: number) {
	if (q.dontKnow.includes(value as string)) addTo(s.dk, key);
	else if (q.notRelevant.includes(value as string)) addTo(s.nr, key);
	else {
		s.tally.add(value, key, within(seq, 0));
		addTo(s.onScale, key);
	}
}

function mergeScale(into: ScaleTally, from: ScaleTally) {
	into.tally.merge(from.tally);
	addCell(into.dk, from.dk);
	addCell(into.nr, from.nr);
	addCell(into.onScale, from.onScale);
}

/**
 * A scale's numbers. "Don't know" and "not relevant" are each counted in a cell of their own and
 * left out of n, the mean, the median and the distribution's percentages: "we do not charge for
 * data" is not the same as "charging does not hinder us" (a 1), and must not pull the mean down
 * as one.
 */
function scaleStats(q: QuestionPlan, s: ScaleTally, d: Disclosure): ScaleStats {
	const { tally, dk, nr, onScale } = s;
	const isDontKnow = (value: unknown) => q.dontKnow.includes(value as string);
	const isNotRelevant = (value: unknown) => q.notRelevant.includes(value as string);
	const scale = q.options.filter((o) => !isDontKnow(o.value) && !isNotRelevant(o.value));
	const offersNotRelevant = q.options.some((o) => isNotRelevant(o.value));
	const numeric = scale
		.map((o) => o.value)
		.filter((v): v is number => typeof v === 'number')
		.sort((a, b) => a - b);
	// The two highest points ("hinders much" and "very much" on a 1–5 scale) as one cell.
	const top = numeric.length >= 2 ? union(numeric.slice(-2).map((v) => tally.get(v))) : null;
	let mean: number | null;
	let median: number | null;
	// What the mean's interval and a change between rounds are computed from: the same counts
	// as the mean (perturbed when protected), never the answers behind them.
	let sample: Sample | null = null;
	if (d.exact) {
		// The numeric answers by value, in the order they first came (the order the sums of the
		// standard deviation are taken in).
		const answered = tally
			.ordered()
			.filter(([v]) => typeof v === 'number')
			.map(([v, cell]): [number, number] => [v as number, cell.count]);
		const n = answered.reduce((sum, [, c]) => sum + c, 0);
		mean = n > 0 ? round1(answered.reduce((sum, [v, c]) => sum + v * c, 0) / n) : null;
		sample = sampleOfCounts(answered);
		// The 0.5 quantile, as a number question's median is (not numbers.ts's midpoint median).
		median = weightedQuantile(
			[...answered].sort((a, b) => a[0] - b[0]),
			0.5
		);
	} else if (d.allows(onScale)) {
		const pairs = numeric.map((v): [number, number] => [v, d.value(tally.get(v))]);
		mean = meanOfCounts(pairs);
		median = weightedQuantile(pairs, 0.5);
		// The spread is that of the perturbed distribution, the sample size the perturbed n the
		// table shows (the perturbed points need not add up to it).
		const fromCounts = sampleOfCounts(pairs);
		const n = d.value(onScale);
		sample = fromCounts
			? { ...fromCounts, n, noiseVariance: meanNoiseVariance(numeric, fromCounts.mean, n) }
			: null;
	} else {
		mean = null;
		median = null;
	}
	return {
		n: d.shown(onScale),
		mean,
		median,
		ci95: mean === null ? null : meanCi(sample),
		sample: mean === null ? null : sample,
		distribution: counts(scale, tally, onScale, d),
		dontKnow: d.shown(dk),
		...(offersNotRelevant ? { notRelevant: d.shown(nr) } : {}),
		topTwoPct: top ? share(d, top, onScale) : null,
		topTwoCi95: top ? shareInterval(d, top, onScale) : null
	};
}

/** Counts of how many entries (rows, items) each answer has, for a mean by its counts. */
function meanEntries(lengths: Tally<number>, whole: Cell, d: Disclosure): number | null {
	if (!d.allows(whole)) return null;
	return meanOfCounts(lengths.ordered().map(([length, cell]) => [length, d.value(cell)]));
}

/**
 * What one question's summary is computed from: its answers tallied into cells by category (and,
 * for typed numbers and free text, the values themselves). Tallies of disjoint sets of responses
 * merge into the tally of their union (`mergeQuestionTally`), which is what lets the dashboard
 * keep tallies per stratum and summarise any view from them (strata.ts) with the same numbers as
 * one pass over the view's responses.
 */
export type QuestionTally =
	| { kind: 'choice'; tally: Tally<unknown>; other: Cell }
	| { kind: 'multi' | 'boolean'; tally: Tally<unknown> }
	| ({ kind: 'rating' } & ScaleTally)
	| { kind: 'matrix'; rows: ScaleTally[] }
	| {
			kind: 'ranking';
			items: { ranked: Cell; first: Cell; positions: Tally<number>; sum: number }[];
	  }
	| { kind: 'number'; numbers: number[] }
	| { kind: 'text'; seqs: number[]; texts: string[] }
	| { kind: 'multipletext'; items: Cell[] }
	| { kind: 'matrixdropdown'; cells: { filled: Cell; tally: Tally<string> }[] }
	| { kind: 'dynamic'; lengths: Tally<number> };

export function newQuestionTally(q: QuestionPlan): QuestionTally {
	switch (q.kind) {
		case 'choice':
			return { kind: 'choice', tally: new Tally(), other: emptyCell() };
		case 'multi':
		case 'boolean':
			return { kind: q.kind, tally: new Tally() };
		case 'rating':
			return { kind: 'rating', ...newScale() };
		case 'matrix':
			return { kind: 'matrix', rows: q.rows.map(newScale) };
		case 'ranking':
			return {
				kind: 'ranking',
				items: q.options.map(() => ({
					ranked: emptyCell(),
					first: emptyCell(),
					positions: new Tally<number>(),
					sum: 0
				}))
			};
		case 'number':
			return { kind: 'number', numbers: [] };
		case 'text':
			return { kind: 'text', seqs: [], texts: [] };
		case 'multipletext':
			return { kind: 'multipletext', items: q.rows.map(emptyCell) };
		case 'matrixdropdown':
			return {
				kind: 'matrixdropdown',
				cells: q.rows.flatMap(() =>
					q.columns.map(() => ({ filled: emptyCell(), tally: new Tally<string>() }))
				)
			};
		case 'dynamic':
			return { kind: 'dynamic', lengths: new Tally<number>() };
	}
}

/**
 * Where the `j`th of several categories one answer falls in comes, for `Tally` order: after
 * every category of earlier responses, and in the answer's own order among its own.
 */
const within = (seq: number, j: number) => seq * 1024 + Math.min(j, 1023);

const knownValues = new WeakMap<QuestionPlan, Set<unknown>>();

/**
 * Adds one (non-empty) answer to a question's tally: `key` is its response's record key, `seq`
 * its response's place among the responses (increasing in the order they are summarised).
 */
export function addAnswer(
	q: QuestionPlan,
	t: QuestionTally,
	v: unknown,
	key: number,
	seq: number
): void {
	switch (t.kind) {
		case 'choice': {
			let known = knownValues.get(q);
			if (!known) knownValues.set(q, (known = new Set(q.options.map((o) => o.value))));
			if (known.has(v)) t.tally.add(v, key, within(seq, 0));
			else addTo(t.other, key);
			return;
		}
		case 'multi': {
			let j = 0;
			for (const item of Array.isArray(v) ? new Set(v) : [])
				t.tally.add(item, key, within(seq, j++));
			return;
		}
		case 'boolean':
			t.tally.add(v, key, within(seq, 0));
			return;
		case 'rating':
			addToScale(q, t, v, key, seq);
			return;
		case 'matrix':
			q.rows.forEach((row, i) => {
				const cell = (v as Record<string, unknown>)[String(row.value)];
				if (!isEmpty(cell)) addToScale(q, t.rows[i], cell, key, seq);
			});
			return;
		case 'ranking':
			q.options.forEach((o, i) => {
				const position = Array.isArray(v) ? v.indexOf(o.value) : -1;
				if (position < 0) return;
				const item = t.items[i];
				addTo(item.ranked, key);
				item.positions.add(position + 1, key, within(seq, 0));
				item.sum += position + 1;
				if (position === 0) addTo(item.first, key);
			});
			return;
		case 'number': {
			const n = Number(v);
			if (Number.isFinite(n)) t.numbers.push(n);
			return;
		}
		case 'text':
			t.seqs.push(seq);
			t.texts.push(String(v));
			return;
		case 'multipletext':
			q.rows.forEach((item, i) => {
				if (!isEmpty((v as Record<string, unknown>)[String(item.value)])) addTo(t.items[i], key);
			});
			return;
		case 'matrixdropdown': {
			let i = 0;
			for (const row of q.rows) {
				const cells = (v as Record<string, Record<string, unknown>>)[String(row.value)] ?? {};
				for (const column of q.columns) {
					const target = t.cells[i++];
					const cell = cells[String(column.value)];
					if (isEmpty(cell)) continue;
					addTo(target.filled, key);
					const items = Array.isArray(cell) ? cell : [cell];
					items.forEach((item, j) => target.tally.add(String(item), key, within(seq, j)));
				}
			}
			return;
		}
		case 'dynamic':
			if (Array.isArray(v)) t.lengths.add(v.length, key, within(seq, 0));
			return;
	}
}

/** Adds the tally of other responses to the same question (`from`) to `into`, in place. */
export function mergeQuestionTally(into: QuestionTally, from: QuestionTally): void {
	switch (into.kind) {
		case 'choice': {
			const f = from as typeof into;
			into.tally.merge(f.tally);
			addCell(into.other, f.other);
			return;
		}
		case 'multi':
		case 'boolean':
			into.tally.merge((from as typeof into).tally);
			return;
		case 'rating':
			mergeScale(into, from as typeof into);
			return;
		case 'matrix': {
			const f = from as typeof into;
			into.rows.forEach((row, i) => mergeScale(row, f.rows[i]));
			return;
		}
		case 'ranking': {
			const f = from as typeof into;
			into.items.forEach((item, i) => {
				const other = f.items[i];
				addCell(item.ranked, other.ranked);
				addCell(item.first, other.first);
				item.positions.merge(other.positions);
				item.sum += other.sum;
			});
			return;
		}
		case 'number':
			for (const n of (from as typeof into).numbers) into.numbers.push(n);
			return;
		case 'text': {
			const f = from as typeof into;
			for (let i = 0; i < f.seqs.length; i++) {
				into.seqs.push(f.seqs[i]);
				into.texts.push(f.texts[i]);
			}
			return;
		}
		case 'multipletext': {
			const f = from as typeof into;
			into.items.forEach((cell, i) => addCell(cell, f.items[i]));
			return;
		}
		case 'matrixdropdown': {
			const f = from as typeof into;
			into.cells.forEach((cell, i) => {
				addCell(cell.filled, f.cells[i].filled);
				cell.tally.merge(f.cells[i].tally);
			});
			return;
		}
		case 'dynamic':
			into.lengths.merge((from as typeof into).lengths);
			return;
	}
}

/** Texts in the order their responses came (merged tallies come in strata, not in that order). */
function textsInOrder(t: { seqs: number[]; texts: string[] }): string[] {
	let sorted = true;
	for (let i = 1; i < t.seqs.length && sorted; i++) sorted = t.seqs[i - 1] < t.seqs[i];
	if (sorted) return [...t.texts];
	return t.seqs
		.map((seq, i) => [seq, i])
		.sort((a, b) => a[0] - b[0])
		.map(([, i]) => t.texts[i]);
}

/** One question's summary from its answers (as a list): tallied, then `finishQuestion`. */
export function summariseQuestion(
	q: QuestionPlan,
	answers: Answers,
	base: QuestionBase,
	answered: Cell,
	d: Disclosure,
	includeTexts: boolean
): QuestionSummary {
	const t = newQuestionTally(q);
	answers.values.forEach((v, i) => addAnswer(q, t, v, answers.keys[i], i));
	return finishQuestion(q, t, base, answered, d, includeTexts);
}

/** One question's summary from its tally, every number through the Disclosure. */
export function finishQuestion(
	q: QuestionPlan,
	t: QuestionTally,
	base: QuestionBase,
	answered: Cell,
	d: Disclosure,
	includeTexts: boolean
): QuestionSummary {
	switch (t.kind) {
		case 'choice':
			return {
				...base,
				kind: 'choice',
				counts: counts(q.options, t.tally, answered, d),
				otherValues: d.shown(t.other)
			};
		case 'multi':
		case 'boolean':
			return { ...base, kind: t.kind, counts: counts(q.options, t.tally, answered, d) };
		case 'rating':
			return { ...base, kind: 'rating', ...scaleStats(q, t, d) };
		case 'matrix':
			return {
				...base,
				kind: 'matrix',
				rows: q.rows.map((row, i) => ({
					value: row.value,
					label: row.label,
					...scaleStats(q, t.rows[i], d)
				}))
			};
		case 'ranking': {
			const items = q.options.map((o, i) => {
				const { ranked, first, positions, sum } = t.items[i];
				const meanRank = d.exact
					? ranked.count
						? round1(sum / ranked.count)
						: null
					: d.allows(ranked)
						? meanOfCounts(positions.ordered().map(([p, cell]) => [p, d.value(cell)]))
						: null;
				return {
					value: o.value,
					label: o.label,
					ranked: d.shown(ranked),
					meanRank,
					firstPct: share(d, first, answered)
				};
			});
			return { ...base, kind: 'ranking', items };
		}
		case 'number': {
			// Typed numbers have no known range, and their extremes are single people's answers:
			// a protected view shows how many answered, nothing of what (the export has it all).
			if (!d.exact)
				return {
					...base,
					kind: 'number',
					min: null,
					q1: null,
					median: null,
					q3: null,
					max: null,
					mean: null
				};
			const numbers = [...t.numbers].sort((a, b) => a - b);
			const [q1, med, q3] = quartiles(numbers);
			return {
				...base,
				kind: 'number',
				min: numbers.length ? numbers[0] : null,
				q1,
				median: med,
				q3,
				max: numbers.length ? numbers[numbers.length - 1] : null,
				mean: roundedMean(numbers)
			};
		}
		case 'text': {
			const readable = includeTexts && d.exact;
			return {
				...base,
				kind: 'text',
				texts: readable ? textsInOrder(t) : [],
				...(readable ? {} : { textsWithheld: true })
			};
		}
		case 'multipletext':
			return {
				...base,
				kind: 'multipletext',
				items: q.rows.map((item, i) => ({
					value: item.value,
					label: item.label,
					answered: d.shown(t.items[i])
				}))
			};
		case 'matrixdropdown': {
			let i = 0;
			const cells = q.rows.flatMap((row) =>
				q.columns.map((column) => {
					const { filled, tally } = t.cells[i++];
					return {
						row: row.value,
						column: column.value,
						answered: d.shown(filled),
						values:
							d.exact || d.allows(filled)
								? tally.ordered().map(([value, cell]) => ({ value, count: d.shown(cell) }))
								: []
					};
				})
			);
			return { ...base, kind: 'matrixdropdown', cells };
		}
		case 'dynamic': {
			if (d.exact) {
				const entries = t.lengths.ordered();
				const total = entries.reduce((sum, [, cell]) => sum + cell.count, 0);
				const meanEntries =
					total > 0
						? round1(entries.reduce((sum, [length, cell]) => sum + length * cell.count, 0) / total)
						: null;
				return { ...base, kind: 'dynamic', meanEntries };
			}
			return { ...base, kind: 'dynamic', meanEntries: meanEntries(t.lengths, answered, d) };
		}
	}
}

/**
 * The same question with every number withheld: a view, a compare group or a question with
 * too few responses shows that fact and nothing else.
 */
export function withheldQuestion(q: QuestionSummary): QuestionSummary {
	const base = {
		name: q.name,
		title: q.title,
		answered: null,
		unanswered: null,
		hidden: null,
		suppressed: true
	};
	const none = <T extends { count: number | null; pct: number | null }>(c: T): T => ({
		...c,
		count: null,
		pct: null,
		ci95: null
	});
	const noScale = <T extends ScaleStats>(s: T): T => ({
		...s,
		n: null,
		mean: null,
		median: null,
		ci95: null,
		sample: null,
		dontKnow: null,
		topTwoPct: null,
		topTwoCi95: null,
		distribution: s.distribution.map(none)
	});
	switch (q.kind) {
		case 'choice':
			return { ...base, kind: q.kind, counts: q.counts.map(none), otherValues: null };
		case 'multi':
		case 'boolean':
			return { ...base, kind: q.kind, counts: q.counts.map(none) };
		case 'rating':
			return { ...noScale(q), ...base, kind: 'rating' };
		case 'matrix':
			return { ...base, kind: 'matrix', rows: q.rows.map(noScale) };
		case 'ranking':
			return {
				...base,
				kind: 'ranking',
				items: q.items.map((i) => ({ ...i, ranked: null, meanRank: null, firstPct: null }))
			};
		case 'number':
			return {
				...base,
				kind: 'number',
				min: null,
				q1: null,
				median: null,
				q3: null,
				max: null,
				mean: null
			};
		case 'text':
			return { ...base, kind: 'text', texts: [], textsWithheld: true };
		case 'multipletext':
			return {
				...base,
				kind: 'multipletext',
				items: q.items.map((i) => ({ ...i, answered: null }))
			};
		case 'matrixdropdown':
			return {
				...base,
				kind: 'matrixdropdown',
				cells: q.cells.map((c) => ({ ...c, answered: null, values: [] }))
			};
		case 'dynamic':
			return { ...base, kind: 'dynamic', meanEntries: null };
	}
}
