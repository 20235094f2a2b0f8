import type { ImportedResponse } from '../lib/server/store';

/**
 * A response for a test to import: number `n` of a series (id `<series>-<n>`, receipt
 * `<SERI>-000n-0000` from the series' first four letters), a citizen in Bodø answering the
 * kitchen-sink questionnaire in the always-open round, with what the test needs in `extra`.
 */
export function importedResponse(
	series: string,
	n: number,
	extra: Partial<ImportedResponse> = {}
): ImportedResponse {
	return {
		id: `${series}-${n}`,
		surveyId: 'kitchen',
		surveyVersion: '1',
		roundId: 'default',
		answers: { short: `nr ${n}` },
		audience: 'citizen',
		municipality: 'bodo',
		locale: 'nb',
		status: 'complete',
		startedAt: null,
		submittedAt: '2026-03-01T10:00:00.000Z',
		clientResponseId: null,
		receipt: `${series.slice(0, 4).toUpperCase()}-${String(n).padStart(4, '0')}-0000`,
		...extra
	};
}
