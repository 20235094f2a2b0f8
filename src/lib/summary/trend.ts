import type { Locale } from '../i18n/locales';
import type { SeriesBreak } from './changes';
import type { GroupQuestion } from './present-groups';
import type { ScaleStats } from './summarise';

/**
 * A question's means over every dated round, with their 95 % intervals, for a trend chart with
 * interval bands. Pure: the chart draws what this says. A line is broken (`breaks`) between two
 * rounds where the question's definition changed (changes.ts, sameDefinition): a line through
 * it would join two different questions.
 */
export interface Trend {
	/** The dated rounds, oldest first. */
	labels: string[];
	lines: {
		label: string;
		mean: (number | null)[];
		low: (number | null)[];
		high: (number | null)[];
	}[];
	/** i: the segment from round i to round i + 1 is not drawn. */
	breaks: number[];
	max?: number;
}

export function trendOf(
	groups: GroupQuestion[],
	dated: string[],
	breaks: readonly SeriesBreak[],
	locale: Locale
): Trend | null {
	const rounds = dated
		.map((key) => groups.find((g) => g.key === key))
		.filter((g): g is GroupQuestion => g !== undefined);
	if (rounds.length < 2) return null;
	const first = rounds[0].question;
	const line = (label: string, stats: (g: GroupQuestion) => ScaleStats | undefined) => {
		const points = rounds.map(stats);
		return {
			label,
			mean: points.map((p) => p?.mean ?? null),
			low: points.map((p) => p?.ci95?.[0] ?? null),
			high: points.map((p) => p?.ci95?.[1] ?? null)
		};
	};
	let lines: Trend['lines'];
	let scale: ScaleStats['distribution'];
	if (first.kind === 'rating') {
		lines = [
			line(first.title[locale], (g) => (g.question.kind === 'rating' ? g.question : undefined))
		];
		scale = first.distribution;
	} else if (first.kind === 'matrix') {
		lines = first.rows.map((row) =>
			line(row.label[locale], (g) =>
				g.question.kind === 'matrix'
					? g.question.rows.find((r) => r.value === row.value)
					: undefined
			)
		);
		scale = first.rows[0]?.distribution ?? [];
	} else return null;
	if (lines.every((l) => l.mean.every((m) => m === null))) return null;
	const numbers = scale.map((d) => Number(d.value)).filter(Number.isFinite);
	return {
		labels: rounds.map((g) => g.label),
		lines,
		breaks: rounds.flatMap((g, i) =>
			i > 0 &&
			breaks.some(
				(b) => b.question === first.name && b.from === rounds[i - 1].key && b.to === g.key
			)
				? [i - 1]
				: []
		),
		...(numbers.length ? { max: Math.max(...numbers) } : {})
	};
}
