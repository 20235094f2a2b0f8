import { copyFile, readFile, writeFile } from 'node:fs/promises';
import { storedAudit } from './support/stored';
import { join, resolve } from 'node:path';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { exportColumns, type Column } from '../src/lib/export/columns';
import { DefinitionValidator } from '../src/lib/validation';
import { generateAnswers } from '../src/test-data/answers';
import { contextFor, launchBrowser } from './support/browser';
import {
	answersFromRow,
	comparable,
	parseWithPapaparse,
	parseWithPython
} from './support/csv-readback';
import {
	ADMIN_PASSWORD,
	postForm,
	postJson,
	signIn,
	startServer,
	stores,
	tempDir,
	TEST_TOKEN,
	type TestServer
} from './support/server';

const fixture = resolve(import.meta.dirname, 'fixtures/export-kitchen.json');
const token = { authorization: `Bearer ${TEST_TOKEN}` };
const passwords = { researcher: 'researcher-pass-1234', leader: 'leader-pass-123456' };

interface Submitted {
	id: string;
	answers: Record<string, unknown>;
	audience: string;
	municipality: string;
	locale: string;
}

/** Answers chosen to break careless CSV handling, then generated ones of every question kind. */
function samples(json: Record<string, unknown>) {
	const hand = [
		{
			audience: 'municipal',
			municipality: 'bodo',
			locale: 'nb',
			answers: {
				role: 'other',
				'role-Comment': 'Rådgiver, «data» & co; "sitert"\nny linje',
				channels: ['web', 'email', 'other'],
				'channels-Comment': '=HYPERLINK("http://example.invalid")',
				size: 2,
				score: 4,
				'score-Comment': 'Semikolon; komma, og "anførselstegn"',
				agree: false,
				years: 12.5,
				short: '=SUM(A1)',
				long: 'Linje 1\r\nLinje 2\nLinje 3',
				likert: { a: 5, b: 'dont_know' },
				top: ['z', 'x'],
				order: ['r', 'p', 'q'],
				contact: { team: 'Data; analyse', count: 3 },
				grid: {
					r1: { used: true, rating: 3, tools: ['b', 'a'], note: '-minus' },
					r2: { used: false }
				},
				datasets: [
					{ title: 'Energi', format: 'csv' },
					{ title: 'Økonomi, budsjett', format: 'json' }
				],
				events: [{ event_name: 'Hackathon i Bodø', event_score: 2 }, { event_name: '+ seminar' }],
				publishes: 'no'
			}
		},
		{
			audience: 'citizen',
			municipality: 'trondheim',
			locale: 'en',
			answers: {
				role: 'staff',
				short: '  mellomrom foran og bak  ',
				years: -3,
				long: '@kommentar\tmed tab',
				channels: ['none'],
				agree: true
			}
		},
		{ audience: 'business', municipality: 'oslo', locale: 'nn', answers: { role: 'manager' } }
	];
	const compiled = new DefinitionValidator(json).compiled;
	const audiences = ['municipal', 'business', 'citizen', 'voluntary'];
	const generated = Array.from({ length: 24 }, (_, i) => {
		const context = {
			audience: audiences[i % 4],
			municipality: ['bodo', 'trondheim', 'nord-aurdal'][i % 3],
			locale: ['nb', 'nn', 'en'][i % 3]
		};
		return { ...context, answers: generateAnswers(compiled, context, 1000 + i, 0.9) };
	});
	return [...hand, ...generated];
}

async function submitAll(
	server: TestServer,
	surveyId: string,
	list: Omit<Submitted, 'id'>[]
): Promise<Submitted[]> {
	const out: Submitted[] = [];
	for (const sample of list) {
		const posted = await postJson(`${server.url}/api/surveys/${surveyId}/responses`, {
			...sample,
			startedAt: new Date(Date.now() - 95_000).toISOString()
		});
		expect(posted.status, JSON.stringify(posted.body)).toBe(201);
		out.push({ ...sample, id: String(posted.body.id) });
	}
	return out;
}

async function download(server: TestServer, path: string, headers: Record<string, string> = token) {
	const response = await fetch(`${server.url}${path}`, { headers });
	const bytes = new Uint8Array(await response.arrayBuffer());
	// ignoreBOM keeps the byte-order mark in the text, where the test can see it.
	return { response, bytes, text: new TextDecoder('utf-8', { ignoreBOM: true }).decode(bytes) };
}

async function createUser(server: TestServer, adminCookie: string, username: string, role: string) {
	const password = role === 'leader' ? passwords.leader : passwords.researcher;
	const response = await postForm(
		server,
		'/admin/users?/create',
		{ username, role, password },
		adminCookie
	);
	expect(response.status).toBe(200);
	return signIn(server, username, password);
}

describe.each(stores)(
	'research export of a questionnaire with every question kind (%s store)',
	(store) => {
		let server: TestServer;
		let json: Record<string, unknown>;
		let version: string;
		let columns: Column[];
		let submitted: Submitted[];
		let researcher: string;
		let leader: string;

		beforeAll(async () => {
			const surveysDir = await tempDir('odb-surveys-');
			await copyFile(fixture, join(surveysDir, 'kitchen.json'));
			json = JSON.parse(await readFile(fixture, 'utf8'));
			server = await startServer({ surveysDir, store });
			version = String(
				((await (await fetch(`${server.url}/api/surveys/kitchen`)).json()) as { version: string })
					.version
			);
			columns = exportColumns([{ version, json }]);
			submitted = await submitAll(server, 'kitchen', samples(json));
			const admin = await signIn(server, 'admin', ADMIN_PASSWORD);
			researcher = await createUser(server, admin, 'rita', 'researcher');
			leader = await createUser(server, admin, 'leo', 'leader');
		});
		afterAll(async () => {
			await server?.stop();
		});

		/** Rows by response id, checking the header is the columns' names. */
		function rowsById(rows: string[][]): Map<string, string[]> {
			expect(rows[0]).toEqual(columns.map((c) => c.name));
			return new Map(rows.slice(1).map((row) => [row[0], row]));
		}

		it('round trip, standard CSV: papaparse and Python read back exactly what was submitted', async () => {
			const { response, bytes, text } = await download(server, '/api/surveys/kitchen/export.csv');
			expect(response.status).toBe(200);
			expect(response.headers.get('content-type')).toMatch(/^text\/csv; charset=utf-8/);
			expect(response.headers.get('content-disposition')).toMatch(
				/^attachment; filename="kitchen-wide-standard-\d{4}-\d{2}-\d{2}\.csv"$/
			);
			expect(bytes.slice(0, 3)).not.toEqual(new Uint8Array([0xef, 0xbb, 0xbf]));
			expect(text.startsWith('response_id,questionnaire,version,round,audience,')).toBe(true);

			const papa = parseWithPapaparse(text, ',');
			const python = await parseWithPython(bytes, ',');
			expect(python).toEqual(papa);
			const rows = rowsById(papa);
			expect(rows.size).toBe(submitted.length);
			for (const sample of submitted) {
				const row = rows.get(sample.id)!;
				const cell = (name: string) => row[columns.findIndex((c) => c.name === name)];
				expect(answersFromRow(columns, row), sample.id).toEqual(
					comparable(columns, sample.answers)
				);
				expect([cell('audience'), cell('municipality'), cell('language')]).toEqual([
					sample.audience,
					sample.municipality,
					sample.locale
				]);
				expect([cell('questionnaire'), cell('version'), cell('round'), cell('status')]).toEqual([
					'kitchen',
					version,
					'default',
					'complete'
				]);
				expect(cell('submitted_at')).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/);
				expect(Number(cell('duration_seconds'))).toBeGreaterThanOrEqual(95);
			}
			// The texts that break naive CSV, exactly as typed: nothing escaped in the standard file.
			const first = rows.get(submitted[0].id)!;
			const cell = (name: string) => first[columns.findIndex((c) => c.name === name)];
			expect(cell('short')).toBe('=SUM(A1)');
			expect(cell('long')).toBe('Linje 1\r\nLinje 2\nLinje 3');
			expect(cell('role_other_text')).toBe('Rådgiver, «data» & co; "sitert"\nny linje');
			expect(cell('years')).toBe('12.5');
			expect(cell('grid_r1_note')).toBe('-minus');
		});

		it('round trip, Excel flavour: BOM, semicolons, decimal comma, formulas neutralised', async () => {
			const { response, bytes, text } = await download(
				server,
				'/api/surveys/kitchen/export.csv?format=excel'
			);
			expect(response.status).toBe(200);
			expect([...bytes.slice(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
			expect(text.startsWith('\uFEFFresponse_id;questionnaire;version;round;')).toBe(true);

			const papa = parseWithPapaparse(text, ';');
			expect(await parseWithPython(bytes, ';')).toEqual(papa);
			const rows = rowsById(papa);
			for (const sample of submitted) {
				const back = answersFromRow(columns, rows.get(sample.id)!, {
					decimalComma: true,
					neutralised: true
				});
				expect(back, sample.id).toEqual(comparable(columns, sample.answers));
			}
			const cellOf = (id: string, name: string) =>
				rows.get(id)![columns.findIndex((c) => c.name === name)];
			const [first, second] = submitted;
			expect(cellOf(first.id, 'short')).toBe("'=SUM(A1)");
			expect(cellOf(first.id, 'channels_other_text')).toBe(`'=HYPERLINK("http://example.invalid")`);
			expect(cellOf(first.id, 'grid_r1_note')).toBe("'-minus");
			expect(cellOf(first.id, 'events_2_event_name')).toBe("'+ seminar");
			expect(cellOf(second.id, 'long')).toBe("'@kommentar\tmed tab");
			expect(cellOf(first.id, 'years')).toBe('12,5');
			// A negative number stays a number Excel can sum.
			expect(cellOf(second.id, 'years')).toBe('-3');
			expect(cellOf(first.id, 'score_comment')).toBe('Semikolon; komma, og "anførselstegn"');
			expect(text).toContain('"Semikolon; komma, og ""anførselstegn"""');
		});

		it('long layout: one row per response and value, the wide table once pivoted', async () => {
			const wide = rowsById(
				parseWithPapaparse((await download(server, '/api/surveys/kitchen/export.csv')).text, ',')
			);
			const { text } = await download(server, '/api/surveys/kitchen/export.csv?layout=long');
			const long = parseWithPapaparse(text, ',');
			expect(long[0]).toEqual(['response_id', 'column', 'question', 'item', 'value']);
			const pivoted = new Map<string, Map<string, string>>();
			for (const [id, column, question, item, value] of long.slice(1)) {
				const match = columns.find((c) => c.name === column)!;
				expect([question, item]).toEqual([match.question, match.item]);
				if (!pivoted.has(id)) pivoted.set(id, new Map([['response_id', id]]));
				expect(pivoted.get(id)!.has(column)).toBe(false);
				pivoted.get(id)!.set(column, value);
			}
			expect(pivoted.size).toBe(wide.size);
			for (const [id, row] of wide) {
				const cells = pivoted.get(id)!;
				expect(columns.map((c) => cells.get(c.name) ?? '')).toEqual(row);
			}
		});

		it('writes labels in the language asked for, codes by default', async () => {
			const [first, second] = submitted;
			const cells = async (query: string, id: string, names: string[]) => {
				const rows = rowsById(
					parseWithPapaparse(
						(await download(server, `/api/surveys/kitchen/export.csv?${query}`)).text,
						','
					)
				);
				return names.map((name) => rows.get(id)![columns.findIndex((c) => c.name === name)]);
			};
			const names = ['role', 'agree', 'likert_b', 'audience', 'municipality', 'channels_web'];
			expect(await cells('', first.id, names)).toEqual([
				'other',
				'0',
				'dont_know',
				'municipal',
				'bodo',
				'1'
			]);
			expect(await cells('values=labels', first.id, names)).toEqual([
				'Annet (beskriv)',
				'Nei',
				'Vet ikke',
				'Kommuneansatt',
				'Bodø',
				'1'
			]);
			expect(await cells('values=labels&lang=en', first.id, names)).toEqual([
				'Other (describe)',
				'No',
				"Don't know",
				'Municipal employee',
				'Bodø',
				'1'
			]);
			expect(await cells('values=labels&lang=en', second.id, ['role', 'agree'])).toEqual([
				'Staff',
				'Yes'
			]);
			// The labels' language is the file's, not a new interface language for the researcher.
			const english = await download(server, '/api/surveys/kitchen/export.csv?lang=en', {
				cookie: researcher
			});
			expect(english.response.headers.getSetCookie().some((c) => c.startsWith('lang='))).toBe(
				false
			);
		});

		it('selects with the dashboard’s filters, and says what is wrong with a bad one', async () => {
			const count = async (query: string) => {
				const { response, text } = await download(
					server,
					`/api/surveys/kitchen/export.csv?${query}`
				);
				expect(response.status).toBe(200);
				const rows = parseWithPapaparse(text, ',');
				expect(response.headers.get('x-export-responses')).toBe(String(rows.length - 1));
				return rows.length - 1;
			};
			const citizens = submitted.filter((s) => s.audience === 'citizen').length;
			const bodo = submitted.filter((s) => s.municipality === 'bodo').length;
			const today = new Date().toISOString().slice(0, 10);
			expect(await count('audience=citizen')).toBe(citizens);
			expect(await count('municipality=bodo')).toBe(bodo);
			expect(await count('round=default')).toBe(submitted.length);
			expect(await count(`version=${version}`)).toBe(submitted.length);
			expect(await count('from=2000-01-01&to=2000-12-31')).toBe(0);
			expect(await count(`from=${today}`)).toBe(submitted.length);

			const bad = await download(server, '/api/surveys/kitchen/export.csv?audience=mayor&lang=en');
			expect(bad.response.status).toBe(400);
			expect(JSON.parse(bad.text).error).toMatch(/Invalid parameter: audience/);
			const typo = await download(server, '/api/surveys/kitchen/export.csv?fromat=excel');
			expect(typo.response.status).toBe(400);
			expect((await download(server, '/api/surveys/nope/export.csv')).response.status).toBe(404);
		});

		it('serves the codebook: every column, question in nb and en, codes, versions', async () => {
			const { response, text } = await download(server, '/api/surveys/kitchen/codebook.csv');
			expect(response.status).toBe(200);
			expect(response.headers.get('content-disposition')).toContain(
				'kitchen-codebook-standard.csv'
			);
			const rows = parseWithPapaparse(text, ',');
			expect(rows[0]).toEqual([
				'column',
				'question',
				'item',
				'type',
				'question_nb',
				'question_en',
				'item_nb',
				'item_en',
				'codes_nb',
				'codes_en',
				'versions'
			]);
			expect(rows.slice(1).map((r) => r[0])).toEqual(columns.map((c) => c.name));
			const row = (name: string) => rows.find((r) => r[0] === name)!;
			expect(row('role')).toEqual([
				'role',
				'role',
				'',
				'code',
				'Din rolle',
				'Your role',
				'',
				'',
				'staff=Ansatt | manager=Leder | other=Annet (beskriv)',
				'staff=Staff | manager=Manager | other=Other (describe)',
				version
			]);
			expect(row('likert_a').slice(4, 8)).toEqual(['likert', 'likert', 'Påstand A', 'Statement A']);
			const excel = await download(server, '/api/surveys/kitchen/codebook.csv?format=excel');
			expect(excel.text.startsWith('\uFEFFcolumn;question;item;type;')).toBe(true);
		});

		it('lets researchers and tokens export; refuses leaders (403) and anyone else (401)', async () => {
			for (const path of ['/api/surveys/kitchen/export.csv', '/api/surveys/kitchen/codebook.csv']) {
				const anonymous = await download(server, path, {});
				expect(anonymous.response.status, path).toBe(401);
				expect(anonymous.response.headers.get('www-authenticate')).toBe('Bearer');
				expect((await download(server, path, { cookie: leader })).response.status, path).toBe(403);
				expect(
					(await download(server, path, { authorization: 'Bearer wrong' })).response.status
				).toBe(401);
				expect((await download(server, path, { cookie: researcher })).response.status, path).toBe(
					200
				);
				expect((await download(server, path)).response.status, path).toBe(200);
			}
			const page = await fetch(`${server.url}/admin/surveys/kitchen/export`, {
				headers: { cookie: leader }
			});
			expect(page.status).toBe(403);
		});

		it('filters the paged JSON responses the same way', async () => {
			const body = (await (
				await fetch(`${server.url}/api/surveys/kitchen/responses?audience=citizen&limit=1000`, {
					headers: token
				})
			).json()) as { responses: { audience: string }[] };
			expect(body.responses.length).toBe(submitted.filter((s) => s.audience === 'citizen').length);
			expect(body.responses.every((r) => r.audience === 'citizen')).toBe(true);
		});

		it('writes every export to the audit log: who, what, how many, which filters; never answers', async () => {
			await download(server, '/api/surveys/kitchen/export.csv?format=excel&audience=citizen', {
				cookie: researcher
			});
			const { entries: stored, text: audit } = await storedAudit(server);
			const entries = stored.filter((e) => e.action === 'export');
			expect(entries.at(-1)).toMatchObject({
				actor: 'rita',
				target: 'kitchen',
				detail: {
					format: 'excel',
					values: 'codes',
					layout: 'wide',
					rows: submitted.filter((s) => s.audience === 'citizen').length,
					filters: 'audience=citizen'
				}
			});
			expect(entries.some((e) => e.actor === 'token:API_TOKEN' && e.detail.layout === 'long')).toBe(
				true
			);
			expect(entries.some((e) => e.detail.format === 'json')).toBe(true);
			for (const text of ['Rådgiver', 'SUM(A1)', 'Hackathon', 'Økonomi'])
				expect(audit).not.toContain(text);
		});
	}
);

describe('column stability', () => {
	it('gives identical headers for different filters over a questionnaire with two versions', async () => {
		const surveysDir = await tempDir('odb-surveys-');
		const v1 = JSON.parse(await readFile(fixture, 'utf8')) as {
			pages: { elements: Record<string, unknown>[] }[];
		};
		await writeFile(join(surveysDir, 'stable.json'), JSON.stringify(v1));
		const server = await startServer({ surveysDir });
		try {
			const versionNow = async () =>
				((await (await fetch(`${server.url}/api/surveys/stable`)).json()) as { version: string })
					.version;
			const first = await versionNow();
			const submit = (audience: string, answers: Record<string, unknown>) =>
				postJson(`${server.url}/api/surveys/stable/responses`, { audience, answers });
			expect((await submit('municipal', { role: 'staff', channels: ['email'] })).status).toBe(201);

			// v2: "size" removed, a new choice for "channels", a new question after "role".
			const v2 = structuredClone(v1);
			const elements = v2.pages[0].elements;
			elements.splice(
				elements.findIndex((e) => e.name === 'size'),
				1
			);
			(elements.find((e) => e.name === 'channels')!.choices as unknown[]).push('post');
			elements.splice(elements.findIndex((e) => e.name === 'role') + 1, 0, {
				type: 'text',
				name: 'department'
			});
			await writeFile(join(surveysDir, 'stable.json'), JSON.stringify(v2));
			const deadline = Date.now() + 10_000;
			while ((await versionNow()) === first && Date.now() < deadline)
				await new Promise((r) => setTimeout(r, 100));
			const second = await versionNow();
			expect(second).not.toBe(first);
			expect(
				(await submit('citizen', { role: 'manager', department: 'IT', channels: ['post'] })).status
			).toBe(201);

			const header = async (query: string) => {
				const { response, text } = await download(
					server,
					`/api/surveys/stable/export.csv?${query}`
				);
				expect(response.status).toBe(200);
				return parseWithPapaparse(text, ',');
			};
			const all = await header('');
			const exports = [
				all,
				await header(`version=${first}`),
				await header(`version=${second}`),
				await header('audience=citizen'),
				await header('audience=municipal&format=standard'),
				await header('from=2000-01-01&to=2000-01-02')
			];
			for (const rows of exports) expect(rows[0]).toEqual(all[0]);
			expect(exports.map((rows) => rows.length - 1)).toEqual([2, 1, 1, 1, 1, 0]);
			const names = all[0];
			expect(names).toContain('size');
			expect(names).toContain('channels_post');
			expect(names.indexOf('department')).toBe(names.indexOf('role_other_text') + 1);
			// A choice the older version did not offer is empty for its responses, not "not chosen".
			const rows = new Map(all.slice(1).map((r) => [r[names.indexOf('version')], r]));
			expect(rows.get(first)![names.indexOf('channels_post')]).toBe('');
			expect(rows.get(first)![names.indexOf('channels_email')]).toBe('1');
			expect(rows.get(second)![names.indexOf('channels_post')]).toBe('1');
			expect(rows.get(second)![names.indexOf('channels_email')]).toBe('0');

			const codebook = parseWithPapaparse(
				(await download(server, '/api/surveys/stable/codebook.csv')).text,
				','
			);
			const versionsOf = (name: string) => codebook.find((r) => r[0] === name)![10];
			expect(versionsOf('size')).toBe(first);
			expect(versionsOf('department')).toBe(second);
			expect(versionsOf('role')).toBe(`${first} ${second}`);
		} finally {
			await server.stop();
		}
	});
});

describe('export in the browser', () => {
	let browser: Browser;
	let server: TestServer;
	beforeAll(async () => {
		const surveysDir = await tempDir('odb-surveys-');
		await copyFile(fixture, join(surveysDir, 'kitchen.json'));
		server = await startServer({ surveysDir });
		const json = JSON.parse(await readFile(fixture, 'utf8'));
		await submitAll(server, 'kitchen', samples(json).slice(0, 5));
		await createUser(server, await signIn(server, 'admin', ADMIN_PASSWORD), 'rita', 'researcher');
		browser = await launchBrowser();
	});
	afterAll(async () => {
		await browser?.close();
		await server?.stop();
	});

	it('a researcher downloads both CSV flavours and the codebook', async () => {
		const { context, foreignRequests } = await contextFor(browser, server.url);
		const page = await context.newPage();
		await page.goto(`${server.url}/admin`);
		await page.getByLabel('Brukernavn').fill('rita');
		await page.getByLabel('Passord').fill(passwords.researcher);
		await page.getByRole('button', { name: 'Logg inn' }).click();
		await page
			.getByRole('row', { name: /Alt i ett/ })
			.getByRole('link', { name: 'Eksport og kodebok' })
			.click();
		await page.getByRole('heading', { name: 'Eksport av «Alt i ett»' }).waitFor();
		expect(await page.getByTestId('stored').textContent()).toContain('5 svar');

		const save = async (trigger: () => Promise<void>) => {
			const [file] = await Promise.all([page.waitForEvent('download'), trigger()]);
			return { name: file.suggestedFilename(), bytes: await readFile((await file.path())!) };
		};

		await page.getByRole('radio', { name: /Excel \(norsk\)/ }).check();
		await page.getByLabel('Målgruppe').selectOption('municipal');
		const excel = await save(() => page.getByRole('button', { name: 'Last ned CSV' }).click());
		expect(excel.name).toMatch(/^kitchen-wide-excel-\d{4}-\d{2}-\d{2}\.csv$/);
		expect([...excel.bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
		const excelRows = await parseWithPython(excel.bytes, ';');
		expect(excelRows[0].slice(0, 3)).toEqual(['response_id', 'questionnaire', 'version']);
		expect(excelRows.slice(1).every((r) => r[4] === 'municipal')).toBe(true);
		expect(excelRows.length - 1).toBe(2);

		await page.getByRole('radio', { name: /Standard CSV/ }).check();
		await page.getByLabel('Målgruppe').selectOption('');
		const standard = await save(() => page.getByRole('button', { name: 'Last ned CSV' }).click());
		expect(standard.name).toMatch(/^kitchen-wide-standard-/);
		const standardRows = await parseWithPython(standard.bytes, ',');
		expect(standardRows[0]).toEqual(excelRows[0]);
		expect(standardRows.length - 1).toBe(5);

		const codebook = await save(() =>
			page.getByRole('link', { name: 'Last ned kodeboken (CSV)' }).click()
		);
		expect(codebook.name).toBe('kitchen-codebook-standard.csv');
		const codebookRows = await parseWithPython(codebook.bytes, ',');
		expect(codebookRows.slice(1).map((r) => r[0])).toEqual(standardRows[0]);

		// The readable codebook on the page lists the same columns.
		const listed = await page.locator('table.data tbody th[scope="row"]').allTextContents();
		expect(listed).toEqual(standardRows[0]);
		expect(foreignRequests).toEqual([]);
		await context.close();
	});
});
