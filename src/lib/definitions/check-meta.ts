import { ConditionRunner } from 'survey-core';
import { locales } from '../i18n/locales';
import { cannotScore, type ScoredValues } from '../questions/kinds/kind';
import { kindOf } from '../questions/registry';
import type { QuestionDescription, QuestionSet } from '../questions/types';
import { parseScoringModel, type ScoringItem, type ScoringModel } from '../scoring/model';
import { META_KEY } from './analyse';
import { isRecord, orList, quote, type Report } from './check-support';

/**
 * The authoring rules for the project's own metadata (`odb`): privacy texts in every language,
 * and a maturity scoring model whose every reference — question, row, choice, target question —
 * exists in the questionnaire and can be scored, as the question's kind says.
 */

export function checkMeta(
	meta: unknown,
	questions: QuestionSet,
	dontKnowValues: ReadonlyArray<string | number> | undefined,
	report: Report
) {
	// A malformed `odb` is analyseDefinition's to report.
	if (!isRecord(meta)) return;
	// The privacy page is read in every language: a translated text needs all three. (A plain
	// string — a name, an e-mail address — reads the same in each.)
	if (isRecord(meta.privacy)) {
		for (const [key, value] of Object.entries(meta.privacy)) {
			if (!isRecord(value)) continue;
			const missing = locales.filter((l) => typeof value[l] !== 'string' || !value[l].trim());
			if (missing.length > 0)
				report.problem(undefined, `"${META_KEY}.privacy.${key}" has no ${orList(missing)} text`);
		}
	}
	if (meta.scoring === undefined) {
		if (meta.kind === 'maturity') {
			report.problem(
				undefined,
				`"${META_KEY}.kind" is "maturity" but there is no "${META_KEY}.scoring": a maturity questionnaire needs a scoring model`
			);
		}
		return;
	}
	if (meta.kind !== 'maturity') {
		report.warning(
			undefined,
			`"${META_KEY}.scoring" is only used when "${META_KEY}.kind" is "maturity"`
		);
	}
	const parsed = parseScoringModel(meta.scoring);
	if (!parsed.ok) {
		for (const error of parsed.errors) {
			// Errors read `path: problem` with a path inside the model, or `scoring: problem`.
			const path = error.startsWith('scoring:') ? META_KEY : `${META_KEY}.scoring.`;
			report.problem(undefined, `${path}${error}`);
		}
		return;
	}
	checkScoringReferences(parsed.model, questions, dontKnowValues, report);
}

/** The values an item's answer can take, as the question's kind says: choices, or a matrix row's columns. */
function scoredValues(question: QuestionDescription, item: ScoringItem): ScoredValues {
	const kind = kindOf(question);
	return kind.scoring?.(question, item.row) ?? cannotScore(question.type, item.row);
}

function checkScoringReferences(
	model: ScoringModel,
	questions: QuestionSet,
	dontKnowValues: ReadonlyArray<string | number> | undefined,
	report: Report
) {
	const byName = questions.byName;
	const levelCodes = model.levels.map((level) => level.code);
	const scored = new Set<string>();
	for (const dimension of model.dimensions) {
		const where = `${META_KEY}.scoring dimension ${quote(dimension.code)}`;
		for (const item of dimension.items) {
			const itemWhere = item.row === undefined ? where : `${where}, row ${quote(item.row)}`;
			const question = byName.get(item.question);
			if (!question) {
				report.problem(item.question, `${where} scores a question that does not exist`);
				continue;
			}
			const scoredKey = `${item.question}\u0000${item.row ?? ''}`;
			if (scored.has(scoredKey)) {
				report.warning(item.question, `${itemWhere} scores it again, so it counts twice`);
			}
			scored.add(scoredKey);

			const scorable = scoredValues(question, item);
			if ('error' in scorable) {
				report.problem(item.question, `${where} ${scorable.error}`);
				continue;
			}
			const { values, label } = scorable;
			const known = new Set(values.map(String));
			for (const key of Object.keys(item.points)) {
				if (!known.has(key)) {
					report.problem(
						item.question,
						`${itemWhere} gives points for ${quote(key)}, which is not a ${label} value of the question`
					);
				}
			}
			const notApplicable = item.notApplicable?.value;
			if (notApplicable !== undefined && !known.has(notApplicable)) {
				report.problem(
					item.question,
					`${itemWhere} has the not-applicable value ${quote(notApplicable)}, which is not a ${label} value of the question`
				);
			}
			if (item.askedIf !== undefined) {
				checkAskedIf(item, question, questions, itemWhere, report);
			} else if (hiddenWhenUnanswered(question)) {
				report.warning(
					item.question,
					`${itemWhere}: the question is hidden until something is answered (visibleIf), but the item has no "askedIf", so whenever it is hidden it counts as unanswered`
				);
			}
			// Only worth saying when the rest of the file is sound (the don't-know values are known).
			if (dontKnowValues) {
				const ignored = new Set([...dontKnowValues.map(String), notApplicable]);
				const unscored = [...known].filter(
					(v) => !Object.hasOwn(item.points, v) && !ignored.has(v)
				);
				if (unscored.length > 0) {
					report.warning(
						item.question,
						`${itemWhere}: the answers ${unscored.map(quote).join(', ')} earn no points and are not "don't know", so they count as unanswered`
					);
				}
			}
		}

		if (dimension.targetQuestion !== undefined) {
			const name = dimension.targetQuestion;
			const target = byName.get(name);
			if (!target) {
				report.problem(name, `${where} has a target question that does not exist`);
				continue;
			}
			const targetValues = kindOf(target).scoring?.(target, undefined);
			if (!targetValues || 'error' in targetValues) {
				report.problem(
					name,
					`${where} has it as target question, but a target question must be a "radiogroup" or "dropdown" (it is a "${target.type}" question)`
				);
				continue;
			}
			const notLevels = targetValues.values.filter((value) => !levelCodes.includes(String(value)));
			if (notLevels.length > 0) {
				report.problem(
					name,
					`${where} has it as target question, so its choice values must be level codes (${levelCodes.join(', ')}); ${notLevels.map(quote).join(', ')} ${notLevels.length === 1 ? 'is' : 'are'} not`
				);
			}
		}
	}
}

/** Whether the question's own, panels' and page's visibleIf hold for these answers. */
function visibleWith(question: QuestionDescription, values: Record<string, unknown>): boolean {
	return (
		!question.alwaysHidden &&
		question.visibleIf.every((expression) => new ConditionRunner(expression).runValues(values))
	);
}

const hiddenWhenUnanswered = (question: QuestionDescription) =>
	question.visibleIf.length > 0 && !visibleWith(question, {});

/**
 * An item's `askedIf` must say what the question's `visibleIf` does: for each answer to the filter
 * (and none), the item is scored exactly when the respondent is shown the question. Otherwise a
 * hidden question would count against the coverage, or a shown one be ignored. The filter must
 * also come first, or respondents would answer questions that then disappear.
 */
function checkAskedIf(
	item: ScoringItem,
	question: QuestionDescription,
	questions: QuestionSet,
	where: string,
	report: Report
) {
	const askedIf = item.askedIf!;
	const filter = questions.byName.get(askedIf.question);
	if (!filter) {
		report.problem(
			item.question,
			`${where} is asked if "${askedIf.question}", which does not exist`
		);
		return;
	}
	const filterValues = kindOf(filter).scoring?.(filter, undefined);
	if (!filterValues || 'error' in filterValues) {
		report.problem(
			item.question,
			`${where} is asked if "${askedIf.question}", which must be a "radiogroup" or "dropdown" (it is a "${filter.type}" question)`
		);
		return;
	}
	const known = filterValues.values.map(String);
	const unknown = askedIf.values.filter((value) => !known.includes(value));
	if (unknown.length > 0) {
		report.problem(
			item.question,
			`${where} is asked if "${askedIf.question}" is ${unknown.map(quote).join(', ')}, which ${unknown.length === 1 ? 'is not a choice value' : 'are not choice values'} of that question`
		);
		return;
	}
	const order = questions.all.map((q) => q.name);
	if (order.indexOf(askedIf.question) > order.indexOf(item.question)) {
		report.problem(
			item.question,
			`${where} is asked if "${askedIf.question}", which comes after it: put the filter question first`
		);
	}
	const disagree = [...filterValues.values, undefined].filter((value) => {
		const answers = value === undefined ? {} : { [filter.valueName]: value };
		const asked = value !== undefined && askedIf.values.includes(String(value));
		return visibleWith(question, answers) !== asked;
	});
	if (disagree.length > 0) {
		const shown = disagree.map((value) => (value === undefined ? 'no answer' : quote(value)));
		report.problem(
			item.question,
			`${where}: "askedIf" and the question's visibleIf disagree when "${askedIf.question}" is ${shown.join(', ')}`
		);
	}
}
