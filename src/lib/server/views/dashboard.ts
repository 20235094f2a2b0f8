import { localized } from '$lib/definitions/analyse';
import { matchesFilters, type ResponseFilters } from '$lib/filters';
import type { Locale } from '$lib/i18n/locales';
import { translate } from '$lib/i18n/messages';
import { groupBy } from '$lib/numbers';
import {
	evaluationByGroup,
	maturityByGroup,
	rankBarriers,
	withRoundChanges,
	type BarrierRow,
	type EvaluationGroup,
	type MaturityGroup
} from '$lib/summary/programme';
import { protect } from '$lib/summary/protect';
import { summarise, type Summary } from '$lib/summary/summarise';
import type { AppContext } from '../app/context';
import * as rounds from '../rounds';
import type { StoredResponse } from '../store';

export const groupings = ['round', 'audience', 'municipality'] as const;
export type GroupBy = (typeof groupings)[number];

export interface Group {
	key: string;
	label: string;
	summary: Summary;
}

export interface DashboardData {
	surveyId: string;
	title: string;
	kind: string;
	minGroup: number;
	summary: Summary;
	groups: Group[] | null;
	choices: {
		rounds: { id: string; label: string }[];
		municipalities: string[];
		versions: string[];
	};
	barriers: {
		all: BarrierRow[];
		byAudience: { key: string; label: string; rows: BarrierRow[] }[];
	} | null;
	maturity: {
		byMunicipality: MaturityGroup[];
		byRound: MaturityGroup[];
		roundLabels: Record<string, string>;
	} | null;
	evaluation: { groups: (EvaluationGroup & { label: string })[] } | null;
}

/**
 * Finished views, kept until a new response arrives (the count of stored responses is part of
 * the key), so a leader clicking between tabs and a dashboard reloaded by many do not recount.
 */
const cache = new Map<string, DashboardData>();
const CACHE_SIZE = 32;

function roundOrder(ctx: AppContext, surveyId: string, locale: Locale) {
	const list = rounds.list(ctx.store, surveyId);
	return [
		{ id: rounds.DEFAULT_ROUND, label: translate(locale, 'rounds.defaultRound') },
		...list.map((r) => ({ id: r.id, label: r.name }))
	];
}

export function dashboardData(
	ctx: AppContext,
	surveyId: string,
	filters: ResponseFilters,
	compareBy: GroupBy | null,
	canReadTexts: boolean,
	locale: Locale
): DashboardData | null {
	const survey = ctx.surveys.get(surveyId);
	if (!survey) return null;
	const { definition } = survey;
	const key = JSON.stringify([
		surveyId,
		definition.version,
		filters,
		compareBy,
		canReadTexts,
		locale,
		ctx.store.responses.generation,
		ctx.store.rounds.size
	]);
	const cached = cache.get(key);
	if (cached) return cached;

	const minGroup = ctx.config.minGroupSize;
	const plan = survey.summaryPlan;
	const all: StoredResponse[] = [];
	const municipalities = new Set<string>();
	const versions = new Set<string>();
	for (const r of ctx.store.responses.responses()) {
		if (r.surveyId !== surveyId) continue;
		if (r.municipality) municipalities.add(r.municipality);
		versions.add(r.surveyVersion);
		if (matchesFilters(r, filters)) all.push(r);
	}
	const roundList = roundOrder(ctx, surveyId, locale);
	const view = (responses: StoredResponse[]) =>
		protect(summarise(plan, responses, { includeTexts: canReadTexts }), minGroup, canReadTexts);
	const summary = view(all);

	const labelFor = (by: GroupBy, value: string) =>
		by === 'round'
			? (roundList.find((r) => r.id === value)?.label ?? value)
			: by === 'audience'
				? translate(locale, `audience.${value as 'citizen'}`)
				: value;
	let groups: Group[] | null = null;
	if (compareBy) {
		const byKey = groupBy(all, (r) =>
			compareBy === 'round'
				? r.roundId
				: compareBy === 'audience'
					? (r.audience ?? '–')
					: (r.municipality ?? '–')
		);
		const order = compareBy === 'round' ? roundList.map((r) => r.id) : [...byKey.keys()].sort();
		groups = order
			.filter((k) => byKey.has(k))
			.map((k) => ({ key: k, label: labelFor(compareBy, k), summary: view(byKey.get(k)!) }));
	}

	let barriers: DashboardData['barriers'] = null;
	let maturity: DashboardData['maturity'] = null;
	let evaluation: DashboardData['evaluation'] = null;
	if (definition.meta.kind === 'barriers') {
		const audiences = [...new Set(all.map((r) => r.audience ?? '–'))].sort();
		barriers = {
			all: rankBarriers(summary),
			byAudience: audiences.map((a) => ({
				key: a,
				label: labelFor('audience', a),
				rows: rankBarriers(view(all.filter((r) => (r.audience ?? '–') === a)))
			}))
		};
	}
	if (definition.meta.kind === 'maturity') {
		const scoring = survey.scoring;
		if (scoring) {
			maturity = {
				byMunicipality: withRoundChanges(
					maturityByGroup(
						scoring,
						all,
						(r) => `${r.municipality ?? '–'}|${(r as StoredResponse).roundId}`,
						minGroup
					),
					roundList.map((r) => r.id)
				),
				byRound: maturityByGroup(scoring, all, (r) => (r as StoredResponse).roundId, minGroup),
				roundLabels: Object.fromEntries(roundList.map((r) => [r.id, r.label]))
			};
		}
	}
	// The follow-up asks the same `activity`, so what came of an activity reads per activity and
	// round just as the evaluation right after it does.
	if (definition.meta.kind === 'method-evaluation' || definition.meta.kind === 'method-follow-up') {
		const groupsOf = evaluationByGroup(
			summary.questions,
			all,
			(r) => `${String(r.answers.activity ?? '–')}|${(r as StoredResponse).roundId}`,
			minGroup
		);
		const activity = plan.questions.find((q) => q.name === 'activity');
		evaluation = {
			groups: groupsOf.map((g) => {
				const [act, round] = g.key.split('|');
				const actLabel =
					activity?.options.find((o) => String(o.value) === act)?.label[locale] ?? act;
				return { ...g, label: `${actLabel} – ${labelFor('round', round)}` };
			})
		};
	}

	const data: DashboardData = {
		surveyId,
		title: localized(definition.title, locale),
		kind: definition.meta.kind,
		minGroup,
		summary,
		groups,
		choices: {
			rounds: roundList,
			municipalities: [...municipalities].sort(),
			versions: [...versions]
		},
		barriers,
		maturity,
		evaluation
	};
	cache.set(key, data);
	if (cache.size > CACHE_SIZE) cache.delete(cache.keys().next().value!);
	return data;
}
