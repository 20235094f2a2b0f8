/**
 * Questionnaires designed in the app: created as a draft, changed, checked, published as
 * versions, closed. The files in surveys/ stay the source of truth for theirs (managed in git):
 * they can be read, downloaded and closed here, not changed.
 *
 * A draft is never served to respondents; only a published version is. Publishing is refused
 * while an authoring error stands (the rules of `npm run surveys:check`, which include
 * SurveyJS's own `jsonErrors`), and a version that would break comparison with a version that
 * has answers (definitions/comparability.ts) is published only when confirmed with a reason,
 * which the audit log keeps.
 */
import * as v from 'valibot';
import type { Problem } from '$lib/definitions/analyse';
import { analyseDefinition } from '$lib/definitions/analyse';
import { definitionVersion } from '$lib/definitions/canonical';
import { checkDefinitionReport } from '$lib/definitions/check';
import { breakingChanges, type BreakingChange } from '$lib/definitions/comparability';
import {
	applyTexts,
	nextBasis,
	parseCsv,
	textsOf,
	textStatus,
	toCsv,
	TranslationCsvError,
	type TextChange,
	type TextRow,
	type TextStatus
} from '$lib/definitions/translations';
import { newSurveyModel } from '$lib/questions/model';
import { formatIssues } from '$lib/issues';
import * as audit from '../app/audit';
import type { AppContext } from '../app/context';
import { RequestError } from '../http/http-error';
import { hasResponses } from '../responses/listing';
import type { QuestionnaireRecord } from '../store';
import { noteVersion } from './versions';

/** A new questionnaire's id: lowercase letters, digits and dashes (it is in every URL). */
export const NEW_SURVEY_ID = /^[a-z0-9][a-z0-9-]{0,63}$/;

/** How large a questionnaire may be sent (the largest shipped one is about 230 KB). */
export const DEFINITION_BODY_LIMIT = 512 * 1024;

export interface AuthoringIssue {
	question: string | null;
	message: string;
}

export interface AuthoringReport {
	errors: AuthoringIssue[];
	warnings: AuthoringIssue[];
}

const issue = (p: Problem): AuthoringIssue => ({
	question: p.question ?? null,
	message: p.message
});

type Json = Record<string, unknown>;

const isObject = (value: unknown): value is Json =>
	Boolean(value) && typeof value === 'object' && !Array.isArray(value);

/**
 * Why SurveyJS cannot load `json` at all (not an object, an unknown question type, a broken
 * structure), or null when it can. Such a definition is refused (422), never stored.
 */
export function unloadable(json: unknown): string[] | null {
	if (!isObject(json)) return ['the questionnaire must be a JSON object (a SurveyJS survey)'];
	try {
		const model = newSurveyModel(json);
		const errors = (model.jsonErrors ?? []).filter((e) => e.type !== 'unknownproperty');
		if (errors.length === 0) return null;
		return errors.slice(0, 20).map((e) => {
			const where = e.jsonObj as { name?: unknown } | undefined;
			return `${typeof where?.name === 'string' ? `${where.name}: ` : ''}${e.message}`;
		});
	} catch (e) {
		return [(e as Error).message];
	}
}

/** The authoring checks on a definition: errors stop publishing, warnings do not. */
export function authoringReport(id: string, json: Json): AuthoringReport {
	const report = checkDefinitionReport(id, json);
	return { errors: report.problems.map(issue), warnings: report.warnings.map(issue) };
}

export const createSchema = v.strictObject({ id: v.string(), json: v.unknown() });
export const draftSchema = v.strictObject({ json: v.unknown() });
export const publishSchema = v.strictObject({
	confirm: v.optional(v.boolean()),
	reason: v.optional(v.pipe(v.string(), v.maxLength(1000, 'at most 1000 characters')))
});

export function parse<T extends v.GenericSchema>(schema: T, body: unknown): v.InferOutput<T> {
	const parsed = v.safeParse(schema, body);
	if (parsed.success) return parsed.output;
	throw new RequestError(400, 'error.invalidBody', {
		detail: formatIssues(parsed.issues.slice(0, 5))
	});
}

function refuseUnloadable(json: unknown): asserts json is Json {
	const why = unloadable(json);
	if (why) {
		throw new RequestError(
			422,
			'error.surveyNotLoadable',
			{ detail: why[0] },
			why.map((message) => ({ question: null, message }))
		).as('errors');
	}
}

/** The questionnaire as the designer edits it; a file's is refused (409), none is a 404. */
function editable(ctx: AppContext, id: string): QuestionnaireRecord {
	if (ctx.surveys.isFile(id)) throw new RequestError(409, 'error.surveyIsFile', { id });
	const record = ctx.store.questionnaires.get(id);
	if (!record || record.source !== 'store')
		throw new RequestError(404, 'error.surveyNotFound', { id });
	return record;
}

/**
 * Whether an id is in use: a file (served or not), a stored questionnaire, or responses
 * (`answered`, looked up first: one row read, store/selection.ts). The other checks are made
 * after it, with no wait between them and the caller's `add`.
 */
function taken(ctx: AppContext, id: string, answered: boolean): boolean {
	return (
		answered ||
		ctx.surveys.isFile(id) ||
		ctx.surveys.get(id) !== undefined ||
		ctx.store.questionnaires.get(id) !== undefined
	);
}

export async function create(
	ctx: AppContext,
	actor: string,
	id: string,
	json: unknown
): Promise<AuthoringReport> {
	if (!NEW_SURVEY_ID.test(id)) throw new RequestError(400, 'error.surveyIdInvalid');
	const answered = await hasResponses(ctx.store, id);
	if (taken(ctx, id, answered)) throw new RequestError(409, 'error.surveyIdTaken', { id });
	refuseUnloadable(json);
	const now = new Date().toISOString();
	await ctx.store.questionnaires.add({
		id,
		source: 'store',
		draft: json,
		draftUpdatedAt: now,
		published: [],
		closedAt: null,
		translationBasis: nextBasis(null, textsOf(json), {}),
		createdAt: now,
		createdBy: actor
	});
	await audit.record(ctx.store, actor, 'surveyCreated', id);
	return authoringReport(id, json);
}

export async function saveDraft(
	ctx: AppContext,
	id: string,
	json: unknown
): Promise<AuthoringReport> {
	const record = editable(ctx, id);
	refuseUnloadable(json);
	await writeDraft(ctx, record, json);
	return authoringReport(id, json);
}

/**
 * What saving `json` as the draft would report, without saving it: the JSON view checks what an
 * expert types with the same rules as the designer. One SurveyJS cannot load is refused (422).
 */
export function checkDraft(ctx: AppContext, id: string, json: unknown): AuthoringReport {
	editable(ctx, id);
	refuseUnloadable(json);
	return authoringReport(id, json);
}

async function writeDraft(ctx: AppContext, record: QuestionnaireRecord, json: Json) {
	const basis = nextBasis(
		record.draft ? textsOf(record.draft) : null,
		textsOf(json),
		record.translationBasis ?? {}
	);
	await ctx.store.questionnaires.update(record.id, {
		draft: json,
		draftUpdatedAt: new Date().toISOString(),
		translationBasis: basis
	});
}

/** The definition a questionnaire is edited from: the draft, or a file's content. */
export function workingJson(ctx: AppContext, id: string): Json | undefined {
	const record = ctx.store.questionnaires.get(id);
	if (record?.source === 'store' && record.draft) return record.draft;
	return ctx.surveys.get(id)?.definition.json;
}

/** The versions of a questionnaire that have answers, with their definitions. */
async function answeredVersions(ctx: AppContext, id: string): Promise<Map<string, Json>> {
	const versions = new Set<string>();
	for await (const r of await ctx.store.responses.select({ surveyId: id }))
		versions.add(r.surveyVersion);
	const out = new Map<string, Json>();
	for (const version of versions) {
		const json = await ctx.surveys.json(id, version);
		if (json) out.set(version, json);
	}
	return out;
}

/**
 * What in `json` breaks comparison with a version that has answers, each change once (the first
 * version it breaks with is the one named).
 */
export async function breakingAgainstAnswered(
	ctx: AppContext,
	id: string,
	json: Json
): Promise<BreakingChange[]> {
	const seen = new Set<string>();
	const out: BreakingChange[] = [];
	for (const before of (await answeredVersions(ctx, id)).values()) {
		for (const change of breakingChanges(before, json)) {
			const key = `${change.question}\u0000${change.change}\u0000${change.code ?? ''}`;
			if (seen.has(key)) continue;
			seen.add(key);
			out.push(change);
		}
	}
	return out;
}

export interface Published {
	version: string;
	/** The same as the version served now: nothing new was published. */
	unchanged: boolean;
	breaking: BreakingChange[];
}

export async function publish(
	ctx: AppContext,
	actor: string,
	id: string,
	options: v.InferOutput<typeof publishSchema>
): Promise<Published> {
	const record = editable(ctx, id);
	const json = record.draft;
	if (!json) throw new RequestError(422, 'error.authoringErrors', { count: 1 });
	const { errors } = authoringReport(id, json);
	if (errors.length > 0)
		throw new RequestError(422, 'error.authoringErrors', { count: errors.length }, errors).as(
			'errors'
		);
	const version = definitionVersion(json);
	if (record.published.at(-1)?.version === version)
		return { version, unchanged: true, breaking: [] };
	const breaking = await breakingAgainstAnswered(ctx, id, json);
	const reason = options.reason?.trim() || null;
	if (breaking.length > 0) {
		if (!options.confirm)
			throw new RequestError(409, 'error.breakingChanges', { count: breaking.length }, breaking).as(
				'breaking'
			);
		if (!reason) throw new RequestError(400, 'error.reasonRequired');
	}
	const analysis = analyseDefinition(id, json);
	if (!analysis.definition)
		throw new RequestError(422, 'error.authoringErrors', { count: analysis.problems.length });
	await ctx.store.definitions.keep(id, version, json);
	await ctx.store.questionnaires.publish(id, {
		version,
		publishedAt: new Date().toISOString(),
		publishedBy: actor,
		breaking: breaking.length,
		reason: breaking.length > 0 ? reason : null
	});
	await noteVersion(ctx.store, id, version);
	ctx.surveys.serve(analysis.definition);
	await audit.record(ctx.store, actor, 'surveyPublished', id, {
		version,
		breaking: breaking.length,
		changes:
			breaking.length > 0 ? breaking.map((b) => `${b.question}: ${b.change}`).join('; ') : null,
		reason: breaking.length > 0 ? reason : null
	});
	return { version, unchanged: false, breaking };
}

/** Closes a questionnaire: no new answers, results kept, off the start page. Files too. */
export async function close(ctx: AppContext, actor: string, id: string): Promise<string> {
	const record = ctx.store.questionnaires.get(id);
	if (!record && !ctx.surveys.get(id)) throw new RequestError(404, 'error.surveyNotFound', { id });
	if (record?.closedAt) return record.closedAt;
	const closedAt = new Date().toISOString();
	if (record) await ctx.store.questionnaires.update(id, { closedAt });
	else
		await ctx.store.questionnaires.add({
			id,
			source: 'file',
			draft: null,
			draftUpdatedAt: null,
			published: [],
			closedAt,
			translationBasis: {},
			createdAt: closedAt,
			createdBy: actor
		});
	await audit.record(ctx.store, actor, 'surveyClosed', id);
	return closedAt;
}

/**
 * Reopens a closed questionnaire (undoes `close`): it takes answers again and is back on the
 * start page if it is listed. Audited like closing, so the log shows when answers could be given.
 */
export async function reopen(ctx: AppContext, actor: string, id: string): Promise<void> {
	const record = ctx.store.questionnaires.get(id);
	if (!record && !ctx.surveys.get(id)) throw new RequestError(404, 'error.surveyNotFound', { id });
	if (!record?.closedAt) return;
	await ctx.store.questionnaires.update(id, { closedAt: null });
	await audit.record(ctx.store, actor, 'surveyReopened', id);
}

/** Every respondent-facing text with what is missing or outdated. */
export function translationTable(ctx: AppContext, id: string): TextStatus[] {
	const json = workingJson(ctx, id);
	if (!json) throw new RequestError(404, 'error.surveyNotFound', { id });
	const basis = ctx.store.questionnaires.get(id)?.translationBasis ?? {};
	return textStatus(textsOf(json), basis);
}

export function translationCsv(ctx: AppContext, id: string): string {
	return toCsv(translationTable(ctx, id));
}

export interface TranslationUpload extends AuthoringReport {
	changes: TextChange[];
	unknown: string[];
	applied: boolean;
}

/**
 * An uploaded translation CSV: what it would change, and (unless `dryRun`) the draft with it
 * written in. A file that cannot be read is a 400 and changes nothing.
 */
export async function uploadTranslations(
	ctx: AppContext,
	id: string,
	csv: string,
	dryRun: boolean
): Promise<TranslationUpload> {
	editable(ctx, id);
	let rows;
	try {
		rows = parseCsv(csv);
	} catch (e) {
		if (e instanceof TranslationCsvError)
			throw new RequestError(400, 'error.translationCsv', { detail: e.message });
		throw e;
	}
	return applyTranslations(ctx, id, rows, dryRun);
}

/** Texts written into the draft (from the CSV or the table on the page); blanks change nothing. */
export async function applyTranslations(
	ctx: AppContext,
	id: string,
	rows: TextRow[],
	dryRun: boolean
): Promise<TranslationUpload> {
	const record = editable(ctx, id);
	const current = record.draft ?? {};
	const { json, changes, unknown } = applyTexts(current, rows);
	const apply = !dryRun && changes.length > 0;
	if (apply) {
		refuseUnloadable(json);
		await writeDraft(ctx, record, json);
	}
	return { ...authoringReport(id, apply ? json : current), changes, unknown, applied: apply };
}
