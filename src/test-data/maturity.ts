/**
 * Answers to the shipped maturity questionnaire (surveys/maturity.json) for the hand-worked
 * scoring tests, shared by the unit tests and the end-to-end tests through the API. `allPlanned`
 * holds exactly the questions a respondent in that state is shown, so the server accepts it;
 * `publisher` and `publishingAlsoAsks` turn it into a publishing municipality's answers.
 */

/**
 * A municipality that has planned everything and done nothing: "planned" where the scale has
 * it, otherwise the answer meaning none (0 %, not at all in the last 12 months, no review).
 * It has not published data, so the questions about published data are not asked; it has no
 * overview of its data yet, so the question about assessing the overview is not asked either.
 */
export const allPlanned: Record<string, string> = {
	sp_strategy: 'planned',
	sp_goals: 'planned',
	sp_leadership: 'planned',
	sp_plans_budget: 'planned',
	sp_follow_up: 'planned',
	sp_open_by_default: 'planned',
	sp_review: 'review_no',
	gr_coordinator: 'planned',
	gr_roles_described: 'planned',
	gr_data_owners: 'pct_0',
	gr_release_process: 'planned',
	gr_resources: 'planned',
	gr_vendor_contracts: 'planned',
	gr_review: 'review_no',
	ks_staff_knowledge: 'pct_0',
	ks_training: 'times_0',
	ks_legal: 'planned',
	ks_technical: 'planned',
	ks_review: 'review_no',
	dm_inventory: 'planned',
	dm_quality_routines: 'planned',
	dm_common_terms: 'planned',
	dm_error_follow_up: 'planned',
	dm_review: 'review_no',
	pb_published: 'no_planned',
	uc_user_dialogue: 'times_0',
	uc_demand_driven: 'planned',
	uc_cocreation: 'times_0',
	uc_internal_use: 'planned',
	uc_review: 'review_no',
	co_network: 'times_0',
	co_joint_selection: 'planned',
	co_experience_sharing: 'times_0',
	co_joint_procurement: 'planned',
	co_review: 'review_no'
};

/**
 * The publication answers of a publisher in good order, "not applicable" on the API and the
 * high-value datasets.
 */
export const publisher: Record<string, string> = {
	pb_published: 'yes',
	pb_dataset_count: 'count_5_19',
	pb_portal: 'full',
	pb_machine_readable: 'pct_100',
	pb_open_licence: 'pct_100',
	pb_metadata: 'pct_75_99',
	pb_api: 'not_applicable',
	pb_service_level: 'pct_50_74',
	pb_high_value: 'not_applicable',
	pb_review: 'review_acted'
};

/**
 * What a publishing municipality is asked outside publication, answered with "nothing yet":
 * the update schedules, measured use, known reuse, documented benefit and common schemas.
 */
export const publishingAlsoAsks: Record<string, string> = {
	dm_update_plans: 'pct_0',
	uc_measure_use: 'planned',
	uc_known_reuse: 'reuse_0',
	uc_documented_impact: 'planned',
	co_common_schemas: 'planned'
};
