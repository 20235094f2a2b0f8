import type { SurveyVersion } from '$lib/definitions/survey-version';
import { isRegistered } from '$lib/municipalities';
import {
	feedbackProfile,
	MIN_OTHER_MUNICIPALITIES,
	type FeedbackProfile
} from '$lib/scoring/feedback';
import { protectedNumbers } from '$lib/summary/protect';
import type { Store, StoredResponse } from '../store';

/** Midnight (UTC) at the start of `now`'s day: the peer comparison's snapshot is taken there. */
export function snapshotTime(now: Date): Date {
	return new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate()));
}

/**
 * The responses other municipalities are compared with: to the same questionnaire, given by
 * municipal staff through their municipality's invitation link (`verified`, so the municipality
 * is the invitation's, not a claim), and stored before today's snapshot time. Nothing sent today
 * counts, so no submission can move the numbers it is shown, nor probe them by answering again
 * and again: an anonymous answer as a made-up or borrowed municipality is never among them, and
 * the set changes only once a day, by verified answers alone.
 */
export function peerResponses(
	responses: readonly StoredResponse[],
	surveyId: string,
	now: Date
): StoredResponse[] {
	const before = snapshotTime(now).toISOString();
	return responses.filter(
		(r) =>
			r.surveyId === surveyId &&
			r.verified === true &&
			r.audience === 'municipal' &&
			r.municipality !== null &&
			isRegistered(r.municipality) &&
			r.submittedAt < before
	);
}

/**
 * The feedback for a stored response, or undefined when its questionnaire is not scored. The
 * response is scored with the version it answered, and so are the other municipalities'
 * responses it is compared with, so the numbers side by side are measured the same way.
 *
 * Only a verified response has its own municipality left out of the comparison: leaving out
 * whatever municipality an anonymous answer claims would let anyone remove a municipality from
 * "the others" and read it off the difference. An unverified respondent is compared with every
 * verified municipality in the snapshot.
 *
 * The comparison is public (anyone who answers sees it), so its numbers are protected too: the
 * count of other municipalities perturbed and the medians given noise (scoring/feedback.ts).
 */
export function profileFor(
	store: Store,
	survey: SurveyVersion,
	response: StoredResponse,
	now: Date = new Date()
): FeedbackProfile | undefined {
	const model = survey.scoring;
	const { definition } = survey;
	if (!model) return undefined;
	// One pass over the responses in memory: milliseconds at 100 000 stored.
	const peers = peerResponses(store.responses.responses(), definition.id, now);
	return feedbackProfile(
		model,
		response.answers,
		response.verified === true ? response.municipality : null,
		peers,
		protectedNumbers(MIN_OTHER_MUNICIPALITIES)
	);
}
