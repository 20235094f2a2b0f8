import { formatNumber } from '../i18n/format';
import type { Locale } from '../i18n/locales';
import { translator } from '../i18n/messages';
import type { Count, QuestionSummary } from './summarise';

/**
 * Turns a question's summary into what the dashboard shows: a table a screen reader can read, and
 * the numbers for its chart. Both come from the same summary, so the chart can never say what the
 * table does not. present-groups.ts does the same for one question across several groups.
 */

export interface Table {
	head: string[];
	rows: { header: string; cells: string[] }[];
}

export interface ChartData {
	labels: string[];
	/** A null is a hidden (or empty) cell: drawn as the mark, never as a bar of 0. */
	datasets: { label: string; data: (number | null)[] }[];
	/** Bars along the x axis (long option texts read better horizontally). */
	horizontal: boolean;
	max?: number;
	unit: '%' | 'count' | 'mean' | 'rank';
}

export interface Presentation {
	table: Table;
	chart: ChartData | null;
}

/**
 * The one mark for a number that is not shown, whatever the reason (too few answers, hidden to
 * protect respondents, nothing to compute), with one footnote on the page (`dash.hiddenNote`),
 * as Statistics Norway marks its tables. Never "fewer than 5": a cell hidden so that another
 * cannot be worked out, or perturbed below the limit, may hold more.
 */
export const HIDDEN_MARK = ':';

/** A number as text, or the mark where it is not shown. */
export function cell(
	value: number | null | undefined,
	locale: Locale,
	digits = 0,
	suffix = ''
): string {
	if (value === null || value === undefined) return HIDDEN_MARK;
	return formatNumber(value, locale, digits) + suffix;
}

/** The highest numeric value on a scale, for the chart's axis; none when no value is a number. */
export function scaleMax(counts: Count[]): number | undefined {
	const numbers = counts.map((c) => Number(c.value)).filter(Number.isFinite);
	return numbers.length ? Math.max(...numbers) : undefined;
}

export function presentQuestion(q: QuestionSummary, locale: Locale): Presentation {
	const t = translator(locale);
	const num = (v: number | null | undefined, digits = 0, suffix = '') =>
		cell(v, locale, digits, suffix);
	const label = (texts: Record<Locale, string>) => texts[locale];
	switch (q.kind) {
		case 'choice':
		case 'multi':
		case 'boolean':
			return {
				table: {
					head: [t('dash.option'), t('dash.count'), t('dash.share')],
					rows: q.counts.map((c) => ({
						header: label(c.label),
						cells: [num(c.count), num(c.pct, 1, ' %')]
					}))
				},
				chart: {
					labels: q.counts.map((c) => label(c.label)),
					datasets: [{ label: t('dash.share'), data: q.counts.map((c) => c.pct) }],
					horizontal: true,
					max: 100,
					unit: '%'
				}
			};
		case 'rating':
			return {
				table: {
					head: [t('dash.option'), t('dash.count'), t('dash.share')],
					rows: [
						...q.distribution.map((c) => ({
							header: label(c.label),
							cells: [num(c.count), num(c.pct, 1, ' %')]
						})),
						// Listed when some said "don't know", or when that count is hidden.
						...(q.dontKnow !== 0
							? [{ header: t('dash.dontKnow'), cells: [num(q.dontKnow), ''] }]
							: []),
						...(q.notRelevant !== undefined
							? [{ header: t('dash.notRelevant'), cells: [num(q.notRelevant), ''] }]
							: []),
						{ header: t('dash.mean'), cells: [num(q.mean, 1), ''] },
						{ header: t('dash.median'), cells: [num(q.median, 1), ''] }
					]
				},
				chart: {
					labels: q.distribution.map((c) => label(c.label)),
					datasets: [{ label: t('dash.count'), data: q.distribution.map((c) => c.count) }],
					horizontal: false,
					unit: 'count'
				}
			};
		case 'matrix': {
			const scale = q.rows[0]?.distribution ?? [];
			// A scale with "not relevant" shows its count beside "don't know", also outside n.
			const notRelevant = q.rows.some((r) => r.notRelevant !== undefined);
			return {
				table: {
					head: [
						t('dash.row'),
						t('dash.n'),
						t('dash.mean'),
						t('dash.median'),
						t('dash.dontKnow'),
						...(notRelevant ? [t('dash.notRelevant')] : []),
						...scale.map((c) => label(c.label))
					],
					rows: q.rows.map((r) => ({
						header: label(r.label),
						cells: [
							num(r.n),
							num(r.mean, 1),
							num(r.median, 1),
							num(r.dontKnow),
							...(notRelevant ? [num(r.notRelevant)] : []),
							...r.distribution.map((c) => num(c.pct, 1, ' %'))
						]
					}))
				},
				chart: {
					labels: q.rows.map((r) => label(r.label)),
					datasets: [{ label: t('dash.mean'), data: q.rows.map((r) => r.mean) }],
					horizontal: true,
					max: scaleMax(scale),
					unit: 'mean'
				}
			};
		}
		case 'ranking':
			return {
				table: {
					head: [t('dash.option'), t('dash.meanRank'), t('dash.firstShare'), t('dash.timesRanked')],
					rows: q.items.map((i) => ({
						header: label(i.label),
						cells: [num(i.meanRank, 1), num(i.firstPct, 1, ' %'), num(i.ranked)]
					}))
				},
				chart: {
					labels: q.items.map((i) => label(i.label)),
					datasets: [{ label: t('dash.firstShare'), data: q.items.map((i) => i.firstPct) }],
					horizontal: true,
					max: 100,
					unit: '%'
				}
			};
		case 'number':
			return {
				table: {
					head: [
						t('dash.n'),
						t('dash.min'),
						t('dash.q1'),
						t('dash.median'),
						t('dash.q3'),
						t('dash.max'),
						t('dash.mean')
					],
					rows: [
						{
							header: '',
							cells: [
								num(q.answered),
								num(q.min, 1),
								num(q.q1, 1),
								num(q.median, 1),
								num(q.q3, 1),
								num(q.max, 1),
								num(q.mean, 1)
							]
						}
					]
				},
				chart: null
			};
		case 'text':
			return {
				table: { head: [t('dash.n')], rows: [{ header: '', cells: [num(q.answered)] }] },
				chart: null
			};
		case 'multipletext':
			return {
				table: {
					head: [t('dash.item'), t('dash.count')],
					rows: q.items.map((i) => ({ header: label(i.label), cells: [num(i.answered)] }))
				},
				chart: null
			};
		case 'matrixdropdown':
			return {
				table: {
					head: [t('dash.cell'), t('dash.count'), t('dash.option')],
					rows: q.cells.map((c) => ({
						header: `${c.row} · ${c.column}`,
						cells: [num(c.answered), c.values.map((v) => `${v.value}: ${num(v.count)}`).join(', ')]
					}))
				},
				chart: null
			};
		case 'dynamic':
			return {
				table: {
					head: [t('dash.n'), t('dash.meanEntries')],
					rows: [{ header: '', cells: [num(q.answered), num(q.meanEntries, 1)] }]
				},
				chart: null
			};
	}
}
