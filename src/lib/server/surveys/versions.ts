import { breakingChanges, type BreakingChange } from '$lib/definitions/comparability';
import { diffDefinitions, type DefinitionDiff } from '$lib/definitions/diff';
import type { Store } from '../store';
import type { SurveyRegistry } from './registry';

/** Records when a version was first served (once per version). */
export async function noteVersion(store: Store, surveyId: string, version: string): Promise<void> {
	if (store.versions.has(surveyId, version)) return;
	await store.versions.add({ surveyId, version, firstSeenAt: new Date().toISOString() });
}

export interface VersionSummary {
	version: string;
	firstSeenAt: string | null;
	current: boolean;
	responses: number;
	firstAnsweredAt: string | null;
	lastAnsweredAt: string | null;
	/** Against the version before it; null for the first. */
	changes: DefinitionDiff | null;
	/** What in it breaks comparison with the version before (comparability.ts); null for the first. */
	breaking: BreakingChange[] | null;
	/** Why it was published with breaking changes, as confirmed in the designer. */
	reason: string | null;
}

/** Every version of a questionnaire ever served, oldest first, with its responses and changes. */
export async function listVersions(
	store: Store,
	surveys: SurveyRegistry,
	surveyId: string
): Promise<VersionSummary[]> {
	const seen = new Map(store.versions.of(surveyId).map((v) => [v.version, v.firstSeenAt]));
	for (const version of await store.definitions.versions(surveyId))
		if (!seen.has(version)) seen.set(version, '');
	const stats = new Map<string, { n: number; first: string; last: string }>();
	for await (const r of await store.responses.select({ surveyId })) {
		const s = stats.get(r.surveyVersion);
		if (!s) stats.set(r.surveyVersion, { n: 1, first: r.submittedAt, last: r.submittedAt });
		else {
			// Imported responses keep their own times and need not come in time order.
			s.n++;
			if (r.submittedAt < s.first) s.first = r.submittedAt;
			if (r.submittedAt > s.last) s.last = r.submittedAt;
		}
	}
	const ordered = [...seen.entries()].sort((a, b) => (a[1] || '9').localeCompare(b[1] || '9'));
	const current = surveys.get(surveyId)?.definition.version;
	const reasons = new Map(
		(store.questionnaires.get(surveyId)?.published ?? []).map((p) => [p.version, p.reason])
	);
	const out: VersionSummary[] = [];
	let previous: Record<string, unknown> | undefined;
	for (const [version, firstSeenAt] of ordered) {
		const json = await store.definitions.read(surveyId, version);
		const s = stats.get(version);
		out.push({
			version,
			firstSeenAt: firstSeenAt || null,
			current: version === current,
			responses: s?.n ?? 0,
			firstAnsweredAt: s?.first ?? null,
			lastAnsweredAt: s?.last ?? null,
			changes: previous && json ? diffDefinitions(previous, json) : null,
			breaking: previous && json ? breakingChanges(previous, json) : null,
			reason: reasons.get(version) ?? null
		});
		if (json) previous = json;
	}
	return out;
}
