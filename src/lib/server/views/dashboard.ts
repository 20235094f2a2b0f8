import { localized } from '$lib/definitions/analyse';
import { matchesFilters, type ResponseFilters } from '$lib/filters';
import type { Locale } from '$lib/i18n/locales';
import { translate } from '$lib/i18n/messages';
import { groupBy } from '$lib/numbers';
import { municipalityName } from '$lib/respondents';
import {
	evaluationByGroup,
	maturityByGroup,
	rankBarriers,
	withRoundChanges,
	type BarrierRow,
	type EvaluationGroup,
	type MaturityGroup
} from '$lib/summary/programme';
import { cellOf } from '$lib/summary/cell-key';
import { exactNumbers, protectedNumbers, type Disclosure } from '$lib/summary/protect';
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
	/** True when every number is perturbed (leaders, printouts, researchers who ask for it). */
	protected: boolean;
	/** Compare groups left out because they are smaller than `minGroup` (protected only). */
	groupsLeftOut: number;
	summary: Summary;
	groups: Group[] | null;
	choices: {
		rounds: { id: string; label: string }[];
		/** Ids are the stored slugs; labels the register's names (an unknown slug as itself). */
		municipalities: { id: string; label: string }[];
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
const collator = new Intl.Collator('nb');
const CACHE_SIZE = 32;

function roundOrder(ctx: AppContext, surveyId: string, locale: Locale) {
	const list = rounds.list(ctx.store, surveyId);
	return [
		{ id: rounds.DEFAULT_ROUND, label: translate(locale, 'rounds.defaultRound') },
		...list.map((r) => ({ id: r.id, label: r.name }))
	];
}

/**
 * How numbers are shown: exact for those who may read the raw responses (researchers), who may
 * still ask for the protected numbers (to print or share a view); protected for everyone else.
 * Either way a view, group or question of fewer than MIN_GROUP_SIZE shows no numbers.
 */
export function disclosureFor(ctx: AppContext, protect: boolean): Disclosure {
	const minGroup = ctx.config.minGroupSize;
	return protect ? protectedNumbers(minGroup) : exactNumbers(minGroup);
}

/**
 * How many responses a questionnaire has, as the workspace's overview shows it: exact, or
 * (protected) the perturbed count of the same cell the dashboard's total is, so the two agree.
 */
export function responseCounts(ctx: AppContext, protect: boolean): Map<string, number> {
	const bySurvey = groupBy(ctx.store.responses.responses(), (r) => r.surveyId);
	const d = disclosureFor(ctx, protect);
	return new Map([...bySurvey].map(([id, list]) => [id, d.value(cellOf(list))]));
}

export function dashboardData(
	ctx: AppContext,
	surveyId: string,
	filters: ResponseFilters,
	compareBy: GroupBy | null,
	canReadTexts: boolean,
	locale: Locale,
	protect = !canReadTexts
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
		protect,
		ctx.store.responses.generation,
		ctx.store.rounds.size
	]);
	const cached = cache.get(key);
	if (cached) return cached;

	const minGroup = ctx.config.minGroupSize;
	const disclosure = disclosureFor(ctx, protect);
	const plan = survey.summaryPlan;
	const all: StoredResponse[] = [];
	const byMunicipality = new Map<string, StoredResponse[]>();
	const versions = new Set<string>();
	for (const r of ctx.store.responses.responses()) {
		if (r.surveyId !== surveyId) continue;
		if (r.municipality) {
			const list = byMunicipality.get(r.municipality);
			if (list) list.push(r);
			else byMunicipality.set(r.municipality, [r]);
		}
		versions.add(r.surveyVersion);
		if (matchesFilters(r, filters)) all.push(r);
	}
	// Protected, a municipality is offered as a filter only if it would show numbers: the list
	// itself would otherwise say that someone from a small municipality answered.
	const municipalities = [...byMunicipality]
		.filter(
			([m, list]) => !protect || disclosure.allows(cellOf(list)) || m === filters.municipality
		)
		.map(([m]) => ({ id: m, label: municipalityName(m, locale) }));
	const roundList = roundOrder(ctx, surveyId, locale);
	const view = (responses: StoredResponse[]) =>
		summarise(plan, responses, { includeTexts: canReadTexts, disclosure });
	const summary = view(all);
	// Groups of the page (compare groups, audiences of the barrier ranking) are views within it:
	// their noise is redrawn whenever anyone joins the page (summarise's `within`).
	const page = cellOf(all).key;
	const groupView = (responses: StoredResponse[]) =>
		summarise(plan, responses, { includeTexts: canReadTexts, disclosure, within: page });

	const labelFor = (by: GroupBy, value: string) =>
		by === 'round'
			? (roundList.find((r) => r.id === value)?.label ?? value)
			: by === 'audience'
				? translate(locale, `audience.${value as 'citizen'}`)
				: municipalityName(value);
	let groups: Group[] | null = null;
	let groupsLeftOut = 0;
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
			.map((k) => ({ key: k, label: labelFor(compareBy, k), summary: groupView(byKey.get(k)!) }));
		if (protect) {
			// A column of hidden marks would still say the group exists (that someone from a small
			// municipality answered); protected, such groups are left out and counted.
			const shown = groups.filter((g) => !g.summary.suppressed);
			groupsLeftOut = groups.length - shown.length;
			groups = shown;
		}
	}

	// Protected, programme groups below the limit are left out too, as compare groups are: a
	// row of marks for "gjesdal – round 2" would still say someone there answered.
	const keep = <T extends { suppressed: boolean }>(list: T[]): T[] => {
		if (!protect) return list;
		const kept = list.filter((g) => !g.suppressed);
		groupsLeftOut += list.length - kept.length;
		return kept;
	};
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
				rows: rankBarriers(groupView(all.filter((r) => (r.audience ?? '–') === a)))
			}))
		};
	}
	if (definition.meta.kind === 'maturity') {
		const scoring = survey.scoring;
		if (scoring) {
			maturity = {
				byMunicipality: keep(
					withRoundChanges(
						maturityByGroup(
							scoring,
							all,
							(r) => `${r.municipality ?? '–'}|${(r as StoredResponse).roundId}`,
							minGroup,
							disclosure
						),
						roundList.map((r) => r.id)
					)
				),
				byRound: keep(
					maturityByGroup(scoring, all, (r) => (r as StoredResponse).roundId, minGroup, disclosure)
				),
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
			minGroup,
			disclosure
		);
		const activity = plan.questions.find((q) => q.name === 'activity');
		evaluation = {
			groups: keep(groupsOf).map((g) => {
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
		protected: protect,
		groupsLeftOut,
		summary,
		groups,
		choices: {
			rounds: roundList,
			municipalities: municipalities.sort((a, b) => collator.compare(a.label, b.label)),
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
