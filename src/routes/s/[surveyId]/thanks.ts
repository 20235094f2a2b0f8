import type { FeedbackProfile } from '$lib/scoring/feedback';

/**
 * What the thank-you view shows, kept in sessionStorage so that reloading it, or switching the
 * language on it, shows it again. sessionStorage belongs to the tab and is gone when the tab
 * closes, so the receipt does not outlive the visit on a shared computer.
 */
export interface Thanks {
	receipt: string;
	/** Only for a scored (maturity) questionnaire. */
	profile: FeedbackProfile | null;
}

/**
 * The query parameter that marks the thank-you view in the address. It carries nothing about
 * the response (no id, no receipt: a reload sends the address to the server), only that this
 * tab has just submitted; opening the plain link again starts a new questionnaire.
 */
export const thanksParam = 'done';

const key = (surveyId: string) => `odb:thanks:${surveyId}`;

/**
 * A light structural check of a profile that arrived over the network or from storage: enough
 * that the view cannot trip over a damaged entry. The server built it from one schema.
 */
export function isFeedbackProfile(value: unknown): value is FeedbackProfile {
	if (typeof value !== 'object' || value === null) return false;
	const profile = value as Partial<FeedbackProfile>;
	return (
		Array.isArray(profile.dimensions) &&
		Array.isArray(profile.levels) &&
		typeof profile.minCoverage === 'number' &&
		typeof profile.overall === 'object' &&
		profile.overall !== null &&
		typeof profile.others === 'object' &&
		profile.others !== null
	);
}

export function saveThanks(surveyId: string, thanks: Thanks): void {
	try {
		sessionStorage.setItem(key(surveyId), JSON.stringify(thanks));
	} catch {
		// Storage full or blocked: the view still shows, only a reload loses it.
	}
}

export function loadThanks(surveyId: string): Thanks | null {
	try {
		const text = sessionStorage.getItem(key(surveyId));
		if (!text) return null;
		const saved = JSON.parse(text) as Partial<Thanks>;
		if (typeof saved.receipt !== 'string') return null;
		return {
			receipt: saved.receipt,
			profile: isFeedbackProfile(saved.profile) ? saved.profile : null
		};
	} catch {
		return null;
	}
}

/**
 * Forgets the thank-you view of an answer that has since been deleted (by its receipt, on
 * /slett), so that going back to it does not say the answers are stored.
 */
export function forgetThanks(surveyId: string, receipt: string): void {
	try {
		const text = sessionStorage.getItem(key(surveyId));
		if (text && (JSON.parse(text) as Partial<Thanks>).receipt === receipt)
			sessionStorage.removeItem(key(surveyId));
	} catch {
		// Storage blocked or a damaged entry: nothing to forget.
	}
}
