import { localeNames, type Locale } from '../../i18n/locales';
import { translate, type MessageKey } from '../../i18n/messages';
import { missingCodes, missingReasons, type AnalysisVariable, type MissingReason } from './coding';
import { stataMissing } from './stata';

/**
 * The bundle's codebook (one row per variable, with its numbers and missing codes) and its
 * README (what was exported, and how to run each file).
 */

export const analysisCodebookHeader = [
	'variable',
	'column',
	'question',
	'item',
	'storage',
	'level',
	'label',
	'values',
	'codes',
	'missing',
	'versions'
];

const pairs = (list: { code: number | string; text: string }[]) =>
	list.map(({ code, text }) => (text && text !== String(code) ? `${code}=${text}` : String(code)));

/**
 * Rows of the bundle's codebook: `column` is the column's name in the CSV export, `values` the
 * numbers with their labels, `codes` the stored code behind each number.
 */
export function analysisCodebookRows(
	variables: readonly AnalysisVariable[],
	locale: Locale
): string[][] {
	return variables.map((v) => [
		v.name,
		v.column.name,
		v.column.question,
		v.column.item,
		v.storage,
		v.measure,
		v.label[locale],
		[
			...pairs(v.values.map((value) => ({ code: value.code, text: value.label[locale] }))),
			...pairs(v.stringLabels.map((l) => ({ code: l.value, text: l.label[locale] })))
		].join(' | '),
		// The codes as stored (and in the CSV export) behind each number.
		v.codes.map((c) => `${c.code}=${c.value}`).join(' | '),
		pairs(v.missing.map((m) => ({ code: m.code, text: m.label[locale] }))).join(' | '),
		v.column.versions.join(' ')
	]);
}

export interface BundleFiles {
	data: string;
	codebook: string;
	spss: string;
	r: string;
	stata: string;
	readme: string;
}

export const bundleFiles = (surveyId: string): BundleFiles => ({
	data: `${surveyId}.csv`,
	codebook: `${surveyId}-codebook.csv`,
	spss: `${surveyId}.sps`,
	r: `${surveyId}.R`,
	stata: `${surveyId}.do`,
	readme: 'README.txt'
});

export interface ReadmeInput {
	surveyId: string;
	variables: readonly AnalysisVariable[];
	title: string;
	locale: Locale;
	exportedAt: string;
	responses: number;
	versions: readonly string[];
	rounds: readonly { slug: string; name: string }[];
	/** The filters as given (`round=spring&audience=citizen`), empty for all. */
	filters: string;
	/** Codes not in the definitions, per variable: left empty. */
	unknown: ReadonlyMap<string, number>;
	files: BundleFiles;
}

const reasonKeys: Record<MissingReason, MessageKey> = {
	dontKnow: 'bundle.dontKnow',
	notApplicable: 'bundle.notApplicable',
	refused: 'bundle.refused',
	notShown: 'bundle.notShown'
};

type T = (key: MessageKey, params?: Record<string, string | number>) => string;

/** The same table in each package: answers to the first closed question, round by round. */
function trends(input: ReadmeInput, t: T): string[] {
	const example = input.variables.find((v) => v.storage === 'coded' && v.values.length > 0);
	if (!example) return [];
	const name = example.name;
	return [
		t('bundle.readme.trends', { variable: name }),
		'',
		`  SPSS:  CROSSTABS /TABLES=${name} BY round.`,
		`  R:     table(responses$${name}, responses$round)`,
		`  Stata: tabulate ${name} round, missing`,
		''
	];
}

export function bundleReadme(input: ReadmeInput): string {
	const t = (key: MessageKey, params?: Record<string, string | number>) =>
		translate(input.locale, key, params);
	const { files } = input;
	const title = t('bundle.readme.title', { title: input.title });
	const lines = [
		title,
		'='.repeat([...title].length),
		'',
		t('bundle.readme.questionnaire', { title: input.title, id: input.surveyId }),
		t('bundle.readme.exportedAt', { time: input.exportedAt }),
		t('bundle.readme.responses', { count: input.responses }),
		t('bundle.readme.versions', { versions: input.versions.join(', ') }),
		t('bundle.readme.rounds', {
			rounds: ['default', ...input.rounds.map((r) => `${r.slug} (${r.name})`)].join(', ')
		}),
		t('bundle.readme.filters', { filters: input.filters || t('bundle.readme.allResponses') }),
		t('bundle.readme.language', { language: localeNames[input.locale] }),
		'',
		t('bundle.readme.files'),
		'',
		`  ${files.data}: ${t('bundle.readme.data')}`,
		`  ${files.codebook}: ${t('bundle.readme.codebook')}`,
		`  ${files.spss}: ${t('bundle.readme.spss')}`,
		`  ${files.r}: ${t('bundle.readme.r')}`,
		`  ${files.stata}: ${t('bundle.readme.stata')}`,
		'',
		t('bundle.readme.run'),
		'',
		`  SPSS:  ${t('bundle.readme.howSpss', { file: files.spss })}`,
		`  PSPP:  pspp ${files.spss}`,
		`  R:     Rscript ${files.r}   ${t('bundle.readme.howR', { file: files.r })}`,
		`  Stata: do ${files.stata}`,
		'',
		t('bundle.readme.cd'),
		'',
		...trends(input, t),
		t('bundle.readme.codes'),
		'',
		t('bundle.readme.codesRule'),
		'',
		t('bundle.readme.missing'),
		'',
		...missingReasons.map((reason) => {
			const help = reason === 'notShown' ? `: ${t('bundle.readme.notShownHelp')}` : '';
			return `  ${missingCodes[reason]}  ${stataMissing[reason]}  ${t(reasonKeys[reason])}${help}`;
		}),
		'',
		t('bundle.readme.texts')
	];
	if (input.unknown.size > 0) {
		const count = [...input.unknown.values()].reduce((a, b) => a + b, 0);
		lines.push(
			'',
			t('bundle.readme.unknown', { count, variables: [...input.unknown.keys()].join(', ') })
		);
	}
	lines.push('');
	return lines.join('\n');
}
