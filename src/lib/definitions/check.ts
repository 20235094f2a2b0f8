/**
 * The authoring rules of surveys/README.md ("Writing questionnaires"), checked by
 * `npm run surveys:check`. `analyseDefinition` decides whether a file can be served at all; this
 * adds what makes a questionnaire fit to be answered and exported: every text in every language,
 * stable codes, and a scoring model that points at questions and choices that exist.
 */
import {
	Base,
	ItemValue,
	MatrixDropdownColumn,
	PageModel,
	PanelModel,
	Question,
	Serializer,
	type JsonObjectProperty,
	type LocalizableString,
	type Model
} from 'survey-core';
import { locales } from '../i18n/locales';
import { surveyModel } from '../questions/model';
import { readQuestions } from '../questions/read';
import type { QuestionSet } from '../questions/types';
import { analyseDefinition, META_KEY, type Problem } from './analyse';
import { checkMeta } from './check-meta';
import { isRecord, orList, problem, quote, type Report } from './check-support';
import { metaTexts, type LocalisedText } from './spelling';

/** Question names: lowercase snake_case, so they work as export column names. */
export const questionNamePattern = /^[a-z][a-z0-9_]*$/;
/** Choice, row and column values that are strings: they are stored and exported as codes. */
export const codePattern = /^[a-z0-9_]+$/;

/** Localisable SurveyJS properties that hold an address, not a text a respondent reads. */
const addressProperties = new Set(['logo', 'imageLink', 'url', 'navigateToUrl']);

/** How a problem names an item of a SurveyJS list, by the property that holds the list. */
const itemLabels: Record<string, string> = {
	choices: 'choice',
	rows: 'row',
	columns: 'column',
	rateValues: 'rating value'
};

export interface CheckReport {
	/** Broken rules: the questionnaire must be fixed. */
	problems: Problem[];
	/** Probably unintended, but the questionnaire works as written. */
	warnings: Problem[];
	/** Questions a respondent answers (nested ones included, `html` blocks not). */
	questionCount: number;
	/** Every translated text, language by language, for the spelling pass (./spelling.ts). */
	texts: LocalisedText[];
}

/** The problems `npm run surveys:check` reports for one questionnaire file (`<id>.json`). */
export function checkDefinition(id: string, raw: unknown): Problem[] {
	return checkDefinitionReport(id, raw).problems;
}

/** {@link checkDefinition} with the warnings and the number of questions. */
export function checkDefinitionReport(id: string, raw: unknown): CheckReport {
	const file = `${id}.json`;
	const analysis = analyseDefinition(id, raw);
	const problems = [...analysis.problems];
	const warnings = [...analysis.warnings];
	const texts: LocalisedText[] = [];
	const report: Report = {
		problem: (question, message) => problems.push(problem(file, question, message)),
		warning: (question, message) => warnings.push(problem(file, question, message)),
		text: (piece) => texts.push(piece)
	};
	if (!isRecord(raw)) return { problems, warnings, questionCount: 0, texts };

	let model: Model;
	let questions: QuestionSet;
	try {
		model = surveyModel(raw);
		questions = readQuestions(raw);
	} catch {
		// analyseDefinition has reported that SurveyJS cannot load it.
		return { problems, warnings, questionCount: 0, texts };
	}

	for (const question of questions.all) {
		if (question.name && !questionNamePattern.test(question.name)) {
			report.problem(
				question.name,
				`the question name "${question.name}" must be lowercase snake_case: a letter, then lowercase letters, digits or "_"`
			);
		}
	}
	checkElement(model, { subject: 'the survey' }, new Set(), report);
	checkRankingTexts(model, report);
	checkMeta(raw[META_KEY], questions, analysis.definition?.meta.dontKnowValues, report);
	texts.push(...metaTexts(raw[META_KEY]));

	return {
		problems,
		warnings,
		questionCount: questions.all.filter((q) => q.kind !== 'display').length,
		texts
	};
}

/**
 * Where SurveyJS shows the two texts of an empty "select to rank" area, against what their names
 * suggest. The app writes both itself, from its catalogue and the question's
 * `maxSelectedChoices` (`src/lib/survey/ranking.ts`), so a text in the file is never
 * shown: one that was, set by its name, said "all categories are chosen" before any was.
 */
const rankingAreaTexts = {
	locSelectToRankEmptyRankedAreaText:
		'selectToRankEmptyRankedAreaText (SurveyJS shows it in the list to choose from once every choice is ranked)',
	locSelectToRankEmptyUnrankedAreaText:
		'selectToRankEmptyUnrankedAreaText (SurveyJS shows it in the ranked area while nothing is chosen)'
} as const;

function checkRankingTexts(model: Model, report: Report): void {
	for (const question of model.getAllQuestions(false, true, true)) {
		if (question.getType() !== 'ranking') continue;
		for (const [property, described] of Object.entries(rankingAreaTexts)) {
			const text = (question as unknown as Record<string, LocalizableString | undefined>)[property];
			if (text && !text.isEmpty)
				report.warning(
					question.name,
					`${described} is written by the app, which knows the limit, so the file's text is never shown: remove it`
				);
		}
	}
}

/** Where a SurveyJS object sits: the question it belongs to, and how to name it in a message. */
interface Owner {
	question?: string;
	/** `page "background"`, `choice "none"`; absent for the question itself. */
	subject?: string;
}

/**
 * Walks the loaded SurveyJS object tree rather than the raw JSON, so that every class's own
 * property list says which properties are texts: the same key (`placeholder`) is a text in one
 * class and not in another. Localisable strings keep the JSON they were loaded from, so what is
 * checked is what the author wrote.
 */
function checkElement(element: Base, owner: Owner, seen: Set<Base>, report: Report): void {
	if (seen.has(element)) return;
	seen.add(element);
	for (const property of Serializer.getPropertiesByObj(element)) {
		if (property.isSerializable === false) continue;
		if (property.isLocalizable) {
			if (!addressProperties.has(property.name)) checkText(element, property, owner, report);
			continue;
		}
		const value = (element as unknown as Record<string, unknown>)[property.name];
		const children = Array.isArray(value) ? value : [value];
		if (!children.some((child) => child instanceof Base)) continue;
		for (const child of children) {
			if (child instanceof Base) {
				checkElement(child, ownerOf(child, property.name, owner), seen, report);
			}
		}
		const items = children.filter((child) => child instanceof ItemValue);
		if (items.length > 0) checkItemValues(items, property.name, owner, report);
	}
}

function ownerOf(child: Base, propertyName: string, parent: Owner): Owner {
	if (child instanceof Question) return { question: child.name };
	if (child instanceof PageModel) return { subject: `page ${quote(child.name)}` };
	if (child instanceof PanelModel) return { ...parent, subject: `panel ${quote(child.name)}` };
	if (child instanceof MatrixDropdownColumn) {
		return { ...parent, subject: `column ${quote(child.name)}` };
	}
	if (child instanceof ItemValue) {
		return { ...parent, subject: `${itemLabel(propertyName)} ${quote(child.value)}` };
	}
	return {
		...parent,
		subject: propertyName === 'validators' ? 'a validator' : `an item of "${propertyName}"`
	};
}

const itemLabel = (propertyName: string) => itemLabels[propertyName] ?? `${propertyName} item`;

function checkText(element: Base, property: JsonObjectProperty, owner: Owner, report: Report) {
	const text = localizableString(element, property);
	const json: unknown = text?.getJson();
	if (json === undefined || json === null || json === '') return;
	const subject = `the ${property.name}${owner.subject ? ` of ${owner.subject}` : ''}`;
	if (!isRecord(json)) {
		report.problem(
			owner.question,
			`${subject} is a plain text: write it as { "nb": …, "nn": …, "en": … } so every language has it`
		);
		return;
	}
	for (const locale of locales) {
		const value = json[locale];
		if (typeof value === 'string')
			report.text({ locale, text: value, question: owner.question, subject });
	}
	const missing = locales.filter((locale) => {
		const value = json[locale];
		return typeof value !== 'string' || value.trim() === '';
	});
	if (missing.length > 0)
		report.problem(owner.question, `${subject} has no ${orList(missing)} text`);
}

function localizableString(element: Base, property: JsonObjectProperty) {
	const holder = element as unknown as Record<string, LocalizableString | undefined>;
	if (property.serializationProperty) return holder[property.serializationProperty];
	return element.getLocalizableString(property.name);
}

/** Choice, row and column values are what is stored and exported, so they are stable codes. */
function checkItemValues(items: ItemValue[], propertyName: string, owner: Owner, report: Report) {
	const label = itemLabel(propertyName);
	const seen = new Set<string>();
	for (const item of items) {
		const value: unknown = item.value;
		const isCode =
			(typeof value === 'number' && Number.isFinite(value)) ||
			(typeof value === 'string' && codePattern.test(value));
		if (!isCode) {
			report.problem(
				owner.question,
				`${label} value ${quote(value)} is not a code: use a number or lowercase letters, digits and "_" (the value is what is stored and exported)`
			);
		}
		// Without a text SurveyJS shows the value itself, the same code in every language.
		const text: unknown = item.locText.getJson();
		if (typeof value === 'string' && (text === undefined || text === null || text === '')) {
			report.problem(
				owner.question,
				`${label} ${quote(value)} has no text, so respondents would see the code: give it nb, nn and en texts`
			);
		}
		const key = String(value);
		if (seen.has(key)) {
			report.problem(owner.question, `${label} value ${quote(value)} is used twice`);
		}
		seen.add(key);
	}
}
