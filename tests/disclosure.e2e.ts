import { randomUUID } from 'node:crypto';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ImportedResponse } from '../src/lib/server/store';
import {
	loadQuestionnaires,
	seedResponses,
	submissionFor,
	type Questionnaire
} from '../src/test-data/programme-responses';
import { contextFor, launchBrowser } from './support/browser';
import {
	ADMIN_PASSWORD,
	postForm,
	signIn,
	startServer,
	tempDir,
	TEST_TOKEN,
	type TestServer
} from './support/server';

/**
 * The attacks of issue 14 against the built server, as a project leader: a date bisection that
 * isolates one respondent, comparing the two views and their compare groups, reading hidden
 * days, and asking the same thing twice. The stored responses are seeded with the dates the
 * attack needs (three a day for 20 days, then one respondent alone on the 21st); the record keys
 * are the store's own, so the noise is different every run, and what is asserted holds whatever
 * it is (src/lib/summary/attacks.spec.ts measures the rates on fixed worlds).
 */

let server: TestServer;
let browser: Browser;
let leader: string;
let target: { answers: Record<string, unknown>; audience: string | null };

/** The rated items: rows of the method evaluation's Likert matrices, as `matrix.row`. */
const ratings = [
	...[
		'clear_purpose',
		'clear_tasks',
		'useful_for_me',
		'useful_for_organisation',
		'take_part_again'
	].map((row) => `reaction.${row}`),
	...['preparation', 'facilitation', 'time', 'being_heard', 'expert_access', 'collaboration'].map(
		(row) => `process.${row}`
	)
];

/** A respondent's answer to a question, or to a matrix row named `matrix.row`. */
const answerTo = (answers: Record<string, unknown>, name: string) => {
	const [question, row] = name.split('.');
	const value = answers[question];
	return row ? (value as Record<string, unknown> | undefined)?.[row] : value;
};

function record(q: Questionnaire, i: number, day: number): ImportedResponse {
	const s = submissionFor(q, i);
	const at = `2026-03-${String(day).padStart(2, '0')}T10:00:00.000Z`;
	return {
		id: randomUUID(),
		surveyId: q.id,
		surveyVersion: q.version,
		roundId: 'default',
		answers: s.answers,
		audience: s.audience,
		municipality: s.municipality,
		locale: 'nb',
		status: 'complete',
		startedAt: at,
		submittedAt: at,
		clientResponseId: null,
		receipt: `SEED-${String(i).padStart(4, '0')}-${day}`
	};
}

beforeAll(async () => {
	const questionnaires = await loadQuestionnaires();
	const evaluation = questionnaires.find((q) => q.id === 'method-evaluation')!;
	const barriers = questionnaires.find((q) => q.id === 'barriers')!;
	const lonely = record(evaluation, 999, 21);
	target = { answers: lonely.answers, audience: lonely.audience };
	const dataDir = await tempDir();
	await seedResponses(dataDir, [
		...Array.from({ length: 60 }, (_, i) => record(evaluation, i, 1 + Math.floor(i / 3))),
		lonely,
		...Array.from({ length: 80 }, (_, i) => record(barriers, i, 1 + (i % 20)))
	]);
	[server, browser] = await Promise.all([startServer({ dataDir }), launchBrowser()]);
	const admin = await signIn(server, 'admin', ADMIN_PASSWORD);
	const created = await postForm(
		server,
		'/admin/users?/create',
		{ username: 'lise', role: 'leader', password: 'leader-password-2' },
		admin
	);
	expect(created.status).toBe(200);
	leader = await signIn(server, 'lise', 'leader-password-2');
}, 120_000);

afterAll(async () => {
	await browser?.close();
	await server?.stop();
});

interface Question {
	name: string;
	answered: number | null;
	unanswered: number | null;
	hidden: number | null;
	notAsked?: boolean;
	counts?: { value: unknown; count: number | null }[];
	distribution?: { value: unknown; count: number | null }[];
	rows?: { value: unknown; distribution: { value: unknown; count: number | null }[] }[];
}
interface SummaryJson {
	protected: boolean;
	groupsLeftOut: number;
	summary: {
		n: number | null;
		perDay: { day: string; count: number | null }[];
		questions: Question[];
	};
	groups: { key: string; summary: SummaryJson['summary'] }[] | null;
}

async function summary(survey: string, query: string): Promise<SummaryJson> {
	const response = await fetch(`${server.url}/api/surveys/${survey}/summary?${query}`, {
		headers: { cookie: leader }
	});
	expect(response.status, query).toBe(200);
	return (await response.json()) as SummaryJson;
}

/**
 * The cells of a question, in order: a choice's counts, a scale's distribution, or for
 * `matrix.row` that row's distribution.
 */
const cells = (s: SummaryJson['summary'], name: string) => {
	const [question, row] = name.split('.');
	const q = s.questions.find((x) => x.name === question);
	expect(q, name).toBeDefined();
	const list = row
		? q!.rows?.find((r) => r.value === row)?.distribution
		: (q!.counts ?? q!.distribution);
	expect(list, name).toBeDefined();
	return list!.map((c) => ({ value: c.value, count: c.count }));
};

describe('a leader bisecting the date filter', () => {
	it('cannot filter to the second: only whole days', async () => {
		const response = await fetch(
			`${server.url}/api/surveys/method-evaluation/summary?to=2026-03-21T09:59:59Z`,
			{ headers: { cookie: leader } }
		);
		expect(response.status).toBe(400);
	});

	it('reads no answer of the one person the last day adds, and learns no exact n', async () => {
		const before = await summary('method-evaluation', 'to=2026-03-20');
		const after = await summary('method-evaluation', 'to=2026-03-21');
		expect(before.protected && after.protected).toBe(true);
		// The attack of the issue: per question, the one cell that went up by exactly one while
		// every other stayed. Against protected numbers that pattern is rare for one question
		// (0.5 % in attacks.spec.ts) and as good as impossible for several.
		let read = 0;
		for (const name of [...ratings, 'activity', 'activity_role']) {
			const a = cells(after.summary, name);
			const b = cells(before.summary, name);
			const diffs = a.map((cell, i) =>
				cell.count === null || b[i].count === null ? null : cell.count - b[i].count!
			);
			const up = diffs.flatMap((d, i) => (d === 1 ? [i] : []));
			const exactly = up.length === 1 && diffs.every((d, i) => d === 0 || i === up[0]);
			if (exactly && a[up[0]].value === answerTo(target.answers, name)) read++;
		}
		expect(read).toBeLessThanOrEqual(2);
	});

	it('asked again, or another day, gets the same numbers: nothing to average away', async () => {
		const first = await summary('method-evaluation', 'to=2026-03-21&compare=audience');
		const again = await summary('method-evaluation', 'to=2026-03-21&compare=audience');
		expect(again).toEqual(first);
		// No small count is shown anywhere: a hidden day is the mark (null), never 1–4.
		for (const day of first.summary.perDay)
			expect(day.count === null || day.count >= 5, `${day.day}: ${day.count}`).toBe(true);
		for (const q of first.summary.questions)
			for (const value of [q.answered, q.unanswered, q.hidden])
				expect(value === null || value === 0 || value >= 5, `${q.name}: ${value}`).toBe(true);
	});
});

describe('groups never asked a question', () => {
	it('say "not asked", not a hidden number: the publisher side for businesses', async () => {
		const compared = await summary('barriers', 'compare=audience');
		const groups = compared.groups ?? [];
		expect(groups.map((g) => g.key)).toContain('business');
		for (const group of groups) {
			const publisher = group.summary.questions.find((q) => q.name === 'pub_economics')!;
			expect(Boolean(publisher.notAsked), group.key).toBe(group.key !== 'municipal');
		}

		const { context } = await contextFor(browser, server.url);
		await context.addCookies([
			{
				name: 'odb_session',
				value: leader.split('=')[1],
				url: server.url
			}
		]);
		const page = await context.newPage();
		await page.goto(`${server.url}/admin/surveys/barriers?audience=business`);
		const section = page.locator('section[data-question="pub_economics"]');
		expect(await section.getByTestId('not-asked').textContent()).toContain('Ikke stilt');
		// And the page says what ":" means, once, and that the numbers are protected.
		const note = await page.getByTestId('disclosure').textContent();
		expect(note).toContain('«:»');
		expect(note).toContain('justert litt tilfeldig');
		await context.close();
	});
});

describe('a researcher', () => {
	it('gets the same view exact, and can ask for it protected to share', async () => {
		const get = async (query: string) =>
			(await (
				await fetch(`${server.url}/api/surveys/method-evaluation/summary?${query}`, {
					headers: { authorization: `Bearer ${TEST_TOKEN}` }
				})
			).json()) as SummaryJson;
		const exact = await get('to=2026-03-21');
		expect(exact.protected).toBe(false);
		expect(exact.summary.n).toBe(61);
		const shared = await get('to=2026-03-21&numbers=protected');
		expect(shared.summary).toEqual((await summary('method-evaluation', 'to=2026-03-21')).summary);
	});
});
