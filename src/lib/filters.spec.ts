import { describe, expect, it } from 'vitest';
import { matchesFilters, parseFilters, type FilterableResponse } from './filters';

const query = (q: string) => new URLSearchParams(q);

describe('parseFilters', () => {
	it.each([
		['', {}],
		['round=default', { round: 'default' }],
		[
			'round=3f2a9c1e-7b1d-4c7e-9a55-0c1d2e3f4a5b',
			{ round: '3f2a9c1e-7b1d-4c7e-9a55-0c1d2e3f4a5b' }
		],
		['audience=municipal&municipality=bodo', { audience: 'municipal', municipality: 'bodo' }],
		['version=0123456789ab', { version: '0123456789ab' }],
		['from=2026-03-01&to=2026-03-31', { from: '2026-03-01', to: '2026-03-31' }],
		['from=2026-03-01T08:00:00Z', { from: '2026-03-01T08:00:00Z' }],
		['to=2026-03-01T08:00:00.123%2B01:00', { to: '2026-03-01T08:00:00.123+01:00' }],
		// The same, typed into a URL without encoding the `+`.
		['to=2026-03-01T08:00:00.123+01:00', { to: '2026-03-01T08:00:00.123+01:00' }],
		// What an HTML form sends for the choices left empty.
		['round=&audience=&municipality=&version=&from=&to=', {}],
		// Other parameters belong to the page or the export.
		['format=excel&values=labels&audience=citizen', { audience: 'citizen' }],
		['from=2026-03-01&to=2026-03-01', { from: '2026-03-01', to: '2026-03-01' }]
	])('reads %j', (q, filters) => {
		expect(parseFilters(query(q))).toEqual({ ok: true, filters });
	});

	it.each([
		['audience=mayor', /^audience: /],
		['municipality=Bodø', /^municipality: .*slug/],
		['version=abc', /^version: must be a version id/],
		['round=no spaces', /^round: /],
		['from=2026-02-30', /^from: must be a date/],
		['from=yesterday', /^from: /],
		// A time without a zone means different instants on different machines.
		['to=2026-03-01T08:00', /^to: /],
		['from=2026-03-02&to=2026-03-01', /"to" must be after "from"/],
		['audience=citizen&audience=business', /^audience: give one value/],
		// Both bounds invalid: reported, not thrown (found by the admin fuzz test, a 500 before).
		['from=round&to=round', /^from: /],
		['from=2026-02-30&to=2026-03-01', /^from: /]
	])('refuses %j', (q, message) => {
		const result = parseFilters(query(q));
		expect(result.ok).toBe(false);
		if (!result.ok) expect(result.error).toMatch(message);
	});
});

describe('matchesFilters', () => {
	const response: FilterableResponse = {
		roundId: 'default',
		audience: 'municipal',
		municipality: 'bodo',
		surveyVersion: '0123456789ab',
		// 23:30 on 28 February in UTC is 00:30 on 1 March in Norway (CET, UTC+1).
		submittedAt: '2026-02-28T23:30:00.000Z'
	};
	const filters = (q: string) => {
		const parsed = parseFilters(query(q));
		if (!parsed.ok) throw new Error(parsed.error);
		return parsed.filters;
	};

	it.each([
		['', true],
		['round=default', true],
		['round=another-round', false],
		['audience=municipal', true],
		['audience=citizen', false],
		['municipality=bodo', true],
		['municipality=trondheim', false],
		['version=0123456789ab', true],
		['version=ba9876543210', false],
		// Days are Norwegian days: the response belongs to 1 March.
		['from=2026-03-01', true],
		['to=2026-02-28', false],
		['to=2026-03-01', true],
		['from=2026-03-02', false],
		// Instants: from included, to excluded.
		['from=2026-02-28T23:30:00Z', true],
		['to=2026-02-28T23:30:00Z', false],
		['to=2026-02-28T23:30:00.001Z', true],
		['from=2026-03-01T00:30:00%2B01:00', true],
		['from=2026-03-01T00:30:01%2B01:00', false],
		['audience=municipal&municipality=bodo&round=default&from=2026-03-01&to=2026-03-01', true],
		['audience=municipal&municipality=trondheim', false]
	])('%j → %s', (q, expected) => {
		expect(matchesFilters(response, filters(q))).toBe(expected);
	});

	it('ends a summer day at 22:00 UTC (CEST, UTC+2)', () => {
		const at = (submittedAt: string) => ({ ...response, submittedAt });
		const june30 = filters('to=2026-06-30');
		expect(matchesFilters(at('2026-06-30T21:59:59.999Z'), june30)).toBe(true);
		expect(matchesFilters(at('2026-06-30T22:00:00.000Z'), june30)).toBe(false);
	});

	it('never matches a filter on audience or municipality for a response without one', () => {
		const anonymous = { ...response, audience: null, municipality: null };
		expect(matchesFilters(anonymous, filters('audience=municipal'))).toBe(false);
		expect(matchesFilters(anonymous, filters('municipality=bodo'))).toBe(false);
		expect(matchesFilters(anonymous, filters(''))).toBe(true);
	});
});
