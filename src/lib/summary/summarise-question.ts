import { percent, quantile, quartiles, round1, roundedMean, weightedQuantile } from '../numbers';
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

/** Cells by category. */
class Tally<K> {
	readonly cells = new Map<K, Cell>();

	add(category: K, key: number) {
		let cell = this.cells.get(category);
		if (!cell) this.cells.set(category, (cell = emptyCell()));
		addTo(cell, key);
	}

	get(category: K): Cell {
		return this.cells.get(category) ?? emptyCell();
	}
}

/** Cells taken together (their records never overlap): counts and keys add up. */
function union(cells: Cell[]): Cell {
	const all = emptyCell();
	for (const cell of cells) {
		all.count += cell.count;
		all.key = (all.key + cell.key) % KEY_RANGE;
	}
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

/**
 * A scale's numbers. "Don't know" and "not relevant" are each counted in a cell of their own and
 * left out of n, the mean, the median and the distribution's percentages: "we do not charge for
 * data" is not the same as "charging does not hinder us" (a 1), and must not pull the mean down
 * as one.
 */
function scaleStats(q: QuestionPlan, answers: Answers, d: Disclosure): ScaleStats {
	const tally = new Tally<unknown>();
	const numbers: number[] = [];
	const dk = emptyCell();
	const nr = emptyCell();
	const onScale = emptyCell();
	const isDontKnow = (value: unknown) => q.dontKnow.includes(value as string);
	const isNotRelevant = (value: unknown) => q.notRelevant.includes(value as string);
	answers.values.forEach((value, i) => {
		const key = answers.keys[i];
		if (isDontKnow(value)) addTo(dk, key);
		else if (isNotRelevant(value)) addTo(nr, key);
		else {
			tally.add(value, key);
			addTo(onScale, key);
			if (typeof value === 'number') numbers.push(value);
		}
	});
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
		mean = roundedMean(numbers);
		sample = sampleOfCounts(
			[...tally.cells]
				.filter(([v]) => typeof v === 'number')
				.map(([v, cell]): [number, number] => [v as number, cell.count])
		);
		// The 0.5 quantile, as a number question's median is (not numbers.ts's midpoint median).
		median = quantile(
			[...numbers].sort((a, b) => a - b),
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
	return meanOfCounts([...lengths.cells].map(([length, cell]) => [length, d.value(cell)]));
}

export function summariseQuestion(
	q: QuestionPlan,
	answers: Answers,
	base: QuestionBase,
	answered: Cell,
	d: Disclosure,
	includeTexts: boolean
): QuestionSummary {
	const { values, keys } = answers;
	switch (q.kind) {
		case 'choice': {
			const tally = new Tally<unknown>();
			const other = emptyCell();
			const known = new Set(q.options.map((o) => o.value));
			values.forEach((v, i) => {
				if (known.has(v as Option['value'])) tally.add(v, keys[i]);
				else addTo(other, keys[i]);
			});
			return {
				...base,
				kind: 'choice',
				counts: counts(q.options, tally, answered, d),
				otherValues: d.shown(other)
			};
		}
		case 'multi': {
			const tally = new Tally<unknown>();
			values.forEach((v, i) => {
				for (const item of Array.isArray(v) ? new Set(v) : []) tally.add(item, keys[i]);
			});
			return { ...base, kind: 'multi', counts: counts(q.options, tally, answered, d) };
		}
		case 'rating':
			return { ...base, kind: 'rating', ...scaleStats(q, answers, d) };
		case 'boolean': {
			const tally = new Tally<unknown>();
			values.forEach((v, i) => tally.add(v, keys[i]));
			return { ...base, kind: 'boolean', counts: counts(q.options, tally, answered, d) };
		}
		case 'matrix':
			return {
				...base,
				kind: 'matrix',
				rows: q.rows.map((row) => {
					const rowAnswers: Answers = { values: [], keys: [] };
					values.forEach((v, i) => {
						const cell = (v as Record<string, unknown>)[String(row.value)];
						if (isEmpty(cell)) return;
						rowAnswers.values.push(cell);
						rowAnswers.keys.push(keys[i]);
					});
					return {
						value: row.value,
						label: row.label,
						...scaleStats(q, rowAnswers, d)
					};
				})
			};
		case 'ranking': {
			const items = q.options.map((o) => {
				const ranked = emptyCell();
				const first = emptyCell();
				const positions = new Tally<number>();
				let sum = 0;
				values.forEach((v, i) => {
					const position = Array.isArray(v) ? v.indexOf(o.value) : -1;
					if (position < 0) return;
					addTo(ranked, keys[i]);
					positions.add(position + 1, keys[i]);
					sum += position + 1;
					if (position === 0) addTo(first, keys[i]);
				});
				const meanRank = d.exact
					? ranked.count
						? round1(sum / ranked.count)
						: null
					: d.allows(ranked)
						? meanOfCounts([...positions.cells].map(([p, cell]) => [p, d.value(cell)]))
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
				mean: roundedMean(numbers)
			};
		}
		case 'text': {
			const readable = includeTexts && d.exact;
			return {
				...base,
				kind: 'text',
				texts: readable ? values.map(String) : [],
				...(readable ? {} : { textsWithheld: true })
			};
		}
		case 'multipletext':
			return {
				...base,
				kind: 'multipletext',
				items: q.rows.map((item) => {
					const filled = emptyCell();
					values.forEach((v, i) => {
						if (!isEmpty((v as Record<string, unknown>)[String(item.value)]))
							addTo(filled, keys[i]);
					});
					return { value: item.value, label: item.label, answered: d.shown(filled) };
				})
			};
		case 'matrixdropdown': {
			const cells = q.rows.flatMap((row) =>
				q.columns.map((column) => {
					const tally = new Tally<string>();
					const filled = emptyCell();
					values.forEach((v, i) => {
						const cell = ((v as Record<string, Record<string, unknown>>)[String(row.value)] ?? {})[
							String(column.value)
						];
						if (isEmpty(cell)) return;
						addTo(filled, keys[i]);
						for (const item of Array.isArray(cell) ? cell : [cell])
							tally.add(String(item), keys[i]);
					});
					return {
						row: row.value,
						column: column.value,
						answered: d.shown(filled),
						values:
							d.exact || d.allows(filled)
								? [...tally.cells].map(([value, cell]) => ({ value, count: d.shown(cell) }))
								: []
					};
				})
			);
			return { ...base, kind: 'matrixdropdown', cells };
		}
		case 'dynamic': {
			if (d.exact) {
				const lengths = values.filter(Array.isArray).map((v) => (v as unknown[]).length);
				return { ...base, kind: 'dynamic', meanEntries: roundedMean(lengths) };
			}
			const lengths = new Tally<number>();
			values.forEach((v, i) => {
				if (Array.isArray(v)) lengths.add(v.length, keys[i]);
			});
			return { ...base, kind: 'dynamic', meanEntries: meanEntries(lengths, answered, d) };
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
