/**
 * Corrections for the many comparisons on one page. A dashboard that tests 60 changes at 5 %
 * raises three false alarms on pure noise; Holm's step-down method (1979) keeps the chance of
 * even one false alarm at 5 % and is never worse than Bonferroni. Benjamini–Hochberg (1995)
 * instead keeps the expected share of false alarms among those flagged at 5 %: more changes
 * flagged, some of them wrongly. The dashboard uses Holm (a leader acts on each flag); BH is here
 * for researchers who screen many items. Both return adjusted p-values in the input's order, as
 * R's `p.adjust` does.
 */

function order(p: readonly number[]): number[] {
	return p.map((_, i) => i).sort((a, b) => p[a] - p[b] || a - b);
}

export function holm(p: readonly number[]): number[] {
	const m = p.length;
	const adjusted = new Array<number>(m);
	let running = 0;
	for (const [rank, i] of order(p).entries()) {
		running = Math.max(running, Math.min(1, (m - rank) * p[i]));
		adjusted[i] = running;
	}
	return adjusted;
}

export function benjaminiHochberg(p: readonly number[]): number[] {
	const m = p.length;
	const adjusted = new Array<number>(m);
	const sorted = order(p);
	let running = 1;
	for (let rank = m - 1; rank >= 0; rank--) {
		const i = sorted[rank];
		running = Math.min(running, (m / (rank + 1)) * p[i]);
		adjusted[i] = running;
	}
	return adjusted;
}
