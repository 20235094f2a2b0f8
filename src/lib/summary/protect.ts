import type { Count, QuestionSummary, ScaleStats, Summary } from './summarise';

/**
 * The small-group rule: no number drawn from fewer than `minGroup` responses leaves the server.
 *
 * - a view (after filters) with fewer than `minGroup` responses shows nothing but that fact;
 * - a question answered by fewer shows no numbers;
 * - a cell (a choice's count, a scale point) below `minGroup` but above 0 is withheld, and when
 *   that leaves exactly one withheld cell in a distribution, the next smallest non-zero cell is
 *   withheld too, so the hidden count cannot be worked out by subtracting from the total;
 * - free-text answers only for those allowed to read raw text (researchers), and only for
 *   questions answered by at least `minGroup`.
 *
 * Applied to everything the dashboard and the summary API send, compare groups included.
 */
export function protect(summary: Summary, minGroup: number, canReadTexts: boolean): Summary {
	if (summary.n !== null && summary.n < minGroup) {
		return {
			n: null,
			perDay: [],
			minGroup,
			suppressed: true,
			questions: summary.questions.map((q) => withheldQuestion(q, canReadTexts))
		};
	}
	return {
		...summary,
		minGroup,
		suppressed: false,
		perDay: summary.perDay.map((d) => ({ ...d, count: small(d.count, minGroup) ? null : d.count })),
		questions: summary.questions.map((q) => protectQuestion(q, minGroup, canReadTexts))
	};
}

function small(count: number | null, minGroup: number): boolean {
	return count !== null && count > 0 && count < minGroup;
}

/** Withholds small cells, then one more where a single withheld cell could be deduced. */
function protectCounts(counts: Count[], minGroup: number): Count[] {
	const out = counts.map((c) =>
		small(c.count, minGroup) ? { ...c, count: null, pct: null } : { ...c }
	);
	const withheld = out.filter((c) => c.count === null).length;
	if (withheld === 1) {
		const next = out
			.filter((c) => c.count !== null && c.count > 0)
			.sort((a, b) => (a.count ?? 0) - (b.count ?? 0))[0];
		if (next) {
			next.count = null;
			next.pct = null;
		}
	}
	return out;
}

function protectScale<T extends ScaleStats>(stats: T, minGroup: number): T {
	if (stats.n !== null && stats.n < minGroup) {
		return {
			...stats,
			n: null,
			mean: null,
			median: null,
			dontKnow: null,
			...(stats.notRelevant !== undefined ? { notRelevant: null } : {}),
			distribution: stats.distribution.map((c) => ({ ...c, count: null, pct: null }))
		};
	}
	// "Don't know" and "not relevant" sit outside n: with one of them withheld and the other
	// shown, the withheld one could be worked out from the answers to the question, so a
	// withheld one takes the other (if not zero) with it.
	if (stats.notRelevant === undefined) {
		return {
			...stats,
			dontKnow: small(stats.dontKnow, minGroup) ? null : stats.dontKnow,
			distribution: protectCounts(stats.distribution, minGroup)
		};
	}
	let dontKnow = small(stats.dontKnow, minGroup) ? null : stats.dontKnow;
	let notRelevant = small(stats.notRelevant, minGroup) ? null : stats.notRelevant;
	if (dontKnow === null && notRelevant) notRelevant = null;
	else if (notRelevant === null && dontKnow) dontKnow = null;
	return {
		...stats,
		dontKnow,
		notRelevant,
		distribution: protectCounts(stats.distribution, minGroup)
	};
}

function withheldQuestion(q: QuestionSummary, canReadTexts: boolean): QuestionSummary {
	const base = {
		name: q.name,
		title: q.title,
		answered: null,
		unanswered: null,
		hidden: null,
		suppressed: true
	};
	switch (q.kind) {
		case 'choice':
			return {
				...base,
				kind: q.kind,
				counts: q.counts.map((c) => ({ ...c, count: null, pct: null })),
				otherValues: 0
			};
		case 'multi':
		case 'boolean':
			return {
				...base,
				kind: q.kind,
				counts: q.counts.map((c) => ({ ...c, count: null, pct: null }))
			};
		case 'rating':
			return {
				...base,
				kind: 'rating',
				...protectScale(
					{
						n: 0,
						mean: null,
						median: null,
						dontKnow: null,
						...(q.notRelevant !== undefined ? { notRelevant: null } : {}),
						distribution: q.distribution
					},
					Infinity
				)
			};
		case 'matrix':
			return {
				...base,
				kind: 'matrix',
				rows: q.rows.map((r) => ({ ...r, ...protectScale(r, Infinity) }))
			};
		case 'ranking':
			return {
				...base,
				kind: 'ranking',
				items: q.items.map((i) => ({ ...i, ranked: null, meanRank: null, firstPct: null }))
			};
		case 'number':
			return {
				...base,
				kind: 'number',
				min: null,
				q1: null,
				median: null,
				q3: null,
				max: null,
				mean: null
			};
		case 'text':
			return { ...base, kind: 'text', texts: [], textsWithheld: !canReadTexts };
		case 'multipletext':
			return {
				...base,
				kind: 'multipletext',
				items: q.items.map((i) => ({ ...i, answered: null }))
			};
		case 'matrixdropdown':
			return {
				...base,
				kind: 'matrixdropdown',
				cells: q.cells.map((c) => ({ ...c, answered: null, values: [] }))
			};
		case 'dynamic':
			return { ...base, kind: 'dynamic', meanEntries: null };
	}
}

function protectQuestion(
	q: QuestionSummary,
	minGroup: number,
	canReadTexts: boolean
): QuestionSummary {
	if (q.answered !== null && q.answered < minGroup) return withheldQuestion(q, canReadTexts);
	const counts = {
		unanswered: small(q.unanswered, minGroup) ? null : q.unanswered,
		hidden: small(q.hidden, minGroup) ? null : q.hidden
	};
	switch (q.kind) {
		case 'choice':
		case 'multi':
		case 'boolean':
			return { ...q, ...counts, counts: protectCounts(q.counts, minGroup) };
		case 'rating':
			return { ...q, ...counts, ...protectScale(q, minGroup) };
		case 'matrix':
			return { ...q, ...counts, rows: q.rows.map((r) => protectScale(r, minGroup)) };
		case 'ranking':
			return {
				...q,
				...counts,
				items: q.items.map((i) =>
					i.ranked !== null && i.ranked < minGroup
						? { ...i, ranked: null, meanRank: null, firstPct: null }
						: i
				)
			};
		case 'text':
			return canReadTexts
				? { ...q, ...counts }
				: { ...q, ...counts, texts: [], textsWithheld: true };
		case 'multipletext':
			return {
				...q,
				...counts,
				items: q.items.map((i) => ({
					...i,
					answered: small(i.answered, minGroup) ? null : i.answered
				}))
			};
		case 'matrixdropdown':
			return {
				...q,
				...counts,
				cells: q.cells.map((c) =>
					c.answered !== null && c.answered < minGroup
						? { ...c, answered: null, values: [] }
						: {
								...c,
								values: c.values.map((v) => ({
									...v,
									count: small(v.count, minGroup) ? null : v.count
								}))
							}
				)
			};
		case 'number':
		case 'dynamic':
			return { ...q, ...counts };
	}
}
