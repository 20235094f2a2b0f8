import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Problem } from './analyse';
import { checkDefinition, checkDefinitionReport } from './check';

const root = fileURLToPath(new URL('../../../', import.meta.url));
const surveysDir = join(root, 'surveys');
const shippedIds = ['barriers', 'maturity', 'method-evaluation'];

type Json = Record<string, unknown>;
type Element = Json & { name?: string; elements?: Element[]; templateElements?: Element[] };

function readSurvey(id: string): Json {
	return JSON.parse(readFileSync(join(surveysDir, `${id}.json`), 'utf8')) as Json;
}

/** A text in all three languages, with Bokmål as `default` as surveys/README.md asks. */
const text = (en: string) => ({ default: `${en} (nb)`, nb: `${en} (nb)`, nn: `${en} (nn)`, en });

/** A question (nested ones included) of a raw definition, to mutate in place. */
function question(json: Json, name: string): Element {
	const search = (elements: Element[] = []): Element | undefined => {
		for (const element of elements) {
			if (element.name === name && element.type !== 'panel') return element;
			const nested = search(element.elements) ?? search(element.templateElements);
			if (nested) return nested;
		}
	};
	const found = search((json.pages as Element[]).flatMap((page) => page.elements ?? []));
	if (!found) throw new Error(`no question ${name}`);
	return found;
}

const choices = (element: Element) => element.choices as Array<{ value: unknown; text?: unknown }>;

interface Dimension {
	items: Array<{ question: string; points: Record<string, number>; notApplicable?: unknown }>;
	targetQuestion?: string;
}
function scoring(json: Json) {
	return (json.odb as { scoring: { dimensions: Dimension[] } }).scoring;
}

/** A problem naming `file` and `question`, whose message contains `fragment`. */
const expected = (file: string, question: string | undefined, fragment: string) =>
	question === undefined
		? { file, message: expect.stringContaining(fragment) }
		: { file, question, message: expect.stringContaining(fragment) };

describe('checkDefinition', () => {
	it.each(shippedIds)('finds no problem in the shipped %s.json', (id) => {
		expect(checkDefinition(id, readSurvey(id))).toEqual([]);
	});

	// maturity.json with one thing broken per row (a fresh deep copy each time).
	it.each<{ name: string; change: (json: Json) => void; problems: Problem[] }>([
		{
			name: 'a question title without nn',
			change: (json) => delete (question(json, 'sp_goals').title as Json).nn,
			problems: [expected('maturity.json', 'sp_goals', 'the title has no nn text')]
		},
		{
			name: 'a question description without nb and en',
			change: (json) => (question(json, 'sp_goals').description = { default: 'x', nn: 'x' }),
			problems: [expected('maturity.json', 'sp_goals', 'the description has no nb or en text')]
		},
		{
			name: 'a question title that is a plain string',
			change: (json) => (question(json, 'sp_goals').title = 'Mål'),
			problems: [expected('maturity.json', 'sp_goals', 'the title is a plain text')]
		},
		{
			name: 'a choice text with an empty en',
			change: (json) => (choices(question(json, 'sp_goals'))[1].text = { ...text('x'), en: ' ' }),
			problems: [
				expected('maturity.json', 'sp_goals', 'the text of choice "planned" has no en text')
			]
		},
		{
			name: 'a choice text in Bokmål only',
			change: (json) => (choices(question(json, 'sp_goals'))[1].text = { nb: 'Planlagt' }),
			problems: [
				expected('maturity.json', 'sp_goals', 'the text of choice "planned" has no nn or en text')
			]
		},
		{
			name: 'a choice without a text',
			change: (json) => delete choices(question(json, 'respondent_role'))[0].text,
			problems: [
				expected('maturity.json', 'respondent_role', 'choice "top_management" has no text')
			]
		},
		{
			name: 'a page title without en',
			change: (json) => {
				const page = (json.pages as Json[])[1];
				page.title = { ...(page.title as Json), en: undefined };
			},
			problems: [
				expected('maturity.json', undefined, 'the title of page "strategy_policy" has no en text')
			]
		},
		{
			name: 'the completed page without nn',
			change: (json) => delete (json.completedHtml as Json).nn,
			problems: [
				expected('maturity.json', undefined, 'the completedHtml of the survey has no nn text')
			]
		},
		{
			name: 'a choice value that is display text',
			change: (json) => (choices(question(json, 'respondent_role'))[0].value = 'Not a code'),
			problems: [
				expected('maturity.json', 'respondent_role', 'choice value "Not a code" is not a code')
			]
		},
		{
			name: 'a choice value used twice',
			change: (json) => (choices(question(json, 'respondent_role'))[1].value = 'top_management'),
			problems: [
				expected('maturity.json', 'respondent_role', 'choice value "top_management" is used twice')
			]
		},
		{
			name: 'a duplicate question name',
			change: (json) => (question(json, 'assessed_by').name = 'respondent_role'),
			problems: [expected('maturity.json', 'respondent_role', 'the question name is used twice')]
		},
		{
			name: 'a question name that is not snake_case',
			change: (json) => (question(json, 'assessed_by').name = 'assessedBy'),
			problems: [expected('maturity.json', 'assessedBy', 'must be lowercase snake_case')]
		},
		{
			name: 'a scoring item for a question that does not exist',
			change: (json) => (scoring(json).dimensions[0].items[0].question = 'sp_missing'),
			problems: [
				expected(
					'maturity.json',
					'sp_missing',
					'dimension "strategy_policy" scores a question that does not exist'
				)
			]
		},
		{
			name: 'a scoring item for a comment question',
			change: (json) => (scoring(json).dimensions[0].items[0].question = 'assessment_comment'),
			problems: [expected('maturity.json', 'assessment_comment', 'it is a "comment" question')]
		},
		{
			name: 'points for a value that is not a choice',
			change: (json) => (scoring(json).dimensions[0].items[0].points.sometimes = 0.5),
			problems: [
				expected(
					'maturity.json',
					'sp_strategy',
					'gives points for "sometimes", which is not a choice value'
				)
			]
		},
		{
			name: 'a not-applicable value that is not a choice',
			change: (json) =>
				(scoring(json).dimensions[0].items[0].notApplicable = { value: 'n_a', credit: 'exclude' }),
			problems: [
				expected(
					'maturity.json',
					'sp_strategy',
					'the not-applicable value "n_a", which is not a choice value'
				)
			]
		},
		{
			name: 'a target question whose values are not level codes',
			change: (json) => (scoring(json).dimensions[0].targetQuestion = 'sp_goals'),
			problems: [
				expected(
					'maturity.json',
					'sp_goals',
					'its choice values must be level codes (level_1, level_2, level_3, level_4, level_5); "none", "planned", "partly", "mostly", "full", "dont_know" are not'
				)
			]
		},
		{
			name: 'a target question that does not exist',
			change: (json) => (scoring(json).dimensions[1].targetQuestion = 'nowhere'),
			problems: [expected('maturity.json', 'nowhere', 'has a target question that does not exist')]
		},
		{
			name: 'a level label without nn',
			change: (json) => {
				const levels = (json.odb as { scoring: { levels: Array<{ label: Json }> } }).scoring.levels;
				delete levels[0].label.nn;
			},
			problems: [
				expected(
					'maturity.json',
					undefined,
					'odb.scoring.levels[0].label.nn: is required but missing'
				)
			]
		},
		{
			name: 'a retention period of 0 days',
			change: (json) => ((json.odb as Json).retentionDays = 0),
			problems: [expected('maturity.json', undefined, 'odb.retentionDays')]
		},
		{
			name: 'a retention period that is not a whole number',
			change: (json) => ((json.odb as Json).retentionDays = 30.5),
			problems: [expected('maturity.json', undefined, 'odb.retentionDays')]
		},
		{
			name: 'a privacy purpose without en',
			change: (json) =>
				((json.odb as Json).privacy = { purpose: { nb: 'Forskning', nn: 'Forsking' } }),
			problems: [expected('maturity.json', undefined, '"odb.privacy.purpose" has no en text')]
		},
		{
			name: 'an unknown privacy key',
			change: (json) => ((json.odb as Json).privacy = { dpo: 'x' }),
			problems: [expected('maturity.json', undefined, 'odb.privacy')]
		},
		{
			name: 'a maturity questionnaire without a scoring model',
			change: (json) => delete (json.odb as Json).scoring,
			problems: [expected('maturity.json', undefined, 'there is no "odb.scoring"')]
		}
	])('reports $name in maturity.json', ({ change, problems }) => {
		const json = structuredClone(readSurvey('maturity'));
		change(json);
		expect(checkDefinition('maturity', json)).toEqual(problems);
	});

	/** A small valid maturity questionnaire with a matrix, to break the row references. */
	function matrixSurvey(): Json {
		const levels = ['level_1', 'level_2'];
		return {
			title: text('Survey'),
			pages: [
				{
					name: 'main',
					title: text('Main'),
					elements: [
						{
							type: 'matrix',
							name: 'practices',
							title: text('Practices'),
							rows: [{ value: 'budget', text: text('Budget') }],
							columns: [
								{ value: 0, text: text('None') },
								{ value: 'full', text: text('Full') }
							]
						},
						{
							type: 'radiogroup',
							name: 'policy',
							title: text('Policy'),
							choices: [{ value: 'yes', text: text('Yes') }]
						},
						{
							type: 'dropdown',
							name: 'practices_target',
							title: text('Target'),
							choices: levels.map((value) => ({ value, text: text(value) }))
						},
						{
							type: 'rating',
							name: 'useful',
							title: text('Useful'),
							minRateDescription: text('Not at all'),
							maxRateDescription: text('Very')
						}
					]
				}
			],
			odb: {
				kind: 'maturity',
				scoring: {
					levels: levels.map((code, i) => ({ level: i + 1, code, min: i * 50, label: text(code) })),
					dimensions: [
						{
							code: 'practice',
							label: text('Practice'),
							items: [
								{ question: 'practices', row: 'budget', weight: 5, points: { '0': 0, full: 1 } },
								{ question: 'policy', weight: 5, points: { yes: 1 } }
							],
							targetQuestion: 'practices_target'
						}
					]
				}
			}
		};
	}
	const item = (json: Json, i: number) => scoring(json).dimensions[0].items[i] as Json;
	const element = (json: Json, i: number) =>
		((json.pages as Json[])[0].elements as Element[])[i] as Json;

	it('finds no problem in the small matrix questionnaire', () => {
		expect(checkDefinition('small', matrixSurvey())).toEqual([]);
	});

	it.each<{ name: string; change: (json: Json) => void; problems: Problem[] }>([
		{
			name: 'a scored row the matrix does not have',
			change: (json) => (item(json, 0).row = 'staff'),
			problems: [expected('small.json', 'practices', 'row "staff", which the matrix does not have')]
		},
		{
			name: 'a row on a radiogroup',
			change: (json) => (item(json, 1).row = 'budget'),
			problems: [expected('small.json', 'policy', 'only a "matrix" question has rows to score')]
		},
		{
			name: 'a matrix scored without a row',
			change: (json) => delete item(json, 0).row,
			problems: [expected('small.json', 'practices', 'score a matrix row by row, with "row"')]
		},
		{
			name: 'points for a value that is not a column',
			change: (json) => (item(json, 0).points = { partly: 0.5, full: 1 }),
			problems: [
				expected(
					'small.json',
					'practices',
					'row "budget" gives points for "partly", which is not a column value'
				)
			]
		},
		{
			name: 'a row value that is not a code',
			change: (json) => (element(json, 0).rows = [{ value: 'Budget', text: text('Budget') }]),
			problems: [
				expected('small.json', 'practices', 'row value "Budget" is not a code'),
				// The scoring item still names the old code, which the matrix no longer has.
				expected('small.json', 'practices', 'row "budget", which the matrix does not have')
			]
		},
		{
			name: 'a column value that is not a code',
			change: (json) => ((element(json, 0).columns as Json[])[1].value = 'Full!'),
			problems: [
				expected('small.json', 'practices', 'column value "Full!" is not a code'),
				expected('small.json', 'practices', 'gives points for "full", which is not a column value')
			]
		},
		{
			name: 'a rating description that is a plain string',
			change: (json) => (element(json, 3).maxRateDescription = 'Very'),
			problems: [expected('small.json', 'useful', 'the maxRateDescription is a plain text')]
		},
		{
			name: 'a placeholder without nn',
			change: (json) => (element(json, 2).placeholder = { nb: 'Velg', en: 'Choose' }),
			problems: [expected('small.json', 'practices_target', 'the placeholder has no nn text')]
		},
		{
			name: 'choices written as bare codes',
			change: (json) => (element(json, 1).choices = ['yes', 2]),
			// A number reads the same in every language; a code does not.
			problems: [expected('small.json', 'policy', 'choice "yes" has no text')]
		},
		{
			name: 'an "other" text without en',
			change: (json) => {
				element(json, 1).showOtherItem = true;
				element(json, 1).otherText = { nb: 'Annet', nn: 'Anna' };
			},
			problems: [expected('small.json', 'policy', 'the otherText has no en text')]
		},
		{
			name: 'a validator message that is a plain string',
			change: (json) =>
				(element(json, 1).validators = [{ type: 'expression', expression: 'true', text: 'Nope' }]),
			problems: [expected('small.json', 'policy', 'the text of a validator is a plain text')]
		},
		{
			name: 'a question inside a panel without nn',
			change: (json) =>
				((json.pages as Json[])[0].elements as Json[]).push({
					type: 'panel',
					name: 'more',
					title: text('More'),
					elements: [{ type: 'text', name: 'extra', title: { nb: 'Mer', en: 'More' } }]
				}),
			problems: [expected('small.json', 'extra', 'the title has no nn text')]
		},
		{
			name: 'a panel title without nb',
			change: (json) =>
				((json.pages as Json[])[0].elements as Json[]).push({
					type: 'panel',
					name: 'more',
					title: { nn: 'Meir', en: 'More' },
					elements: [{ type: 'text', name: 'extra', title: text('Extra') }]
				}),
			problems: [expected('small.json', undefined, 'the title of panel "more" has no nb text')]
		},
		{
			name: 'a survey title that is a plain string',
			change: (json) => (json.title = 'Survey'),
			problems: [expected('small.json', undefined, 'the title of the survey is a plain text')]
		},
		{
			name: 'a scoring model that does not parse',
			change: (json) => (item(json, 1).weight = 0),
			problems: [
				expected(
					'small.json',
					undefined,
					'odb.scoring.dimensions[0].items[1].weight: weight must be greater than 0'
				)
			]
		}
	])('reports $name', ({ change, problems }) => {
		const json = matrixSurvey();
		change(json);
		expect(checkDefinition('small', json)).toEqual(problems);
	});

	it('reports a question type SurveyJS does not know', () => {
		const json = matrixSurvey();
		(((json.pages as Json[])[0].elements as Json[]) ?? []).push({ type: 'slidr', name: 'speed' });
		expect(checkDefinition('small', json)).toEqual([
			expected('small.json', 'speed', 'SurveyJS cannot load it (type "slidr")')
		]);
	});

	it('reports a file that is not a JSON object', () => {
		expect(checkDefinition('list', [])).toEqual([
			expected('list.json', undefined, 'the file must hold a JSON object')
		]);
	});
});

describe('checkDefinitionReport', () => {
	it('counts the questions a respondent answers, without html blocks', () => {
		// maturity.json: 3 background questions and an html intro, 6 dimensions of 6 or 7
		// questions (items + target: 7, 7, 7, 7, 7, 6), and one closing comment.
		expect(checkDefinitionReport('maturity', readSurvey('maturity')).questionCount).toBe(
			3 + 7 * 5 + 6 + 1
		);
	});

	it('warns, without a problem, about a scored choice that earns no points', () => {
		const json = structuredClone(readSurvey('maturity'));
		delete scoring(json).dimensions[0].items[0].points.planned;
		const report = checkDefinitionReport('maturity', json);
		expect(report.problems).toEqual([]);
		expect(report.warnings).toEqual([
			expected('maturity.json', 'sp_strategy', 'the answers "planned" earn no points')
		]);
	});
});

describe('checkDefinitionReport on a ranking', () => {
	const ranking = (extra: Json): Json => ({
		title: text('Survey'),
		pages: [
			{
				name: 'main',
				title: text('Main'),
				elements: [
					{
						type: 'ranking',
						name: 'top',
						title: text('Top two'),
						selectToRankEnabled: true,
						maxSelectedChoices: 2,
						choices: ['a', 'b', 'c'].map((value) => ({ value, text: text(value) })),
						...extra
					}
				]
			}
		]
	});

	it("warns that the texts of its empty areas are the app's, not the file's", () => {
		const report = checkDefinitionReport(
			'ranking',
			ranking({
				selectToRankEmptyRankedAreaText: text('Nothing chosen yet'),
				selectToRankEmptyUnrankedAreaText: text('All are chosen')
			})
		);
		expect(report.problems).toEqual([]);
		expect(report.warnings).toEqual([
			expected(
				'ranking.json',
				'top',
				'selectToRankEmptyRankedAreaText (SurveyJS shows it in the list'
			),
			expected(
				'ranking.json',
				'top',
				'selectToRankEmptyUnrankedAreaText (SurveyJS shows it in the ranked'
			)
		]);
	});

	it('has nothing to say about a ranking without them', () => {
		const report = checkDefinitionReport('ranking', ranking({}));
		expect([...report.problems, ...report.warnings]).toEqual([]);
	});
});

describe('scripts/check-surveys.ts', () => {
	const folders: string[] = [];

	async function folderWith(files: Record<string, string>): Promise<string> {
		const folder = await mkdtemp(join(tmpdir(), 'surveys-check-'));
		folders.push(folder);
		for (const [name, content] of Object.entries(files)) {
			await writeFile(join(folder, name), content);
		}
		return folder;
	}

	function run(folder: string): Promise<{ code: number | null; output: string }> {
		return new Promise((resolve, reject) => {
			const child = spawn('npx', ['tsx', 'scripts/check-surveys.ts', folder], { cwd: root });
			let output = '';
			child.stdout.on('data', (chunk) => (output += chunk));
			child.stderr.on('data', (chunk) => (output += chunk));
			child.on('error', reject);
			child.on('close', (code) => resolve({ code, output }));
		});
	}

	let good: string;
	let broken: string;
	beforeAll(() => {
		good = JSON.stringify(readSurvey('method-evaluation'));
		const maturity = readSurvey('maturity');
		choices(question(maturity, 'respondent_role'))[0].value = 'Not a code';
		broken = JSON.stringify(maturity);
	});
	afterAll(async () => {
		await Promise.all(folders.map((f) => rm(f, { recursive: true, force: true })));
	});

	it('fails and names the broken files', { timeout: 60_000 }, async () => {
		const folder = await folderWith({
			'good.json': good,
			'broken.json': broken,
			'invalid.json': '{ "title": '
		});
		const { code, output } = await run(folder);
		expect(code).toBe(1);
		expect(output).toContain(
			'broken.json: respondent_role: choice value "Not a code" is not a code'
		);
		expect(output).toContain('invalid.json: not valid JSON');
		expect(output).toContain('ok  good.json (13 questions)');
		expect(output).toContain('3 questionnaires checked');
		expect(output).toContain('1 ok, 2 with problems (2 problems, 0 warnings)');
	});

	it('passes a folder of good files', { timeout: 60_000 }, async () => {
		const { code, output } = await run(await folderWith({ 'good.json': good }));
		expect(code).toBe(0);
		expect(output).toContain('ok  good.json (13 questions)');
	});
});
