import { settings, type Question } from 'survey-core';
import { deeper, numberedPlaces } from '../../export/drafts';
import { DEFAULT_COMMENT_MAX, type Field } from '../../validation/rules';
import { positive } from '../choices';
import { shape, type KindModule, type Props } from './kind';

const hasText = (value: unknown) => typeof value === 'string' && value.trim() !== '';

/** A dynamic panel (`paneldynamic`): a group of questions the respondent fills in once per panel. */
export const panelDynamicKind: KindModule<'paneldynamic'> = {
	kind: 'paneldynamic',
	describe: (question, read) => {
		const q = question as Props;
		const template = (q.template as { questions: Question[] } | undefined)?.questions ?? [];
		return {
			template: template.map((inner) => read.describe(inner)),
			innerConditions: template.some((i) => hasText(i.visibleIf) || hasText(i.requiredIf)),
			minPanels: positive(q.minPanelCount),
			maxPanels: Number(q.maxPanelCount)
		};
	},
	rule: (q, ctx) => {
		if (q.innerConditions) ctx.reasons.push(`conditions inside the dynamic panel "${q.valueName}"`);
		const fields = new Map<string, Field>();
		for (const inner of q.template) {
			const field = ctx.field(inner);
			if (!field) continue;
			fields.set(field.key, field);
			if (field.commentKey)
				fields.set(field.commentKey, {
					...field,
					key: field.commentKey,
					rule: { t: 'string', max: field.other?.max ?? DEFAULT_COMMENT_MAX },
					required: false,
					validators: []
				});
		}
		return {
			t: 'object',
			fields,
			list: true,
			minItems: q.minPanels,
			maxItems: Math.min(q.maxPanels || settings.panel.maxPanelCount, settings.panel.maxPanelCount)
		};
	},
	comments: false,
	columns: (q, place, sink) => {
		for (const panel of numberedPlaces(place, sink, q.maxPanels, settings.panel.maxPanelCount)) {
			for (const inner of q.template) {
				sink.question(inner, deeper(panel, inner.valueName, inner.valueName, inner.title));
			}
		}
	},
	summary: () => shape('dynamic')
};
