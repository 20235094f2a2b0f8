import { describe, expect, it } from 'vitest';
import { parseBundleQuery, parseExportQuery } from './options';

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

describe('parseBundleQuery', () => {
	it.each([
		['', 'nb', {}],
		['lang=nn', 'nn', {}],
		['lang=en&round=var-2026&audience=citizen', 'en', { round: 'var-2026', audience: 'citizen' }]
	])('reads %j', (query, lang, filters) => {
		expect(parseBundleQuery(new URLSearchParams(query))).toEqual({ ok: true, lang, filters });
	});

	it.each([
		// The bundle's files have one format each: the CSV options are not its.
		['format=excel', /unknown parameter "format"/],
		['values=labels', /unknown parameter "values"/],
		['layout=long', /unknown parameter "layout"/],
		['lang=de', /^lang: /],
		['to=yesterday', /^to: /]
	])('refuses %j', (query, message) => {
		const parsed = parseBundleQuery(new URLSearchParams(query));
		expect(parsed.ok).toBe(false);
		if (!parsed.ok) expect(parsed.error).toMatch(message);
	});
});
