import { describe, expect, it } from 'vitest';
import { expiredResponses } from './retention';
import type { StoredResponse } from '../store';

const record = (id: string, surveyId: string, submittedAt: string): StoredResponse => ({
	id,
	seq: 1,
	surveyId,
	surveyVersion: 'v1',
	roundId: 'default',
	answers: {},
	audience: null,
	municipality: null,
	locale: 'nb',
	status: 'complete',
	startedAt: null,
	submittedAt,
	clientIdHash: null,
	receiptHash: 'hash of AAAA-BBBB-CCCC',
	recordKey: 1
});

describe('expiredResponses', () => {
	const now = new Date('2026-11-26T12:00:00.000Z');
	const days: Record<string, number> = { short: 1, long: 1825 };
	const retention = (id: string) => days[id];

	it.each([
		// One day back exactly is not yet past one day; a millisecond more is.
		['short', '2026-11-25T12:00:00.000Z', false],
		['short', '2026-11-25T11:59:59.999Z', true],
		['short', '2026-11-26T11:00:00.000Z', false],
		// 1825 days before 2026-11-26 is 2021-11-27 (2024 is a leap year).
		['long', '2021-11-27T12:00:00.000Z', false],
		['long', '2021-11-27T11:59:59.000Z', true],
		['long', '2020-01-01T00:00:00.000Z', true],
		// No retention period declared, or the questionnaire is gone: kept.
		['none', '2000-01-01T00:00:00.000Z', false],
		// A timestamp that cannot be read is never taken for an old one.
		['short', 'not a date', false]
	])('%s submitted %s → expired %s', (surveyId, submittedAt, expired) => {
		const result = expiredResponses([record('r', surveyId, submittedAt)], retention, now);
		expect(result.length === 1).toBe(expired);
	});

	it('selects across questionnaires and keeps the order', () => {
		const list = [
			record('a', 'short', '2026-11-20T00:00:00.000Z'),
			record('b', 'long', '2026-11-20T00:00:00.000Z'),
			record('c', 'short', '2026-11-26T00:00:00.000Z'),
			record('d', 'long', '2019-01-01T00:00:00.000Z')
		];
		expect(expiredResponses(list, retention, now).map((r) => r.id)).toEqual(['a', 'd']);
	});
});
