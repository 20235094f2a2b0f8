/** One decimal, the precision every summary shows. Rounding happens only at the output. */
export function round1(value: number): number {
	return Math.round(value * 10) / 10;
}

/** `count` as a percentage of `total`, one decimal; 0 when there is nothing to divide by. */
export function percent(count: number, total: number): number {
	return total > 0 ? round1((count / total) * 100) : 0;
}

/** The p-quantile of sorted numbers, interpolated between neighbours (R's type 7, Excel's QUARTILE.INC). */
export function quantile(sorted: readonly number[], p: number): number | null {
	if (sorted.length === 0) return null;
	const h = (sorted.length - 1) * p;
	const low = Math.floor(h);
	const high = Math.ceil(h);
	return round1(sorted[low] + (h - low) * (sorted[high] - sorted[low]));
}

export function median(values: readonly number[]): number | null {
	return quantile(
		[...values].sort((a, b) => a - b),
		0.5
	);
}

export function quartiles(
	sorted: readonly number[]
): [number | null, number | null, number | null] {
	return [quantile(sorted, 0.25), quantile(sorted, 0.5), quantile(sorted, 0.75)];
}
