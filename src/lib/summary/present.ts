import { formatNumber } from '../i18n/format';
import type { Locale } from '../i18n/locales';
import { translate, type MessageKey, type MessageParams } from '../i18n/messages';
import type { Count, QuestionSummary } from './summarise';

/**
 * Turns a question's summary (or the same question in several groups) into what the dashboard
 * shows: a table a screen reader can read, and the numbers for its chart. Both come from the same
 * summary, so the chart can never say what the table does not.
 */

export interface Table {
	head: string[];
	rows: { header: string; cells: string[] }[];
}

export interface ChartData {
	labels: string[];
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

export interface GroupQuestion {
	label: string;
	question: QuestionSummary;
}

function tr(locale: Locale) {
	return (key: MessageKey, params?: MessageParams) => translate(locale, key, params);
}

/** A number as text, or "fewer than 5" where the small-group rule withheld it. */
export function cell(
	value: number | null | undefined,
	locale: Locale,
	minGroup: number,
	digits = 0,
	suffix = ''
): string {
	if (value === null || value === undefined)
		return translate(locale, 'dash.fewer', { min: minGroup });
	return formatNumber(value, locale, digits) + suffix;
}

function scaleMax(counts: Count[]): number | undefined {
	const numbers = counts.map((c) => Number(c.value)).filter(Number.isFinite);
	return numbers.length ? Math.max(...numbers) : undefined;
}

export function presentQuestion(
	q: QuestionSummary,
	locale: Locale,
	minGroup: number
): Presentation {
	const t = tr(locale);
	const num = (v: number | null | undefined, digits = 0, suffix = '') =>
		cell(v, locale, minGroup, digits, suffix);
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
						...(q.dontKnow ? [{ header: t('dash.dontKnow'), cells: [num(q.dontKnow), ''] }] : []),
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

type Change = 'points' | 'mean' | 'count';

/** The change from one group to the next: percentage points, a mean's change, or a count's. */
function delta(
	a: number | null | undefined,
	b: number | null | undefined,
	locale: Locale,
	change: Change
): string {
	if (a === null || a === undefined || b === null || b === undefined) return '–';
	const d = Math.round((b - a) * 10) / 10;
	const sign = d > 0 ? '+' : d < 0 ? '−' : '±';
	if (change === 'count') return `${sign}${formatNumber(Math.abs(d), locale)}`;
	const value = formatNumber(Math.abs(d), locale, 1);
	return translate(locale, change === 'points' ? 'dash.pointsChange' : 'dash.meanChange', {
		sign,
		value
	});
}

/**
 * The same question in several groups side by side. With `showChange` (groups are rounds in
 * order) every group after the first gets a column with the change from the one before.
 */
export function presentGroups(
	groups: GroupQuestion[],
	locale: Locale,
	minGroup: number,
	showChange: boolean
): Presentation {
	const t = tr(locale);
	const num = (v: number | null | undefined, digits = 0, suffix = '') =>
		cell(v, locale, minGroup, digits, suffix);
	const label = (texts: Record<Locale, string>) => texts[locale];
	const head = (first: string) => [
		first,
		...groups.flatMap((g, i) =>
			showChange && i > 0 ? [g.label, `${t('dash.change')} (${g.label})`] : [g.label]
		)
	];
	const withChange = (
		values: (number | null)[],
		format: (v: number | null) => string,
		change: Change
	) =>
		values.flatMap((v, i) =>
			showChange && i > 0 ? [format(v), delta(values[i - 1], v, locale, change)] : [format(v)]
		);
	const first = groups[0]?.question;
	if (!first) return { table: { head: [], rows: [] }, chart: null };
	const nRow = {
		header: t('dash.n'),
		cells: withChange(
			groups.map((g) => g.question.answered),
			(v) => num(v),
			'count'
		)
	};

	switch (first.kind) {
		case 'choice':
		case 'multi':
		case 'boolean': {
			const options = first.counts;
			const pcts = (i: number) =>
				groups.map((g) => (g.question as typeof first).counts[i]?.pct ?? null);
			return {
				table: {
					head: head(t('dash.option')),
					rows: [
						...options.map((o, i) => ({
							header: label(o.label),
							cells: withChange(pcts(i), (v) => num(v, 1, ' %'), 'points')
						})),
						nRow
					]
				},
				chart: {
					labels: options.map((o) => label(o.label)),
					datasets: groups.map((g) => ({
						label: g.label,
						data: (g.question as typeof first).counts.map((c) => c.pct)
					})),
					horizontal: true,
					max: 100,
					unit: '%'
				}
			};
		}
		case 'rating': {
			const means = groups.map((g) => (g.question as typeof first).mean);
			return {
				table: {
					head: head(''),
					rows: [
						{ header: t('dash.mean'), cells: withChange(means, (v) => num(v, 1), 'mean') },
						{
							header: t('dash.median'),
							cells: withChange(
								groups.map((g) => (g.question as typeof first).median),
								(v) => num(v, 1),
								'mean'
							)
						},
						{
							header: t('dash.n'),
							cells: withChange(
								groups.map((g) => (g.question as typeof first).n),
								(v) => num(v),
								'count'
							)
						}
					]
				},
				chart: {
					labels: groups.map((g) => g.label),
					datasets: [{ label: t('dash.mean'), data: means }],
					horizontal: false,
					max: scaleMax(first.distribution),
					unit: 'mean'
				}
			};
		}
		case 'matrix': {
			const rows = first.rows;
			const means = (i: number) =>
				groups.map((g) => (g.question as typeof first).rows[i]?.mean ?? null);
			return {
				table: {
					head: head(t('dash.row')),
					rows: [
						...rows.map((r, i) => ({
							header: `${label(r.label)} (${t('dash.mean')})`,
							cells: withChange(means(i), (v) => num(v, 1), 'mean')
						})),
						nRow
					]
				},
				chart: {
					labels: rows.map((r) => label(r.label)),
					datasets: groups.map((g) => ({
						label: g.label,
						data: (g.question as typeof first).rows.map((r) => r.mean)
					})),
					horizontal: true,
					max: scaleMax(rows[0]?.distribution ?? []),
					unit: 'mean'
				}
			};
		}
		case 'ranking': {
			const items = first.items;
			return {
				table: {
					head: head(t('dash.option')),
					rows: items.map((item, i) => ({
						header: `${label(item.label)} (${t('dash.meanRank')})`,
						cells: withChange(
							groups.map((g) => (g.question as typeof first).items[i]?.meanRank ?? null),
							(v) => num(v, 1),
							'mean'
						)
					}))
				},
				chart: null
			};
		}
		case 'number':
			return {
				table: {
					head: head(''),
					rows: [
						{
							header: t('dash.mean'),
							cells: withChange(
								groups.map((g) => (g.question as typeof first).mean),
								(v) => num(v, 1),
								'mean'
							)
						},
						{
							header: t('dash.median'),
							cells: withChange(
								groups.map((g) => (g.question as typeof first).median),
								(v) => num(v, 1),
								'mean'
							)
						},
						nRow
					]
				},
				chart: null
			};
		default:
			return { table: { head: head(''), rows: [nRow] }, chart: null };
	}
}
