import { randomUUID } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { definitionVersion } from '../lib/definitions/canonical';
import type { Locale } from '../lib/i18n/locales';
import type { Audience } from '../lib/respondents';
import * as rounds from '../lib/server/rounds';
import { openStore, type ImportedResponse } from '../lib/server/store';
import { DefinitionValidator } from '../lib/validation';
import type { CompiledQuestion, Primitive } from '../lib/validation/rules';
import { seededRandom } from './answers';
import { storyTexts, type TextTopic } from './demo-texts';

/**
 * The demo's data (`npm run demo`): the programme's story told in answers a leader can read on
 * the dashboard comparing rounds. Not the benchmark's data (programme-responses.ts), which only
 * needs to be valid and plentiful. What a leader should find is listed in the README ("What the
 * demo shows"); the spec beside this file checks each of those findings against the data.
 *
 * - Three dated rounds per questionnaire, one each spring (the last three springs before `now`),
 *   plus answers in the always-open round in the last month.
 * - The nine programme municipalities by their slugs, all four audiences in plausible shares.
 * - Barriers: the licence barriers fall one and a half points after the common licence was adopted
 *   (between the second and the third round, the latest change a leader reads first); skills
 *   barriers stay where they were; coordination falls somewhat in the third round too, after
 *   the shared energy schema (real, but too small for a round of 80 to show as significant).
 * - Maturity: every municipality rises, unevenly: Bodø fast, Trondheim steadily, Oslo and
 *   Kristiansand hardly, Gjesdal low and publishing its first data in the third round; the
 *   four that share the energy schema rate their coordination much higher in the third round
 *   (the area's rise a leader reads first), the other areas rise by less than a round of 80
 *   can show as significant among the page's comparisons.
 * - Method evaluation: the Open Data Challenge improves by about a point in the third round
 *   (data and documentation sent in advance, a data mentor), the workshop stays flat; the
 *   follow-up says the same months later.
 *
 * Deterministic for a given `now` (seeded PRNG); only ids, receipts' randomness and the store's
 * record keys differ between seeds.
 */

const root = resolve(import.meta.dirname, '../..');
export const storySurveyIds = [
	'barriers',
	'maturity',
	'method-evaluation',
	'method-follow-up'
] as const;
export type StorySurveyId = (typeof storySurveyIds)[number];

/** Dated rounds per questionnaire, and how many answers each holds. */
export const DATED_ROUNDS = 3;
export const PER_ROUND = 80;
/** Answers in the always-open round, in the last 30 days. */
export const PER_DEFAULT_ROUND = 15;

export interface StoryQuestionnaire {
	id: StorySurveyId;
	version: string;
	validator: DefinitionValidator;
}

export async function loadStoryQuestionnaires(
	surveysDir = join(root, 'surveys')
): Promise<StoryQuestionnaire[]> {
	return Promise.all(
		storySurveyIds.map(async (id) => {
			const json = JSON.parse(await readFile(join(surveysDir, `${id}.json`), 'utf8'));
			return { id, version: definitionVersion(json), validator: new DefinitionValidator(json) };
		})
	);
}

export interface StoryRound {
	surveyId: StorySurveyId;
	/** 0, 1, 2: the first, second and third dated round. */
	index: number;
	slug: string;
	name: string;
	opensAt: string;
	closesAt: string;
}

const roundNaming: Record<
	StorySurveyId,
	{ slug: string; name: (n: number, year: number) => string }
> = {
	barriers: { slug: 'barrierer', name: (n, y) => `Runde ${n} – vår ${y}` },
	maturity: { slug: 'modenhet', name: (n, y) => `Egenvurdering ${n} – vår ${y}` },
	'method-evaluation': { slug: 'metode', name: (n, y) => `Iterasjon ${n} – vår ${y}` },
	'method-follow-up': { slug: 'oppfolging', name: (n, y) => `Oppfølging ${n} – høst ${y}` }
};

/**
 * The three springs (autumns for the follow-up, which comes months after the activity) that
 * ended before `now`: March to May (September to November), Norwegian time.
 */
export function storyRounds(now: Date): StoryRound[] {
	const lastSpring = now.getUTCMonth() >= 5 ? now.getUTCFullYear() : now.getUTCFullYear() - 1;
	const lastAutumn = now.getUTCMonth() >= 11 ? now.getUTCFullYear() : now.getUTCFullYear() - 1;
	return storySurveyIds.flatMap((surveyId) =>
		Array.from({ length: DATED_ROUNDS }, (_, index): StoryRound => {
			const autumn = surveyId === 'method-follow-up';
			const year = (autumn ? lastAutumn : lastSpring) - (DATED_ROUNDS - 1 - index);
			const [from, to] = autumn ? ['09-01', '11-30'] : ['03-01', '05-31'];
			const naming = roundNaming[surveyId];
			return {
				surveyId,
				index,
				slug: `${naming.slug}-${autumn ? 'host' : 'var'}-${year}`,
				name: naming.name(index + 1, year),
				// Midnight in Norway (CET in March and September is UTC+1, CEST UTC+2: close enough
				// for a demo, and within the window either way).
				opensAt: `${year}-${from}T00:00:00.000Z`,
				closesAt: `${year}-${to}T22:00:00.000Z`
			};
		})
	);
}

// ---------------------------------------------------------------------------------------------
// Who answers

type Weights<T extends string> = Record<T, number>;

function weighted<T extends string>(random: () => number, weights: Weights<T>): T {
	const entries = Object.entries(weights) as [T, number][];
	const total = entries.reduce((s, [, w]) => s + w, 0);
	let x = random() * total;
	for (const [value, w] of entries) {
		x -= w;
		if (x < 0) return value;
	}
	return entries[entries.length - 1][0];
}

/** Programme owners answer most; the follower cities less, the small ones least. */
const municipalityWeights = {
	trondheim: 20,
	bodo: 17,
	oslo: 13,
	stavanger: 10,
	drammen: 9,
	kristiansand: 9,
	fredrikstad: 8,
	larvik: 7,
	gjesdal: 7
};
type Municipality = keyof typeof municipalityWeights;
export const storyMunicipalities = Object.keys(municipalityWeights) as Municipality[];

const audienceWeights: Record<StorySurveyId, Partial<Weights<Audience>>> = {
	barriers: { municipal: 45, business: 25, citizen: 20, voluntary: 10 },
	maturity: { municipal: 1 },
	'method-evaluation': { municipal: 40, business: 30, citizen: 18, voluntary: 12 },
	'method-follow-up': { municipal: 40, business: 32, citizen: 16, voluntary: 12 }
};

const localeWeights: Weights<Locale> = { nb: 76, nn: 11, en: 13 };

// ---------------------------------------------------------------------------------------------
// Small tools for plausible answers

function normal(random: () => number): number {
	// Box–Muller; 1 − u keeps the logarithm finite.
	const u = 1 - random();
	const v = random();
	return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
}

const clamp = (x: number, lo: number, hi: number) => Math.min(hi, Math.max(lo, x));

/** A 1–5 rating around `mean`, spread about one scale point. */
function rating(random: () => number, mean: number, sd = 0.9): number {
	return clamp(Math.round(mean + sd * normal(random)), 1, 5);
}

interface Respondent {
	random: () => number;
	audience: Audience;
	municipality: Municipality;
	locale: Locale;
	/** 0, 1, 2 for the dated rounds; 3 for the always-open round (after the third). */
	round: number;
}

/** A free text in the respondent's language, or nothing (most leave open questions empty). */
function freeText(r: Respondent, topic: TextTopic, share: number): string | undefined {
	if (r.random() >= share) return undefined;
	const pool = storyTexts(topic, r.locale, r.round);
	return pool[Math.floor(r.random() * pool.length)];
}

/** A rating matrix: each row rated around its mean, with "don't know" and "not relevant" now and then. */
function ratingMatrix(
	r: Respondent,
	question: CompiledQuestion,
	meanOf: (row: string) => number,
	dontKnow = 0.05
): Record<string, Primitive> | undefined {
	if (question.rule.t !== 'matrix') return undefined;
	const { rows, columns } = question.rule;
	const out: Record<string, Primitive> = {};
	for (const row of rows) {
		const x = r.random();
		if (x < 0.06) continue; // left out
		if (x < 0.06 + dontKnow && columns.includes('dont_know')) out[String(row)] = 'dont_know';
		else if (x < 0.09 + dontKnow && columns.includes('not_relevant'))
			out[String(row)] = 'not_relevant';
		else out[String(row)] = rating(r.random, meanOf(String(row)));
	}
	if (Object.keys(out).length === 0)
		out[String(rows[0])] = rating(r.random, meanOf(String(rows[0])));
	return out;
}

/** The choice at a position 0–1 along an ordered scale (the last values "don't know" and the like left out). */
function ordinal(
	r: Respondent,
	question: CompiledQuestion,
	position: number,
	options: { dontKnow?: number; notApplicable?: number } = {}
): Primitive | undefined {
	if (question.rule.t !== 'choice') return undefined;
	const values = question.rule.values;
	if (options.dontKnow && values.includes('dont_know') && r.random() < options.dontKnow)
		return 'dont_know';
	if (
		options.notApplicable &&
		values.includes('not_applicable') &&
		r.random() < options.notApplicable
	)
		return 'not_applicable';
	const scale = values.filter((v) => v !== 'dont_know' && v !== 'not_applicable' && v !== 'other');
	const i = clamp(
		Math.round(position * (scale.length - 1) + 0.8 * normal(r.random)),
		0,
		scale.length - 1
	);
	return scale[i];
}

/**
 * Answers question by question in the definition's order, so `visibleIf` sees what was answered
 * before, exactly as the validator will; `choose` gives a question its answer (or none).
 */
function answerInOrder(
	q: StoryQuestionnaire,
	r: Respondent,
	choose: (question: CompiledQuestion, answers: Record<string, unknown>) => unknown
): Record<string, unknown> {
	const answers: Record<string, unknown> = {};
	const context = { audience: r.audience, municipality: r.municipality, locale: r.locale };
	for (const question of q.validator.compiled.questions) {
		if (question.alwaysHidden) continue;
		const values = { ...answers, ...context };
		if (!question.visibleIf.every((runner) => runner.runValues(values))) continue;
		const value = choose(question, answers);
		if (value !== undefined) answers[question.key] = value;
	}
	return answers;
}

// ---------------------------------------------------------------------------------------------
// Barriers

/**
 * Mean hindrance (1–5) of a barrier category in a round. Licences fall 1.5 points after the
 * common licence (NLOD) was adopted between round 2 and 3; coordination falls in round 3 after
 * the shared energy schema; skills barriers persist. Round 3 also stands for the open round.
 */
export const barrierMeans: Record<string, readonly [number, number, number]> = {
	licences: [3.9, 3.8, 2.3],
	competence: [3.6, 3.6, 3.6],
	coordination: [3.7, 3.6, 2.9],
	awareness: [3.2, 3.1, 2.9],
	economics: [3.5, 3.4, 3.4],
	legal_privacy: [3.4, 3.4, 3.3],
	organisation_culture: [3.1, 3.0, 3.0],
	technical_formats: [3.3, 3.2, 3.0],
	data_quality_documentation: [3.6, 3.5, 3.5],
	economics_business: [3.0, 3.0, 2.9]
};

/** Rows that stand out in their category, so the ranking of barriers is not flat. */
const rowOffsets: Record<string, number> = {
	key_person_dependency: 0.5,
	little_training: 0.3,
	no_staff_time: 0.5,
	privacy_consequences_unclear: 0.4,
	documentation_missing: 0.4,
	read_only_publishing: 0.4,
	hard_to_find: 0.3,
	lost_income: -0.8,
	fear_of_criticism: -0.4,
	no_political_backing: -0.3,
	registration_required: -0.6
};

const categoryOf = (matrix: string) => matrix.replace(/^(pub|use)_/, '');

function barrierMean(category: string, row: string, round: number): number {
	const means = barrierMeans[category] ?? [3, 3, 3];
	return means[Math.min(round, 2)] + (rowOffsets[row] ?? 0);
}

const rolesMunicipal = {
	top_management: 6,
	unit_manager: 14,
	data_owner_specialist: 16,
	it_digitalisation: 18,
	data_analysis_gis: 14,
	archive_records: 7,
	legal_privacy_officer: 6,
	innovation_business_dev: 10,
	communication: 4,
	case_officer: 5
};

function barriersAnswers(q: StoryQuestionnaire, r: Respondent): Record<string, unknown> {
	const categoryMeans = new Map<string, number[]>();
	return answerInOrder(q, r, (question) => {
		const key = question.key;
		switch (key) {
			case 'role_municipal':
				return weighted(r.random, rolesMunicipal);
			case 'role_business':
				return weighted(r.random, {
					owner_manager: 25,
					manager: 15,
					developer: 30,
					analyst: 15,
					product_service: 10,
					sales_marketing: 5
				});
			case 'role_citizen':
				return weighted(r.random, {
					interested_resident: 40,
					student: 20,
					researcher: 10,
					journalist: 8,
					hobby_developer: 17,
					elected_representative: 5
				});
			case 'role_voluntary':
				return weighted(r.random, { leader_board: 40, employee: 20, volunteer: 30, member: 10 });
			case 'sector_business':
				return weighted(r.random, {
					ict_software: 35,
					consulting: 15,
					energy_utilities: 15,
					transport_mobility: 10,
					construction_real_estate: 8,
					media: 5,
					environment_climate: 7,
					retail_services: 5
				});
			case 'sector_voluntary':
				return weighted(r.random, {
					sports_outdoor: 25,
					culture_arts: 15,
					local_community: 25,
					environment_climate: 15,
					technology_open_source: 20
				});
			case 'years_in_role':
				return weighted(r.random, {
					years_lt_2: 20,
					years_2_5: 35,
					years_6_10: 25,
					years_gt_10: 20
				});
			case 'org_size_business':
				return weighted(r.random, {
					size_1: 10,
					size_2_9: 35,
					size_10_49: 30,
					size_50_249: 15,
					size_250_plus: 10
				});
			case 'org_size_voluntary':
				return weighted(r.random, {
					members_lt_50: 30,
					members_50_249: 40,
					members_250_999: 20,
					members_1000_plus: 10
				});
			case 'open_data_experience':
				// Somewhat more experience each round: the programme's activities reach people.
				return ordinal(r, question, (r.audience === 'municipal' ? 0.45 : 0.35) + 0.07 * r.round);
			case 'municipality_publishes':
				return weighted(r.random, {
					yes_many: 25 + 10 * r.round,
					yes_few: 45,
					no: 20 - 5 * r.round,
					dont_know: 10
				});
			case 'used_municipal_data':
				return r.audience === 'business'
					? weighted(r.random, { yes_often: 35, yes_sometimes: 40, tried_gave_up: 10, no: 15 })
					: weighted(r.random, {
							yes_often: 10,
							yes_sometimes: 30,
							tried_gave_up: 10,
							no: 40,
							dont_know: 10
						});
			case 'new_interest':
				return weighted(r.random, { likely: 25, maybe: 45, unlikely: 20, dont_know: 10 });
			case 'top_barrier_categories': {
				if (question.rule.t !== 'ranking') return undefined;
				// The three categories the respondent rated as hindering most, as a person would.
				const own = question.rule.values
					.map((c) => {
						const rated = categoryMeans.get(String(c));
						const mean = rated ? rated.reduce((a, b) => a + b, 0) / rated.length : 0;
						return { c, score: mean + 0.6 * normal(r.random) };
					})
					.filter((x) => x.score > 0)
					.sort((a, b) => b.score - a.score);
				const most = Math.min(question.rule.max ?? 3, 3);
				return own.length > 0 ? own.slice(0, most).map((x) => x.c) : undefined;
			}
			case 'other_barriers':
				return freeText(r, 'otherBarriers', 0.25);
			case 'what_would_help':
				return freeText(r, 'whatWouldHelp', 0.35);
		}
		if (question.rule.t === 'matrix') {
			const category = key === 'new_barriers' ? null : categoryOf(key);
			const matrix = ratingMatrix(r, question, (row) =>
				category ? barrierMean(category, row, r.round) : 3 + (rowOffsets[row] ?? 0)
			);
			if (category && matrix) {
				const numbers = Object.values(matrix).filter((v): v is number => typeof v === 'number');
				const list = categoryMeans.get(category) ?? [];
				categoryMeans.set(category, [...list, ...numbers]);
			}
			return matrix;
		}
		return undefined;
	});
}

// ---------------------------------------------------------------------------------------------
// Maturity

/**
 * Where each municipality stands (0–1, roughly the share of the maximum score) in the three
 * rounds: rising unevenly. Gjesdal publishes its first data in the third round.
 */
export const maturityPath: Record<Municipality, readonly [number, number, number]> = {
	trondheim: [0.5, 0.6, 0.7],
	bodo: [0.36, 0.52, 0.66],
	oslo: [0.62, 0.63, 0.65],
	stavanger: [0.45, 0.5, 0.6],
	drammen: [0.4, 0.45, 0.56],
	kristiansand: [0.42, 0.43, 0.44],
	fredrikstad: [0.3, 0.38, 0.43],
	larvik: [0.26, 0.28, 0.36],
	gjesdal: [0.16, 0.18, 0.24]
};

/** Answers per municipality in a maturity round (several people assess, alone or together). */
const maturityPerRound: Record<Municipality, number> = {
	trondheim: 12,
	bodo: 11,
	oslo: 10,
	stavanger: 9,
	drammen: 8,
	kristiansand: 8,
	fredrikstad: 8,
	larvik: 7,
	gjesdal: 7
};

const municipalitySize: Record<Municipality, string> = {
	trondheim: 'size_over_100k',
	bodo: 'size_50k_100k',
	oslo: 'size_over_100k',
	stavanger: 'size_over_100k',
	drammen: 'size_over_100k',
	kristiansand: 'size_over_100k',
	fredrikstad: 'size_50k_100k',
	larvik: 'size_20k_50k',
	gjesdal: 'size_5k_20k'
};

/** The four that published energy data with one shared schema: coordination rises there. */
const sharedSchema = new Set<Municipality>(['trondheim', 'bodo', 'drammen', 'stavanger']);

const areaPrefixes: Record<string, string> = {
	sp: 'strategy_policy',
	gr: 'governance_roles',
	ks: 'knowledge_skills',
	dm: 'data_management_quality',
	pb: 'publication',
	uc: 'use_impact',
	co: 'coordination'
};

function maturityAnswers(q: StoryQuestionnaire, r: Respondent): Record<string, unknown> {
	const round = Math.min(r.round, 2);
	// One person's view of where the municipality stands: its level and a little of their own.
	const level = clamp(maturityPath[r.municipality][round] + 0.06 * normal(r.random), 0.02, 0.98);
	const published = maturityPath[r.municipality][round] >= 0.22;
	const areaLevel = (area: string) => {
		// The shared energy schema (round 3) is coordination in practice: it jumps there.
		if (area === 'coordination' && sharedSchema.has(r.municipality))
			return level + (round === 2 ? 0.24 : 0.08 * round);
		if (area === 'knowledge_skills') return level - 0.08; // skills lag, as the barriers say
		if (area === 'publication') return level + 0.05;
		return level;
	};
	return answerInOrder(q, r, (question) => {
		const key = question.key;
		switch (key) {
			case 'respondent_role':
				return weighted(r.random, {
					open_data_coordinator: 30,
					it_digitalisation: 20,
					unit_manager: 15,
					data_analysis_gis: 12,
					top_management: 8,
					data_owner_specialist: 8,
					innovation_business_dev: 7
				});
			case 'municipality_size':
				return municipalitySize[r.municipality];
			case 'assessed_by':
				return r.random() < 0.6 ? 'with_colleagues' : 'alone';
			case 'pb_published':
				return published ? 'yes' : round === 0 ? 'no' : 'no_planned';
			case 'assessment_comment':
				return freeText(r, 'assessmentComment', 0.25);
		}
		if (key.endsWith('_evidence')) return freeText(r, 'evidence', 0.15);
		if (key.endsWith('_target')) {
			if (r.random() < 0.25) return undefined;
			const area = key.replace(/_target$/, '');
			// One level above where the area stands, now and then two.
			const now = clamp(Math.floor(areaLevel(area) * 5) + 1, 1, 5);
			return `level_${clamp(now + (r.random() < 0.3 ? 2 : 1), 1, 5)}`;
		}
		const area = areaPrefixes[key.slice(0, 2)];
		if (area && question.rule.t === 'choice') {
			const position = areaLevel(area);
			if (key.endsWith('_review')) {
				if (r.random() < 0.03) return 'dont_know';
				return position + 0.2 * normal(r.random) < 0.45
					? 'review_no'
					: position + 0.2 * normal(r.random) < 0.68
						? 'review_done'
						: 'review_acted';
			}
			return ordinal(r, question, position, { dontKnow: 0.03, notApplicable: 0.04 });
		}
		return undefined;
	});
}

// ---------------------------------------------------------------------------------------------
// Method evaluation and follow-up

/**
 * The two activities run in every round, and how they were rated: the Open Data Challenge was
 * changed after round 2 (data and documentation sent a week ahead, a data mentor in every
 * group) and is rated about a point higher in round 3; the roles workshop was run the same way
 * and is rated the same. The open round holds hackathon answers.
 */
export const activityShift: Record<string, readonly [number, number, number]> = {
	open_data_challenge: [0, 0.05, 1.2],
	workshop: [0, 0, 0],
	hackathon: [0.3, 0.3, 0.3]
};

const evaluationBase: Record<string, number> = {
	process: 3.5,
	reaction: 3.4,
	data: 3.0,
	learning: 3.5,
	outcome: 3.1,
	follow_up: 2.8
};

function activityOf(r: Respondent): string {
	if (r.round > 2) return 'hackathon';
	return r.random() < 0.5 ? 'open_data_challenge' : 'workshop';
}

function evaluationMean(activity: string, matrix: string, round: number): number {
	const base = evaluationBase[matrix] ?? 3.3;
	// The workshop starts better than the challenge did: its method was already tried.
	const start = activity === 'workshop' ? 0.35 : 0;
	return base + start + (activityShift[activity]?.[Math.min(round, 2)] ?? 0);
}

function evaluationAnswers(q: StoryQuestionnaire, r: Respondent): Record<string, unknown> {
	const activity = activityOf(r);
	const challenge = activity === 'open_data_challenge' || activity === 'hackathon';
	return answerInOrder(q, r, (question) => {
		const key = question.key;
		switch (key) {
			case 'activity':
				return activity;
			case 'activity_role':
				return r.audience === 'municipal'
					? weighted(r.random, {
							participant: 40,
							data_provider: 30,
							organiser_facilitator: 20,
							observer: 10
						})
					: weighted(r.random, { participant: 80, mentor_expert: 12, observer: 8 });
			case 'previous_participation':
				return r.round === 0
					? weighted(r.random, { first_time: 85, once_before: 15 })
					: weighted(r.random, { first_time: 45, once_before: 40, several_times: 15 });
			case 'open_data_experience':
				return ordinal(r, question, r.audience === 'business' ? 0.6 : 0.4);
			case 'groups_present':
				return challenge
					? ['municipal', 'business', ...(r.random() < 0.6 ? ['citizen'] : []), 'research']
					: ['municipal', ...(r.random() < 0.4 ? ['voluntary'] : []), 'research'];
			case 'datasets_used':
				return challenge
					? ['energy_climate', ...(r.random() < 0.4 ? ['maps_property'] : [])]
					: r.random() < 0.15
						? ['none']
						: ['pay_hr', 'finance_budget', ...(r.random() < 0.5 ? ['population'] : [])];
			case 'months_since':
				return weighted(r.random, { months_lt_3: 15, months_3_6: 65, months_gt_6: 20 });
			case 'datasets_named':
				return freeText(r, challenge ? 'datasetsChallenge' : 'datasetsWorkshop', 0.2);
			case 'what_worked':
				return freeText(r, challenge ? 'workedChallenge' : 'workedWorkshop', 0.4);
			case 'what_to_change':
				return freeText(r, challenge ? 'changeChallenge' : 'changeWorkshop', 0.35);
			case 'missing_data':
				return freeText(r, 'missingData', 0.2);
			case 'what_came_of_it':
				return freeText(r, challenge ? 'cameOfChallenge' : 'cameOfWorkshop', 0.35);
			case 'what_stood_in_the_way':
				return freeText(r, 'stoodInTheWay', 0.2);
		}
		if (question.rule.t === 'matrix') {
			return ratingMatrix(r, question, () => evaluationMean(activity, key, r.round), 0.03);
		}
		return undefined;
	});
}

// ---------------------------------------------------------------------------------------------
// The whole story

const answersFor: Record<
	StorySurveyId,
	(q: StoryQuestionnaire, r: Respondent) => Record<string, unknown>
> = {
	barriers: barriersAnswers,
	maturity: maturityAnswers,
	'method-evaluation': evaluationAnswers,
	'method-follow-up': evaluationAnswers
};

export interface DemoStory {
	rounds: StoryRound[];
	/** Responses with `roundId` set to the round's slug, or `default`: `seedDemoStory` maps slugs to ids. */
	responses: ImportedResponse[];
}

/** Who answers a round: municipalities by weight, or (maturity) a fixed number each. */
function municipalitiesFor(
	surveyId: StorySurveyId,
	count: number,
	random: () => number
): Municipality[] {
	if (surveyId === 'maturity' && count === PER_ROUND)
		return storyMunicipalities.flatMap((m) => Array<Municipality>(maturityPerRound[m]).fill(m));
	return Array.from({ length: count }, () => weighted(random, municipalityWeights));
}

/**
 * The story's rounds and responses, every answer checked with the validator the server uses
 * (a questionnaire changed so that the story no longer fits fails here, loudly).
 */
export function demoStory(questionnaires: StoryQuestionnaire[], now: Date): DemoStory {
	const roundList = storyRounds(now);
	const responses: ImportedResponse[] = [];
	let serial = 0;
	for (const q of questionnaires) {
		const random = seededRandom(0x0d8 + storySurveyIds.indexOf(q.id) * 7919);
		const windows = [
			...roundList
				.filter((round) => round.surveyId === q.id)
				.map((round) => ({
					roundId: round.slug,
					index: round.index,
					from: Date.parse(round.opensAt),
					to: Date.parse(round.closesAt),
					count: PER_ROUND
				})),
			{
				roundId: rounds.DEFAULT_ROUND,
				index: DATED_ROUNDS,
				from: now.getTime() - 30 * 86400_000,
				to: now.getTime() - 3600_000,
				count: PER_DEFAULT_ROUND
			}
		];
		for (const window of windows) {
			const places = municipalitiesFor(q.id, window.count, random);
			for (const [i, municipality] of places.entries()) {
				const respondent: Respondent = {
					random,
					audience: weighted(random, audienceWeights[q.id] as Weights<Audience>),
					municipality,
					locale: weighted(random, localeWeights),
					round: window.index
				};
				const answers = answersFor[q.id](q, respondent);
				const context = {
					audience: respondent.audience,
					municipality,
					locale: respondent.locale
				};
				const checked = q.validator.validate(answers, context);
				if (!checked.ok) {
					throw new Error(
						`demo story: a ${q.id} answer does not fit the questionnaire: ${JSON.stringify(checked.errors.slice(0, 3))}`
					);
				}
				// Spread over the window, in office hours.
				const day = window.from + ((i + random()) / window.count) * (window.to - window.from);
				const submitted = Math.floor(day / 86400_000) * 86400_000 + (7 + 9 * random()) * 3600_000;
				const submittedAt = new Date(Math.min(submitted, window.to)).toISOString();
				const startedAt = new Date(
					Date.parse(submittedAt) - (4 + 20 * random()) * 60_000
				).toISOString();
				serial++;
				responses.push({
					id: randomUUID(),
					surveyId: q.id,
					surveyVersion: q.version,
					roundId: window.roundId,
					answers: checked.answers,
					audience: respondent.audience,
					municipality,
					locale: respondent.locale,
					status: 'complete',
					startedAt,
					submittedAt,
					clientResponseId: null,
					// The dated rounds' self-assessments came through each municipality's invitation
					// link, so they are what the public peer comparison and the comparison with a
					// municipality's own earlier round may use (server/views/feedback.ts).
					...(q.id === 'maturity' && window.roundId !== rounds.DEFAULT_ROUND
						? { verified: true }
						: {}),
					receipt: `DEMO-${String(serial).padStart(8, '0').slice(0, 4)}-${String(serial).padStart(8, '0').slice(4)}`
				});
			}
		}
	}
	responses.sort((a, b) => a.submittedAt.localeCompare(b.submittedAt));
	return { rounds: roundList, responses };
}

/**
 * Writes the story into an empty data folder through the store: the rounds with the rounds
 * module's own `create` (its checks, its ids), then the responses with the store's import.
 * Returns how many responses were stored.
 */
export async function seedDemoStory(dataDir: string, now = new Date()): Promise<number> {
	const story = demoStory(await loadStoryQuestionnaires(), now);
	const store = await openStore(dataDir);
	try {
		const ids = new Map<string, string>();
		for (const round of story.rounds) {
			const created = await rounds.create(store, {
				surveyId: round.surveyId,
				name: round.name,
				slug: round.slug,
				opensAt: round.opensAt,
				closesAt: round.closesAt,
				audiences: [],
				municipality: null
			});
			ids.set(round.slug, created.id);
		}
		// The story's questionnaires were in use from the first round on, as they would have been
		// in a real programme: the versions page must not say a version was taken into use after
		// the answers given to it.
		const firstUse = new Map<string, { surveyId: string; version: string; at: string }>();
		for (const r of story.responses) {
			const key = `${r.surveyId}\u0001${r.surveyVersion}`;
			const seen = firstUse.get(key);
			if (!seen || r.submittedAt < seen.at)
				firstUse.set(key, { surveyId: r.surveyId, version: r.surveyVersion, at: r.submittedAt });
		}
		for (const round of story.rounds)
			for (const use of firstUse.values())
				if (use.surveyId === round.surveyId && round.opensAt && round.opensAt < use.at)
					use.at = round.opensAt;
		for (const use of firstUse.values())
			await store.versions.add({
				surveyId: use.surveyId,
				version: use.version,
				firstSeenAt: use.at
			});
		await store.responses.import(
			story.responses.map((r) => ({ ...r, roundId: ids.get(r.roundId) ?? r.roundId }))
		);
		return story.responses.length;
	} finally {
		await store.close();
	}
}
