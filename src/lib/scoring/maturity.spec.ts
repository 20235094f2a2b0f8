import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { parseScoringModel, type ScoringModel } from './model';
import { allPlanned, publisher, publishingAlsoAsks } from '../../test-data/maturity';
import { scoreResponse, type DimensionScore } from './score';

/**
 * The shipped maturity questionnaire (surveys/maturity.json) scored by hand: the profiles the
 * scoring issue measured through the API, worked out from the file's weights and conditions.
 * Every area's weights add up to 100, so an item's weight is its share of the area.
 */
const file = fileURLToPath(new URL('../../../surveys/maturity.json', import.meta.url));
const parsed = parseScoringModel(
	(JSON.parse(readFileSync(file, 'utf8')) as { odb: { scoring: unknown } }).odb.scoring
);
if (!parsed.ok) throw new Error(parsed.errors.join('\n'));
const model: ScoringModel = parsed.model;

const codes = [
	'strategy_policy',
	'governance_roles',
	'knowledge_skills',
	'data_management_quality',
	'publication',
	'use_impact',
	'coordination'
];

type Row = Pick<DimensionScore, 'coverage' | 'score' | 'scoreLevel' | 'level'>;
const rows = (dimensions: DimensionScore[]): Record<string, Row> =>
	Object.fromEntries(
		dimensions.map((d) => [
			d.code,
			{ coverage: d.coverage, score: d.score, scoreLevel: d.scoreLevel, level: d.level }
		])
	);
const row = (
	coverage: number | null,
	score: number | null,
	scoreLevel: number | null,
	level: number | null
): Row => ({
	coverage,
	score,
	scoreLevel,
	level
});

describe('the shipped maturity questionnaire', () => {
	it('has seven areas whose weights add up to 100 each', () => {
		expect(model.dimensions.map((d) => d.code)).toEqual(codes);
		expect(
			model.dimensions.map((d) => d.items.reduce((sum, item) => sum + item.weight, 0))
		).toEqual([100, 100, 100, 100, 100, 100, 100]);
		expect(model.minCoverage).toBe(70);
	});

	it('gives level 1 in every area when everything is only planned', () => {
		// "planned" and the other "nothing yet" answers earn 0 points: every area 0 of what
		// applies, all of it answered (coverage 100 %), score 0, level 1. Overall 0, level 1.
		const profile = scoreResponse(model, allPlanned);
		expect(rows(profile.dimensions)).toEqual(
			Object.fromEntries(codes.map((code) => [code, row(100, 0, 1, 1)]))
		);
		expect(profile.overall).toEqual({ score: 0, level: 1, levelCode: 'level_1' });
		// Not asked: the overview's access assessment and the update schedules (data
		// management), the nine questions about published data, measured use, known reuse and
		// documented benefit, and common schemas.
		expect(profile.dimensions.map((d) => d.notAsked)).toEqual([0, 0, 0, 2, 9, 3, 1]);
	});

	it('holds "Managed" back until plans, budget and follow-up are in place', () => {
		// Strategy, goals and leadership fully in place, "open by default" too, the strategy
		// reviewed and acted on, plans and budget and follow-up "none":
		//   20 + 15 + 15 + 0 + 0 + 10 + 10 = 70 of 100 → the score reaches level 4 (from 60),
		//   but level 4 needs plans and budget, follow-up and leadership at least "largely in
		//   place": level 3, Defined, which is what it is.
		const [strategy] = scoreResponse(model, {
			sp_strategy: 'full',
			sp_goals: 'full',
			sp_leadership: 'full',
			sp_plans_budget: 'none',
			sp_follow_up: 'none',
			sp_open_by_default: 'full',
			sp_review: 'review_acted'
		}).dimensions;
		expect([
			strategy.score,
			strategy.scoreLevel,
			strategy.level,
			strategy.heldBackBy?.level
		]).toEqual([70, 4, 3, 4]);
		expect(strategy.heldBackBy?.text.en).toMatch(/plans and budgets/);
	});

	it('does not score an area with one answer and the rest "don\'t know"', () => {
		// sp_strategy "full" (weight 20) and six "don't know": 20 of 100 answered, 20 % < 70 %.
		const [strategy] = scoreResponse(model, {
			sp_strategy: 'full',
			sp_goals: 'dont_know',
			sp_leadership: 'dont_know',
			sp_plans_budget: 'dont_know',
			sp_follow_up: 'dont_know',
			sp_open_by_default: 'dont_know',
			sp_review: 'dont_know'
		}).dimensions;
		expect(row(strategy.coverage, strategy.score, strategy.scoreLevel, strategy.level)).toEqual(
			row(20, null, null, null)
		);
		expect(strategy.enoughAnswers).toBe(false);
	});

	it('never gives credit for "not applicable"', () => {
		// publisher: API and high-value datasets "not applicable" (out of both the score and the
		// coverage), so 100 − 10 − 10 = 80 apply, all answered:
		//   published 10 + count 5–19 (0.5) 5 + portal 10 + machine-readable 15 + licence 10
		//   + metadata 75–99 % (0.875) 8.75 + service level 50–74 % (0.625 × 5) 3.125 + review 10
		//   = 71.875 of 80 = 89.84 → 89.8; every condition holds (an N/A item cannot hold a level
		//   back) → level 5.
		const publication = (answers: Record<string, string>) =>
			scoreResponse(model, answers).dimensions[4];
		const withNa = publication(publisher);
		expect([withNa.earned, withNa.max, withNa.coverage, withNa.score, withNa.level]).toEqual([
			71.875, 80, 100, 89.8, 5
		]);
		// "Not applicable" earns exactly what the item left unanswered would: nothing.
		const unanswered = publication({ ...publisher, pb_api: 'dont_know' });
		expect(unanswered.earned).toBe(withNa.earned);
		// An API "none" instead: 71.875 of 90 = 79.86 → 79.9, level 4 by the score, held at 3
		// because level 4 needs data that changes often to be at least partly offered by API.
		const none = publication({ ...publisher, pb_api: 'none' });
		expect([none.score, none.scoreLevel, none.level]).toEqual([79.9, 4, 3]);
	});

	it('does not score "not applicable" alone', () => {
		// Published, API "not applicable", everything else "don't know": of the 90 that apply
		// only the filter's 10 are answered, 11.1 % → no score, and nothing from the N/A.
		const publication = scoreResponse(model, {
			pb_published: 'yes',
			pb_dataset_count: 'dont_know',
			pb_portal: 'dont_know',
			pb_machine_readable: 'dont_know',
			pb_open_licence: 'dont_know',
			pb_metadata: 'dont_know',
			pb_api: 'not_applicable',
			pb_service_level: 'dont_know',
			pb_high_value: 'dont_know',
			pb_review: 'dont_know'
		}).dimensions[4];
		expect([publication.earned, publication.coverage, publication.score]).toEqual([10, 11.1, null]);
	});

	it('counts not having published once, in publication only', () => {
		// Not published: publication is the filter alone, 0 of 10 → 0, level 1. Data management
		// with everything else at its best: the update schedules are not asked, 90 of 90 → 100,
		// and level 4's condition on them cannot hold it back → level 5. Coordination likewise
		// without common schemas: 80 of 80 → 100, level 5.
		const profile = scoreResponse(model, {
			pb_published: 'no',
			dm_inventory: 'full',
			dm_access_classification: 'pct_100',
			dm_quality_routines: 'full',
			dm_common_terms: 'full',
			dm_error_follow_up: 'full',
			dm_review: 'review_acted',
			co_network: 'times_7_plus',
			co_joint_selection: 'full',
			co_experience_sharing: 'times_7_plus',
			co_joint_procurement: 'full',
			co_review: 'review_acted'
		});
		const byCode = rows(profile.dimensions);
		expect([byCode.publication, byCode.data_management_quality, byCode.coordination]).toEqual([
			row(100, 0, 1, 1),
			row(100, 100, 5, 5),
			row(100, 100, 5, 5)
		]);
	});

	it('gives two municipalities in the same state the same profile, whatever the answer order', () => {
		// The planned-only municipality, now publishing: the questions about published data in
		// the other areas are asked too, and answered with "nothing yet".
		const forwards = {
			...allPlanned,
			...publisher,
			...publishingAlsoAsks,
			sp_strategy: 'partly',
			gr_coordinator: 'full'
		};
		const backwards = Object.fromEntries(Object.entries(forwards).reverse());
		expect(Object.keys(backwards)).not.toEqual(Object.keys(forwards));
		const profile = scoreResponse(model, forwards);
		expect(scoreResponse(model, backwards)).toEqual(profile);
		// strategy: partly 20 × 0.5 = 10 of 100 → 10, level 1 (level 2 needs leadership
		// started). governance: coordinator full 15 of 100 → 15, level 1 by the score.
		// publication as above, 89.8. The other four areas 0.
		// overall (10 + 15 + 0 + 0 + 89.84 + 0 + 0) / 7 = 114.84 / 7 = 16.41 → 16.4, level 1
		expect(profile.dimensions.map((d) => d.score)).toEqual([10, 15, 0, 0, 89.8, 0, 0]);
		expect(profile.overall).toEqual({ score: 16.4, level: 1, levelCode: 'level_1' });
	});
});
