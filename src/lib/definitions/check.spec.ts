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
const shippedIds = ['barriers', 'maturity', 'method-evaluation', 'method-follow-up'];

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
	items: Array<{
		question: string;
		points: Record<string, number>;
		notApplicable?: unknown;
		askedIf?: unknown;
	}>;
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
			change: (json) => (scoring(json).dimensions[0].items[5].question = 'sp_missing'),
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
			change: (json) => (scoring(json).dimensions[0].items[5].question = 'assessment_comment'),
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
			change: (json) => (scoring(json).dimensions[0].items[0].notApplicable = { value: 'n_a' }),
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
					'its choice values must be level codes (level_1, level_2, level_3, level_4, level_5); "none", "planned", "started", "partly", "mostly", "full", "dont_know" are not'
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
			name: 'an askedIf that disagrees with the visibleIf',
			change: (json) => (question(json, 'dm_update_plans').visibleIf = "{pb_published} <> 'no'"),
			problems: [
				expected(
					'maturity.json',
					'dm_update_plans',
					'"askedIf" and the question\'s visibleIf disagree when "pb_published" is "no_planned", "dont_know", no answer'
				)
			]
		},
		{
			name: 'an askedIf value that is not a choice of the filter',
			change: (json) =>
				(scoring(json).dimensions[4].items[1].askedIf = {
					question: 'pb_published',
					values: ['ja']
				}),
			problems: [
				expected(
					'maturity.json',
					'pb_dataset_count',
					'is asked if "pb_published" is "ja", which is not a choice value of that question'
				)
			]
		},
		{
			name: 'an askedIf filter that comes after the question',
			change: (json) => {
				const item = scoring(json).dimensions[0].items[0] as Json;
				item.askedIf = { question: 'sp_goals', values: ['full'] };
				question(json, 'sp_strategy').visibleIf = "{sp_goals} = 'full'";
			},
			problems: [
				expected(
					'maturity.json',
					'sp_strategy',
					'which comes after it: put the filter question first'
				)
			]
		},
		{
			name: 'an askedIf filter that does not exist',
			change: (json) =>
				(scoring(json).dimensions[4].items[1].askedIf = { question: 'nowhere', values: ['yes'] }),
			problems: [
				expected('maturity.json', 'pb_dataset_count', 'is asked if "nowhere", which does not exist')
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
		// maturity.json: 4 background questions and an html intro; 7 areas, each with its
		// questions, an evidence box and a target: strategy 7 + 2, governance 7 + 2, skills 5 + 2,
		// data management 7 + 2, publication 9 + 2 (its filter is on the first page, and an html
		// note), use 8 + 2, coordination 6 + 2; and one closing comment.
		expect(checkDefinitionReport('maturity', readSurvey('maturity')).questionCount).toBe(
			4 + 9 + 9 + 7 + 9 + 11 + 10 + 8 + 1
		);
	});

	it('warns, without a problem, about a hidden scored question without askedIf', () => {
		const json = structuredClone(readSurvey('maturity'));
		delete (scoring(json).dimensions[3].items[4] as Json).askedIf;
		const report = checkDefinitionReport('maturity', json);
		expect(report.problems).toEqual([]);
		expect(report.warnings).toEqual([
			expected('maturity.json', 'dm_update_plans', 'but the item has no "askedIf"')
		]);
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
	let misspelt: string;
	// The shipped term list, as the questionnaires' own folder has it.
	const terms = readFileSync(join(surveysDir, 'terms.txt'), 'utf8');
	beforeAll(() => {
		good = JSON.stringify(readSurvey('method-evaluation'));
		const typo = readSurvey('method-evaluation');
		(question(typo, 'activity').title as Record<string, string>).nb =
			'Hvilken aktivtet deltok du i?';
		misspelt = JSON.stringify(typo);
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
			'invalid.json': '{ "title": ',
			'terms.txt': terms
		});
		const { code, output } = await run(folder);
		expect(code).toBe(1);
		expect(output).toContain(
			'broken.json: respondent_role: choice value "Not a code" is not a code'
		);
		expect(output).toContain('invalid.json: not valid JSON');
		expect(output).toContain('ok  good.json (15 questions)');
		expect(output).toContain('3 questionnaires checked');
		// The warnings: terms only the questionnaires left out of this folder use.
		expect(output).toMatch(/1 ok, 2 with problems \(2 problems, \d+ warnings\)/);
	});

	it('passes a folder of good files', { timeout: 60_000 }, async () => {
		const { code, output } = await run(await folderWith({ 'good.json': good, 'terms.txt': terms }));
		expect(code).toBe(0);
		expect(output).toContain('ok  good.json (15 questions)');
	});

	it(
		'fails on a word the dictionary and the term list do not know, and passes once it is listed',
		{ timeout: 60_000 },
		async () => {
			const failed = await run(await folderWith({ 'typo.json': misspelt, 'terms.txt': terms }));
			expect(failed.code).toBe(1);
			expect(failed.output).toContain(
				'typo.json: activity: the nb text of the title has «aktivtet», which neither the Bokmål dictionary nor surveys/terms.txt knows; the dictionary suggests'
			);
			expect(failed.output).toMatch(/suggests [^:]*«aktivitet»/);
			// Without a term list every word must be in the dictionaries: «Hackathon» is not.
			const bare = await run(await folderWith({ 'good.json': good }));
			expect(bare.code).toBe(1);
			expect(bare.output).toContain('has «Hackathon»');
			const listed = await run(
				await folderWith({ 'typo.json': misspelt, 'terms.txt': `${terms}\nnb: aktivtet\n` })
			);
			expect(listed.code).toBe(0);
		}
	);
});
