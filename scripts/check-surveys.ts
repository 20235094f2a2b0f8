/**
 * `npm run surveys:check [folder]`: checks every questionnaire file against the authoring rules
 * in surveys/README.md, and spells every Bokmål and Nynorsk text with the hunspell dictionaries
 * and the folder's reviewed term list (`terms.txt`). The folder is the argument, else
 * SURVEYS_DIR, else ./surveys (as the server reads it). Exits with 1 when any file has a
 * problem, or when the dictionaries are missing, so CI and `npm test` stop.
 */
import { readdir, readFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import type { Problem } from '../src/lib/definitions/analyse';
import { checkDefinitionReport, type CheckReport } from '../src/lib/definitions/check';
import { hunspellSpeller } from '../src/lib/definitions/hunspell';
import { checkSpelling, parseTerms, type TermList } from '../src/lib/definitions/spelling';

const TERMS_FILE = 'terms.txt';

function format(problem: Problem, warning = false): string {
	const where = problem.question ? `${problem.file}: ${problem.question}` : problem.file;
	return `${where}: ${warning ? 'warning: ' : ''}${problem.message}`;
}

const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;

async function readTerms(folder: string): Promise<TermList> {
	try {
		return parseTerms(await readFile(join(folder, TERMS_FILE), 'utf8'));
	} catch (e) {
		if ((e as NodeJS.ErrnoException).code !== 'ENOENT') throw e;
		// No list: every word must be in the dictionaries.
		return parseTerms('');
	}
}

async function main(): Promise<number> {
	const folder = resolve(process.argv[2] || process.env.SURVEYS_DIR || './surveys');
	let names: string[];
	try {
		names = (await readdir(folder)).filter((name) => name.endsWith('.json')).sort();
	} catch (e) {
		console.error(`Cannot read the surveys folder ${folder}: ${(e as Error).message}`);
		return 1;
	}
	if (names.length === 0) {
		console.error(`No questionnaires (*.json) in ${folder}`);
		return 1;
	}

	const reports = new Map<string, CheckReport>();
	for (const name of names) {
		const id = name.slice(0, -'.json'.length);
		let raw: unknown;
		try {
			raw = JSON.parse(await readFile(join(folder, name), 'utf8'));
		} catch (e) {
			const message = `not valid JSON: ${(e as Error).message}`;
			reports.set(name, {
				problems: [{ file: name, message }],
				warnings: [],
				questionCount: 0,
				texts: []
			});
			continue;
		}
		reports.set(name, checkDefinitionReport(id, raw));
	}

	// The spelling pass, over all files at once (one dictionary run per language).
	const terms = await readTerms(folder);
	let spelling;
	try {
		spelling = await checkSpelling(
			[...reports].map(([file, report]) => ({ file, texts: report.texts })),
			hunspellSpeller(),
			terms
		);
	} catch (e) {
		console.error(`The spelling pass cannot run: ${(e as Error).message}`);
		return 1;
	}
	for (const problem of spelling.problems) reports.get(problem.file)?.problems.push(problem);

	let problemCount = 0;
	let warningCount = 0;
	let failedFiles = 0;
	for (const [name, { problems, warnings, questionCount }] of reports) {
		if (problems.length === 0) console.log(`ok  ${name} (${plural(questionCount, 'question')})`);
		for (const problem of problems) console.log(format(problem));
		for (const warning of warnings) console.log(format(warning, true));
		problemCount += problems.length;
		warningCount += warnings.length;
		if (problems.length > 0) failedFiles++;
	}
	for (const problem of terms.problems) console.log(`${TERMS_FILE}: ${problem}`);
	for (const term of spelling.unusedTerms) {
		console.log(`${TERMS_FILE}: warning: «${term}» is used by no text: remove it from the list`);
	}
	problemCount += terms.problems.length;
	warningCount += spelling.unusedTerms.length;

	const okFiles = names.length - failedFiles;
	console.log(
		`\n${plural(names.length, 'questionnaire')} checked in ${folder}: ${okFiles} ok, ` +
			`${failedFiles} with problems (${plural(problemCount, 'problem')}, ${plural(warningCount, 'warning')})`
	);
	return problemCount > 0 ? 1 : 0;
}

process.exitCode = await main();
