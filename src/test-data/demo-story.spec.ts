import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { parseScoringModel, type ScoringModel } from '../lib/scoring/model';
import { scoreResponse } from '../lib/scoring/score';
import * as rounds from '../lib/server/rounds';
import { openStore, type ImportedResponse } from '../lib/server/store';
import { sampleOf } from '../lib/stats/intervals';
import { welch } from '../lib/stats/tests';
import {
	demoStory,
	loadStoryQuestionnaires,
	PER_DEFAULT_ROUND,
	PER_ROUND,
	seedDemoStory,
	storyMunicipalities,
	storyRounds,
	storySurveyIds,
	type DemoStory,
	type StoryQuestionnaire
} from './demo-story';
import { everyResponse } from './stored';

const now = new Date('2026-12-01T12:00:00Z');
let questionnaires: StoryQuestionnaire[];
let story: DemoStory;

beforeAll(async () => {
	questionnaires = await loadStoryQuestionnaires();
	story = demoStory(questionnaires, now);
});

const inRound = (surveyId: string, slug: string) =>
	story.responses.filter((r) => r.surveyId === surveyId && r.roundId === slug);

/** The numeric ratings of the matrix `question` (every row) in a list of responses. */
function ratings(list: readonly ImportedResponse[], question: string): number[] {
	return list.flatMap((r) => {
		const cells = r.answers[question] as Record<string, unknown> | undefined;
		return cells ? Object.values(cells).filter((v): v is number => typeof v === 'number') : [];
	});
}

/** Welch's test between two lists of ratings (the method the dashboard's round comparison uses). */
function change(first: number[], second: number[]) {
	const result = welch(sampleOf(first)!, sampleOf(second)!);
	if (!result) throw new Error('no comparison');
	return result;
}

describe('storyRounds', () => {
	it('names the last three springs before now (autumns for the follow-up), in order', () => {
		const list = storyRounds(now).filter((r) => r.surveyId === 'barriers');
		expect(list.map((r) => r.name)).toEqual([
			'Runde 1 – vår 2024',
			'Runde 2 – vår 2025',
			'Runde 3 – vår 2026'
		]);
		expect(list[0].opensAt).toBe('2024-03-01T00:00:00.000Z');
		// In March 2026 spring 2026 has not ended: the rounds are 2023–2025.
		const march = storyRounds(new Date('2026-03-15T12:00:00Z'));
		expect(march.find((r) => r.surveyId === 'maturity' && r.index === 2)?.slug).toBe(
			'modenhet-var-2025'
		);
		expect(
			storyRounds(now)
				.filter((r) => r.surveyId === 'method-follow-up')
				.map((r) => r.slug)
		).toEqual(['oppfolging-host-2024', 'oppfolging-host-2025', 'oppfolging-host-2026']);
	});
});

describe('demoStory', () => {
	it('gives every questionnaire three dated rounds of PER_ROUND answers inside their windows, and the open round', () => {
		for (const surveyId of storySurveyIds) {
			const dated = story.rounds.filter((r) => r.surveyId === surveyId);
			expect(dated).toHaveLength(3);
			for (const round of dated) {
				const list = inRound(surveyId, round.slug);
				expect(list, `${surveyId} ${round.slug}`).toHaveLength(PER_ROUND);
				for (const r of list) {
					expect(r.submittedAt >= round.opensAt && r.submittedAt < round.closesAt).toBe(true);
				}
			}
			expect(inRound(surveyId, rounds.DEFAULT_ROUND)).toHaveLength(PER_DEFAULT_ROUND);
		}
	});

	it('stores only answers the server would accept, from all nine municipalities and the audiences each questionnaire is for', () => {
		for (const r of story.responses) {
			const q = questionnaires.find((q) => q.id === r.surveyId)!;
			const context = { audience: r.audience, municipality: r.municipality, locale: r.locale };
			expect(q.validator.validate(r.answers, context).ok).toBe(true);
		}
		for (const surveyId of storySurveyIds) {
			const list = story.responses.filter((r) => r.surveyId === surveyId);
			expect(new Set(list.map((r) => r.municipality))).toEqual(new Set(storyMunicipalities));
			const audiences = new Set(list.map((r) => r.audience));
			expect([...audiences].sort()).toEqual(
				surveyId === 'maturity' ? ['municipal'] : ['business', 'citizen', 'municipal', 'voluntary']
			);
		}
		// Free texts in all three languages.
		const texts = story.responses.filter((r) => typeof r.answers.what_would_help === 'string');
		expect(new Set(texts.map((r) => r.locale))).toEqual(new Set(['nb', 'nn', 'en']));
	});

	it('is the same story every time for the same day', () => {
		const again = demoStory(questionnaires, now);
		expect(again.responses.map((r) => r.answers)).toEqual(story.responses.map((r) => r.answers));
		expect(again.responses.map((r) => r.municipality)).toEqual(
			story.responses.map((r) => r.municipality)
		);
	});

	it('the licence barrier falls about a full point after round 1, clearly beyond chance; skills barriers do not move', () => {
		const [r1, r2, r3] = ['barrierer-var-2024', 'barrierer-var-2025', 'barrierer-var-2026'].map(
			(slug) => inRound('barriers', slug)
		);
		const licences = change(ratings(r2, 'pub_licences'), ratings(r3, 'pub_licences'));
		expect(licences.change).toBeLessThan(-0.8);
		expect(licences.p).toBeLessThan(0.0001);
		// Row by row too (one rating per respondent, as the dashboard compares them).
		const row = (list: ImportedResponse[], name: string) =>
			list.flatMap((r) => {
				const v = (r.answers.pub_licences as Record<string, unknown> | undefined)?.[name];
				return typeof v === 'number' ? [v] : [];
			});
		for (const name of [
			'licence_choice_unclear',
			'rights_ownership_unclear',
			'contracts_restrict_sharing',
			'commercial_use_reluctance'
		]) {
			const one = change(row(r2, name), row(r3, name));
			expect(one.change, name).toBeLessThan(-0.6);
			expect(one.p, name).toBeLessThan(0.01);
		}
		// The user side's licence barrier (businesses) falls too.
		const business = change(ratings(r2, 'use_licences'), ratings(r3, 'use_licences'));
		// Before the common licence, nothing moved.
		const before = change(ratings(r1, 'pub_licences'), ratings(r2, 'pub_licences'));
		expect(Math.abs(before.change)).toBeLessThan(0.3);
		expect(business.change).toBeLessThan(-0.7);
		expect(business.p).toBeLessThan(0.01);
		for (const [first, second] of [
			[r1, r2],
			[r2, r3]
		]) {
			const competence = change(
				ratings(first, 'pub_competence'),
				ratings(second, 'pub_competence')
			);
			expect(Math.abs(competence.change)).toBeLessThan(0.25);
			expect(competence.p).toBeGreaterThan(0.05);
		}
		// Coordination falls only in round 3.
		const coordination = change(ratings(r2, 'pub_coordination'), ratings(r3, 'pub_coordination'));
		expect(coordination.change).toBeLessThan(-0.4);
		expect(coordination.p).toBeLessThan(0.01);
	});

	it("the Open Data Challenge's ratings rise by about a point after the change; the workshop's stay flat", () => {
		const of = (slug: string, activity: string) =>
			inRound('method-evaluation', slug).filter((r) => r.answers.activity === activity);
		const rated = (list: ImportedResponse[]) =>
			['process', 'reaction', 'learning', 'outcome'].flatMap((m) => ratings(list, m));
		const challenge = change(
			rated(of('metode-var-2025', 'open_data_challenge')),
			rated(of('metode-var-2026', 'open_data_challenge'))
		);
		expect(challenge.change).toBeGreaterThan(0.7);
		expect(challenge.change).toBeLessThan(1.2);
		expect(challenge.p).toBeLessThan(0.0001);
		// One matrix on its own, as the dashboard compares it, is clearly significant too.
		const reaction = change(
			ratings(of('metode-var-2025', 'open_data_challenge'), 'reaction'),
			ratings(of('metode-var-2026', 'open_data_challenge'), 'reaction')
		);
		expect(reaction.p).toBeLessThan(0.001);
		const workshop = change(
			ratings(of('metode-var-2025', 'workshop'), 'reaction'),
			ratings(of('metode-var-2026', 'workshop'), 'reaction')
		);
		expect(Math.abs(workshop.change)).toBeLessThan(0.3);
		expect(workshop.p).toBeGreaterThan(0.05);
	});

	it('maturity rises unevenly: Bodø by far more than Kristiansand; Gjesdal publishes first in round 3', async () => {
		const json = JSON.parse(await readFile(join('surveys', 'maturity.json'), 'utf8'));
		const parsed = parseScoringModel(json.odb.scoring);
		if (!parsed.ok) throw new Error(parsed.errors.join('; '));
		const model: ScoringModel = parsed.model;
		const meanScore = (slug: string, municipality: string) => {
			const scores = inRound('maturity', slug)
				.filter((r) => r.municipality === municipality)
				.map((r) => scoreResponse(model, r.answers).overall.score)
				.filter((s): s is number => s !== null);
			expect(scores.length).toBeGreaterThanOrEqual(5);
			return scores.reduce((a, b) => a + b, 0) / scores.length;
		};
		const rise = (m: string) =>
			meanScore('modenhet-var-2026', m) - meanScore('modenhet-var-2024', m);
		expect(rise('bodo')).toBeGreaterThan(15);
		expect(rise('trondheim')).toBeGreaterThan(10);
		expect(Math.abs(rise('kristiansand'))).toBeLessThan(6);
		expect(Math.abs(rise('oslo'))).toBeLessThan(6);
		const published = (slug: string) =>
			inRound('maturity', slug)
				.filter((r) => r.municipality === 'gjesdal')
				.map((r) => r.answers.pb_published);
		expect(new Set(published('modenhet-var-2025'))).toEqual(new Set(['no_planned']));
		expect(new Set(published('modenhet-var-2026'))).toEqual(new Set(['yes']));
		// Every municipality has a group of at least 5 in every dated round (shown, not left out).
		for (const slug of ['modenhet-var-2024', 'modenhet-var-2025', 'modenhet-var-2026']) {
			for (const m of storyMunicipalities) {
				expect(
					inRound('maturity', slug).filter((r) => r.municipality === m).length
				).toBeGreaterThanOrEqual(7);
			}
		}
	});
});

describe('seedDemoStory', () => {
	it('creates the rounds and stores the responses through the store, each in its round', async () => {
		const folder = await mkdtemp(join(tmpdir(), 'odb-demo-story-'));
		try {
			const count = await seedDemoStory(folder, now);
			expect(count).toBe(storySurveyIds.length * (3 * PER_ROUND + PER_DEFAULT_ROUND));
			const store = await openStore(folder);
			try {
				expect(store.responses.size).toBe(count);
				const list = rounds.list(store, 'barriers');
				expect(list.map((r) => r.name)).toEqual([
					'Runde 1 – vår 2024',
					'Runde 2 – vår 2025',
					'Runde 3 – vår 2026'
				]);
				const counts = await rounds.responseCounts(store, 'barriers');
				for (const round of list) expect(counts.get(round.id)).toBe(PER_ROUND);
				expect(counts.get(`barriers:${rounds.DEFAULT_ROUND}`)).toBe(PER_DEFAULT_ROUND);
				// Every version was taken into use no later than the first answer given to it.
				for (const surveyId of storySurveyIds) {
					const answered = (await everyResponse(store)).filter((r) => r.surveyId === surveyId);
					const versions = store.versions.of(surveyId);
					expect(versions.length).toBeGreaterThan(0);
					for (const v of versions) {
						const first = answered
							.filter((r) => r.surveyVersion === v.version)
							.reduce((a, r) => (r.submittedAt < a ? r.submittedAt : a), '9');
						expect(first).not.toBe('9');
						expect(v.firstSeenAt <= first).toBe(true);
					}
				}
			} finally {
				await store.close();
			}
		} finally {
			await rm(folder, { recursive: true, force: true });
		}
	});
});
