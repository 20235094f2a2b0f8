import { execFile } from 'node:child_process';
import { copyFile, readFile, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { postJson, startServer, tempDir, TEST_TOKEN, type TestServer } from './support/server';

const run = promisify(execFile);
const auth = { authorization: `Bearer ${TEST_TOKEN}` };
const t = (nb: string, nn: string, en: string) => ({ nb, nn, en });

/** A plain SurveyJS file, as a researcher would write one, with the project's texts in nb, nn and en. */
function plainSurvey() {
	return {
		title: t('Reisevaner', 'Reisevanar', 'Travel habits'),
		pages: [
			{
				name: 'travel',
				title: t('Reisen', 'Reisa', 'The journey'),
				elements: [
					{
						type: 'radiogroup',
						name: 'transport',
						isRequired: true,
						title: t(
							'Hvordan reiser du til jobb?',
							'Korleis reiser du til jobb?',
							'How do you get to work?'
						),
						choices: [
							{ value: 'bus', text: t('Buss', 'Buss', 'Bus') },
							{ value: 'bike', text: t('Sykkel', 'Sykkel', 'Bicycle') },
							{ value: 'dont_know', text: t('Vet ikke', 'Veit ikkje', "Don't know") }
						]
					},
					{
						type: 'rating',
						name: 'satisfied',
						title: t('Hvor fornøyd er du?', 'Kor nøgd er du?', 'How satisfied are you?'),
						rateMin: 1,
						rateMax: 5
					},
					{
						type: 'comment',
						name: 'why',
						visibleIf: "{audience} = 'citizen'",
						title: t('Hvorfor?', 'Kvifor?', 'Why?')
					}
				]
			}
		]
	};
}

async function send(
	server: TestServer,
	method: string,
	path: string,
	body?: unknown,
	headers: Record<string, string> = auth
): Promise<{ status: number; body: Record<string, unknown> }> {
	const response = await fetch(`${server.url}${path}`, {
		method,
		headers: { 'content-type': 'application/json', ...headers },
		body: body === undefined ? undefined : JSON.stringify(body)
	});
	const text = await response.text();
	try {
		return { status: response.status, body: JSON.parse(text) as Record<string, unknown> };
	} catch {
		return { status: response.status, body: { raw: text } };
	}
}

const answer = (transport: string) => ({
	answers: { transport, satisfied: 4, why: 'Raskt' },
	audience: 'citizen',
	municipality: 'bodo',
	locale: 'nb'
});

describe('designing questionnaires through the HTTP API', () => {
	let server: TestServer;
	let surveysDir: string;

	beforeAll(async () => {
		surveysDir = await tempDir('odb-surveys-');
		await copyFile(
			resolve(import.meta.dirname, '../surveys/method-follow-up.json'),
			join(surveysDir, 'method-follow-up.json')
		);
		server = await startServer({ surveysDir });
	});
	afterAll(async () => {
		await server?.stop();
	});

	it('refuses anyone without a researcher session or token, and bad ids, storing nothing', async () => {
		const anonymous = await send(
			server,
			'POST',
			'/api/surveys',
			{ id: 'x', json: plainSurvey() },
			{}
		);
		expect(anonymous.status).toBe(401);
		const badId = await send(server, 'POST', '/api/surveys', {
			id: 'Travel_1',
			json: plainSurvey()
		});
		expect(badId.status).toBe(400);
		expect(badId.body.error).toMatch(/små bokstaver, sifre og bindestrek/);
		const unknownField = await send(server, 'POST', '/api/surveys', { id: 'a', json: {}, x: 1 });
		expect(unknownField.status).toBe(400);
		// A file's id is taken: the file is its source of truth.
		const taken = await send(server, 'POST', '/api/surveys', { id: 'method-follow-up', json: {} });
		expect(taken.status).toBe(409);
		// SurveyJS cannot load an unknown question type: 422, nothing stored.
		const broken = await send(server, 'POST', '/api/surveys', {
			id: 'broken',
			json: { elements: [{ type: 'no-such-kind', name: 'q' }] }
		});
		expect(broken.status).toBe(422);
		expect((broken.body.errors as unknown[]).length).toBeGreaterThan(0);
		expect((await send(server, 'GET', '/api/surveys/broken/draft')).status).toBe(404);
		// A file managed in git is not changed here.
		const fileDraft = await send(server, 'PUT', '/api/surveys/method-follow-up/draft', {
			json: {}
		});
		expect(fileDraft.status).toBe(409);
		expect(fileDraft.body.error).toMatch(/git/);
	});

	it('takes a plain SurveyJS file as a draft, never served until published, then answerable', async () => {
		const created = await send(server, 'POST', '/api/surveys', {
			id: 'travel',
			json: plainSurvey()
		});
		expect(created.status).toBe(201);
		expect(created.body).toMatchObject({ id: 'travel', errors: [] });
		expect((await send(server, 'POST', '/api/surveys', { id: 'travel', json: {} })).status).toBe(
			409
		);

		// A draft is not served to respondents.
		expect((await fetch(`${server.url}/api/surveys/travel`)).status).toBe(404);
		expect(
			(await postJson(`${server.url}/api/surveys/travel/responses`, answer('bus'))).status
		).toBe(404);
		expect((await fetch(`${server.url}/s/travel`)).status).toBe(404);

		// An authoring error (no English text) is reported with its question, and stops publishing.
		const missing = plainSurvey();
		delete (missing.pages[0].elements[1].title as Partial<ReturnType<typeof t>>).en;
		const saved = await send(server, 'PUT', '/api/surveys/travel/draft', { json: missing });
		expect(saved.status).toBe(200);
		expect(saved.body.errors).toEqual([
			{ question: 'satisfied', message: 'the title has no en text' }
		]);
		const refused = await send(server, 'POST', '/api/surveys/travel/publish', {});
		expect(refused.status).toBe(422);
		expect(refused.body.errors).toEqual(saved.body.errors);
		expect((await fetch(`${server.url}/api/surveys/travel`)).status).toBe(404);

		expect(
			(await send(server, 'PUT', '/api/surveys/travel/draft', { json: plainSurvey() })).body
		).toMatchObject({
			errors: []
		});
		const published = await send(server, 'POST', '/api/surveys/travel/publish', {});
		expect(published.status).toBe(201);
		const version = published.body.version as string;
		expect(version).toMatch(/^[a-f0-9]{12}$/);
		const served = await send(server, 'GET', '/api/surveys/travel', undefined, {});
		expect(served.body).toMatchObject({ id: 'travel', version });

		// Answerable, and validated as any questionnaire: an unknown choice is refused.
		const ok = await postJson(`${server.url}/api/surveys/travel/responses`, answer('bus'));
		expect(ok.status).toBe(201);
		const wrong = await postJson(`${server.url}/api/surveys/travel/responses`, answer('plane'));
		expect(wrong.status).toBe(422);
		const page = await fetch(`${server.url}/s/travel`);
		expect(page.status).toBe(200);
		expect(await page.text()).toContain('Reisevaner');
	});

	it('serves the same file dropped into surveys/ exactly alike: same version, same checks', async () => {
		await writeFile(
			join(surveysDir, 'travel-file.json'),
			JSON.stringify(plainSurvey(), null, '\t')
		);
		let served: { status: number; body: Record<string, unknown> } = { status: 0, body: {} };
		for (let i = 0; i < 50 && served.status !== 200; i++) {
			await new Promise((r) => setTimeout(r, 100));
			served = await send(server, 'GET', '/api/surveys/travel-file', undefined, {});
		}
		expect(served.status).toBe(200);
		const viaApi = await send(server, 'GET', '/api/surveys/travel', undefined, {});
		expect(served.body.version).toBe(viaApi.body.version);
		expect(served.body.json).toEqual(viaApi.body.json);
		for (const [choice, status] of [
			['bike', 201],
			['plane', 422]
		] as const) {
			const a = await postJson(`${server.url}/api/surveys/travel/responses`, answer(choice));
			const b = await postJson(`${server.url}/api/surveys/travel-file/responses`, answer(choice));
			expect([a.status, b.status]).toEqual([status, status]);
			if (status === 422) expect(a.body.details).toEqual(b.body.details);
		}
	});

	it('stops a breaking change to an answered version until confirmed with a reason, and audits it', async () => {
		const fewer = plainSurvey();
		fewer.pages[0].elements[0].choices = fewer.pages[0].elements[0].choices!.filter(
			(c) => c.value !== 'bike'
		);
		// A wording fix is not breaking.
		fewer.pages[0].elements[1].title = t(
			'Hvor fornøyd er du nå?',
			'Kor nøgd er du no?',
			'How satisfied are you now?'
		);
		expect((await send(server, 'PUT', '/api/surveys/travel/draft', { json: fewer })).status).toBe(
			200
		);
		const stopped = await send(server, 'POST', '/api/surveys/travel/publish', {});
		expect(stopped.status).toBe(409);
		expect(stopped.body.breaking).toEqual([
			{
				question: 'transport',
				change: 'codeRemoved',
				code: 'bike',
				message:
					'The choice “Sykkel” (code bike) of “transport” was removed: answers that chose it would have nothing to be compared with.'
			}
		]);
		const noReason = await send(server, 'POST', '/api/surveys/travel/publish', {
			confirm: true,
			reason: ' '
		});
		expect(noReason.status).toBe(400);
		const before = (await send(server, 'GET', '/api/surveys/travel', undefined, {})).body.version;
		expect(before).not.toBeUndefined();
		const confirmed = await send(server, 'POST', '/api/surveys/travel/publish', {
			confirm: true,
			reason: 'Sykkel var feil: ingen sykler til jobb her'
		});
		expect(confirmed.status).toBe(201);
		expect(confirmed.body.version).not.toBe(before);
		const audit = JSON.parse(await readFile(join(server.dataDir, 'audit.json'), 'utf8')) as {
			entries: { action: string; target: string; detail: Record<string, unknown> }[];
		};
		const published = audit.entries.filter(
			(e) => e.action === 'surveyPublished' && e.target === 'travel'
		);
		expect(published.map((e) => e.detail.breaking)).toEqual([0, 1]);
		expect(published[1].detail).toMatchObject({
			version: confirmed.body.version,
			changes: 'transport: codeRemoved',
			reason: 'Sykkel var feil: ingen sykler til jobb her'
		});
	});

	it('round-trips the translation CSV through Python’s csv module and LibreOffice-style quoting', async () => {
		const download = await fetch(`${server.url}/api/surveys/travel/translations.csv`, {
			headers: auth
		});
		expect(download.status).toBe(200);
		expect(download.headers.get('content-type')).toMatch(/^text\/csv/);
		const folder = await tempDir('odb-csv-');
		await writeFile(join(folder, 'in.csv'), Buffer.from(await download.arrayBuffer()));
		// A translator's tool: reads every row, writes new nn/en texts with æøå, quotes and a line
		// break, once as Python writes CSV and once as LibreOffice does (";" and every field quoted).
		const script = `
import csv, json, sys
with open(sys.argv[1], newline='', encoding='utf-8-sig') as f:
    rows = list(csv.DictReader(f))
for r in rows:
    if r['key'] == 'why/title':
        r['nn'] = 'Kvifor «det»? Skriv "fritt"\\nog gjerne på to linjer: æøå ÆØÅ'
        r['en'] = 'Why "that"?\\nTwo lines'
with open(sys.argv[2], 'w', newline='', encoding='utf-8') as f:
    w = csv.DictWriter(f, fieldnames=list(rows[0].keys()))
    w.writeheader(); w.writerows(rows)
with open(sys.argv[3], 'w', newline='', encoding='utf-8-sig') as f:
    w = csv.DictWriter(f, fieldnames=list(rows[0].keys()), delimiter=';', quoting=csv.QUOTE_ALL)
    w.writeheader(); w.writerows(rows)
print(json.dumps([r['key'] for r in rows]))
`;
		const out = await run('/usr/bin/python3', [
			'-c',
			script,
			join(folder, 'in.csv'),
			join(folder, 'python.csv'),
			join(folder, 'libre.csv')
		]);
		const keys = JSON.parse(out.stdout) as string[];
		expect(keys).toContain('transport/choices/dont_know/text');
		const nn = 'Kvifor «det»? Skriv "fritt"\nog gjerne på to linjer: æøå ÆØÅ';

		for (const file of ['python.csv', 'libre.csv']) {
			const csv = await readFile(join(folder, file));
			const put = (dry: boolean) =>
				fetch(`${server.url}/api/surveys/travel/translations.csv${dry ? '?dryRun=1' : ''}`, {
					method: 'PUT',
					headers: { ...auth, 'content-type': 'text/csv; charset=utf-8' },
					body: csv
				}).then(async (r) => ({
					status: r.status,
					body: (await r.json()) as Record<string, unknown>
				}));
			const preview = await put(true);
			expect(preview.status).toBe(200);
			if (file === 'python.csv') {
				expect(preview.body.changes).toEqual([
					{ key: 'why/title', question: 'why', locale: 'nn', from: 'Kvifor?', to: nn },
					{
						key: 'why/title',
						question: 'why',
						locale: 'en',
						from: 'Why?',
						to: 'Why "that"?\nTwo lines'
					}
				]);
				expect(preview.body.applied).toBe(false);
				const draft = await send(server, 'GET', '/api/surveys/travel/draft');
				expect(JSON.stringify(draft.body)).not.toContain('Two lines');
				const applied = await put(false);
				expect(applied.body).toMatchObject({ applied: true, errors: [] });
			} else {
				// The same texts, written the other way: nothing left to change.
				expect(preview.body.changes).toEqual([]);
			}
		}
		const draft = await send(server, 'GET', '/api/surveys/travel/draft');
		const why = (draft.body as ReturnType<typeof plainSurvey>).pages[0].elements[2].title;
		expect(why).toEqual({ nb: 'Hvorfor?', nn, en: 'Why "that"?\nTwo lines' });

		// Read back by Python from the server again: the texts are as written.
		const again = await fetch(`${server.url}/api/surveys/travel/translations.csv`, {
			headers: auth
		});
		await writeFile(join(folder, 'again.csv'), Buffer.from(await again.arrayBuffer()));
		const read = await run('/usr/bin/python3', [
			'-c',
			"import csv,json,sys\nrows=list(csv.DictReader(open(sys.argv[1],newline='',encoding='utf-8-sig')))\nprint(json.dumps([r for r in rows if r['key']=='why/title']))",
			join(folder, 'again.csv')
		]);
		expect(JSON.parse(read.stdout)).toEqual([
			{
				key: 'why/title',
				question: 'why',
				nb: 'Hvorfor?',
				nn,
				en: 'Why "that"?\nTwo lines',
				status: ''
			}
		]);

		const bad = await fetch(`${server.url}/api/surveys/travel/translations.csv`, {
			method: 'PUT',
			headers: { ...auth, 'content-type': 'text/csv' },
			body: 'nothing,useful\n1,2\n'
		});
		expect(bad.status).toBe(400);
	});

	it('closes a questionnaire: no new answers, results kept, off the lists', async () => {
		const closed = await send(server, 'POST', '/api/surveys/travel/close');
		expect(closed.status).toBe(200);
		const listed = (await (await fetch(`${server.url}/api/surveys`)).json()) as { id: string }[];
		expect(listed.map((s) => s.id)).not.toContain('travel');
		const start = await (await fetch(`${server.url}/`)).text();
		expect(start).toContain('href="./s/travel-file"');
		expect(start).not.toContain('href="./s/travel"');
		const refused = await postJson(`${server.url}/api/surveys/travel/responses`, answer('bus'));
		expect(refused.status).toBe(403);
		expect(refused.body.error).toMatch(/avsluttet/);
		const page = await fetch(`${server.url}/s/travel`);
		expect(page.status).toBe(410);
		expect(await page.text()).toContain('avsluttet');
		const kept = await send(server, 'GET', '/api/surveys/travel/responses');
		expect((kept.body.responses as unknown[]).length).toBe(2);
	});
});
