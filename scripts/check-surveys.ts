/**
 * `npm run surveys:check [folder]`: checks every questionnaire file against the authoring rules
 * in surveys/README.md. The folder is the argument, else SURVEYS_DIR, else ./surveys (as the
 * server reads it). Exits with 1 when any file has a problem, so CI and `npm test` stop.
 */
import { readdir, readFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import type { Problem } from '../src/lib/definitions/analyse';
import { checkDefinitionReport } from '../src/lib/definitions/check';

function format(problem: Problem, warning = false): string {
	const where = problem.question ? `${problem.file}: ${problem.question}` : problem.file;
	return `${where}: ${warning ? 'warning: ' : ''}${problem.message}`;
}

const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;

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

	let problemCount = 0;
	let warningCount = 0;
	let failedFiles = 0;
	for (const name of names) {
		const id = name.slice(0, -'.json'.length);
		let raw: unknown;
		try {
			raw = JSON.parse(await readFile(join(folder, name), 'utf8'));
		} catch (e) {
			console.log(format({ file: name, message: `not valid JSON: ${(e as Error).message}` }));
			problemCount++;
			failedFiles++;
			continue;
		}
		const { problems, warnings, questionCount } = checkDefinitionReport(id, raw);
		if (problems.length === 0) console.log(`ok  ${name} (${plural(questionCount, 'question')})`);
		for (const problem of problems) console.log(format(problem));
		for (const warning of warnings) console.log(format(warning, true));
		problemCount += problems.length;
		warningCount += warnings.length;
		if (problems.length > 0) failedFiles++;
	}

	const okFiles = names.length - failedFiles;
	console.log(
		`\n${plural(names.length, 'questionnaire')} checked in ${folder}: ${okFiles} ok, ` +
			`${failedFiles} with problems (${plural(problemCount, 'problem')}, ${plural(warningCount, 'warning')})`
	);
	return problemCount > 0 ? 1 : 0;
}

process.exitCode = await main();
