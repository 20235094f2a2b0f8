import type { SurveyVersion } from '$lib/definitions/survey-version';
import { isRegistered } from '$lib/municipalities';
import {
	compareWithEarlier,
	feedbackProfile,
	latestPerMunicipality,
	MIN_OTHER_MUNICIPALITIES,
	type ComparableResponse,
	type EarlierComparison,
	type FeedbackProfile
} from '$lib/scoring/feedback';
import type { ScoringModel } from '$lib/scoring/model';
import { protectedNumbers } from '$lib/summary/protect';
import * as rounds from '../rounds';
import type { Store, StoredResponse } from '../store';

/** Midnight (UTC) at the start of `now`'s day: the peer comparison's snapshot is taken there. */
export function snapshotTime(now: Date): Date {
	return new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate()));
}

/**
 * The responses other municipalities are compared with: to the same questionnaire, given by
 * municipal staff through their municipality's invitation link (`verified`, so the municipality
 * is the invitation's, not a claim), and stored before today's snapshot time. Nothing sent today
 * counts, so no submission can move the numbers it is shown, nor probe them by answering again
 * and again: an anonymous answer as a made-up or borrowed municipality is never among them, and
 * the set changes only once a day, by verified answers alone.
 */
export async function peerResponses(
	store: Store,
	surveyId: string,
	now: Date
): Promise<StoredResponse[]> {
	const before = snapshotTime(now).toISOString();
	// Read from the store a batch at a time (on PostgreSQL the audience and time are SQL), and
	// only the peers kept: not every response of the questionnaire held at once.
	const selection = await store.responses.select({
		surveyId,
		filters: { audience: 'municipal', to: before }
	});
	const peers: StoredResponse[] = [];
	for await (const r of selection) {
		if (
			r.verified === true &&
			r.audience === 'municipal' &&
			r.municipality !== null &&
			isRegistered(r.municipality) &&
			r.submittedAt < before
		)
			peers.push(r);
	}
	return peers;
}

/**
 * What the comparison with other municipalities reads of the peers: each municipality's latest
 * peer response (`latestPerMunicipality`, which `compareWithOthers` takes again, leaving out
 * the respondent's own). Kept per store, questionnaire and snapshot day until a deletion is heard
 * of (`removals`): the peers are answers stored before today's snapshot, so what arrives today
 * does not change them, and reading them (every municipal answer to the questionnaire, through a
 * cursor on PostgreSQL) was most of a scored submission's time there. Responses are added with
 * an earlier date only by `import`, which the app does into a stopped or empty store (seeding,
 * `migrate-store`), never into a running one.
 */
const peerCache = new WeakMap<Store, Map<string, { removals: number; peers: StoredResponse[] }>>();

export async function latestPeers(
	store: Store,
	surveyId: string,
	now: Date
): Promise<StoredResponse[]> {
	const key = `${surveyId}\u0001${snapshotTime(now).toISOString()}`;
	const removals = store.responses.removals;
	let cache = peerCache.get(store);
	if (!cache) peerCache.set(store, (cache = new Map()));
	const kept = cache.get(key);
	if (kept && kept.removals === removals) return kept.peers;
	const peers = latestPerMunicipality(await peerResponses(store, surveyId, now), null);
	// One day per questionnaire: today's replaces yesterday's.
	for (const k of cache.keys()) if (k.startsWith(`${surveyId}\u0001`)) cache.delete(k);
	cache.set(key, { removals, peers });
	return peers;
}

/**
 * The feedback for a stored response, or undefined when its questionnaire is not scored. The
 * response is scored with the version it answered, and so are the other municipalities'
 * responses it is compared with, so the numbers side by side are measured the same way.
 *
 * Only a verified response has its own municipality left out of the comparison: leaving out
 * whatever municipality an anonymous answer claims would let anyone remove a municipality from
 * "the others" and read it off the difference. An unverified respondent is compared with every
 * verified municipality in the snapshot.
 *
 * The comparison is public (anyone who answers sees it), so its numbers are protected too: the
 * count of other municipalities perturbed and the medians given noise (scoring/feedback.ts).
 * So is the comparison with the municipality's own earlier round (`earlierRound`).
 */
export async function profileFor(
	store: Store,
	survey: SurveyVersion,
	response: StoredResponse,
	now: Date = new Date()
): Promise<FeedbackProfile | undefined> {
	const model = survey.scoring;
	const { definition } = survey;
	if (!model) return undefined;
	const peers = await latestPeers(store, definition.id, now);
	const round =
		response.roundId === rounds.DEFAULT_ROUND ? undefined : rounds.byId(store, response.roundId);
	return {
		...feedbackProfile(
			model,
			response.answers,
			response.verified === true ? response.municipality : null,
			peers,
			protectedNumbers(MIN_OTHER_MUNICIPALITIES)
		),
		about: {
			municipality: response.municipality,
			submittedAt: response.submittedAt,
			round: round?.name ?? null
		},
		earlier: await earlierRound(store, model, response)
	};
}

/**
 * The respondent's municipality in the most recent round of the questionnaire that had closed
 * when the answer was sent (not the answer's own round), with at least MIN_OTHER_MUNICIPALITIES
 * verified answers from that municipality (through its invitation, so none can have been made
 * up to steer the median onto one real answer): their median, protected like the other
 * municipalities'.
 *
 * Why a closed round and a group: the page is public and the municipality is whatever the
 * respondent says it is, so it must show nothing a person from another municipality should not
 * see. A closed round no longer changes, so answering again gives the same numbers (nothing to
 * subtract); a group of at least 5 with noise never shows one person's earlier assessment.
 * A round with fewer is passed over, as the dashboards leave such groups out.
 */
async function earlierRound(
	store: Store,
	model: ScoringModel,
	response: StoredResponse
): Promise<EarlierComparison | null> {
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
		// The round's answers from the municipality, read from the store (SQL on PostgreSQL).
		const selection = await store.responses.select({
			surveyId: response.surveyId,
			filters: { round: round.id, municipality }
		});
		const group: ComparableResponse[] = [];
		for await (const r of selection) if (r.verified === true) group.push(r);
		const comparison = compareWithEarlier(model, group, MIN_OTHER_MUNICIPALITIES, disclosure);
		if (comparison) return { ...comparison, round: round.name, closesAt: round.closesAt };
	}
	return null;
}
