import { round1 } from '../numbers';
import {
	KEY_RANGE,
	perturb,
	keyFraction,
	PTABLE,
	scrambledPosition,
	type Cell,
	type Position,
	type PTableRow
} from './cell-key';

/**
 * Disclosure control: what a summary may show of the cells it counts. summarise() asks a
 * Disclosure for every count it puts in a summary, and computes every statistic (a percentage,
 * a mean, a median) from the counts the Disclosure gives, never from the raw answers behind them,
 * so no statistic says more than the counts do.
 *
 * Two kinds:
 *
 * - `exactNumbers(minGroup)`: the counts as they are, for researchers, who may read and export
 *   the responses themselves. A view, a compare group or a question answered by fewer than
 *   `minGroup` still shows no numbers (a screen or a printout is seen by others), but cells are
 *   exact.
 * - `protectedNumbers(minGroup)`: for project leaders and everything public (the dashboard, the
 *   summary API for a leader, printouts, the maturity feedback). Every count is perturbed with
 *   the cell-key method (cell-key.ts): consistent, so asking again or another way gives the same
 *   number, and subtracting overlapping views gives noise, not a person. A perturbed count from 1
 *   to `minGroup − 1` is hidden (shown with one neutral mark); a view, group or question whose
 *   perturbed count is below `minGroup` shows no numbers at all. Means and medians come from the
 *   perturbed counts (so solving them with n recovers perturbed counts at most), only where the
 *   perturbed count reaches `minGroup`; magnitudes that are not counts (a mean score) get noise
 *   from the same key. Percentages are of perturbed counts.
 */
export interface Disclosure {
	/** True: the counts as they are (researchers). */
	readonly exact: boolean;
	/** The smallest group (view, compare group, question) whose numbers are shown. */
	readonly minGroup: number;
	/** A cell's count as every statistic uses it: perturbed, never hidden. */
	value(cell: Cell): number;
	/** A cell's count as a table shows it, or null where it is hidden. */
	shown(cell: Cell): number | null;
	/** Whether the numbers of a group of this many (a view, the answers to a question) are shown. */
	allows(group: Cell): boolean;
	/**
	 * A magnitude over a group — a mean or a median score on a scale from `bounds[0]` to
	 * `bounds[1]` — as shown: as it is when exact; when protected, moved by noise of up to half
	 * the most one response can move a mean of the group (±range / (2n), n the perturbed count),
	 * drawn from the group's key and `salt`, kept within the bounds, to one decimal.
	 */
	magnitude(
		value: number | null,
		group: Cell,
		bounds: [number, number],
		salt: string
	): number | null;
}

/** The numbers as counted: researchers' views. Groups below `minGroup` are still withheld. */
export function exactNumbers(minGroup = 0): Disclosure {
	return {
		exact: true,
		minGroup,
		value: (cell) => cell.count,
		shown: (cell) => cell.count,
		allows: (group) => group.count >= minGroup,
		magnitude: (value) => value
	};
}

/**
 * Perturbed numbers, small cells hidden: what leaders and the public see. `position` is for
 * examples worked by hand (cell-key.ts, keyPosition); the app uses the scrambled one.
 */
export function protectedNumbers(
	minGroup: number,
	options: { table?: PTableRow[]; position?: Position } = {}
): Disclosure {
	const { table = PTABLE, position = scrambledPosition } = options;
	const value = (cell: Cell) => perturb(cell, table, position);
	return {
		exact: false,
		minGroup,
		value,
		shown(cell) {
			const v = value(cell);
			return v === 0 || v >= minGroup ? v : null;
		},
		allows: (group) => value(group) >= minGroup && value(group) > 0,
		magnitude(v, group, [low, high], salt) {
			if (v === null) return null;
			const n = value(group);
			if (n < minGroup || n === 0) return null;
			const noise = (keyFraction(group.key, salt) - 0.5) * ((high - low) / n);
			return round1(Math.min(high, Math.max(low, v + noise)));
		}
	};
}

/**
 * The Disclosure for the cells of one view (the responses summarised together: a filtered
 * selection, one compare group, one programme group), whose record keys add up to `viewKey`:
 * every cell's key is its own records' keys plus the view's.
 *
 * Why the view's keys too. With a cell's own keys alone (the method as the ABS first described
 * it), the same cell shows the same number in every view, so two views that differ by one person
 * show the same numbers everywhere except in the cells that person is in: subtracting them shows
 * which answers the person gave, even though not by exactly how much. With the view's keys
 * added, adding or removing anyone redraws the noise of every cell of the view, and the
 * difference of two views is noise in every cell. What stays: the same view (the same responses,
 * however it is reached: asked again, through a filter or as a compare group) always shows the
 * same numbers, so nothing is averaged away by asking again. What a determined leader can still
 * do is average over many different views that contain the same people (README, "Disclosure
 * control"): the noise is bounded, not a privacy budget.
 */
export function inView(d: Disclosure, viewKey: number): Disclosure {
	if (d.exact) return d;
	const moved = (cell: Cell): Cell => ({
		count: cell.count,
		key: (cell.key + viewKey) % KEY_RANGE
	});
	return {
		exact: false,
		minGroup: d.minGroup,
		value: (cell) => d.value(moved(cell)),
		shown: (cell) => d.shown(moved(cell)),
		allows: (group) => d.allows(moved(group)),
		magnitude: (value, group, bounds, salt) => d.magnitude(value, moved(group), bounds, salt)
	};
}

/**
 * The variance a protected magnitude (a mean score on a scale `range` wide, of a group whose
 * perturbed count is `n`) carries from its perturbation: `magnitude` moves it by a key-drawn
 * amount spread evenly over ±range / (2n), variance (range / n)² / 12, and rounds it to one
 * decimal, another even spread of ±0.05, variance 0.1² / 12. Intervals and tests add it (as
 * `Sample.noiseVariance`) to the mean's sampling variance.
 */
export function magnitudeNoiseVariance(range: number, n: number): number {
	if (!(n > 0)) return 0;
	return (range / n) ** 2 / 12 + 0.1 ** 2 / 12;
}
