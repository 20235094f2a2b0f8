import { percent, quantile, quartiles, round1, roundedMean } from '../numbers';
import type { Option, QuestionPlan } from './plan';
import type { Count, QuestionBase, QuestionSummary, ScaleStats } from './summarise';

/**
 * One question's summary, per kind, from the answers given to it. summarise.ts decides which
 * answers those are (and counts the unanswered and hidden); this file only tallies them.
 */

/** No answer: nothing, an empty text, an empty list or an object without keys. */
export function isEmpty(value: unknown): boolean {
	if (value === undefined || value === null || value === '') return true;
	if (Array.isArray(value)) return value.length === 0;
	if (typeof value === 'object') return Object.keys(value as object).length === 0;
	return false;
}

function counts(options: Option[], tally: Map<unknown, number>, total: number): Count[] {
	return options.map((o) => ({
		value: o.value,
		label: o.label,
		count: tally.get(o.value) ?? 0,
		pct: percent(tally.get(o.value) ?? 0, total)
	}));
}

/**
 * A scale's numbers. "Don't know" and "not relevant" are each counted on their own and left out
 * of n, the mean, the median and the distribution's percentages: "we do not charge for data" is
 * not the same as "charging does not hinder us" (a 1), and must not pull the mean down as one.
 */
function scaleStats(q: QuestionPlan, values: unknown[]): ScaleStats {
	const tally = new Map<unknown, number>();
	const numbers: number[] = [];
	let dk = 0;
	let nr = 0;
	const isDontKnow = (value: unknown) => q.dontKnow.includes(value as string);
	const isNotRelevant = (value: unknown) => q.notRelevant.includes(value as string);
	for (const value of values) {
		if (isDontKnow(value)) dk++;
		else if (isNotRelevant(value)) nr++;
		else {
			tally.set(value, (tally.get(value) ?? 0) + 1);
			if (typeof value === 'number') numbers.push(value);
		}
	}
	const scale = q.options.filter((o) => !isDontKnow(o.value) && !isNotRelevant(o.value));
	const n = values.length - dk - nr;
	const offersNotRelevant = q.options.some((o) => isNotRelevant(o.value));
	return {
		n,
		mean: roundedMean(numbers),
		// The 0.5 quantile, as a number question's median is (not numbers.ts's midpoint median).
		median: quantile(
			[...numbers].sort((a, b) => a - b),
			0.5
		),
		distribution: counts(scale, tally, n),
		dontKnow: dk,
		...(offersNotRelevant ? { notRelevant: nr } : {})
	};
}

export function summariseQuestion(
	q: QuestionPlan,
	values: unknown[],
	base: QuestionBase,
	includeTexts: boolean
): QuestionSummary {
	switch (q.kind) {
		case 'choice': {
			const tally = new Map<unknown, number>();
			let otherValues = 0;
			const known = new Set(q.options.map((o) => o.value));
			for (const v of values) {
				if (known.has(v as Option['value'])) tally.set(v, (tally.get(v) ?? 0) + 1);
				else otherValues++;
			}
			return {
				...base,
				kind: 'choice',
				counts: counts(q.options, tally, values.length),
				otherValues
			};
		}
		case 'multi': {
			const tally = new Map<unknown, number>();
			for (const v of values)
				for (const item of Array.isArray(v) ? new Set(v) : [])
					tally.set(item, (tally.get(item) ?? 0) + 1);
			return { ...base, kind: 'multi', counts: counts(q.options, tally, values.length) };
		}
		case 'rating':
			return { ...base, kind: 'rating', ...scaleStats(q, values) };
		case 'boolean': {
			const tally = new Map<unknown, number>();
			for (const v of values) tally.set(v, (tally.get(v) ?? 0) + 1);
			return { ...base, kind: 'boolean', counts: counts(q.options, tally, values.length) };
		}
		case 'matrix':
			return {
				...base,
				kind: 'matrix',
				rows: q.rows.map((row) => {
					const rowValues: unknown[] = [];
					for (const v of values) {
						const cell = (v as Record<string, unknown>)[String(row.value)];
						if (!isEmpty(cell)) rowValues.push(cell);
					}
					return {
						value: row.value,
						label: row.label,
						...scaleStats(q, rowValues)
					};
				})
			};
		case 'ranking': {
			const items = q.options.map((o) => {
				let ranked = 0;
				let sum = 0;
				let first = 0;
				for (const v of values) {
					const position = Array.isArray(v) ? v.indexOf(o.value) : -1;
					if (position < 0) continue;
					ranked++;
					sum += position + 1;
					if (position === 0) first++;
				}
				return {
					value: o.value,
					label: o.label,
					ranked,
					meanRank: ranked ? round1(sum / ranked) : null,
					firstPct: percent(first, values.length)
				};
			});
			return { ...base, kind: 'ranking', items };
		}
		case 'number': {
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
		case 'text':
			return { ...base, kind: 'text', texts: includeTexts ? values.map(String) : [] };
		case 'multipletext':
			return {
				...base,
				kind: 'multipletext',
				items: q.rows.map((item) => ({
					value: item.value,
					label: item.label,
					answered: values.filter(
						(v) => !isEmpty((v as Record<string, unknown>)[String(item.value)])
					).length
				}))
			};
		case 'matrixdropdown': {
			const cells = q.rows.flatMap((row) =>
				q.columns.map((column) => {
					const tally = new Map<string, number>();
					let answered = 0;
					for (const v of values) {
						const cell = ((v as Record<string, Record<string, unknown>>)[String(row.value)] ?? {})[
							String(column.value)
						];
						if (isEmpty(cell)) continue;
						answered++;
						for (const item of Array.isArray(cell) ? cell : [cell])
							tally.set(String(item), (tally.get(String(item)) ?? 0) + 1);
					}
					return {
						row: row.value,
						column: column.value,
						answered,
						values: [...tally.entries()].map(([value, count]) => ({ value, count }))
					};
				})
			);
			return { ...base, kind: 'matrixdropdown', cells };
		}
		case 'dynamic': {
			const lengths = values.filter(Array.isArray).map((v) => (v as unknown[]).length);
			return {
				...base,
				kind: 'dynamic',
				meanEntries: roundedMean(lengths)
			};
		}
	}
}
