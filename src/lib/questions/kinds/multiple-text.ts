import type { LocalizableString } from 'survey-core';
import { deeper } from '../../export/drafts';
import { DEFAULT_TEXT_MAX, textLimit, type Field } from '../../validation/rules';
import { textsOf } from '../texts';
import type { TextItem } from '../types';
import { shape, type KindModule, type Props } from './kind';

interface ItemProps {
	name: string;
	isRequired: boolean;
	inputType?: string;
	maxLength?: number;
	validators?: unknown[];
	locTitle?: LocalizableString;
}

/** Several short texts in one question (`multipletext`), stored as one object. */
export const multipleTextKind: KindModule<'multipletext'> = {
	kind: 'multipletext',
	describe: (q) => ({
		items: (((q as Props).items as ItemProps[] | undefined) ?? []).map((item): TextItem => ({
			name: item.name,
			title: textsOf(item.locTitle, item.name),
			required: item.isRequired,
			inputType: String(item.inputType ?? 'text'),
			maxLength: Number(item.maxLength ?? -1),
			hasValidators: (item.validators ?? []).length > 0
		}))
	}),
	rule: (q, ctx) => {
		const fields = new Map<string, Field>();
		for (const item of q.items) {
			if (item.hasValidators) ctx.reasons.push(`validators on items of "${q.valueName}"`);
			fields.set(item.name, {
				key: item.name,
				rule:
					item.inputType === 'number'
						? { t: 'number' }
						: {
								t: 'string',
								max: textLimit(item.maxLength, ctx.textMax, DEFAULT_TEXT_MAX),
								inputType: item.inputType
							},
				required: item.required,
				validators: []
			});
		}
		return { t: 'object', fields, list: false };
	},
	comments: true,
	columns: (q, place, sink) => {
		for (const item of q.items) {
			const at = deeper(place, item.name, item.name, item.title);
			sink.add(at, item.inputType === 'number' ? 'number' : 'text', {
				from: 'answer',
				path: at.path
			});
		}
	},
	summary: (q) =>
		shape('multipletext', { rows: q.items.map((i) => ({ value: i.name, label: i.title })) })
};
