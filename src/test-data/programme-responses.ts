import { randomUUID } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { definitionVersion } from '../lib/definitions/canonical';
import { audiences, type Audience } from '../lib/respondents';
import * as rounds from '../lib/server/rounds';
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

/**
 * `count` generated programme responses, stored in the data folder (see `seedResponses`).
 * With `datedRounds`, each questionnaire gets that many dated rounds splitting the 30 days
 * (created with the rounds module's own `create`), and each response is in the round its
 * submission falls in: the round statistics (changes between rounds, compare by round) then
 * have a series to work on, as the benchmark needs.
 */
export async function seedProgrammeResponses(
	dataDir: string,
	count: number,
	segmentSize = 1000,
	options: { datedRounds?: number; now?: number } = {}
): Promise<void> {
	const now = options.now ?? Date.now();
	const questionnaires = await loadQuestionnaires();
	const records = programmeResponses(questionnaires, count, now);
	const dated = options.datedRounds ?? 0;
	if (dated === 0) return seedResponses(dataDir, records, segmentSize);
	const store = await openStore(dataDir, { segmentSize });
	try {
		const start = now - 30 * 86400_000;
		const length = (30 * 86400_000) / dated;
		const ids = new Map<string, string[]>();
		for (const q of questionnaires) {
			const list: string[] = [];
			for (let j = 0; j < dated; j++) {
				const round = await rounds.create(store, {
					surveyId: q.id,
					name: `Runde ${j + 1}`,
					slug: `${q.id}-runde-${j + 1}`,
					opensAt: new Date(start + j * length).toISOString(),
					closesAt: new Date(start + (j + 1) * length).toISOString(),
					audiences: [],
					municipality: null
				});
				list.push(round.id);
			}
			ids.set(q.id, list);
		}
		await store.responses.import(
			records.map((r) => {
				const j = Math.min(dated - 1, Math.floor((Date.parse(r.submittedAt) - start) / length));
				return { ...r, roundId: ids.get(r.surveyId)![j] };
			})
		);
	} finally {
		await store.close();
	}
}
