import { describe, expect, it } from 'vitest';
import {
	benjaminiHochberg,
	fisherExact,
	holm,
	meanInterval,
	sampleOf,
	twoProportions,
	welch,
	wilson
} from './index';

// Reference values: worked by hand where the arithmetic is short, otherwise from R 4.2
// (`prop.test(correct = FALSE)`, `t.test`, `fisher.test`, `p.adjust`) and from Newcombe,
// "Interval estimation for the difference between independent proportions", Statistics in
// Medicine 17 (1998) 873–890, table II.

describe('wilson', () => {
	it.each([
		// 7 of 20 by hand: p = 0.35, z² = 3.841459; centre = (0.35 + 3.841459/40)/(1 + 3.841459/20)
		// = 0.374168; half = 1.959964/1.192073 · √(0.35·0.65/20 + 3.841459/1600) = 0.192977.
		[7, 20, 0.1811918, 0.5671457],
		// Nobody of 12: the lower bound is exactly 0 (R: 0, 0.2424940).
		[0, 12, 0, 0.242494],
		// Everyone of 40 (R: 0.9123784, 1).
		[40, 40, 0.9123784, 1]
	])('%i of %i → [%f, %f]', (k, n, low, high) => {
		const interval = wilson(k, n)!;
		expect(interval[0]).toBeCloseTo(low, 6);
		expect(interval[1]).toBeCloseTo(high, 6);
	});

	it('has nothing to say about no one', () => {
		expect(wilson(0, 0)).toBeNull();
		expect(wilson(3, 2)).toBeNull();
	});
});

const x = [3, 4, 4, 5, 2, 3, 4, 5, 5, 4];
const y = [2, 3, 3, 2, 4, 3, 2, 1, 3, 2, 3, 2];

describe('sampleOf and meanInterval', () => {
	it('gives the t interval R gives', () => {
		const sample = sampleOf(x)!;
		// By hand: mean 39/10 = 3.9; squared deviations sum to 8.9, sd = √(8.9/9) = 0.994429.
		expect(sample.mean).toBe(3.9);
		expect(sample.sd).toBeCloseTo(0.994429, 6);
		const [low, high] = meanInterval(sample)!;
		// R: t.test(x)$conf.int = 3.1886284 4.6113716 (t(9, 0.975) = 2.262157).
		expect(low).toBeCloseTo(3.1886284, 6);
		expect(high).toBeCloseTo(4.6113716, 6);
	});

	it('gives no interval from one answer', () => {
		expect(meanInterval({ n: 1, mean: 4, sd: 0 })).toBeNull();
		expect(sampleOf([])).toBeNull();
	});
});

describe('welch', () => {
	it('matches R’s t.test(x, y) with the change read as later minus earlier', () => {
		// R: t = 3.591879, df = 17.19507, p = 0.002214189, CI 0.5783712 2.2216288 for x − y.
		const result = welch(sampleOf(y)!, sampleOf(x)!)!;
		expect(result.change).toBeCloseTo(1.4, 10);
		expect(result.ci95[0]).toBeCloseTo(0.5783712, 5);
		expect(result.ci95[1]).toBeCloseTo(2.2216288, 5);
		expect(result.p).toBeCloseTo(0.002214189, 7);
		expect(result.method).toBe('welch');
	});

	it('is symmetric: the other way round the change turns sign, p stays', () => {
		const forward = welch(sampleOf(y)!, sampleOf(x)!)!;
		const back = welch(sampleOf(x)!, sampleOf(y)!)!;
		expect(back.change).toBeCloseTo(-forward.change, 12);
		expect(back.p).toBeCloseTo(forward.p, 12);
	});

	it('adds a known noise variance to the standard error but not to the estimated df', () => {
		// Perturbed counts (summary/cell-key.ts) add a known variance to each mean: here 0.05 and
		// 0.08. The formula evaluated in R (v₁ = var(y)/12, v₂ = var(x)/10,
		// se = √(v₁ + v₂ + 0.13), df = (v₁ + v₂ + 0.13)²/(v₁²/11 + v₂²/9)): se 0.5309606,
		// df 59.21448, p 0.010673834, CI 0.3376307 to 2.4623693 — wider, and p larger, than the
		// exact data's 0.002214189.
		const result = welch(
			{ ...sampleOf(y)!, noiseVariance: 0.05 },
			{ ...sampleOf(x)!, noiseVariance: 0.08 }
		)!;
		expect(result.change).toBeCloseTo(1.4, 10);
		expect(result.p).toBeCloseTo(0.010673834, 7);
		expect(result.ci95[0]).toBeCloseTo(0.3376307, 5);
		expect(result.ci95[1]).toBeCloseTo(2.4623693, 5);
		// And a mean's own interval: t(11) · √(sd²/n + noise) for y.
		const plain = meanInterval(sampleOf(y)!)!;
		const noisy = meanInterval({ ...sampleOf(y)!, noiseVariance: 0.05 })!;
		expect(noisy[0]).toBeLessThan(plain[0]);
		expect(noisy[1] - noisy[0]).toBeCloseTo(
			2 * 2.200985 * Math.sqrt(sampleOf(y)!.sd ** 2 / 12 + 0.05),
			5
		);
	});

	it('gives nothing without two answers a side or without any spread', () => {
		expect(welch({ n: 1, mean: 3, sd: 0 }, sampleOf(x)!)).toBeNull();
		expect(welch({ n: 5, mean: 3, sd: 0 }, { n: 5, mean: 4, sd: 0 })).toBeNull();
	});
});

describe('twoProportions', () => {
	it('gives Newcombe’s hybrid score interval for his example (a), 56/70 against 48/80', () => {
		// Newcombe 1998, table II, method 10: 0.0524 to 0.3339 for a difference of 0.2.
		const result = twoProportions(48, 80, 56, 70)!;
		expect(result.change).toBeCloseTo(0.2, 10);
		expect(result.ci95[0]).toBeCloseTo(0.0524, 4);
		expect(result.ci95[1]).toBeCloseTo(0.3339, 4);
	});

	it('gives the pooled z test’s p-value, as prop.test(correct = FALSE)', () => {
		// R: prop.test(c(15, 25), c(40, 42), correct = FALSE): X-squared 3.977395, p 0.04611483.
		const result = twoProportions(15, 40, 25, 42)!;
		expect(result.method).toBe('two-proportion-z');
		expect(result.p).toBeCloseTo(0.04611483, 7);
	});

	it('turns to Fisher’s exact test when an expected count is below 5', () => {
		// 0 of 5 against 4 of 5: expected counts 2 and 3. R: fisher.test(matrix(c(0,5,4,1),2)) p = 0.04761905.
		const result = twoProportions(0, 5, 4, 5)!;
		expect(result.method).toBe('fisher-exact');
		expect(result.p).toBeCloseTo(0.04761905, 7);
	});

	it('adds a known noise variance of each count to the interval and the z test', () => {
		// Counts perturbed with variance 1.2 (cell-key.ts): the shares' variances grow by
		// 1.2/n₁² + 1.2/n₂². The formula evaluated in R: p = 0.059191885 for 15/40 → 25/42 (not
		// significant, where the exact counts' 0.04611483 was), and Newcombe's interval for
		// example (a) widened to 0.046907 … 0.339939.
		expect(twoProportions(15, 40, 25, 42, 0.95, 1.2)!.p).toBeCloseTo(0.059191885, 7);
		const widened = twoProportions(48, 80, 56, 70, 0.95, 1.2)!;
		expect(widened.ci95[0]).toBeCloseTo(0.046907, 5);
		expect(widened.ci95[1]).toBeCloseTo(0.339939, 5);
		// Fisher's test takes counts as exact: with noise the larger p of it and the z test.
		const small = twoProportions(0, 5, 4, 5, 0.95, 1.2)!;
		expect(small.method).toBe('fisher-exact');
		expect(small.p).toBeGreaterThan(0.04761905);
	});

	it('has nothing to compare when a round has no one', () => {
		expect(twoProportions(0, 0, 3, 10)).toBeNull();
	});
});

describe('fisherExact', () => {
	it.each([
		// R: fisher.test(matrix(c(3, 1, 1, 3), 2))$p.value; by hand: the tables with margins 4/4
		// have probabilities 1, 16, 36, 16, 1 over 70; those ≤ 16/70 sum to 34/70 = 0.4857143.
		[3, 4, 1, 4, 0.4857143],
		// R: fisher.test(matrix(c(2, 8, 7, 3), 2))$p.value.
		[2, 10, 7, 10, 0.06977852]
	])('%i/%i against %i/%i → p = %f', (k1, n1, k2, n2, p) => {
		expect(fisherExact(k1, n1, k2, n2)).toBeCloseTo(p, 7);
	});
});

describe('holm and benjaminiHochberg', () => {
	const p = [0.01, 0.04, 0.03, 0.005, 0.2];

	it('adjust as R’s p.adjust does', () => {
		// By hand for Holm: sorted 0.005·5 = 0.025, 0.01·4 = 0.04, 0.03·3 = 0.09, 0.04·2 = 0.08 →
		// 0.09 (running maximum), 0.2·1 = 0.2; back in input order.
		expect(holm(p).map((v) => +v.toFixed(6))).toEqual([0.04, 0.09, 0.09, 0.025, 0.2]);
		// R: p.adjust(p, "BH") = 0.025 0.050 0.050 0.025 0.200.
		expect(benjaminiHochberg(p).map((v) => +v.toFixed(6))).toEqual([0.025, 0.05, 0.05, 0.025, 0.2]);
	});

	it('never adjusts above 1, and leaves an empty list empty', () => {
		expect(holm([0.6, 0.7])).toEqual([1, 1]);
		expect(holm([])).toEqual([]);
		expect(benjaminiHochberg([])).toEqual([]);
	});
});
