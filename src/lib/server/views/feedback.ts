import type { SurveyVersion } from '$lib/definitions/survey-version';
import { feedbackProfile, type FeedbackProfile } from '$lib/scoring/feedback';
import type { Store, StoredResponse } from '../store';

/**
 * The feedback for a stored response, or undefined when its questionnaire is not scored. The
 * response is scored with the version it answered, and so are the other municipalities'
 * responses it is compared with, so the numbers side by side are measured the same way.
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
	return feedbackProfile(model, response.answers, response.municipality, sameQuestionnaire);
}
