import type { ItemValue } from 'survey-core';
import { choicesOf } from '../choices';
import { shape, type KindModule, type Props } from './kind';

/** A rating scale (`rating`): its points, from `rateValues` or `rateMin`…`rateMax`. */
export const ratingKind: KindModule<'rating'> = {
	kind: 'rating',
	describe: (q) => ({ scale: choicesOf((q as Props).visibleRateValues as ItemValue[]) }),
	rule: (q) => ({ t: 'choice', values: q.scale.map((point) => point.value) }),
	comments: true,
	columns: (q, place, sink) =>
		sink.add(place, 'code', { from: 'answer', path: place.path }, q.scale, { ordered: true }),
	summary: (q) => shape('rating', { options: q.scale })
};
