import type { SurveyVersion } from '$lib/definitions/survey-version';
import {
	feedbackProfile,
	MIN_OTHER_MUNICIPALITIES,
	type FeedbackProfile
} from '$lib/scoring/feedback';
import { protectedNumbers } from '$lib/summary/protect';
import type { Store, StoredResponse } from '../store';

/**
 * The feedback for a stored response, or undefined when its questionnaire is not scored. The
 * response is scored with the version it answered, and so are the other municipalities'
 * responses it is compared with, so the numbers side by side are measured the same way.
 *
 * The comparison is public (anyone who answers sees it), so its numbers are protected: the
 * count of other municipalities perturbed and the medians given noise (scoring/feedback.ts).
 */
export function profileFor(
	store: Store,
	survey: SurveyVersion,
	response: StoredResponse
): FeedbackProfile | undefined {
	const model = survey.scoring;
	const { definition } = survey;
	if (!model) return undefined;
	// One pass over the responses in memory: milliseconds at 100 000 stored.
	const sameQuestionnaire = store.responses.responses().filter((r) => r.surveyId === definition.id);
	return feedbackProfile(
		model,
		response.answers,
		response.municipality,
		sameQuestionnaire,
		protectedNumbers(MIN_OTHER_MUNICIPALITIES)
	);
}
