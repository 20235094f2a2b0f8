import type { Definition } from '$lib/definitions/analyse';
import { parseScoringModel, type ScoringModel } from '$lib/scoring/model';
import { feedbackProfile, type FeedbackProfile } from '$lib/scoring/feedback';
import type { Store, StoredResponse } from './store';

/** Parsed scoring models by `id/version`; null for a version without a usable one. */
const models = new Map<string, ScoringModel | null>();

/**
 * The scoring model of a maturity questionnaire version, or null. Parsed once per version. A
 * model with mistakes is reported once and gives no feedback: `npm run surveys:check` names
 * them, and the questionnaire itself still takes answers.
 */
export function scoringModelOf(definition: Definition): ScoringModel | null {
	const key = `${definition.id}/${definition.version}`;
	const known = models.get(key);
	if (known !== undefined) return known;
	let model: ScoringModel | null = null;
	if (definition.meta.kind === 'maturity' && definition.meta.scoring !== undefined) {
		const parsed = parseScoringModel(definition.meta.scoring);
		if (parsed.ok) model = parsed.model;
		else
			console.error(
				`[feedback] ${definition.id}.json: the scoring model has mistakes, no feedback is shown:\n  ` +
					parsed.errors.join('\n  ')
			);
	}
	models.set(key, model);
	return model;
}

/**
 * The feedback for a stored response, or undefined when its questionnaire is not scored. The
 * response is scored with the version it answered, and so are the other municipalities'
 * responses it is compared with, so the numbers side by side are measured the same way.
 */
export function profileFor(
	store: Store,
	definition: Definition,
	response: StoredResponse
): FeedbackProfile | undefined {
	const model = scoringModelOf(definition);
	if (!model) return undefined;
	// One pass over the responses in memory: milliseconds at 100 000 stored.
	const sameQuestionnaire = store.responses.responses().filter((r) => r.surveyId === definition.id);
	return feedbackProfile(model, response.answers, response.municipality, sameQuestionnaire);
}
