import { isFeedbackProfile } from './thanks';
import type { FeedbackProfile } from '$lib/scoring/feedback';

/** The outcome of sending answers: stored, refused (the person must fix something), or failed. */
export type SendResult =
	| { kind: 'stored'; id: string; receipt: string; profile: FeedbackProfile | null }
	| { kind: 'refused'; message: string; details: { question: string; message: string }[] }
	| { kind: 'failed'; message: string };

/**
 * Posts the answers once. Network errors, 5xx and 429 are "failed" (worth retrying: the
 * clientResponseId makes a retry safe); other 4xx are "refused".
 */
export async function sendOnce(
	surveyId: string,
	body: unknown,
	locale: string
): Promise<SendResult> {
	let response: Response;
	try {
		response = await fetch(
			`/api/surveys/${encodeURIComponent(surveyId)}/responses?lang=${locale}`,
			{
				method: 'POST',
				headers: { 'content-type': 'application/json' },
				body: JSON.stringify(body)
			}
		);
	} catch (e) {
		return { kind: 'failed', message: (e as Error).message };
	}
	const payload = (await response.json().catch(() => ({}))) as {
		id?: string;
		receipt?: string;
		profile?: unknown;
		error?: string;
		details?: { question: string; message: string }[];
	};
	if (response.status === 201 && payload.id && payload.receipt) {
		// A scored questionnaire's answer carries the respondent's profile for the thank-you view.
		const profile = isFeedbackProfile(payload.profile) ? payload.profile : null;
		return { kind: 'stored', id: payload.id, receipt: payload.receipt, profile };
	}
	const message = payload.error ?? `HTTP ${response.status}`;
	if (response.status >= 500 || response.status === 429) return { kind: 'failed', message };
	return { kind: 'refused', message, details: payload.details ?? [] };
}

/** Waits before retry number `attempt` (1, 2, …): 2, 4, 8, 16, then 30 seconds. */
export function retryDelaySeconds(attempt: number): number {
	return Math.min(30, 2 ** attempt);
}
