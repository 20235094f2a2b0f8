import { named } from '../../export/drafts';
import { positive, readChoices } from '../choices';
import { sameTexts } from '../texts';
import { shape, type KindModule, type Props } from './kind';

/** An order (`ranking`): every choice in order, or, with `selectToRankEnabled`, the chosen ones. */
export const rankingKind: KindModule<'ranking'> = {
	kind: 'ranking',
	describe: (q) => ({
		choices: readChoices(q),
		selectToRank: (q as Props).selectToRankEnabled === true,
		minSelected: positive((q as Props).minSelectedChoices),
		maxSelected: positive((q as Props).maxSelectedChoices)
	}),
	rule: (q) => ({
		t: 'ranking',
		values: q.choices.items.map((item) => item.value),
		selectToRank: q.selectToRank,
		min: q.minSelected,
		max: q.maxSelected
	}),
	comments: false,
	columns: (q, place, sink) => {
		// One column per choice holding its rank (1 = first), so a mean rank is one command away.
		const ranks = q.choices.items.map((_, r) => ({
			value: r + 1,
			label: sameTexts(String(r + 1))
		}));
		for (const item of q.choices.items) {
			sink.add(
				named(place, String(item.value), item.label),
				'rank',
				{ from: 'rank', path: place.path, choice: item.value },
				ranks
			);
		}
	},
	summary: (q) =>
		shape('ranking', { options: q.choices.items.map(({ value, label }) => ({ value, label })) })
};
