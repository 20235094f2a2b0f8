import { randomUUID } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { definitionVersion } from '../lib/definitions/canonical';
import { audiences, type Audience } from '../lib/respondents';
import { openStore, type ImportedResponse } from '../lib/server/store';
import { DefinitionValidator } from '../lib/validation';
import { generateAnswers } from './answers';

/**
 * Generated responses to the programme's three questionnaires in surveys/ (all audiences, eight
 * municipalities, spread over 30 days): the demo's data, the benchmark's and some tests'. They
 * are stored through the store's own import (`seedResponses`), never written as files here, so
 * a change to the data folder's format cannot leave a seed behind.
 */

const root = resolve(import.meta.dirname, '../..');
export const surveyIds = ['barriers', 'maturity', 'method-evaluation'] as const;
const municipalities = [
	'trondheim',
	'bodo',
	'oslo',
	'drammen',
	'stavanger',
	'fredrikstad',
	'larvik',
	'gjesdal'
];

export interface Questionnaire {
	id: string;
	version: string;
	validator: DefinitionValidator;
}

export async function loadQuestionnaires(
	surveysDir = join(root, 'surveys')
): Promise<Questionnaire[]> {
	return Promise.all(
		surveyIds.map(async (id) => {
			const json = JSON.parse(await readFile(join(surveysDir, `${id}.json`), 'utf8'));
			return { id, version: definitionVersion(json), validator: new DefinitionValidator(json) };
		})
	);
}

/** The body of a valid submission number `i`, generated from the definition (all question kinds). */
export function submissionFor(q: Questionnaire, i: number) {
	const audience: Audience = q.id === 'maturity' ? 'municipal' : audiences[i % audiences.length];
	const municipality = municipalities[i % municipalities.length];
	return {
		answers: generateAnswers(q.validator.compiled, { audience, municipality, locale: 'nb' }, i + 1),
		audience,
		municipality,
		locale: 'nb' as const
	};
}

/**
 * `count` responses as the server would have stored them, in turn to each questionnaire,
 * submitted over the 30 days before `now`. A few hundred distinct answer sets are reused:
 * generating 100 000 would take longer than a benchmark run.
 */
export function programmeResponses(
	questionnaires: Questionnaire[],
	count: number,
	now = Date.now()
): ImportedResponse[] {
	const pool = questionnaires.map((q) =>
		Array.from({ length: 300 }, (_, i) => submissionFor(q, i))
	);
	const start = now - 30 * 86400_000;
	return Array.from({ length: count }, (_, i): ImportedResponse => {
		const which = i % questionnaires.length;
		const q = questionnaires[which];
		const s = pool[which][i % 300];
		const at = new Date(start + Math.floor((i / count) * 30 * 86400_000)).toISOString();
		return {
			id: randomUUID(),
			surveyId: q.id,
			surveyVersion: q.version,
			roundId: 'default',
			answers: s.answers,
			audience: s.audience,
			municipality: s.municipality,
			locale: 'nb',
			status: 'complete',
			startedAt: at,
			submittedAt: at,
			clientResponseId: null,
			// The demo's maturity answers stand for answers given through each municipality's
			// invitation (issue 18), so the demo's feedback shows the peer comparison, which only
			// counts verified answers from before today.
			...(q.id === 'maturity' ? { verified: true } : {}),
			receipt:
				'BNCH-' +
				String(i).padStart(9, '0').slice(0, 4) +
				'-' +
				String(i).padStart(4, '0').slice(-4)
		};
	});
}

/**
 * Stores `records` in the data folder through the store: opened, imported into, closed. The
 * folder must not be in use by a server (the store's lock refuses it if it is).
 */
export async function seedResponses(
	dataDir: string,
	records: readonly ImportedResponse[],
	segmentSize = 1000
): Promise<void> {
	const store = await openStore(dataDir, { segmentSize });
	try {
		await store.responses.import(records);
	} finally {
		await store.close();
	}
}

/** `count` generated programme responses, stored in the data folder (see `seedResponses`). */
export async function seedProgrammeResponses(
	dataDir: string,
	count: number,
	segmentSize = 1000
): Promise<void> {
	const records = programmeResponses(await loadQuestionnaires(), count);
	await seedResponses(dataDir, records, segmentSize);
}
