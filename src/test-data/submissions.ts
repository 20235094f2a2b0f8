import { analyseDefinition } from '../lib/definitions/analyse';
import type { Submission } from '../lib/server/responses';
import type { LoadedSurvey } from '../lib/server/surveys/registry';
import { DefinitionValidator } from '../lib/validation';
import { kitchenSink } from './definitions';

/** The kitchen-sink questionnaire as the server holds it: definition and validator. */
export const kitchenSurvey: LoadedSurvey = {
	definition: analyseDefinition('kitchen', kitchenSink).definition!,
	validator: new DefinitionValidator(kitchenSink)
};

/** Submission number `n` to the kitchen sink: valid, and told apart by its `short` answer. */
export function kitchenSubmission(n: number, clientResponseId?: string): Submission {
	return {
		answers: { role: 'staff', short: `nr ${n}`, score: (n % 5) + 1 },
		audience: 'citizen',
		municipality: 'bodo',
		locale: 'nb',
		clientResponseId
	};
}
