import { describe, expect, it } from 'vitest';
import { parseExportQuery } from './options';

const defaults = { format: 'standard', values: 'codes', layout: 'wide', lang: 'nb' };

describe('parseExportQuery', () => {
	it.each([
		['', defaults, {}],
		['format=excel', { ...defaults, format: 'excel' }, {}],
		['values=labels&lang=en', { ...defaults, values: 'labels', lang: 'en' }, {}],
		['layout=long', { ...defaults, layout: 'long' }, {}],
		['format=&values=&layout=&lang=&round=', defaults, {}],
		[
			'format=excel&round=default&audience=business&from=2026-01-01',
			{ ...defaults, format: 'excel' },
			{ round: 'default', audience: 'business', from: '2026-01-01' }
		]
	])('reads %j', (query, options, filters) => {
		expect(parseExportQuery(new URLSearchParams(query))).toEqual({ ok: true, options, filters });
	});

	it.each([
		['fromat=excel', /unknown parameter "fromat"/],
		['format=xlsx', /^format: /],
		['values=names', /^values: /],
		['layout=tall', /^layout: /],
		['lang=de', /^lang: /],
		['format=excel&format=standard', /^format: give one value/],
		['audience=mayor', /^audience: /]
	])('refuses %j', (query, message) => {
		const parsed = parseExportQuery(new URLSearchParams(query));
		expect(parsed.ok).toBe(false);
		if (!parsed.ok) expect(parsed.error).toMatch(message);
	});
});
