/**
 * The small numeric helpers the summaries, the scoring and the programme views share, written
 * once so that a number rounded, averaged or grouped in one view is rounded, averaged or grouped
 * the same way in every other. Pure: no SvelteKit, no Node.
 */

/**
 * One decimal, the precision every summary and score shows. Rounding happens only at the output.
 * `Math.round` rounds halves up, towards +∞: 0.25 → 0.3, −0.25 → −0.2, and −0.04 → −0. A
 * half that binary floating point cannot hold exactly goes where the stored product lies:
 * 1.005 × 10 is 10.049999999999999, so 1.005 → 1.
 */
export function round1(value: number): number {
	return Math.round(value * 10) / 10;
}

/** `count` as a percentage of `total`, one decimal; 0 when there is nothing to divide by. */
export function percent(count: number, total: number): number {
	return total > 0 ? round1((count / total) * 100) : 0;
}

/** The arithmetic mean, unrounded; null for no values (the division is guarded). */
export function mean(values: readonly number[]): number | null {
	if (values.length === 0) return null;
	return values.reduce((sum, value) => sum + value, 0) / values.length;
}

/** The mean to one decimal, as the summaries show it; null for no values. */
export function roundedMean(values: readonly number[]): number | null {
	const m = mean(values);
	return m === null ? null : round1(m);
}

/**
 * The middle value, or for an even count the midpoint `(a + b) / 2` of the two middle values;
 * unrounded; null for no values. The input need not be sorted.
 *
 * Not the same arithmetic as `quantile(sorted, 0.5)`, which interpolates `a + 0.5 × (b − a)` and
 * rounds: the two agree mathematically but can land on either side of a half in floating point.
 * For 0.1 and 1.2 this gives 0.65, which rounds to 0.7; the quantile meets 0.6499999999999999
 * and gives 0.6. The scores use this one and the summaries the quantile, as each always has.
 */
export function median(values: readonly number[]): number | null {
	if (values.length === 0) return null;
	const sorted = [...values].sort((a, b) => a - b);
	const middle = Math.floor(sorted.length / 2);
	return sorted.length % 2 === 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
}

/**
 * The p-quantile of numbers sorted ascending, interpolated between neighbours (R's type 7,
 * Excel's QUARTILE.INC), one decimal; null for no values.
 */
export function quantile(sorted: readonly number[], p: number): number | null {
	if (sorted.length === 0) return null;
	const h = (sorted.length - 1) * p;
	const low = Math.floor(h);
	const high = Math.ceil(h);
	return round1(sorted[low] + (h - low) * (sorted[high] - sorted[low]));
}

/**
 * The p-quantile, as `quantile` computes it, of a list given as distinct values with how many
 * times each occurs (`[value, count]`, values ascending, counts whole and ≥ 0): the same as
 * expanding the list, without expanding it. For a distribution known only by its counts (a
 * scale's perturbed counts); null when the counts add up to nothing.
 */
export function weightedQuantile(
	counts: readonly (readonly [value: number, count: number])[],
	p: number
): number | null {
	const total = counts.reduce((sum, [, count]) => sum + count, 0);
	if (total <= 0) return null;
	const h = (total - 1) * p;
	const at = (position: number) => {
		let seen = 0;
		for (const [value, count] of counts) {
			seen += count;
			if (position < seen) return value;
		}
		return counts[counts.length - 1][0];
	};
	const low = at(Math.floor(h));
	const high = at(Math.ceil(h));
	return round1(low + (h - Math.floor(h)) * (high - low));
}

/** The first quartile, the median and the third quartile of numbers sorted ascending. */
export function quartiles(
	sorted: readonly number[]
): [number | null, number | null, number | null] {
	return [quantile(sorted, 0.25), quantile(sorted, 0.5), quantile(sorted, 0.75)];
}

/**
 * The items by `keyOf`, each group in the order its items came and the groups in the order their
 * first item came. Pushes into the group rather than copying it: a copy per item is quadratic.
 */
export function groupBy<T, K>(items: Iterable<T>, keyOf: (item: T) => K): Map<K, T[]> {
	const groups = new Map<K, T[]>();
	for (const item of items) {
		const key = keyOf(item);
		const group = groups.get(key);
		if (group) group.push(item);
		else groups.set(key, [item]);
	}
	return groups;
}
