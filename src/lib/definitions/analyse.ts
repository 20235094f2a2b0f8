import * as v from 'valibot';
import type { Model } from 'survey-core';
import { allQuestions, surveyModel } from '../questions/model';
import type { LocalizableText } from '../questions/texts';
import { issuePath } from '../issues';
import { audienceSchema, audiences, type Audience } from '../respondents';
import { definitionVersion } from './canonical';

/** The key in a SurveyJS JSON that holds what only this project uses; SurveyJS ignores it. */
export const META_KEY = 'odb';

export const definitionKinds = [
	'barriers',
	'maturity',
	'method-evaluation',
	// Asked 3–6 months after a co-creation activity: what came of it (see surveys/README.md).
	'method-follow-up',
	'other'
] as const;

const localizableTextSchema = v.union([
	v.pipe(v.string(), v.minLength(1)),
	v.record(v.string(), v.pipe(v.string(), v.minLength(1)))
]);

const metaSchema = v.strictObject({
	kind: v.optional(v.picklist(definitionKinds), 'other'),
	audiences: v.optional(v.pipe(v.array(audienceSchema), v.minLength(1)), [...audiences]),
	listed: v.optional(v.boolean(), true),
	dontKnowValues: v.optional(v.array(v.union([v.string(), v.number()])), ['dont_know']),
	/** Answers meaning "does not apply to me": counted apart from a scale, like "don't know". */
	notRelevantValues: v.optional(v.array(v.union([v.string(), v.number()])), ['not_relevant']),
	/** Choice values meaning "not applicable" and "refused": missing codes in the analysis bundle. */
	notApplicableValues: v.optional(v.array(v.union([v.string(), v.number()])), [
		'not_applicable',
		'not_relevant'
	]),
	refusedValues: v.optional(v.array(v.union([v.string(), v.number()])), ['refused']),
	scoring: v.optional(v.unknown()),
	/** Responses older than this many days (by submittedAt) are deleted by the retention sweep. */
	retentionDays: v.optional(v.pipe(v.number(), v.integer(), v.minValue(1))),
	/** Who is responsible and why, for the questionnaire's privacy page; defaults otherwise. */
	privacy: v.optional(
		v.strictObject({
			controller: v.optional(localizableTextSchema),
			contact: v.optional(localizableTextSchema),
			purpose: v.optional(localizableTextSchema)
		})
	)
});
export type DefinitionMeta = v.InferOutput<typeof metaSchema>;

export type { LocalizableText };
export { localized } from '../questions/texts';

export interface Definition {
	id: string;
	version: string;
	json: Record<string, unknown>;
	title: LocalizableText;
	meta: DefinitionMeta;
}

export interface Problem {
	file: string;
	question?: string;
	message: string;
}

export interface Analysis {
	/** Present when the questionnaire can be served: no problems, maybe warnings. */
	definition?: Definition;
	problems: Problem[];
	warnings: Problem[];
}

/** A questionnaire id is its file name; it appears in URLs, so it stays URL-safe. */
export const surveyIdPattern = /^[a-z0-9][a-z0-9_-]{0,63}$/;

/**
 * Checks that SurveyJS can load a definition and that its question names are unique. The
 * stricter authoring rules (languages, codes, scoring references) are `npm run surveys:check`'s.
 */
export function analyseDefinition(id: string, raw: unknown): Analysis {
	const file = `${id}.json`;
	const problems: Problem[] = [];
	const warnings: Problem[] = [];
	if (!surveyIdPattern.test(id)) {
		problems.push({
			file,
			message: 'the file name must be lowercase letters, digits, "-" or "_" (it becomes the URL)'
		});
	}
	if (!raw || typeof raw !== 'object' || Array.isArray(raw)) {
		problems.push({ file, message: 'the file must hold a JSON object (a SurveyJS survey)' });
		return { problems, warnings };
	}
	const json = raw as Record<string, unknown>;

	const meta = v.safeParse(metaSchema, json[META_KEY] ?? {});
	if (!meta.success) {
		for (const issue of meta.issues) {
			const path = issuePath(issue);
			problems.push({ file, message: `"${META_KEY}${path ? '.' + path : ''}": ${issue.message}` });
		}
	}

	let model: Model;
	try {
		model = surveyModel(json);
	} catch (e) {
		problems.push({ file, message: `SurveyJS cannot load it: ${(e as Error).message}` });
		return { problems, warnings };
	}
	for (const error of model.jsonErrors ?? []) {
		const where = error.jsonObj as { name?: unknown; type?: unknown } | undefined;
		const question = typeof where?.name === 'string' ? where.name : undefined;
		if (error.type === 'unknownproperty') {
			// Our own metadata key is meant to be unknown to SurveyJS.
			const property = (error as { propertyName?: string }).propertyName;
			if (property === META_KEY && (!where || where === json)) continue;
			warnings.push({ file, question, message: error.message });
		} else {
			const type = typeof where?.type === 'string' ? ` (type "${where.type}")` : '';
			problems.push({
				file,
				question,
				message: `SurveyJS cannot load it${type}: ${error.message}`
			});
		}
	}

	const questions = allQuestions(model);
	if (questions.length === 0) problems.push({ file, message: 'it has no questions' });
	const seen = new Set<string>();
	for (const question of questions) {
		if (!question.name) {
			problems.push({ file, message: `a question of type "${question.getType()}" has no name` });
			continue;
		}
		if (seen.has(question.name)) {
			problems.push({ file, question: question.name, message: 'the question name is used twice' });
		}
		seen.add(question.name);
	}

	if (problems.length > 0 || !meta.success) return { problems, warnings };
	return {
		definition: {
			id,
			version: definitionVersion(json),
			json,
			title: (json.title as LocalizableText | undefined) ?? id,
			meta: meta.output
		},
		problems,
		warnings
	};
}

/** Whether a questionnaire accepts answers from this audience. */
export function acceptsAudience(definition: Definition, audience: Audience): boolean {
	return definition.meta.audiences.includes(audience);
}
