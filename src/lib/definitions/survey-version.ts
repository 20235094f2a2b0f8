import { readQuestions } from '../questions/read';
import type { QuestionSet } from '../questions/types';
import { parseScoringModel, type ScoringModel } from '../scoring/model';
import { planQuestions, type SummaryPlan } from '../summary/plan';
import { DefinitionValidator } from '../validation';
import type { Definition } from './analyse';

/**
 * One version of a questionnaire as the app uses it, and the one place what is derived from it
 * is kept: its questions (read once with survey-core), the validator, the summary plan and the
 * scoring model. Each is worked out the first time it is asked for; a version's content never
 * changes (its name is its hash), so none of them ever goes stale. The export's columns are
 * derived from the same questions (`readQuestions` is memoised on the definition's JSON).
 */
export class SurveyVersion {
	#validator?: DefinitionValidator;
	#plan?: SummaryPlan;
	#scoring?: ScoringModel | null;

	constructor(
		readonly definition: Definition,
		/** Where a scoring model with mistakes is reported (once per version). */
		private readonly report: (message: string) => void = console.error
	) {}

	get questions(): QuestionSet {
		return readQuestions(this.definition.json);
	}

	get validator(): DefinitionValidator {
		return (this.#validator ??= new DefinitionValidator(this.definition.json));
	}

	get summaryPlan(): SummaryPlan {
		const { dontKnowValues, notRelevantValues } = this.definition.meta;
		return (this.#plan ??= planQuestions(this.questions, dontKnowValues, notRelevantValues));
	}

	/**
	 * The scoring model of a maturity questionnaire, or null. A model with mistakes is reported
	 * once and gives no scores: `npm run surveys:check` names them, and the questionnaire itself
	 * still takes answers.
	 */
	get scoring(): ScoringModel | null {
		if (this.#scoring !== undefined) return this.#scoring;
		const { id, meta } = this.definition;
		this.#scoring = null;
		if (meta.kind === 'maturity' && meta.scoring !== undefined) {
			const parsed = parseScoringModel(meta.scoring);
			if (parsed.ok) this.#scoring = parsed.model;
			else
				this.report(
					`[feedback] ${id}.json: the scoring model has mistakes, no feedback is shown:\n  ` +
						parsed.errors.join('\n  ')
				);
		}
		return this.#scoring;
	}
}
