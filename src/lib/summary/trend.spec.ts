import { describe, expect, it } from 'vitest';
import { kitchenSink } from '../../test-data/definitions';
import { planSummary } from './plan';
import { exactNumbers } from './protect';
import { summarise, type SummaryInput } from './summarise';
import { trendOf } from './trend';

const plan = planSummary(kitchenSink);
const respond = (score: number, i: number): SummaryInput => ({
	answers: { score },
	audience: 'municipal',
	municipality: 'bodo',
	locale: 'nb',
	submittedAt: '2026-03-02T10:00:00.000Z',
	recordKey: i
});
const group = (key: string, scores: number[]) => ({
	key,
	label: key.toUpperCase(),
	question: summarise(
		plan,
		scores.map((s, i) => respond(s, i)),
		{ disclosure: exactNumbers(5) }
	).questions.find((q) => q.name === 'score')!
});

describe('trendOf', () => {
	// r1: 2, 3, 4, 3, 3 → mean 3.0, sd √(2/4) = 0.707107, t(4) = 2.776445, half-width
	// 2.776445 · 0.707107 / √5 = 0.877976 → [2.12, 3.88]. r2: 4 × 5 → mean 4.0, sd 0: a t interval
	// of width 0 ([4, 4]). r3: 1 × 5 → 1.0.
	const groups = [
		group('r1', [2, 3, 4, 3, 3]),
		group('r2', [4, 4, 4, 4, 4]),
		group('r3', [1, 1, 1, 1, 1])
	];

	it('gives the means and their intervals over the dated rounds, oldest first', () => {
		const trend = trendOf([groups[1], groups[0], groups[2]], ['r1', 'r2', 'r3'], [], 'nb')!;
		expect(trend.labels).toEqual(['R1', 'R2', 'R3']);
		expect(trend.lines).toHaveLength(1);
		expect(trend.lines[0].mean).toEqual([3, 4, 1]);
		expect(trend.lines[0].low).toEqual([2.12, 4, 1]);
		expect(trend.lines[0].high).toEqual([3.88, 4, 1]);
		expect(trend.max).toBe(5);
		expect(trend.breaks).toEqual([]);
	});

	it('breaks the line where the definition changed, and leaves out undated rounds', () => {
		const trend = trendOf(
			[...groups, group('default', [5, 5, 5, 5, 5])],
			['r1', 'r2', 'r3'],
			[{ question: 'score', from: 'r2', to: 'r3' }],
			'nb'
		)!;
		expect(trend.labels).toEqual(['R1', 'R2', 'R3']);
		expect(trend.breaks).toEqual([1]);
	});

	it('has no trend with fewer than two dated rounds', () => {
		expect(trendOf(groups, ['r1'], [], 'nb')).toBeNull();
	});
});
