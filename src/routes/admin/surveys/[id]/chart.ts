import {
	BarController,
	BarElement,
	LineController,
	CategoryScale,
	Chart,
	Legend,
	LinearScale,
	RadarController,
	RadialLinearScale,
	LineElement,
	PointElement,
	Filler,
	Tooltip,
	type Chart as ChartInstance,
	type ChartConfiguration,
	type Plugin
} from 'chart.js';
import type { Attachment } from 'svelte/attachments';
import { HIDDEN_MARK, type ChartData } from '$lib/summary/present';
import type { Trend } from '$lib/summary/trend';

// Only the parts of chart.js the dashboard draws, so the page stays small.
Chart.register(
	BarController,
	BarElement,
	LineController,
	CategoryScale,
	LinearScale,
	RadarController,
	RadialLinearScale,
	LineElement,
	PointElement,
	Filler,
	Legend,
	Tooltip
);

/**
 * Okabe and Ito's palette, which people with any common colour-vision deficiency tell apart.
 * Ordered so that the first four — the groups a comparison usually has — also differ in
 * lightness and so survive grey print: blue, orange, black, sky blue (neighbours differ at
 * least 2.3:1 in luminance). Several Okabe–Ito colours are light (yellow is 1.3:1 on white),
 * so every bar has a black edge, which gives each bar 3:1 against the page (WCAG 1.4.11).
 * Beyond four groups colours repeat in lightness; the legend order and the table say which is
 * which. chart.spec.ts checks these claims.
 */
export const palette = [
	'#0072B2',
	'#E69F00',
	'#000000',
	'#56B4E9',
	'#D55E00',
	'#009E73',
	'#CC79A7',
	'#F0E442'
];

/**
 * Where a hidden value (null) would have its bar, as [x, y] on the canvas: at the start of the
 * value axis, in the bar's place along the other. Null where chart.js has no place for it.
 */
export function markPosition(
	horizontal: boolean,
	base: number,
	element: { x: number; y: number }
): [number, number] | null {
	const position: [number, number] = horizontal ? [base + 8, element.y] : [element.x, base - 10];
	return position.every(Number.isFinite) ? position : null;
}

/**
 * Draws the hidden mark where a hidden cell's bar would be. chart.js draws nothing for a null,
 * which looks exactly like a bar of 0: a hidden cell read as "nobody" (the table beside it
 * always says which is which).
 */
export const hiddenMarks: Plugin<'bar'> = {
	id: 'hiddenMarks',
	afterDatasetsDraw(chart: ChartInstance<'bar'>) {
		const horizontal = chart.options.indexAxis === 'y';
		const valueScale = horizontal ? chart.scales.x : chart.scales.y;
		if (!valueScale) return;
		const base = valueScale.getPixelForValue(0);
		const { ctx } = chart;
		ctx.save();
		ctx.fillStyle = '#000000';
		ctx.font = 'bold 16px system-ui, sans-serif';
		ctx.textAlign = 'center';
		ctx.textBaseline = 'middle';
		chart.data.datasets.forEach((dataset, d) => {
			const meta = chart.getDatasetMeta(d);
			if (meta.hidden) return;
			dataset.data.forEach((value, i) => {
				if (value !== null) return;
				const element = meta.data[i] as unknown as { x: number; y: number } | undefined;
				const at = element && markPosition(horizontal, base, element);
				if (at) ctx.fillText(HIDDEN_MARK, at[0], at[1]);
			});
		});
		ctx.restore();
	}
};

export function barConfig(data: ChartData): ChartConfiguration<'bar', (number | null)[], string> {
	return {
		type: 'bar',
		data: {
			labels: data.labels.map((l) => (l.length > 60 ? l.slice(0, 57) + '…' : l)),
			datasets: data.datasets.map((d, i) => ({
				label: d.label,
				data: d.data,
				backgroundColor: palette[i % palette.length],
				borderColor: '#000000',
				borderWidth: 1
			}))
		},
		options: {
			indexAxis: data.horizontal ? 'y' : 'x',
			responsive: true,
			maintainAspectRatio: false,
			animation: false,
			plugins: { legend: { display: data.datasets.length > 1 }, tooltip: { enabled: true } },
			scales: {
				[data.horizontal ? 'x' : 'y']: { beginAtZero: true, max: data.max, ticks: { precision: 0 } }
			}
		},
		plugins: [hiddenMarks]
	};
}

/** A colour with an alpha, for an interval band under its line. */
const translucent = (hex: string) => `${hex}33`;

/**
 * Means over the dated rounds, one line per item, each over a band from its interval's low to
 * its high bound (two band datasets, left out of the legend). Where the question's definition
 * changed between two rounds the segment between them is not drawn, nor the band.
 */
export function trendConfig(trend: Trend): ChartConfiguration<'line', (number | null)[], string> {
	const broken = (i: number) => trend.breaks.includes(i);
	return {
		type: 'line',
		data: {
			labels: trend.labels,
			datasets: trend.lines.flatMap((line, i) => {
				const colour = palette[i % palette.length];
				const skip = {
					borderColor: (c: { p0DataIndex: number }) =>
						broken(c.p0DataIndex) ? 'transparent' : undefined
				};
				return [
					{
						label: `${line.label} (low)`,
						data: line.low,
						borderWidth: 0,
						pointRadius: 0,
						fill: false,
						segment: skip
					},
					{
						label: `${line.label} (high)`,
						data: line.high,
						borderWidth: 0,
						pointRadius: 0,
						backgroundColor: translucent(colour),
						fill: '-1',
						segment: {
							...skip,
							backgroundColor: (c: { p0DataIndex: number }) =>
								broken(c.p0DataIndex) ? 'transparent' : undefined
						}
					},
					{
						label: line.label,
						data: line.mean,
						borderColor: colour,
						backgroundColor: colour,
						borderWidth: 2,
						borderDash: i % 2 === 0 ? [] : [6, 4],
						pointStyle: (['circle', 'rect', 'triangle', 'rectRot', 'star'] as const)[i % 5],
						pointRadius: 4,
						fill: false,
						spanGaps: false,
						segment: skip
					}
				];
			})
		},
		options: {
			responsive: true,
			maintainAspectRatio: false,
			animation: false,
			plugins: {
				legend: {
					display: trend.lines.length > 1,
					labels: { filter: (item) => (item.datasetIndex ?? 0) % 3 === 2 }
				},
				tooltip: { enabled: true, filter: (item) => item.datasetIndex % 3 === 2 }
			},
			scales: { y: { beginAtZero: false, min: 1, max: trend.max } }
		}
	};
}

/** Creates the chart when the canvas appears and destroys it when it goes. */
export function chart(
	config: ChartConfiguration<'bar' | 'radar' | 'line', (number | null)[], string>
): Attachment<HTMLCanvasElement> {
	return (canvas) => {
		const instance = new Chart(canvas, config as ChartConfiguration);
		return () => instance.destroy();
	};
}

/** A radar of dimension scores (0–100), one outline per group. */
export function radarConfig(
	labels: string[],
	datasets: { label: string; data: (number | null)[] }[]
): ChartConfiguration<'radar', (number | null)[], string> {
	return {
		type: 'radar',
		data: {
			labels,
			datasets: datasets.map((d, i) => ({
				label: d.label,
				data: d.data,
				borderColor: palette[i % palette.length],
				backgroundColor: 'transparent',
				borderWidth: 2,
				borderDash: i % 2 === 0 ? [] : [6, 4],
				pointStyle: (['circle', 'rect', 'triangle', 'rectRot', 'star'] as const)[i % 5],
				pointRadius: 4
			}))
		},
		options: {
			responsive: true,
			maintainAspectRatio: false,
			animation: false,
			scales: { r: { min: 0, max: 100, ticks: { stepSize: 20 } } }
		}
	};
}
