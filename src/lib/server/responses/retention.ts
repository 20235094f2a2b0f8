import * as audit from '../app/audit';
import type { Store, StoredResponse } from '../store';
import type { SurveyRegistry } from '../surveys/registry';

const DAY = 86_400_000;

/**
 * The responses past their questionnaire's retention period: submitted more than `retentionDays`
 * days before `now`. A questionnaire without `odb.retentionDays`, or no longer in the folder
 * (so its period is unknown), keeps its responses: deleting on a guess cannot be undone.
 */
export function expiredResponses(
	responses: readonly StoredResponse[],
	retentionDays: (surveyId: string) => number | undefined,
	now: Date
): StoredResponse[] {
	return responses.filter((r) => {
		const days = retentionDays(r.surveyId);
		if (days === undefined) return false;
		const submitted = Date.parse(r.submittedAt);
		return Number.isFinite(submitted) && submitted < now.getTime() - days * DAY;
	});
}

/**
 * Deletes every response past its retention period and records one audit entry per
 * questionnaire with the count (never ids or answers). Returns the counts.
 */
export async function sweep(
	store: Store,
	surveys: SurveyRegistry,
	now: Date = new Date()
): Promise<Map<string, number>> {
	const retentionDays = (id: string) => surveys.get(id)?.definition.meta.retentionDays;
	// Per questionnaire with a period, the responses submitted before its cut-off, read through a
	// selection (store/selection.ts: on PostgreSQL a cursor, not every response in memory), and
	// each checked again as `expiredResponses` decides.
	const expired: StoredResponse[] = [];
	for (const survey of surveys.list()) {
		const days = retentionDays(survey.definition.id);
		if (days === undefined) continue;
		const cutoff = new Date(now.getTime() - days * DAY);
		if (!Number.isFinite(cutoff.getTime())) continue;
		const selection = await store.responses.select({
			surveyId: survey.definition.id,
			filters: { to: cutoff.toISOString() }
		});
		for await (const r of selection) expired.push(...expiredResponses([r], retentionDays, now));
	}
	const counts = new Map<string, number>();
	if (expired.length === 0) return counts;
	const deleted = await store.responses.delete(expired.map((r) => r.id));
	for (const record of deleted) counts.set(record.surveyId, (counts.get(record.surveyId) ?? 0) + 1);
	for (const [surveyId, count] of counts) {
		await audit.record(store, 'system', 'retentionDeleted', surveyId, {
			count,
			retentionDays: surveys.get(surveyId)?.definition.meta.retentionDays ?? null
		});
		console.log(
			`[retention] deleted ${count} responses to ${surveyId} past their retention period`
		);
	}
	return counts;
}
