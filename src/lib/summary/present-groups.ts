import { formatNumber } from '../i18n/format';
import type { Locale } from '../i18n/locales';
import { translate, translator } from '../i18n/messages';
import { round1 } from '../numbers';
import type { RoundChange } from './changes';
import { cell, scaleMax, type Presentation } from './present';
import { changeCell } from './present-changes';
import type { QuestionSummary } from './summarise';

/**
 * The same question in several groups (rounds, audiences, municipalities) side by side: one table
 * and one chart from the groups' summaries, by the same rules as present.ts for one question.
 */

export interface GroupQuestion {
	key: string;
	label: string;
	question: QuestionSummary;
}

/**
 * A comparison by round: the dated rounds in time order (only between two consecutive ones is
 * there a change column) and the tested changes (changes.ts).
 */
export interface RoundSeries {
	dated: string[];
	changes: RoundChange[];
}

type Change = 'points' | 'mean' | 'none';

/** The change from one group to the next: percentage points, a mean's change, or a count's. */
function delta(
	a: number | null | undefined,
	b: number | null | undefined,
	locale: Locale,
	change: Change
): string {
	if (change === 'none') return '';
	if (a === null || a === undefined || b === null || b === undefined) return '–';
	const d = round1(b - a);
	const sign = d > 0 ? '+' : d < 0 ? '−' : '±';
	const value = formatNumber(Math.abs(d), locale, 1);
	return translate(locale, change === 'points' ? 'dash.pointsChange' : 'dash.meanChange', {
		sign,
		value
	});
}

/**
 * The same question in several groups side by side. With `series` (groups are rounds in time
 * order) a dated round after the dated round before it gets a column with the change: tested
 * (with its interval, p and whether it is significant) where changes.ts tested it, the plain
 * difference otherwise. n has no change (a count of answers is not a result), and medians are
 * not compared.
 */
export function presentGroups(
	groups: GroupQuestion[],
	locale: Locale,
	series: RoundSeries | null
): Presentation {
	const t = translator(locale);
	const num = (v: number | null | undefined, digits = 0, suffix = '') =>
		cell(v, locale, digits, suffix);
	// A group that was never asked the question (the publisher side for businesses) says so in
	// each of its cells, rather than showing a mark that reads as "too few".
	const notAsked = t('dash.notAskedShort');
	const label = (texts: Record<Locale, string>) => texts[locale];
	const hasChange = (i: number) => {
		if (!series || i === 0) return false;
		const at = series.dated.indexOf(groups[i].key);
		return at > 0 && series.dated[at - 1] === groups[i - 1].key;
	};
	const tested = (i: number, item: string | null) =>
		series?.changes.find(
			(c) =>
				c.question === groups[i].question.name &&
				c.item === item &&
				c.from === groups[i - 1].key &&
				c.to === groups[i].key
		);
	const head = (first: string) => [
		first,
		...groups.flatMap((g, i) =>
			hasChange(i) ? [g.label, `${t('dash.change')} (${g.label})`] : [g.label]
		)
	];
	const withChange = (
		values: (number | null)[],
		format: (v: number | null) => string,
		change: Change,
		item: string | null = null
	) =>
		values.flatMap((v, i) => {
			const shown = groups[i]?.question.notAsked ? notAsked : format(v);
			if (!hasChange(i)) return [shown];
			const found = change === 'none' ? undefined : tested(i, item);
			return [shown, found ? changeCell(found, locale) : delta(values[i - 1], v, locale, change)];
		});
	const first = groups[0]?.question;
	if (!first) return { table: { head: [], rows: [] }, chart: null };
	// A mean's 95 % interval in a row of its own under the mean, so the mean cells stay numbers.
	const interval = (ci: [number, number] | null | undefined) =>
		ci ? `${formatNumber(ci[0], locale, 2)}–${formatNumber(ci[1], locale, 2)}` : cell(null, locale);
	// Charted: the groups that were asked (a group never asked has no bar and no mark).
	const asked = groups.filter((g) => !g.question.notAsked);
	const nRow = {
		header: t('dash.n'),
		cells: withChange(
			groups.map((g) => g.question.answered),
			(v) => num(v),
			'none'
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
							cells: withChange(pcts(i), (v) => num(v, 1, ' %'), 'points', String(o.value))
						})),
						nRow
					]
				},
				chart: {
					labels: options.map((o) => label(o.label)),
					datasets: asked.map((g) => ({
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
							header: t('dash.ci95'),
							cells: withChange(
								groups.map((_, i) => i),
								(i) => interval((groups[i!].question as typeof first).ci95),
								'none'
							)
						},
						{
							header: t('dash.median'),
							cells: withChange(
								groups.map((g) => (g.question as typeof first).median),
								(v) => num(v, 1),
								'none'
							)
						},
						{
							header: t('dash.n'),
							cells: withChange(
								groups.map((g) => (g.question as typeof first).n),
								(v) => num(v),
								'none'
							)
						}
					]
				},
				chart: {
					labels: asked.map((g) => g.label),
					datasets: [
						{
							label: t('dash.mean'),
							data: asked.map((g) => (g.question as typeof first).mean)
						}
					],
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
						...rows.flatMap((r, i) => [
							{
								header: `${label(r.label)} (${t('dash.mean')})`,
								cells: withChange(means(i), (v) => num(v, 1), 'mean', String(r.value))
							},
							{
								header: `${label(r.label)} (${t('dash.ci95')})`,
								cells: withChange(
									groups.map((_, g) => g),
									(g) => interval((groups[g!].question as typeof first).rows[i]?.ci95),
									'none'
								)
							}
						]),
						nRow
					]
				},
				chart: {
					labels: rows.map((r) => label(r.label)),
					datasets: asked.map((g) => ({
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
								'none'
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
