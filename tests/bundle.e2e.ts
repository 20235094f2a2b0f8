import { copyFile, readFile, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { clipped, oneLine } from '../src/lib/export/analysis/names';
import type { QuestionSummary, Summary } from '../src/lib/summary/summarise';
import { DefinitionValidator } from '../src/lib/validation';
import { generateAnswers } from '../src/test-data/answers';
import { longTitle, quotedChoices, stressQuestionnaire } from './fixtures/bundle-stress';
import { contextFor, launchBrowser } from './support/browser';
import { immutable } from './support/disk';
import {
	bundleFolder,
	ensureReaders,
	psppFrequencies,
	readCsv,
	runPspp,
	runPython,
	runR,
	unpack
} from './support/bundle';
import {
	ADMIN_PASSWORD,
	postForm,
	postJson,
	signIn,
	startServer,
	tempDir,
	TEST_TOKEN,
	type TestServer
} from './support/server';
import { parseStataDo } from './support/stata-check';

/**
 * The analysis bundle run through the programs researchers use: PSPP runs the SPSS syntax and
 * its frequencies must equal the dashboard's numbers (the summary API, as a researcher sees
 * them); R runs the R script and its factors must have the same levels and counts; the Stata
 * do-file is checked by a parser of its commands (no Stata here); pandas reads the data with
 * the codebook's types. A second questionnaire of 200+ columns with æøå, quotes and long texts
 * checks that every name and label arrives whole in all three.
 */

const fixture = resolve(import.meta.dirname, 'fixtures/export-kitchen.json');
const token = { authorization: `Bearer ${TEST_TOKEN}` };
const researcherPassword = 'researcher-pass-1234';
// Exact numbers for the comparison: the small-group rule hides nothing.
const env = { MIN_GROUP_SIZE: '1' };

async function download(server: TestServer, path: string, headers: Record<string, string> = token) {
	const response = await fetch(`${server.url}${path}`, { headers });
	return { response, bytes: new Uint8Array(await response.arrayBuffer()) };
}

async function createRound(
	server: TestServer,
	admin: string,
	surveyId: string,
	name: string,
	slug: string
) {
	const created = await postForm(
		server,
		'/admin/rounds?/create',
		{ surveyId, name, slug, opensAt: '', closesAt: '', municipality: '' },
		admin
	);
	expect(created.status).toBe(200);
}

/** Generated answers of every question kind, for every audience, in three rounds. */
async function submitGenerated(
	server: TestServer,
	surveyId: string,
	json: Record<string, unknown>,
	count: number,
	rounds: (string | undefined)[]
) {
	const compiled = new DefinitionValidator(json).compiled;
	const audiences = ['municipal', 'business', 'citizen', 'voluntary'];
	const perRound = new Map<string, number>();
	for (let i = 0; i < count; i++) {
		const context = {
			audience: audiences[i % 4],
			municipality: ['bodo', 'trondheim', 'nord-aurdal'][i % 3],
			locale: ['nb', 'nn', 'en'][i % 3]
		};
		const round = rounds[i % rounds.length];
		const posted = await postJson(`${server.url}/api/surveys/${surveyId}/responses`, {
			...context,
			...(round ? { round } : {}),
			answers: generateAnswers(compiled, context, 500 + i, 0.8)
		});
		expect(posted.status, JSON.stringify(posted.body)).toBe(201);
		perRound.set(round ?? 'default', (perRound.get(round ?? 'default') ?? 0) + 1);
	}
	return perRound;
}

/** The dashboard's counts of one question (or matrix row), by the label PSPP and R show. */
function dashboardCounts(summary: Summary, name: string, row?: string): Map<string, number> {
	const q = summary.questions.find((question) => question.name === name) as QuestionSummary;
	const counts = new Map<string, number>();
	const add = (label: string, count: number | null) => counts.set(label, count ?? NaN);
	if (q.kind === 'choice' || q.kind === 'boolean')
		for (const c of q.counts) add(c.label.nb, c.count);
	else if (q.kind === 'rating') {
		for (const c of q.distribution) add(c.label.nb, c.count);
		add('dontKnow', q.dontKnow);
	} else if (q.kind === 'matrix') {
		const r = q.rows.find((candidate) => String(candidate.value) === row)!;
		for (const c of r.distribution) add(c.label.nb, c.count);
		add('dontKnow', r.dontKnow);
	} else throw new Error(`no counts for ${q.kind}`);
	add('hidden', q.hidden);
	return counts;
}

describe('the analysis bundle of a questionnaire with every question kind, over three rounds', () => {
	let server: TestServer;
	let json: Record<string, unknown>;
	let folder: string;
	let names: string[];
	let summary: Summary;
	let perRound: Map<string, number>;
	let researcher: string;

	beforeAll(async () => {
		await ensureReaders();
		const surveysDir = await tempDir('odb-surveys-');
		await copyFile(fixture, join(surveysDir, 'kitchen.json'));
		json = JSON.parse(await readFile(fixture, 'utf8'));
		server = await startServer({ surveysDir, env });
		const admin = await signIn(server, 'admin', ADMIN_PASSWORD);
		await createRound(server, admin, 'kitchen', 'Vår «2026»', 'var-2026');
		await createRound(server, admin, 'kitchen', 'Høst 2026', 'host-2026');
		perRound = await submitGenerated(server, 'kitchen', json, 60, [
			undefined,
			'var-2026',
			'host-2026'
		]);
		const created = await postForm(
			server,
			'/admin/users?/create',
			{ username: 'rita', role: 'researcher', password: researcherPassword },
			admin
		);
		expect(created.status).toBe(200);
		researcher = await signIn(server, 'rita', researcherPassword);
		summary = (
			(await (
				await fetch(`${server.url}/api/surveys/kitchen/summary`, {
					headers: { cookie: researcher }
				})
			).json()) as { summary: Summary }
		).summary;

		const { response, bytes } = await download(server, '/api/surveys/kitchen/bundle.zip?lang=nb');
		expect(response.status).toBe(200);
		expect(response.headers.get('content-type')).toBe('application/zip');
		expect(response.headers.get('content-disposition')).toMatch(
			/^attachment; filename="kitchen-\d{4}-\d{2}-\d{2}-analysis\.zip"$/
		);
		const unpacked = await unpack(bytes);
		names = unpacked.names;
		folder = await bundleFolder(unpacked.dir);
	}, 600_000);
	afterAll(async () => {
		await server?.stop();
	});

	it('holds the data, the codebook, the three syntax files and a README', async () => {
		const folderName = names[0].split('/')[0];
		expect(names.map((n) => n.slice(folderName.length + 1)).sort()).toEqual(
			[
				'README.txt',
				'kitchen-codebook.csv',
				'kitchen.R',
				'kitchen.csv',
				'kitchen.do',
				'kitchen.sps'
			].sort()
		);
		const readme = await readFile(join(folder, 'README.txt'), 'utf8');
		expect(readme).toContain('Spørreskjema: Alt i ett (kitchen)');
		expect(readme).toContain('Svar: 60');
		expect(readme).toContain('Runder: default, var-2026 (Vår «2026»), host-2026 (Høst 2026)');
		expect(readme).toContain('Utvalg: alle svar');
		expect(readme).toMatch(/Eksportert: \d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z/);
		for (const command of ['pspp kitchen.sps', 'Rscript kitchen.R', 'do kitchen.do'])
			expect(readme).toContain(command);
		expect(readme).toContain('-91  .a  Vet ikke');
		expect(readme).toContain('-94  .d  Ikke vist');
	});

	it('PSPP runs the SPSS syntax, and its frequencies equal the dashboard’s numbers', async () => {
		const pspp = await runPspp(
			folder,
			[
				"INSERT FILE='kitchen.sps'.",
				'FREQUENCIES /VARIABLES=role size score agree likert_a likert_b publishes round /STATISTICS=NONE.',
				'DISPLAY DICTIONARY /VARIABLES=score likert_a role.',
				''
			].join('\n')
		);
		// Not one complaint about the syntax or the data.
		expect(pspp.log).not.toMatch(/error|warning/i);
		expect(pspp.txt).not.toMatch(/error|warning/i);
		expect(pspp.txt).toContain('Din rolle');
		const tables = psppFrequencies(pspp.csv);
		const check = (label: string, name: string, row?: string) => {
			const frequencies = tables.get(label)!;
			expect(frequencies, label).toBeDefined();
			const dashboard = dashboardCounts(summary, name, row);
			let compared = 0;
			for (const [category, count] of dashboard) {
				const key =
					category === 'dontKnow' ? 'Vet ikke' : category === 'hidden' ? 'Ikke vist' : category;
				expect(frequencies.get(key) ?? 0, `${label}: ${category}`).toBe(count);
				compared += count;
			}
			// Everything else is system-missing: shown and not answered.
			const q = summary.questions.find((question) => question.name === name)!;
			if (!row) expect(frequencies.get('.') ?? 0, `${label}: empty`).toBe(q.unanswered);
			expect(compared).toBeGreaterThan(0);
		};
		check('Din rolle', 'role');
		check('size', 'size');
		check('Nytte', 'score');
		check('Enig?', 'agree');
		check('likert – Påstand A', 'likert', 'a');
		check('likert – Påstand B', 'likert', 'b');
		check('publishes', 'publishes');
		expect(Object.fromEntries(tables.get('Runde')!)).toEqual({
			'Standardrunde (alltid åpen)': perRound.get('default'),
			'Vår «2026»': perRound.get('var-2026'),
			'Høst 2026': perRound.get('host-2026')
		});
		// Measurement levels as declared.
		expect(pspp.csv).toMatch(/^score,\d+,Nytte,Ordinal,/m);
		expect(pspp.csv).toMatch(/^role,\d+,Din rolle,Nominal,/m);
	});

	it('R runs the R script: factor levels and counts match the dashboard, labels as haven reads them', async () => {
		const alone = await runR(folder, 'kitchen.R');
		expect(alone.stderr).toBe('');
		const { stdout, stderr } = await runR(
			folder,
			'check.R',
			[
				'source("kitchen.R")',
				'out <- function(...) cat(paste(..., sep = "\\t"), "\\n", sep = "")',
				'for (v in c("role", "size", "score", "agree", "likert_a", "likert_b", "publishes", "round")) {',
				'  x <- responses[[v]]',
				'  out("class", v, paste(class(x), collapse = ","))',
				'  out("label", v, attr(x, "label"))',
				'  counts <- table(x)',
				'  for (level in names(counts)) out("count", v, level, counts[[level]])',
				'  out("code", v, "-91", sum(codes[[v]] == -91, na.rm = TRUE))',
				'  out("code", v, "-94", sum(codes[[v]] == -94, na.rm = TRUE))',
				'  out("code", v, "empty", sum(is.na(codes[[v]])))',
				'}',
				'haven::write_sav(responses[c("role", "score")], "haven.sav")',
				'back <- haven::read_sav("haven.sav")',
				'out("haven", "role", attr(back$role, "label"), paste(names(attr(back$role, "labels")), collapse = "|"))',
				'out("haven", "score", attr(back$score, "label"), paste(names(attr(back$score, "labels")), collapse = "|"))'
			].join('\n')
		);
		expect(stderr).toBe('');
		const lines = stdout
			.trim()
			.split('\n')
			.map((line) => line.split('\t'));
		const get = (kind: string, v: string) => lines.filter((l) => l[0] === kind && l[1] === v);
		const levels = (v: string) => new Map(get('count', v).map((l) => [l[2], Number(l[3])]));
		const code = (v: string, what: string) => Number(get('code', v).find((l) => l[2] === what)![3]);

		const compare = (v: string, name: string, row?: string) => {
			const dashboard = dashboardCounts(summary, name, row);
			const substantive = [...dashboard].filter(([k]) => k !== 'dontKnow' && k !== 'hidden');
			// The factor's levels are the answers, in order; its counts the dashboard's.
			expect([...levels(v)], v).toEqual(substantive);
			expect(code(v, '-91'), `${v}: don't know`).toBe(dashboard.get('dontKnow') ?? 0);
			expect(code(v, '-94'), `${v}: not shown`).toBe(dashboard.get('hidden'));
		};
		compare('role', 'role');
		compare('size', 'size');
		compare('score', 'score');
		compare('agree', 'agree');
		compare('likert_a', 'likert', 'a');
		compare('likert_b', 'likert', 'b');
		compare('publishes', 'publishes');
		expect(get('class', 'score')[0][2]).toBe('ordered,factor');
		expect(get('class', 'likert_a')[0][2]).toBe('ordered,factor');
		expect(get('class', 'role')[0][2]).toBe('factor');
		expect(get('label', 'likert_a')[0][2]).toBe('likert – Påstand A');
		expect([...levels('round')]).toEqual([
			['Standardrunde (alltid åpen)', perRound.get('default')],
			['Vår «2026»', perRound.get('var-2026')],
			['Høst 2026', perRound.get('host-2026')]
		]);
		expect(get('haven', 'role')[0].slice(2)).toEqual(['Din rolle', 'Ansatt|Leder|Annet (beskriv)']);
		expect(get('haven', 'score')[0][2]).toBe('Nytte');
	});

	it('the Stata do-file parses, names the data file’s columns and labels every code', async () => {
		const text = await readFile(join(folder, 'kitchen.do'), 'utf8');
		const parsed = parseStataDo(text);
		const data = await readCsv(join(folder, 'kitchen.csv'));
		const codebook = await readCsv(join(folder, 'kitchen-codebook.csv'));
		expect(parsed.file).toBe('kitchen.csv');
		expect(parsed.options.get('bindquote')).toBe('strict');
		expect(parsed.options.get('encoding')).toBe('"utf-8"');
		expect(parsed.names).toEqual(data[0]);
		const coded = codebook
			.slice(1)
			.filter((r) => r[4] === 'coded')
			.map((r) => r[0]);
		expect(parsed.numeric.map((i) => parsed.names[i - 1])).toEqual(
			codebook
				.slice(1)
				.filter((r) => r[4] === 'coded' || r[4] === 'number')
				.map((r) => r[0])
		);
		expect([...parsed.labelValues.keys()]).toEqual(coded);
		expect(parsed.mvdecode!.variables).toEqual(coded);
		expect(parsed.mvdecode!.rules).toBe('-91=.a \\ -92=.b \\ -93=.c \\ -94=.d');
		expect(Object.fromEntries(parsed.valueLabels.get('role')!)).toEqual({
			1: 'Ansatt',
			2: 'Leder',
			3: 'Annet (beskriv)',
			'.d': 'Ikke vist'
		});
		expect(Object.fromEntries(parsed.valueLabels.get('likert_b')!)).toEqual({
			'.a': 'Vet ikke',
			'.d': 'Ikke vist'
		});
		expect(parsed.variableLabels.get('likert_a')).toBe('likert – Påstand A');
		expect(parsed.variableLabels.get('long_')).toBe('long');
	});

	it('pandas reads the data with the codebook’s types', async () => {
		const result = (await runPython(
			folder,
			[
				'import json, pandas as pd',
				'book = pd.read_csv("kitchen-codebook.csv", dtype=str, keep_default_na=False)',
				'kinds = {"coded": "Int64", "number": "Float64"}',
				'dtype = {r.variable: kinds.get(r.storage, "string") for r in book.itertuples()}',
				'data = pd.read_csv("kitchen.csv", dtype=dtype, keep_default_na=False, na_values=[""])',
				'print(json.dumps({"shape": list(data.shape), "role": {str(k): int(v) for k, v in data["role"].value_counts().items()}, "notShown": int((data["publishes"] == -94).sum())}))'
			].join('\n')
		)) as { shape: number[]; role: Record<string, number>; notShown: number };
		expect(result.shape[0]).toBe(60);
		const role = dashboardCounts(summary, 'role');
		expect(result.role).toEqual(
			Object.fromEntries(
				[
					['1', role.get('Ansatt')],
					['2', role.get('Leder')],
					['3', role.get('Annet (beskriv)')]
				].filter(([, n]) => n)
			)
		);
		expect(result.notShown).toBe(dashboardCounts(summary, 'publishes').get('hidden'));
	});

	it('applies the export’s filters, and writes every bundle to the audit log', async () => {
		const { response, bytes } = await download(
			server,
			'/api/surveys/kitchen/bundle.zip?lang=en&round=var-2026&audience=citizen',
			{ cookie: researcher }
		);
		expect(response.status).toBe(200);
		const selected = Number(response.headers.get('x-export-responses'));
		const unpacked = await unpack(bytes);
		const dir = await bundleFolder(unpacked.dir);
		const data = await readCsv(join(dir, 'kitchen.csv'));
		expect(data.length - 1).toBe(selected);
		expect(selected).toBeGreaterThan(0);
		const at = (name: string) => data[0].indexOf(name);
		expect(
			data.slice(1).every((r) => r[at('round')] === 'var-2026' && r[at('audience')] === 'citizen')
		).toBe(true);
		const readme = await readFile(join(dir, 'README.txt'), 'utf8');
		expect(readme).toContain('Selection: round=var-2026&audience=citizen');
		expect(await readFile(join(dir, 'kitchen.sps'), 'utf8')).toContain(
			"VALUE LABELS agree\n  1 'Yes'\n  0 'No'"
		);

		const audit = JSON.parse(await readFile(join(server.dataDir, 'audit.json'), 'utf8')) as {
			entries: { actor: string; action: string; target: string; detail: Record<string, unknown> }[];
		};
		const bundles = audit.entries.filter(
			(e) => e.action === 'export' && e.detail.format === 'bundle'
		);
		expect(bundles.at(-1)).toMatchObject({
			actor: 'rita',
			target: 'kitchen',
			detail: { lang: 'en', rows: selected, filters: 'round=var-2026&audience=citizen' }
		});
		expect(bundles.some((e) => e.actor === 'token:API_TOKEN')).toBe(true);
	});

	it('refuses what the CSV export refuses: leaders, strangers, unknown parameters and questionnaires', async () => {
		const admin = await signIn(server, 'admin', ADMIN_PASSWORD);
		await postForm(
			server,
			'/admin/users?/create',
			{ username: 'leo', role: 'leader', password: 'leader-pass-123456' },
			admin
		);
		const leader = await signIn(server, 'leo', 'leader-pass-123456');
		const path = '/api/surveys/kitchen/bundle.zip';
		expect((await download(server, path, {})).response.status).toBe(401);
		expect((await download(server, path, { cookie: leader })).response.status).toBe(403);
		const typo = await download(server, `${path}?format=excel`);
		expect(typo.response.status).toBe(400);
		expect(new TextDecoder().decode(typo.bytes)).toMatch(/unknown parameter/);
		expect((await download(server, `${path}?audience=mayor`)).response.status).toBe(400);
		expect((await download(server, '/api/surveys/nope/bundle.zip')).response.status).toBe(404);
	});

	it('is not handed out when its export cannot be written to the audit log (503)', async () => {
		// The data folder refuses new files (the store's temporary files have unique names, so
		// nothing can be put in their way): the audit log cannot be written.
		await immutable([server.dataDir], true);
		try {
			const refused = await download(server, '/api/surveys/kitchen/bundle.zip');
			expect(refused.response.status).toBe(503);
			expect(refused.response.headers.get('retry-after')).toBe('30');
		} finally {
			await immutable([server.dataDir], false);
		}
		expect((await download(server, '/api/surveys/kitchen/bundle.zip')).response.status).toBe(200);
	});
});

describe('a second version: the codes keep their numbers, rounds and versions in one file', () => {
	it('numbers a choice added later after the others, and marks a question the version lacked', async () => {
		await ensureReaders();
		const surveysDir = await tempDir('odb-surveys-');
		const v1 = JSON.parse(await readFile(fixture, 'utf8')) as {
			pages: { elements: Record<string, unknown>[] }[];
		};
		await writeFile(join(surveysDir, 'kitchen.json'), JSON.stringify(v1));
		const server = await startServer({ surveysDir, env });
		try {
			const versionNow = async () =>
				((await (await fetch(`${server.url}/api/surveys/kitchen`)).json()) as { version: string })
					.version;
			const first = await versionNow();
			const submit = (answers: Record<string, unknown>) =>
				postJson(`${server.url}/api/surveys/kitchen/responses`, { audience: 'citizen', answers });
			expect((await submit({ role: 'manager' })).status).toBe(201);
			expect((await submit({ role: 'other', 'role-Comment': 'x' })).status).toBe(201);

			// v2: a choice before "other", and a new question.
			const v2 = structuredClone(v1);
			const elements = v2.pages[0].elements;
			const role = elements.find((e) => e.name === 'role')!;
			(role.choices as unknown[]).push({
				value: 'lead',
				text: { nb: 'Prosjektleder', nn: 'Prosjektleiar', en: 'Lead' }
			});
			elements.splice(1, 0, { type: 'boolean', name: 'new_question' });
			await writeFile(join(surveysDir, 'kitchen.json'), JSON.stringify(v2));
			const deadline = Date.now() + 10_000;
			while ((await versionNow()) === first && Date.now() < deadline)
				await new Promise((r) => setTimeout(r, 100));
			const second = await versionNow();
			expect(second).not.toBe(first);
			expect((await submit({ role: 'lead', new_question: true })).status).toBe(201);
			expect((await submit({ role: 'staff', new_question: false })).status).toBe(201);

			const { bytes } = await download(server, '/api/surveys/kitchen/bundle.zip');
			const dir = await bundleFolder((await unpack(bytes)).dir);
			const data = await readCsv(join(dir, 'kitchen.csv'));
			const at = (name: string) => data[0].indexOf(name);
			// Worked out by hand: staff 1, manager 2, other 3 in v1; lead, new in v2, is 4.
			expect(
				data.slice(1).map((r) => [r[at('version')], r[at('role')], r[at('new_question')]])
			).toEqual([
				[first, '2', '-94'],
				[first, '3', '-94'],
				[second, '4', '1'],
				[second, '1', '0']
			]);
			const codebook = await readCsv(join(dir, 'kitchen-codebook.csv'));
			const row = codebook.find((r) => r[0] === 'role')!;
			expect(row[7]).toBe('1=Ansatt | 2=Leder | 3=Annet (beskriv) | 4=Prosjektleder');
			expect(row[8]).toBe('1=staff | 2=manager | 3=other | 4=lead');

			const { stdout, stderr } = await runR(
				dir,
				'check.R',
				[
					'source("kitchen.R")',
					'cat(levels(responses$role), sep = "|")',
					'cat("\\n")',
					'cat(as.vector(table(responses$version, responses$role)), "\\n")'
				].join('\n')
			);
			expect(stderr).toBe('');
			const [levels, table] = stdout.split('\n').map((l) => l.trim());
			expect(levels).toBe('Ansatt|Leder|Annet (beskriv)|Prosjektleder');
			// Versions × roles, column by column: staff (v2), manager (v1), other (v1), lead (v2).
			expect(table).toBe('0 1 1 0 1 0 0 1');
			const pspp = await runPspp(
				dir,
				"INSERT FILE='kitchen.sps'.\nCROSSTABS /TABLES=role BY version.\n"
			);
			expect(pspp.log).not.toMatch(/error|warning/i);
			expect(pspp.csv).toContain('Prosjektleder');
		} finally {
			await server.stop();
		}
	}, 300_000);
});

describe('a questionnaire of 200+ columns with æøå, quotes and long texts', () => {
	let server: TestServer;
	let json: Record<string, unknown>;
	let dir: string;

	beforeAll(async () => {
		await ensureReaders();
		const surveysDir = await tempDir('odb-surveys-');
		json = stressQuestionnaire();
		await writeFile(join(surveysDir, 'stress.json'), JSON.stringify(json));
		server = await startServer({ surveysDir, env });
		await submitGenerated(server, 'stress', json, 12, [undefined]);
		// Texts that break careless quoting, in a closed question's other text and in free text.
		const posted = await postJson(`${server.url}/api/surveys/stress/responses`, {
			audience: 'municipal',
			answers: {
				role: 'other',
				'role-Comment': 'Rådgiver «data» & co; "sitert", $HOME og `kr`\nny linje',
				if: 'it\'s "quoted"',
				spørsmål_1_blåbær: '"sitert"',
				spørsmål_2_blåbær: "o'neil"
			}
		});
		expect(posted.status, JSON.stringify(posted.body)).toBe(201);
		const { response, bytes } = await download(server, '/api/surveys/stress/bundle.zip?lang=nb');
		expect(response.status).toBe(200);
		dir = await bundleFolder((await unpack(bytes)).dir);
	}, 600_000);
	afterAll(async () => {
		await server?.stop();
	});

	it('has over 200 columns, every name within Stata’s and SPSS’s limits and unique to SPSS', async () => {
		const data = await readCsv(join(dir, 'stress.csv'));
		const header = data[0];
		expect(header.length).toBeGreaterThan(200);
		expect(new Set(header.map((n) => n.toLowerCase())).size).toBe(header.length);
		for (const name of header) {
			expect([...name].length, name).toBeLessThanOrEqual(32);
			expect(new TextEncoder().encode(name).length, name).toBeLessThanOrEqual(64);
			expect(name, name).toMatch(/^\p{L}[\p{L}\p{N}_]*$/u);
		}
		expect(header).toContain('spørsmål_1_blåbær');
		expect(header).toContain('Tillit');
		expect(header).toContain('tillit_2');
		expect(header).toEqual(expect.arrayContaining(['by_', 'with_', 'if_', 'v2fa']));
		const long = header.filter((n) => n.startsWith('et_svært_langt_spørsmålsnav_'));
		expect(long).toHaveLength(2);
		// The text stays one case, with its quotes.
		// The last response, sent by hand.
		const row = data.at(-1)!;
		expect(row[header.indexOf('role_other_text')]).toBe(
			'Rådgiver «data» & co; "sitert", $HOME og `kr` ny linje'
		);
		expect(row[header.indexOf('if_')]).toBe('it\'s "quoted"');
	});

	it('PSPP reads it without a complaint, and a .sav it saves keeps every label (read back by haven)', async () => {
		const pspp = await runPspp(
			dir,
			[
				"INSERT FILE='stress.sps'.",
				"SAVE OUTFILE='stress.sav'.",
				'FREQUENCIES /VARIABLES=spørsmål_1_blåbær spørsmål_2_blåbær /STATISTICS=NONE.',
				''
			].join('\n')
		);
		expect(pspp.log).not.toMatch(/error|warning/i);
		const tables = psppFrequencies(pspp.csv);
		const first = tables.get('Spørsmål 1: «æøå»')!;
		expect(first.get('Han sa "ja" og \'nei\'')).toBeGreaterThanOrEqual(1);
		expect(tables.get('Spørsmål 2: «æøå»')!.get('Kostnad i $ og `kr`')).toBeGreaterThanOrEqual(1);

		const { stdout, stderr } = await runR(
			dir,
			'sav.R',
			[
				'sav <- haven::read_sav("stress.sav")',
				'for (v in names(sav)) {',
				'  labels <- attr(sav[[v]], "labels")',
				'  cat(v, attr(sav[[v]], "label"), paste(labels, names(labels), sep = "=", collapse = "|"), sep = "\\t")',
				'  cat("\\n")',
				'}'
			].join('\n')
		);
		expect(stderr).toBe('');
		const rows = new Map(
			stdout
				.trim()
				.split('\n')
				.map((l) => {
					const [name, ...rest] = l.split('\t');
					return [name, rest];
				})
		);
		const header = (await readCsv(join(dir, 'stress.csv')))[0];
		expect([...rows.keys()]).toEqual(header);
		// The long title, cut at SPSS's 255 bytes with "…"; the value labels whole, quotes and all.
		expect(rows.get('spørsmål_10_blåbær')![0]).toBe(clipped(longTitle.nb, 255, 255));
		expect(rows.get('spørsmål_10_blåbær')![1]).toBe(
			// haven lists the labels by value.
			[
				'-94=Ikke vist',
				'-92=Ikke aktuelt',
				'-91=Vet ikke',
				'1=Blåbær «søte»',
				`2=Han sa "ja" og 'nei'`,
				'3=Kostnad i $ og `kr`'
			].join('|')
		);
		// Refused (SurveyJS's own item) where the question has it.
		expect(rows.get('spørsmål_4_blåbær')![1]).toContain('-93=');
		expect(rows.get('Tillit')![0]).toBe('Tillit (stor T)');
		expect(rows.get('tillit_2')![0]).toBe('tillit (liten t)');
		expect(rows.get('påstander_p40')![0]).toBe(
			`Påstander om «deling» – Påstand 40 – "${'x'.repeat(39)}"`
		);
	});

	it('R keeps every label whole, the codes’ labels as factor levels', async () => {
		const { stdout, stderr } = await runR(
			dir,
			'check.R',
			[
				'source("stress.R")',
				'cat(ncol(responses), "\\n")',
				'cat(attr(responses[["spørsmål_10_blåbær"]], "label"), "\\n")',
				'cat(paste(levels(responses[["spørsmål_10_blåbær"]]), collapse = "|"), "\\n")',
				'cat(paste(levels(responses[["Tillit"]]), collapse = "|"), is.ordered(responses[["Tillit"]]), "\\n")',
				'cat(sum(codes[["spørsmål_1_blåbær"]] == 2, na.rm = TRUE) >= 1, "\\n")'
			].join('\n')
		);
		expect(stderr).toBe('');
		const [columns, label, levels, tillit, quoted] = stdout.split('\n').map((l) => l.trim());
		expect(Number(columns)).toBeGreaterThan(200);
		expect(label).toBe(oneLine(longTitle.nb));
		expect(levels).toBe(
			quotedChoices
				.slice(0, 3)
				.map((c) => c.text.nb)
				.join('|')
		);
		// A negative scale keeps its points, in order.
		expect(tillit).toBe('-2|-1|0|1|2 TRUE');
		expect(quoted).toBe('TRUE');
	});

	it('the Stata do-file parses, with names within 32 characters and labels within 80', async () => {
		const parsed = parseStataDo(await readFile(join(dir, 'stress.do'), 'utf8'));
		const header = (await readCsv(join(dir, 'stress.csv')))[0];
		expect(parsed.names).toEqual(header);
		expect(parsed.variableLabels.get('spørsmål_10_blåbær')).toBe(clipped(longTitle.nb, 80));
		expect(Object.fromEntries(parsed.valueLabels.get('spørsmål_4_blåbær')!)).toEqual({
			1: 'Blåbær «søte»',
			2: `Han sa "ja" og 'nei'`,
			3: 'Kostnad i $ og `kr`',
			'.a': 'Vet ikke',
			'.b': 'Ikke aktuelt',
			'.c': 'Vil ikke svare',
			'.d': 'Ikke vist'
		});
		expect(parsed.variableLabels.get('Tillit')).toBe('Tillit (stor T)');
		expect(parsed.mvdecode!.variables.length).toBeGreaterThan(150);
	});
});

describe('the export page links the bundle', () => {
	let browser: Browser;
	let server: TestServer;
	beforeAll(async () => {
		const surveysDir = await tempDir('odb-surveys-');
		await copyFile(fixture, join(surveysDir, 'kitchen.json'));
		server = await startServer({ surveysDir, env });
		const json = JSON.parse(await readFile(fixture, 'utf8'));
		await submitGenerated(server, 'kitchen', json, 8, [undefined]);
		const admin = await signIn(server, 'admin', ADMIN_PASSWORD);
		await postForm(
			server,
			'/admin/users?/create',
			{ username: 'rita', role: 'researcher', password: researcherPassword },
			admin
		);
		browser = await launchBrowser();
	}, 120_000);
	afterAll(async () => {
		await browser?.close();
		await server?.stop();
	});

	it('with the language and selection chosen on the page', async () => {
		const { context, foreignRequests } = await contextFor(browser, server.url);
		const page = await context.newPage();
		await page.goto(`${server.url}/admin`);
		await page.getByLabel('Brukernavn').fill('rita');
		await page.getByLabel('Passord').fill(researcherPassword);
		await page.getByRole('button', { name: 'Logg inn' }).click();
		await page.goto(`${server.url}/admin/surveys/kitchen/export`);
		await page.getByRole('heading', { name: 'Analysepakke for SPSS, R og Stata' }).waitFor();
		const link = page.getByRole('link', { name: 'Last ned analysepakken (ZIP)' });
		// Where the link leads: the server writes it relative ("../../../api/…") and the
		// hydrated page absolute, so compare what it resolves to.
		const target = async () => {
			const url = new URL((await link.getAttribute('href'))!, page.url());
			return url.pathname + url.search;
		};
		expect(await target()).toBe('/api/surveys/kitchen/bundle.zip?lang=nb');

		await page.getByLabel('Målgruppe').selectOption('municipal');
		await page.getByLabel('Språk for tekstene').selectOption('en');
		await expect.poll(target).toBe('/api/surveys/kitchen/bundle.zip?lang=en&audience=municipal');
		const [file] = await Promise.all([page.waitForEvent('download'), link.click()]);
		expect(file.suggestedFilename()).toMatch(/^kitchen-\d{4}-\d{2}-\d{2}-analysis\.zip$/);
		const unpacked = await unpack(await readFile((await file.path())!));
		expect(unpacked.names.some((n) => n.endsWith('/kitchen.sps'))).toBe(true);
		const data = await readCsv(join(await bundleFolder(unpacked.dir), 'kitchen.csv'));
		expect(data.slice(1).every((r) => r[data[0].indexOf('audience')] === 'municipal')).toBe(true);
		expect(foreignRequests).toEqual([]);
		await context.close();
	});
});
