import jStat from 'jstat';
import { wilson, zFor, type Interval, type Sample } from './intervals';

/**
 * Two-sample comparisons for "did it change between rounds, and is the change larger than
 * chance?": Welch's t test for means, the two-proportion z test (Fisher's exact test when a
 * count is small) for shares, with intervals for the difference.
 */

export interface Comparison {
	/** Second minus first: the change from the earlier round to the later one. */
	change: number;
	ci95: Interval;
	/** Two-sided p-value. */
	p: number;
	/** The test used, for the page's footnote and the API. */
	method: 'welch' | 'two-proportion-z' | 'fisher-exact';
}

/**
 * Welch's t test for a difference of means (Welch 1947), which does not assume the two rounds
 * have the same spread: t = (m₂ − m₁)/√(s₁²/n₁ + s₂²/n₂), with the Welch–Satterthwaite degrees of
 * freedom. Null when either sample has fewer than 2, or there is no spread at all.
 */
export function welch(first: Sample, second: Sample, level = 0.95): Comparison | null {
	if (first.n < 2 || second.n < 2) return null;
	const v1 = (first.sd * first.sd) / first.n;
	const v2 = (second.sd * second.sd) / second.n;
	// A known extra variance (perturbation noise) has no degrees of freedom of its own: it adds
	// to the standard error, and the Welch–Satterthwaite df counts only the estimated parts.
	const noise = (first.noiseVariance ?? 0) + (second.noiseVariance ?? 0);
	const se = Math.sqrt(v1 + v2 + noise);
	if (!(se > 0) || !(v1 + v2 > 0)) return null;
	const df = (v1 + v2 + noise) ** 2 / (v1 ** 2 / (first.n - 1) + v2 ** 2 / (second.n - 1));
	const change = second.mean - first.mean;
	const t = change / se;
	const p = 2 * (1 - jStat.studentt.cdf(Math.abs(t), df));
	const q = jStat.studentt.inv(1 - (1 - level) / 2, df);
	return { change, ci95: [change - q * se, change + q * se], p: clampP(p), method: 'welch' };
}

/**
 * A change in a share, k₁/n₁ → k₂/n₂. The interval is Newcombe's hybrid score interval (his
 * method 10, 1998), built from the two Wilson intervals: it behaves at small n and near 0 or 1,
 * where the Wald interval does not. The p-value is the pooled two-proportion z test (R's
 * `prop.test(correct = FALSE)`), or Fisher's exact test when an expected count is below 5, where
 * the normal approximation is poor. Null when either round has no one answering.
 */
export function twoProportions(
	k1: number,
	n1: number,
	k2: number,
	n2: number,
	level = 0.95,
	noise = 0
): Comparison | null {
	const w1 = wilson(k1, n1, level);
	const w2 = wilson(k2, n2, level);
	if (!w1 || !w2) return null;
	const p1 = k1 / n1;
	const p2 = k2 / n2;
	const change = p2 - p1;
	// `noise`: a known variance of each count (perturbation), as variance of the two shares.
	const extra = noise > 0 ? noise / (n1 * n1) + noise / (n2 * n2) : 0;
	const z2 = zFor(level) ** 2;
	const low = change - Math.sqrt((p2 - w2[0]) ** 2 + (w1[1] - p1) ** 2 + z2 * extra);
	const high = change + Math.sqrt((w2[1] - p2) ** 2 + (p1 - w1[0]) ** 2 + z2 * extra);
	const pooled = (k1 + k2) / (n1 + n2);
	const se = Math.sqrt(pooled * (1 - pooled) * (1 / n1 + 1 / n2) + extra);
	const z = se > 0 ? change / se : 0;
	const pz = se > 0 ? clampP(2 * (1 - jStat.normal.cdf(Math.abs(z), 0, 1))) : 1;
	const expected = [n1 * pooled, n1 * (1 - pooled), n2 * pooled, n2 * (1 - pooled)];
	if (expected.some((e) => e < 5)) {
		// Fisher's test takes the counts as exact; perturbed ones are not, so with noise the
		// larger of Fisher's p and the noise-aware z test's p is kept (conservative).
		const exact = fisherExact(k1, n1, k2, n2);
		return {
			change,
			ci95: [low, high],
			p: extra > 0 ? Math.max(exact, pz) : exact,
			method: 'fisher-exact'
		};
	}
	return { change, ci95: [low, high], p: pz, method: 'two-proportion-z' };
}

/** log(n!) by summing logs: exact enough, and n here is a round's size (at most thousands). */
function logFactorials(n: number): Float64Array {
	const table = new Float64Array(n + 1);
	for (let i = 2; i <= n; i++) table[i] = table[i - 1] + Math.log(i);
	return table;
}

/**
 * Fisher's exact test, two-sided, for the 2×2 table [k₁, n₁−k₁; k₂, n₂−k₂]: the sum of the
 * probabilities of every table with the same margins that is no more likely than the one seen
 * (R's `fisher.test`, which uses the same rule with a relative tolerance of 1e-7).
 */
export function fisherExact(k1: number, n1: number, k2: number, n2: number): number {
	const total = n1 + n2;
	const successes = k1 + k2;
	const lf = logFactorials(total);
	const logP = (a: number) => {
		const b = n1 - a;
		const c = successes - a;
		const d = n2 - c;
		return (
			lf[n1] +
			lf[n2] +
			lf[successes] +
			lf[total - successes] -
			lf[total] -
			lf[a] -
			lf[b] -
			lf[c] -
			lf[d]
		);
	};
	const observed = logP(k1);
	let p = 0;
	for (let a = Math.max(0, successes - n2); a <= Math.min(n1, successes); a++) {
		const lp = logP(a);
		if (lp <= observed + 1e-7 * Math.abs(observed) + 1e-12) p += Math.exp(lp);
	}
	return clampP(p);
}

const clampP = (p: number) => Math.min(1, Math.max(0, p));
