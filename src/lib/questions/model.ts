import { Model, type Question } from 'survey-core';
import { registerSurveyLocales } from '../survey/locales';

/**
 * The one place a survey-core `Model` is built for a definition.
 *
 * Building one costs 10–100 ms for a realistic questionnaire, so the model that is only read
 * (to learn the questions, their texts and the object tree the checker walks) is kept while the
 * definition object lives and shared. It is never changed — not its data, not its locale — so
 * sharing is safe. A model that is changed (survey-core's own validation, which sets data) is
 * its caller's: `newSurveyModel`.
 */

const models = new WeakMap<object, Model>();

/** survey-core's reading of `json`, shared and read-only. Throws if SurveyJS cannot load it. */
export function surveyModel(json: Record<string, unknown>): Model {
	let model = models.get(json);
	if (!model) {
		model = newSurveyModel(json);
		models.set(json, model);
	}
	return model;
}

/** A model of the caller's own, to set data on (validation by survey-core itself). */
export function newSurveyModel(json: Record<string, unknown>): Model {
	// SurveyJS's own texts ("Other", "None") must be registered in our locales before reading.
	registerSurveyLocales();
	return new Model(json);
}

/**
 * Every question, nested ones included (panels, dynamic panels' templates), but not the cell
 * editors SurveyJS creates for each matrix row: those are columns, not questions.
 */
export function allQuestions(model: Model): Question[] {
	return model.getAllQuestions(false, true, true).filter((q) => {
		const parent = (q as unknown as { parentQuestion?: Question }).parentQuestion;
		return !parent || !parent.getType().startsWith('matrix');
	});
}

/** Whether a question is one of a dynamic panel's (its template's, or a panel made from it). */
export function isInsideDynamicPanel(question: Question): boolean {
	let parent = question.parent as unknown as {
		parent?: unknown;
		parentQuestion?: Question;
	} | null;
	// A dynamic panel's template questions have the template panel as parent, whose
	// `parentQuestion` is the dynamic panel.
	while (parent) {
		if (parent.parentQuestion) return true;
		parent = parent.parent as typeof parent;
	}
	return Boolean((question as unknown as { parentQuestion?: Question }).parentQuestion);
}
