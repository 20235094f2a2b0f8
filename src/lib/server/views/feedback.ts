import type { SurveyVersion } from '$lib/definitions/survey-version';
import {
	compareWithEarlier,
	feedbackProfile,
	MIN_OTHER_MUNICIPALITIES,
	type ComparableResponse,
	type EarlierComparison,
	type FeedbackProfile
} from '$lib/scoring/feedback';
import type { ScoringModel } from '$lib/scoring/model';
import { protectedNumbers } from '$lib/summary/protect';
import * as rounds from '../rounds';
import type { Store, StoredResponse } from '../store';

/**
 * The feedback for a stored response, or undefined when its questionnaire is not scored. The
 * response is scored with the version it answered, and so are the other municipalities'
 * responses it is compared with, so the numbers side by side are measured the same way.
 *
 * The comparison is public (anyone who answers sees it), so its numbers are protected: the
 * count of other municipalities perturbed and the medians given noise (scoring/feedback.ts).
 * So is the comparison with the municipality's own earlier round (`earlierRound`).
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
	const round =
		response.roundId === rounds.DEFAULT_ROUND ? undefined : rounds.byId(store, response.roundId);
	return {
		...feedbackProfile(
			model,
			response.answers,
			response.municipality,
			sameQuestionnaire,
			protectedNumbers(MIN_OTHER_MUNICIPALITIES)
		),
		about: {
			municipality: response.municipality,
			submittedAt: response.submittedAt,
			round: round?.name ?? null
		},
		earlier: earlierRound(store, model, response, sameQuestionnaire)
	};
}

/**
 * The respondent's municipality in the most recent round of the questionnaire that had closed
 * when the answer was sent (not the answer's own round), with at least MIN_OTHER_MUNICIPALITIES
 * answers from that municipality: their median, protected like the other municipalities'.
 *
 * Why a closed round and a group: the page is public and the municipality is whatever the
 * respondent says it is, so it must show nothing a person from another municipality should not
 * see. A closed round no longer changes, so answering again gives the same numbers (nothing to
 * subtract); a group of at least 5 with noise never shows one person's earlier assessment.
 * A round with fewer is passed over, as the dashboards leave such groups out.
 */
function earlierRound(
	store: Store,
	model: ScoringModel,
	response: StoredResponse,
	responses: readonly StoredResponse[]
): EarlierComparison | null {
	const municipality = response.municipality;
	if (!municipality) return null;
	const closed = rounds
		.list(store, response.surveyId)
		.filter(
			(r): r is typeof r & { closesAt: string } =>
				r.id !== response.roundId && r.closesAt !== null && r.closesAt <= response.submittedAt
		)
		.sort((a, b) => b.closesAt.localeCompare(a.closesAt));
	const disclosure = protectedNumbers(MIN_OTHER_MUNICIPALITIES);
	for (const round of closed) {
		const group: ComparableResponse[] = responses.filter(
			(r) => r.roundId === round.id && r.municipality === municipality
		);
		const comparison = compareWithEarlier(model, group, MIN_OTHER_MUNICIPALITIES, disclosure);
		if (comparison) return { ...comparison, round: round.name, closesAt: round.closesAt };
	}
	return null;
}
