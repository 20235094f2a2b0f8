import { localized } from '$lib/definitions/analyse';
import { notWholeDays, stratumMatches, type ResponseFilters } from '$lib/filters';
import type { Locale } from '$lib/i18n/locales';
import { translate } from '$lib/i18n/messages';
import { municipalityName } from '$lib/respondents';
import {
	evaluationByGroup,
	evaluationOfTallies,
	maturityByGroup,
	maturityOfTallies,
	rankBarriers,
	withRoundChanges,
	type BarrierRow,
	type EvaluationGroup,
	type MaturityGroup
} from '$lib/summary/programme';
import { emptyCell, KEY_RANGE, type Cell } from '$lib/summary/cell-key';
import {
	areaBreaks,
	areaChanges,
	correctTogether,
	roundChanges,
	sameDefinition,
	whatChanged,
	type AreaBreak,
	type RoundChange,
	type SeriesBreak
} from '$lib/summary/changes';
import { exactNumbers, protectedNumbers, type Disclosure } from '$lib/summary/protect';
import {
	activityOf,
	evaluationTallies,
	maturityTallies,
	summariseStrata,
	type Stratum
} from '$lib/summary/strata';
import type { ScoringModel } from '$lib/scoring/model';
import { summarise, type Summary } from '$lib/summary/summarise';
import type { AppContext } from '../app/context';
import * as rounds from '../rounds';
import type { StoredResponse } from '../store';
import { strataOf } from './summary-index';

export const groupings = ['round', 'audience', 'municipality'] as const;
export type GroupBy = (typeof groupings)[number];
/** What the rounds can be compared within, each part side by side (`?within=`). */
export const withinGroupings = ['municipality', 'audience'] as const;
export type WithinBy = (typeof withinGroupings)[number];

export interface Group {
	key: string;
	label: string;
	summary: Summary;
}

/** A round as the dashboard lists it: dated rounds by their opening, oldest first. */
export interface RoundChoice {
	id: string;
	label: string;
	opensAt: string | null;
	/**
	 * A dated round is in the series of rounds: it has a previous one (the dated round opened
	 * before it) and changes from it. The always-open default round and rounds without an
	 * opening date mix every time and activity, and are nobody's previous round.
	 */
	dated: boolean;
}

/** The headline of the page: what changed since the previous round. */
export interface Headline {
	from: string;
	to: string;
	fromLabel: string;
	toLabel: string;
	/** The largest significant changes (after Holm), largest effect first. */
	significant: RoundChange[];
	/** The largest changes that are not significant (at least a small effect), at most two. */
	notSignificant: RoundChange[];
	/** How many changes into the latest round are significant (the list shows at most five). */
	significantCount: number;
	/** How many comparisons between these two rounds were made. */
	tested: number;
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
	/**
	 * Every change between consecutive dated rounds in the view (changes.ts): `change`, `ci95`,
	 * `p`, Holm's `pAdjusted` over this list, and `significant`.
	 */
	changes: RoundChange[];
	/**
	 * The method evaluation's and follow-up's changes within each activity (`within`), Holm-
	 * corrected together with `changes`; empty for other questionnaires.
	 */
	withinChanges: RoundChange[];
	/**
	 * Rounds compared within each municipality or audience of the view (`?within=`), null when
	 * not asked for. Each part's changes between consecutive dated rounds are in `withinChanges`
	 * (`within.by` is `by`), Holm-corrected together with the page's other changes. `tooFew`
	 * names the part's dated rounds too small to show (under `minGroup`): none of their changes
	 * is tested. Protected, a part too small in the whole view is left out (`groupsLeftOut`), as
	 * compare groups are.
	 */
	within: {
		by: WithinBy;
		parts: { value: string; label: string; tooFew: string[]; changes: number }[];
	} | null;
	/**
	 * The maturity questionnaire's area (dimension) mean scores between consecutive dated rounds
	 * (`question` is MATURITY_AREAS, `item` the area's code), Holm-corrected together with
	 * `changes`; empty for other questionnaires.
	 */
	areaChanges: RoundChange[];
	/** Questions whose definition changed between two consecutive rounds: no change there. */
	breaks: SeriesBreak[];
	/** Maturity areas with such a question between two rounds: no area change there either. */
	areaBreaks: AreaBreak[];
	headline: Headline | null;
	choices: {
		rounds: RoundChoice[];
		/** Ids are the stored slugs; labels the register's names (an unknown slug as itself). */
		municipalities: { id: string; label: string }[];
		versions: string[];
	};
	barriers: {
		all: BarrierRow[];
		byAudience: { key: string; label: string; rows: BarrierRow[] }[];
	} | null;
	maturity: {
		byMunicipality: (MaturityGroup & { label: string })[];
		byRound: (MaturityGroup & { label: string })[];
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
/** Summaries of views and groups, shared by the pages they are on (see `summaryOf`). */
const summaries = new Map<string, Summary>();
const SUMMARIES_KEPT = 64;

/**
 * The rounds in time order: dated rounds by their opening, then rounds without an opening date
 * (by when they were made), then the always-open default round.
 */
function roundOrder(ctx: AppContext, surveyId: string, locale: Locale): RoundChoice[] {
	const list = rounds.list(ctx.store, surveyId);
	const choice = (r: (typeof list)[number]): RoundChoice => ({
		id: r.id,
		label: r.name,
		opensAt: r.opensAt,
		dated: r.opensAt !== null
	});
	return [
		...list
			.filter((r) => r.opensAt)
			.sort((a, b) => Date.parse(a.opensAt!) - Date.parse(b.opensAt!))
			.map(choice),
		...list.filter((r) => !r.opensAt).map(choice),
		{
			id: rounds.DEFAULT_ROUND,
			label: translate(locale, 'rounds.defaultRound'),
			opensAt: null,
			dated: false
		}
	];
}

/**
 * Where the series of rounds cannot be drawn through: a question asked differently (type,
 * choice or scale codes, rows: changes.ts, sameDefinition) by a version used in one round and a
 * version used in the next. Every version the responses used is in memory by now
 * (`dashboardData` reads the archived ones first); one that cannot be read (a removed archive)
 * cannot be compared and is passed over.
 */
function seriesBreaks(
	ctx: AppContext,
	surveyId: string,
	series: { key: string; versions: Set<string> }[]
): SeriesBreak[] {
	const breaks: SeriesBreak[] = [];
	const plans = (versions: Set<string>) =>
		[...versions].flatMap((v) => {
			const loaded = ctx.surveys.loadedVersion(surveyId, v);
			return loaded ? [loaded.summaryPlan] : [];
		});
	for (let i = 1; i < series.length; i++) {
		const before = plans(series[i - 1].versions);
		const after = plans(series[i].versions);
		const all = [...before, ...after];
		if (all.length < 2) continue;
		const names = new Set(all.flatMap((p) => p.questions.map((q) => q.name)));
		for (const name of names) {
			const definitions = all.map((p) => p.questions.find((q) => q.name === name));
			const first = definitions.find((d) => d !== undefined)!;
			if (definitions.some((d) => d && !sameDefinition(first, d)))
				breaks.push({ question: name, from: series[i - 1].key, to: series[i].key });
		}
	}
	return breaks;
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
export async function responseCounts(
	ctx: AppContext,
	protect: boolean
): Promise<Map<string, number>> {
	// The questionnaire's cell is the sum of its rounds' (counts and keys mod 2³² add up).
	const bySurvey = new Map<string, Cell>();
	for (const { surveyId, count, key } of await ctx.store.responses.roundCells()) {
		const cell = bySurvey.get(surveyId);
		if (cell) addCell(cell, { count, key });
		else bySurvey.set(surveyId, { count, key });
	}
	const d = disclosureFor(ctx, protect);
	return new Map([...bySurvey].map(([id, cell]) => [id, d.value(cell)]));
}

/** What a page's groups are made by: a response's or a stratum's round, audience, municipality. */
interface Facets {
	roundId: string;
	audience: string | null;
	municipality: string | null;
}

/** A part of a page (a stratum, or one response): what it is grouped by, and its cell. */
interface Part extends Facets {
	surveyVersion: string;
	cell: Cell;
}

const addCell = (into: Cell, from: Cell) => {
	into.count += from.count;
	into.key = (into.key + from.key) % KEY_RANGE;
};

/** The group a response (or stratum) is in when grouped `by`; "–" where not stated. */
function facet(by: GroupBy, r: Facets): string {
	return by === 'round'
		? r.roundId
		: by === 'audience'
			? (r.audience ?? '–')
			: (r.municipality ?? '–');
}

/**
 * The dashboard of a questionnaire for these filters and this comparison, or null for an unknown
 * questionnaire. The series breaks compare the definitions of every version the rounds were
 * answered on; after a restart only the current version is in memory, so the older ones are read
 * from the archive first (once: the registry keeps them). Without that, a break between two
 * rounds answered on different versions went unseen and their change was computed.
 */
export async function dashboardData(
	ctx: AppContext,
	surveyId: string,
	filters: ResponseFilters,
	compareBy: GroupBy | null,
	canReadTexts: boolean,
	locale: Locale,
	protect = !canReadTexts,
	within: WithinBy | null = null
): Promise<DashboardData | null> {
	const survey = ctx.surveys.get(surveyId);
	if (!survey) return null;
	// Read first: responses arriving while the strata are read (below) may or may not be in the
	// page, so it is kept under the generation before them, which the next request has moved past.
	const generation = ctx.store.responses.generation;
	// The strata (brought up to date from the store: summary-index.ts) of all days, and by day
	// when the view is filtered by days; filters to the second (researchers only), which strata
	// of whole days cannot serve, read the view's responses instead.
	const plan = survey.summaryPlan;
	const coarse = await strataOf(ctx.store, surveyId, plan, survey.scoring, false);
	const whole = notWholeDays(filters) === null;
	const byDay = filters.from !== undefined || filters.to !== undefined;
	const view: ViewSource = {
		generation,
		every: coarse,
		strata: whole
			? byDay
				? await strataOf(ctx.store, surveyId, plan, survey.scoring, true)
				: coarse
			: null,
		responses:
			!whole || ratedFromResponses(survey.definition.meta.kind, coarse)
				? await selected(ctx, surveyId, filters)
				: null
	};
	const used = new Set(coarse.map((s) => s.surveyVersion));
	await Promise.all(
		[...used]
			.filter((v) => !ctx.surveys.loadedVersion(surveyId, v))
			.map((v) => ctx.surveys.version(surveyId, v))
	);
	return buildDashboard(
		ctx,
		surveyId,
		filters,
		compareBy,
		canReadTexts,
		locale,
		protect,
		within,
		view
	);
}

/** What a dashboard is made from (`dashboardData` reads it from the store). */
interface ViewSource {
	/** The store's generation before anything was read: what the page is kept under. */
	generation: number;
	/** The questionnaire's strata of all days: every response, whatever the filters. */
	every: Stratum[];
	/** The strata the view is chosen from (by day when filtered by days); null: to the second. */
	strata: Stratum[] | null;
	/** The view's responses, in arrival order, when the filters are to the second. */
	responses: StoredResponse[] | null;
}

/**
 * Whether the method evaluation's (follow-up's) activity × round table must be read from the
 * responses: its strata keep the rated items only when it asks for the activity as a choice
 * (strata.ts); one designed without that question has none.
 */
function ratedFromResponses(kind: string | undefined, strata: readonly Stratum[]): boolean {
	return (
		(kind === 'method-evaluation' || kind === 'method-follow-up') &&
		strata.some((s) => s.evaluation === null)
	);
}

/** The responses that match `filters`, read through the store's selection (a cursor). */
async function selected(
	ctx: AppContext,
	surveyId: string,
	filters: ResponseFilters
): Promise<StoredResponse[]> {
	const selection = await ctx.store.responses.select({ surveyId, filters });
	const list: StoredResponse[] = [];
	for await (const r of selection) list.push(r);
	return list;
}

function buildDashboard(
	ctx: AppContext,
	surveyId: string,
	filters: ResponseFilters,
	compareBy: GroupBy | null,
	canReadTexts: boolean,
	locale: Locale,
	protect: boolean,
	withinBy: WithinBy | null,
	source: ViewSource
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
		withinBy,
		source.generation,
		ctx.store.rounds.size
	]);
	const cached = cache.get(key);
	if (cached) return cached;

	const minGroup = ctx.config.minGroupSize;
	const disclosure = disclosureFor(ctx, protect);
	const plan = survey.summaryPlan;
	// The page and its groups are summarised from the questionnaire's strata (summary/strata.ts:
	// the same numbers as a pass over the responses, without one) unless the filters are to the
	// second (researchers only), which strata of whole days cannot serve. Either way the page is
	// known by its parts: strata, or single responses.
	const strata = source.strata?.filter((s) => stratumMatches(s, filters)) ?? null;
	/** The responses in the view, in the store's order (only views to the second have them). */
	const viewResponses = (): StoredResponse[] => source.responses ?? [];
	const asPart = (r: StoredResponse): Part => ({
		roundId: r.roundId,
		audience: r.audience,
		municipality: r.municipality,
		surveyVersion: r.surveyVersion,
		cell: { count: 1, key: r.recordKey }
	});
	const stratumPart = (s: Stratum): Part => ({ ...s, cell: s.tally.all });
	const everyPart: Part[] = source.every.map(stratumPart);
	const parts: Part[] = strata ? strata.map(stratumPart) : viewResponses().map(asPart);
	const byMunicipality = new Map<string, Cell>();
	const versions = new Set<string>();
	for (const p of everyPart) {
		if (p.municipality) {
			const cell = byMunicipality.get(p.municipality);
			if (cell) addCell(cell, p.cell);
			else byMunicipality.set(p.municipality, { ...p.cell });
		}
		versions.add(p.surveyVersion);
	}
	// Protected, a municipality is offered as a filter only if it would show numbers: the list
	// itself would otherwise say that someone from a small municipality answered.
	const municipalities = [...byMunicipality]
		.filter(([m, cell]) => !protect || disclosure.allows(cell) || m === filters.municipality)
		.map(([m]) => ({ id: m, label: municipalityName(m, locale) }));
	const roundList = roundOrder(ctx, surveyId, locale);
	/**
	 * The summary of the responses of the view whose round, audience and municipality `pick`s,
	 * named `name` among the page's views. Kept across pages until a response arrives: the page
	 * compared by round and by audience share the page, its rounds and its audiences.
	 */
	/** A summary kept across pages until a response arrives, under `name` in this view. */
	const remembered = (name: unknown[], make: () => Summary): Summary => {
		const key = JSON.stringify([
			surveyId,
			definition.version,
			source.generation,
			filters,
			protect,
			canReadTexts,
			...name
		]);
		let done = summaries.get(key);
		if (!done) {
			done = make();
			summaries.set(key, done);
			if (summaries.size > SUMMARIES_KEPT) summaries.delete(summaries.keys().next().value!);
		}
		return done;
	};
	const summaryOf = (name: string, pick: (r: Facets) => boolean, within?: number): Summary =>
		remembered([name, within ?? null], () => {
			const options = { includeTexts: canReadTexts, disclosure, within };
			return strata
				? summariseStrata(plan, strata.filter(pick), options)
				: summarise(plan, viewResponses().filter(pick), options);
		});
	const summary = summaryOf('page', () => true);
	/**
	 * A dated round's responses to one activity (method evaluation, follow-up), as a group of the
	 * page (kept as summaryOf's are). The activity is a stratum dimension of questionnaires that
	 * ask it (summary/strata.ts), so this too is a merge of strata on whole-day views.
	 */
	const activityGroupOf = (roundId: string, value: string): Summary =>
		remembered([`round:${roundId}|activity:${value}`, 'activity'], () => {
			const options = { includeTexts: false, disclosure, within: page };
			return strata
				? summariseStrata(
						plan,
						strata.filter((s) => s.roundId === roundId && s.activity === value),
						options
					)
				: summarise(
						plan,
						viewResponses().filter((r) => r.roundId === roundId && activityOf(r.answers) === value),
						options
					);
		});
	// Groups of the page (compare groups, audiences of the barrier ranking) are views within it:
	// their noise is redrawn whenever anyone joins the page (summarise's `within`).
	const pageCell = emptyCell();
	for (const p of parts) addCell(pageCell, p.cell);
	const page = pageCell.key;
	const groupView = (by: GroupBy, value: string) =>
		summaryOf(`${by}:${value}`, (r) => facet(by, r) === value, page);

	// Labels, never codes: a response without an audience or municipality is "not stated".
	const labelFor = (by: GroupBy, value: string) =>
		value === '–'
			? translate(locale, 'dash.notStated')
			: by === 'round'
				? (roundList.find((r) => r.id === value)?.label ?? value)
				: by === 'audience'
					? translate(locale, `audience.${value as 'citizen'}`)
					: municipalityName(value, locale);

	// The rounds in the view, each summarised once as a group of the page: the series the
	// changes are tested on, and the groups of a comparison by round.
	const byRound = new Map<string, Set<string>>();
	for (const p of parts) {
		const versionsOfRound = byRound.get(p.roundId);
		if (versionsOfRound) versionsOfRound.add(p.surveyVersion);
		else byRound.set(p.roundId, new Set([p.surveyVersion]));
	}
	const dated = new Set(roundList.filter((r) => r.dated).map((r) => r.id));
	// Each round costs a pass over its responses: only when there is a series to test (two dated
	// rounds in the view) or rounds are compared.
	const datedInView = [...byRound.keys()].filter((k) => dated.has(k)).length;
	const roundGroups: Group[] =
		datedInView >= 2 || compareBy === 'round'
			? roundList
					.filter((r) => byRound.has(r.id))
					.map((r) => ({ key: r.id, label: r.label, summary: groupView('round', r.id) }))
			: [];
	const series = roundGroups.filter((g) => dated.has(g.key));
	const breaks = seriesBreaks(
		ctx,
		surveyId,
		series.map((g) => ({
			key: g.key,
			versions: byRound.get(g.key)!
		}))
	);
	const wholeChanges = series.length > 1 ? roundChanges(series, breaks) : [];
	// The method evaluation and its follow-up run different activities in every round: a change
	// of the whole round mixes them, so each activity's rounds are compared too (within the
	// activity): the activity is a stratum dimension, so these are merges of strata too.
	const activity = plan.questions.find((q) => q.name === 'activity');
	const byActivity: RoundChange[] = [];
	if (
		series.length > 1 &&
		activity &&
		(definition.meta.kind === 'method-evaluation' || definition.meta.kind === 'method-follow-up')
	) {
		for (const option of activity.options) {
			const value = String(option.value);
			const parts = series.map((g) => ({
				key: g.key,
				label: g.label,
				summary: activityGroupOf(g.key, value)
			}));
			const within = { by: 'activity' as const, value, label: option.label[locale] };
			for (const c of roundChanges(parts, breaks)) byActivity.push({ ...c, within });
		}
	}
	// Rounds within each municipality (audience), side by side: each part's dated rounds are
	// groups of the page (their noise drawn within it, as compare groups'), compared as the
	// whole view's rounds are. Parts in label order, so their changes read in that order too.
	const byPart: RoundChange[] = [];
	let withinLeftOut = 0;
	let withinView: DashboardData['within'] = null;
	if (withinBy) {
		const listed: NonNullable<DashboardData['within']>['parts'] = [];
		const values = [...new Set(parts.map((p) => facet(withinBy, p)))]
			.map((value) => ({ value, label: labelFor(withinBy, value) }))
			.sort((a, b) => collator.compare(a.label, b.label));
		for (const { value, label } of values) {
			const cell = emptyCell();
			for (const p of parts) if (facet(withinBy, p) === value) addCell(cell, p.cell);
			// A part too small in the whole view would still say that someone there answered.
			if (protect && !disclosure.allows(cell)) {
				withinLeftOut++;
				continue;
			}
			const partRounds = series.map((g) => ({
				key: g.key,
				label: g.label,
				summary: summaryOf(
					`round:${g.key}|${withinBy}:${value}`,
					(r) => r.roundId === g.key && facet(withinBy, r) === value,
					page
				)
			}));
			const within = { by: withinBy, value, label };
			const found = series.length > 1 ? roundChanges(partRounds, breaks) : [];
			for (const c of found) byPart.push({ ...c, within });
			listed.push({
				value,
				label,
				tooFew: partRounds.filter((r) => r.summary.suppressed).map((r) => r.label),
				changes: found.length
			});
		}
		withinView = { by: withinBy, parts: listed };
	}
	// The maturity areas' mean scores per round (all rounds in the view, withheld ones too: a
	// withheld round between two others still breaks their sequence), and their changes between
	// consecutive dated rounds.
	const scoring = definition.meta.kind === 'maturity' ? survey.scoring : undefined;
	const roundRank = new Map(roundList.map((r, i) => [r.id, i]));
	/**
	 * The view's maturity groups by `groupOf` (round, or municipality and round): from the
	 * strata's score tallies (the same numbers as a pass over the responses, strata.spec.ts), or
	 * from the responses when the filters are to the second.
	 */
	const maturityGroups = (model: ScoringModel, groupOf: (r: Facets) => string) =>
		strata
			? maturityOfTallies(
					model,
					maturityTallies(model, strata, groupOf),
					page,
					minGroup,
					disclosure
				)
			: maturityByGroup(
					model,
					viewResponses(),
					(r) => groupOf(r as StoredResponse),
					minGroup,
					disclosure
				);
	const maturityRounds = scoring
		? maturityGroups(scoring, (r) => r.roundId).sort(
				(a, b) => (roundRank.get(a.key) ?? 0) - (roundRank.get(b.key) ?? 0)
			)
		: [];
	const areaTitle = {
		nb: translate('nb', 'dash.maturityScore'),
		nn: translate('nn', 'dash.maturityScore'),
		en: translate('en', 'dash.maturityScore')
	};
	// An area is not compared across a round where one of its questions changed (areaBreaks).
	const brokenAreas = scoring ? areaBreaks(scoring.dimensions, breaks) : [];
	const byArea =
		series.length > 1
			? areaChanges(
					maturityRounds.filter((g) => dated.has(g.key)),
					areaTitle,
					brokenAreas
				)
			: [];
	// The areas within each municipality, when the rounds are compared within municipalities:
	// each municipality's area scores (the table by municipality and round) between its
	// consecutive dated rounds, tested as the whole view's are and in the page's one family. A
	// round the municipality has no shown group in breaks its sequence, as a withheld one does.
	const municipalityRounds = scoring
		? maturityGroups(scoring, (r) => `${r.municipality ?? '–'}|${r.roundId}`)
		: [];
	if (scoring && withinBy === 'municipality' && withinView && series.length > 1) {
		for (const part of withinView.parts) {
			const rounds = series.map(
				(g) =>
					municipalityRounds.find((m) => m.key === `${part.value}|${g.key}`) ?? {
						key: `${part.value}|${g.key}`,
						suppressed: true,
						dimensions: []
					}
			);
			const found = areaChanges(
				rounds.map((m) => ({ ...m, key: m.key.slice(part.value.length + 1) })),
				areaTitle,
				brokenAreas
			);
			const within = { by: 'municipality' as const, value: part.value, label: part.label };
			for (const c of found) byPart.push({ ...c, within });
			part.changes += found.length;
		}
	}
	// One Holm family for every flag on the page.
	const [changes, activityChanges, partChanges, areas] = correctTogether([
		wholeChanges,
		byActivity,
		byPart,
		byArea
	]);
	const withinChanges = [...activityChanges, ...partChanges];
	// The headline takes the latest pair of rounds from the last change it is given: a part's
	// list may end before the latest round (a round too small there), so the parts go first.
	const latest = whatChanged([...partChanges, ...changes, ...activityChanges, ...areas]);
	const headline: Headline | null = latest && {
		...latest,
		fromLabel: labelFor('round', latest.from),
		toLabel: labelFor('round', latest.to)
	};

	let groups: Group[] | null = null;
	let groupsLeftOut = withinLeftOut;
	if (compareBy === 'round') {
		groups = roundGroups;
		if (protect) {
			const shown = groups.filter((g) => !g.summary.suppressed);
			groupsLeftOut = groups.length - shown.length;
			groups = shown;
		}
	} else if (compareBy) {
		const order = [...new Set(parts.map((p) => facet(compareBy, p)))].sort();
		groups = order.map((k) => ({
			key: k,
			label: labelFor(compareBy, k),
			summary: groupView(compareBy, k)
		}));
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
		const audiences = [...new Set(parts.map((p) => p.audience ?? '–'))].sort();
		barriers = {
			all: rankBarriers(summary),
			byAudience: audiences.map((a) => ({
				key: a,
				label: labelFor('audience', a),
				rows: rankBarriers(groupView('audience', a))
			}))
		};
	}
	const maturityLabel = (key: string) => {
		const [first, round] = key.split('|');
		return round === undefined
			? labelFor('round', first)
			: `${labelFor('municipality', first)} – ${labelFor('round', round)}`;
	};
	const labelled = <T extends { key: string }>(list: T[]) =>
		list.map((g) => ({ ...g, label: maturityLabel(g.key) }));
	if (definition.meta.kind === 'maturity') {
		if (scoring) {
			maturity = {
				byMunicipality: labelled(
					keep(
						withRoundChanges(
							municipalityRounds,
							roundList.filter((r) => r.dated).map((r) => r.id)
						)
					)
				),
				byRound: labelled(keep(maturityRounds)),
				roundLabels: Object.fromEntries(roundList.map((r) => [r.id, r.label]))
			};
		}
	}
	// The follow-up asks the same `activity`, so what came of an activity reads per activity and
	// round just as the evaluation right after it does.
	if (definition.meta.kind === 'method-evaluation' || definition.meta.kind === 'method-follow-up') {
		// From the strata's tallies of rated items where they keep them (the questionnaire asks
		// for the activity as a choice), else from the responses: the same numbers
		// (strata.spec.ts).
		const groupsOf =
			strata && strata.every((s) => s.evaluation !== null)
				? evaluationOfTallies(
						summary.questions,
						evaluationTallies(strata, (s) => `${s.activity ?? '–'}|${s.roundId}`),
						page,
						minGroup,
						disclosure
					)
				: evaluationByGroup(
						summary.questions,
						viewResponses(),
						(r) => `${activityOf(r.answers) ?? '–'}|${(r as StoredResponse).roundId}`,
						minGroup,
						disclosure
					);
		const activity = plan.questions.find((q) => q.name === 'activity');
		// Per activity, its rounds in time order (not by the rounds' ids).
		const rank = new Map(roundList.map((r, i) => [r.id, i]));
		const roundOf = (key: string) => rank.get(key.split('|')[1]) ?? 0;
		evaluation = {
			groups: keep(groupsOf)
				.sort(
					(a, b) =>
						a.key.split('|')[0].localeCompare(b.key.split('|')[0]) ||
						roundOf(a.key) - roundOf(b.key)
				)
				.map((g) => {
					const [act, round] = g.key.split('|');
					const actLabel =
						activity?.options.find((o) => String(o.value) === act)?.label[locale] ??
						(act === '–' ? translate(locale, 'dash.notStated') : act);
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
		changes,
		withinChanges,
		within: withinView,
		areaChanges: areas,
		breaks,
		areaBreaks: brokenAreas,
		headline,
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
