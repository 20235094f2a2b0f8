/** Interval estimates, two-sample tests and corrections for many comparisons. Pure. */
export {
	meanInterval,
	sampleOf,
	widenedWilson,
	wilson,
	zFor,
	type Interval,
	type Sample
} from './intervals';
export { fisherExact, twoProportions, welch, type Comparison } from './tests';
export { benjaminiHochberg, holm } from './multiple';
