/**
 * The cell-key method of consistent perturbation, as the Australian Bureau of Statistics'
 * TableBuilder and the UK census outputs use it for tables people can cut any way they like.
 *
 * Every stored response carries a record key: a random whole number 0 ≤ k < 2³², drawn once by
 * the store and never shown (store/records.ts). A table cell — the responses of a view that fall
 * in one category — gets a cell key: the sum of its records' keys modulo 2³² (so "the sum of the
 * keys mod 1" when each key is taken as k / 2³²). The cell's true count c and its key pick its
 * perturbation from the perturbation table below: the row for c, and in it the first outcome
 * whose cumulative probability exceeds the cell's position u in [0, 1).
 *
 * The position is a fixed scramble of the key and the count (`scrambledPosition`), not the key
 * read as a fraction: one response more adds its key to the cell's, and a key close to 0 (or to
 * 2³²) would then hardly move a fraction, so every cell would keep its noise and the one the
 * person joined would show exactly one more. Scrambled, any change of key or count lands the cell
 * anywhere in the row. (Hand-worked examples use `keyPosition`, the plain fraction.)
 *
 * Why this and not suppression alone: the same cell (the same responses in the same category)
 * always has the same key, so it shows the same number in every view, on every day, however it
 * is reached — asking again, or through another filter that selects the same people, averages
 * nothing away. Two views that differ by one person have cells whose keys differ by that
 * person's (random, unknown) key, so their perturbations are independent, and subtracting them
 * gives the person's contribution plus noise of up to ±2 (variance 2.4): nothing exact.
 *
 * Pure: no Node, no SvelteKit. Integer sums stay exact in floating point (below 2³³).
 */

export const KEY_RANGE = 2 ** 32;

/** A table cell before disclosure control: how many responses, and the sum of their keys. */
export interface Cell {
	count: number;
	/** Σ record keys mod 2³². */
	key: number;
}

export const emptyCell = (): Cell => ({ count: 0, key: 0 });

/** Adds one record (its key) to a cell, in place. */
export function addTo(cell: Cell, recordKey: number): void {
	cell.count++;
	cell.key = (cell.key + recordKey) % KEY_RANGE;
}

/** The cell of a set of records (responses with their record keys; a missing key counts as 0). */
export function cellOf(records: Iterable<{ recordKey?: number }>): Cell {
	const cell = emptyCell();
	for (const r of records) addTo(cell, r.recordKey ?? 0);
	return cell;
}

/** One row of the perturbation table: for a true count, the changes and their probabilities. */
export interface PTableRow {
	/** The true counts the row is for: `count`, or every count from it up when `andAbove`. */
	count: number;
	andAbove?: boolean;
	/** Change to the count, and its probability; in order, the probabilities add up to 1. */
	outcomes: { change: number; p: number }[];
}

/**
 * The perturbation table (published here and in the README, as statistical offices publish
 * theirs; knowing it does not undo the noise, which depends on the secret record keys):
 *
 * | true count | perturbed count (probability)                       | mean | variance |
 * | ---------- | -------------------------------------------------- | ---- | -------- |
 * | 0          | 0 (1)                                              | 0    | 0        |
 * | 1          | 0 (0.4), 1 (0.3), 2 (0.2), 3 (0.1)                 | 1    | 1.0      |
 * | c ≥ 2      | c−2 (0.1), c−1 (0.2), c (0.4), c+1 (0.2), c+2 (0.1) | c    | 1.2      |
 *
 * - The largest change is D = 2 (a 1 can become 3, which is +2).
 * - Unbiased: the expected perturbed count is the true count, so totals over many cells drift
 *   by nothing on average.
 * - An empty cell stays 0 (a zero is never invented), but a 0 is no proof of absence: a true 1
 *   shows 0 four times in ten, a true 2 one time in ten.
 * - A true count is left as it is only 4 times in 10 (3 in 10 for a 1), so a shown number is
 *   never known to be exact.
 */
export const PTABLE: PTableRow[] = [
	{ count: 0, outcomes: [{ change: 0, p: 1 }] },
	{
		count: 1,
		outcomes: [
			{ change: -1, p: 0.4 },
			{ change: 0, p: 0.3 },
			{ change: 1, p: 0.2 },
			{ change: 2, p: 0.1 }
		]
	},
	{
		count: 2,
		andAbove: true,
		outcomes: [
			{ change: -2, p: 0.1 },
			{ change: -1, p: 0.2 },
			{ change: 0, p: 0.4 },
			{ change: 1, p: 0.2 },
			{ change: 2, p: 0.1 }
		]
	}
];

/** D: the largest change the table makes to any count. */
export const MAX_PERTURBATION = Math.max(
	...PTABLE.flatMap((row) => row.outcomes.map((o) => Math.abs(o.change)))
);

function rowFor(count: number, table: PTableRow[]): PTableRow {
	const exact = table.find((row) => row.count === count && !row.andAbove);
	if (exact) return exact;
	const above = table.filter((row) => row.andAbove && row.count <= count);
	const row = above.sort((a, b) => b.count - a.count)[0];
	if (!row) throw new Error(`The perturbation table has no row for a count of ${count}`);
	return row;
}

/** Where in its row a cell falls, in [0, 1). */
export type Position = (cell: Cell) => number;

/** The key read as a fraction of the range: the plain form, for examples worked by hand. */
export const keyPosition: Position = (cell) => cell.key / KEY_RANGE;

/**
 * The key and the count mixed by a fixed integer hash (`lowbias32`, Chris Wellons'), so that a
 * small change to either moves the position anywhere in [0, 1). Uniform over random keys.
 */
export const scrambledPosition: Position = (cell) => mix32(cell.key, cell.count);

function mix32(key: number, count: number): number {
	let x = (key >>> 0) ^ Math.imul(count + 1, 0x9e3779b1);
	for (let round = 0; round < 2; round++) {
		x ^= x >>> 16;
		x = Math.imul(x, 0x7feb352d);
		x ^= x >>> 15;
		x = Math.imul(x, 0x846ca68b);
		x ^= x >>> 16;
	}
	return (x >>> 0) / KEY_RANGE;
}

/**
 * The perturbed count for a true count at position u of its row: the first outcome whose
 * cumulative probability exceeds u (a position exactly on a boundary belongs to the outcome
 * above it). Never negative.
 *
 * Worked by hand (boundaries for c ≥ 2 at 0.1, 0.3, 0.7, 0.9): positions 0.05, 0.25, 0.5, 0.8
 * and 0.95 change a 7 by −2, −1, 0, +1 and +2.
 */
export function lookup(count: number, u: number, table: PTableRow[] = PTABLE): number {
	const row = rowFor(count, table);
	// On the 2³² scale, rounded, so that 0.1 + 0.2 (= 0.30000000000000004) does not move a
	// boundary.
	const at = Math.floor(u * KEY_RANGE);
	let cumulative = 0;
	for (const outcome of row.outcomes) {
		cumulative += outcome.p;
		if (at < Math.round(cumulative * KEY_RANGE)) return Math.max(0, count + outcome.change);
	}
	return Math.max(0, count + row.outcomes[row.outcomes.length - 1].change);
}

/** The perturbed count of a cell: its row, at its position (scrambled unless told otherwise). */
export function perturb(
	cell: Cell,
	table: PTableRow[] = PTABLE,
	position: Position = scrambledPosition
): number {
	return lookup(cell.count, position(cell), table);
}

/** The mean and variance of a row's changes (the README's table; checked in the tests). */
export function rowMoments(row: PTableRow): { mean: number; variance: number } {
	const mean = row.outcomes.reduce((sum, o) => sum + o.change * o.p, 0);
	const variance = row.outcomes.reduce((sum, o) => sum + (o.change - mean) ** 2 * o.p, 0);
	return { mean, variance };
}

/**
 * A second number in [0, 1) drawn from a cell's key, for the noise on a magnitude (a mean score,
 * a median): a fixed mix of the key and a salt naming the statistic, so that two statistics of
 * the same responses (two dimensions' scores) do not get the same noise, while the same
 * statistic of the same responses always does. `lowbias32` (Chris Wellons' integer hash).
 */
export function keyFraction(key: number, salt: string): number {
	let h = 0x811c9dc5;
	for (let i = 0; i < salt.length; i++) h = Math.imul(h ^ salt.charCodeAt(i), 0x01000193);
	let x = ((key >>> 0) ^ h) >>> 0;
	x ^= x >>> 16;
	x = Math.imul(x, 0x7feb352d);
	x ^= x >>> 15;
	x = Math.imul(x, 0x846ca68b);
	x ^= x >>> 16;
	return (x >>> 0) / KEY_RANGE;
}

/**
 * The largest variance the table adds to a count (1.2, for counts of 2 and more). Intervals and
 * tests on perturbed counts add it for every count they use, so they are never narrower than the
 * noise allows (conservative: a true 0 or 1 gets less noise).
 */
export const COUNT_NOISE_VARIANCE = Math.max(...PTABLE.map((row) => rowMoments(row).variance));
