import { randomUUID } from 'node:crypto';
import * as v from 'valibot';
import { audienceSchema, municipalitySchema, type Audience } from '$lib/respondents';
import type { Definition } from '$lib/definitions/analyse';
import { isRegistered } from '$lib/municipalities';
import { slugPattern } from '$lib/slug';
import type { RoundRecord, Store } from '../store';

/**
 * A round is one wave of data collection for a questionnaire ("Runde 2 – vår 2021"): a window
 * in time, who may answer, maybe one municipality, and a public link /r/<slug>. Every
 * questionnaire also has an implicit round `default`, always open, so a file dropped into
 * surveys/ is answerable at once at /s/<id>.
 */
export const DEFAULT_ROUND = 'default';

const dateTime = v.nullable(v.pipe(v.string(), v.isoTimestamp('must be a date and time')));

export const roundInputSchema = v.pipe(
	v.object({
		surveyId: v.pipe(v.string(), v.minLength(1, 'choose a questionnaire')),
		name: v.pipe(v.string(), v.trim(), v.minLength(1, 'give the round a name'), v.maxLength(120)),
		slug: v.pipe(
			v.string(),
			v.trim(),
			v.toLowerCase(),
			v.regex(slugPattern, 'use lowercase letters, digits and "-"')
		),
		opensAt: dateTime,
		closesAt: dateTime,
		audiences: v.array(audienceSchema),
		municipality: v.nullable(
			v.pipe(
				municipalitySchema,
				v.check(isRegistered, 'not in the municipality register (SSB, 2024)')
			)
		)
	}),
	v.check(
		(round) =>
			!round.opensAt || !round.closesAt || Date.parse(round.opensAt) < Date.parse(round.closesAt),
		'the round must close after it opens'
	)
);
export type RoundInput = v.InferOutput<typeof roundInputSchema>;

export type RoundState = 'open' | 'notYetOpen' | 'closed';

export function stateAt(
	round: Pick<RoundRecord, 'opensAt' | 'closesAt'>,
	now: Date = new Date()
): RoundState {
	const t = now.getTime();
	if (round.opensAt && t < Date.parse(round.opensAt)) return 'notYetOpen';
	if (round.closesAt && t >= Date.parse(round.closesAt)) return 'closed';
	return 'open';
}

export class RoundError extends Error {
	constructor(readonly code: 'slugTaken' | 'notFound' | 'unknownSurvey' | 'hasResponses') {
		super(code);
	}
}

/** Who may answer in a round: its audiences, or every audience its questionnaire is for. */
export function audiencesOf(round: RoundRecord, definition: Definition | undefined): Audience[] {
	const forSurvey = definition?.meta.audiences ?? [];
	return round.audiences.length > 0
		? forSurvey.filter((a) => round.audiences.includes(a))
		: [...forSurvey];
}

export function list(store: Store, surveyId?: string): RoundRecord[] {
	return store.rounds
		.list()
		.filter((r) => !surveyId || r.surveyId === surveyId)
		.sort((a, b) => (a.opensAt ?? a.createdAt).localeCompare(b.opensAt ?? b.createdAt));
}

export function bySlug(store: Store, slug: string): RoundRecord | undefined {
	return store.rounds.bySlug(slug);
}

export function byId(store: Store, id: string): RoundRecord | undefined {
	return store.rounds.byId(id);
}

export async function create(store: Store, input: RoundInput): Promise<RoundRecord> {
	if (bySlug(store, input.slug) || input.slug === DEFAULT_ROUND) throw new RoundError('slugTaken');
	const now = new Date().toISOString();
	const record: RoundRecord = { id: randomUUID(), ...input, createdAt: now, updatedAt: now };
	// Checked again in the store on the latest rounds: another instance may have been quicker.
	const added = await slugGuarded(() => store.rounds.add(record));
	if (!added) throw new RoundError('slugTaken');
	return added;
}

/**
 * The database's own refusal of a second round with one slug (PostgreSQL's `round_slug_unique`,
 * an exclusion violation) is the same answer as the check: the slug is taken.
 */
async function slugGuarded<T>(write: () => Promise<T>): Promise<T> {
	try {
		return await write();
	} catch (e) {
		const error = e as { code?: string; constraint?: string };
		if (error.code === '23P01' && error.constraint === 'round_slug_unique')
			throw new RoundError('slugTaken');
		throw e;
	}
}

export async function update(store: Store, id: string, input: RoundInput): Promise<RoundRecord> {
	const record = byId(store, id);
	if (!record) throw new RoundError('notFound');
	const clash = bySlug(store, input.slug);
	if ((clash && clash.id !== id) || input.slug === DEFAULT_ROUND) throw new RoundError('slugTaken');
	// Responses keep the round's id, so moving a round to another questionnaire would orphan them.
	if (input.surveyId !== record.surveyId && (await countResponses(store, record)) > 0)
		throw new RoundError('hasResponses');
	const updated = await slugGuarded(() =>
		store.rounds.update(id, { ...input, updatedAt: new Date().toISOString() })
	);
	if (updated === 'slugTaken') throw new RoundError('slugTaken');
	if (!updated) throw new RoundError('notFound');
	return updated;
}

export async function remove(store: Store, id: string): Promise<RoundRecord> {
	const record = byId(store, id);
	if (!record) throw new RoundError('notFound');
	if ((await countResponses(store, record)) > 0) throw new RoundError('hasResponses');
	await store.invitations.removeForRound(id);
	return (await store.rounds.remove(id)) ?? record;
}

/**
 * Responses per round id (the default round of a questionnaire under `<surveyId>:default`), for
 * one questionnaire or all: counted by the store (in SQL on PostgreSQL), not by reading them.
 */
export async function responseCounts(
	store: Store,
	surveyId?: string
): Promise<Map<string, number>> {
	const counts = new Map<string, number>();
	for (const cell of await store.responses.roundCells(surveyId)) {
		const key = cell.roundId === DEFAULT_ROUND ? `${cell.surveyId}:${DEFAULT_ROUND}` : cell.roundId;
		counts.set(key, (counts.get(key) ?? 0) + cell.count);
	}
	return counts;
}

/** How many responses a round has: among its questionnaire's, as responses store both. */
async function countResponses(store: Store, round: RoundRecord): Promise<number> {
	const cells = await store.responses.roundCells(round.surveyId);
	return cells.find((cell) => cell.roundId === round.id)?.count ?? 0;
}
