import jStat from 'jstat';

/**
 * Confidence intervals for the estimates a dashboard shows. Pure; the methods are named so a
 * statistician can check them, and the tests compare them with R (`prop.test(correct = FALSE)`,
 * `t.test()`).
 */

export type Interval = [low: number, high: number];

/** The two-sided normal quantile for a confidence level (1.959964 for 95 %). */
export function zFor(level = 0.95): number {
	return jStat.normal.inv(1 - (1 - level) / 2, 0, 1);
}

/**
 * Wilson's score interval for a share of k in n (Wilson 1927): it stays inside 0–1 and keeps its
 * coverage for small n and shares near 0 or 1, where the textbook p ± z·√(p(1−p)/n) fails.
 * Null for n = 0: there is nothing to estimate.
 */
export function wilson(k: number, n: number, level = 0.95): Interval | null {
	if (!(n > 0) || k < 0 || k > n) return null;
	const z = zFor(level);
	const p = k / n;
	const z2 = z * z;
	const centre = (p + z2 / (2 * n)) / (1 + z2 / n);
	const half = (z / (1 + z2 / n)) * Math.sqrt((p * (1 - p)) / n + z2 / (4 * n * n));
	// At k = 0 or k = n one bound is exactly 0 or 1; floating point must not leave 1e-17.
	return [k === 0 ? 0 : Math.max(0, centre - half), k === n ? 1 : Math.min(1, centre + half)];
}

/** What a mean is estimated from: the count, the mean and the sample standard deviation. */
export interface Sample {
	n: number;
	mean: number;
	/** Sample standard deviation (divisor n − 1). */
	sd: number;
	/**
	 * Variance the mean carries on top of sampling, known in advance: the cell-key noise of a
	 * mean computed from perturbed counts (summarise-question.ts). Absent or 0 for exact counts.
	 * Intervals and tests add it to sd²/n, so noise never narrows an interval or makes a change
	 * look real.
	 */
	noiseVariance?: number;
}

/** n, mean and sample standard deviation of a list of numbers; null for fewer than one. */
export function sampleOf(values: readonly number[]): Sample | null {
	const n = values.length;
	if (n === 0) return null;
	const mean = values.reduce((a, b) => a + b, 0) / n;
	const ss = values.reduce((a, b) => a + (b - mean) ** 2, 0);
	return { n, mean, sd: n > 1 ? Math.sqrt(ss / (n - 1)) : 0 };
}

/**
 * Student's t interval for a mean: mean ± t(n−1) · sd/√n. Null for n < 2 (no spread to estimate
 * from). With a known `noiseVariance` the half-width is t·√(sd²/n + noise). On a 1–5 scale it is approximate — the scale is bounded and discrete — but with the
 * sample sizes of a round (≥ 10) it is what survey practice and R's t.test report.
 */
export function meanInterval(sample: Sample, level = 0.95): Interval | null {
	if (sample.n < 2) return null;
	const t = jStat.studentt.inv(1 - (1 - level) / 2, sample.n - 1);
	const half = t * Math.sqrt((sample.sd * sample.sd) / sample.n + (sample.noiseVariance ?? 0));
	return [sample.mean - half, sample.mean + half];
}

/**
 * Wilson's interval widened by a known extra variance of the share (`noise`, in share units²):
 * the half-width h becomes √(h² + z²·noise) around Wilson's centre, clipped to 0–1. With noise 0
 * it is Wilson's interval. Used for shares computed from perturbed counts, whose noise is known
 * from the published perturbation table.
 */
export function widenedWilson(k: number, n: number, noise: number, level = 0.95): Interval | null {
	const interval = wilson(k, n, level);
	if (!interval || !(noise > 0)) return interval;
	const z = zFor(level);
	const centre = (interval[0] + interval[1]) / 2;
	const half = Math.sqrt(((interval[1] - interval[0]) / 2) ** 2 + z * z * noise);
	return [Math.max(0, centre - half), Math.min(1, centre + half)];
}
