import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { holm } from '$lib/stats';
import { MATURITY_AREAS } from '$lib/summary/changes';
import { allPlanned, publisher, publishingAlsoAsks } from '../../../test-data/maturity';
import type { AppContext } from '../app/context';
import { twoRoundsContext } from './two-rounds';
import { submit } from '../responses/submit';
import { dashboardData, type DashboardData } from './dashboard';

/**
 * The maturity areas' changes within each municipality, on a real data folder and the shipped
 * maturity questionnaire. Two answer sets: a municipality that has planned everything and done
 * nothing (`allPlanned`), and one that publishes (`publishing`): they differ in the publication
 * area (the others score alike, no spread, so they have no test). Trondheim answers half and half in spring and four in five publishing in summer (its
 * areas rise); Bodø half and half in both rounds (every area exactly the same: a change of 0).
 */
const SURVEY = 'maturity';
const publishing = { ...allPlanned, ...publisher, ...publishingAlsoAsks };
let ctx: AppContext;
let close: () => Promise<void>;

beforeAll(async () => {
	({ ctx, close } = await twoRoundsContext(SURVEY));
	const { store, surveys } = ctx;
	const survey = surveys.get(SURVEY)!;
	const send = (municipality: string, round: string, answers: Record<string, unknown>) =>
		submit(store, survey, { answers, audience: 'municipal', municipality, round });
	for (let i = 0; i < 20; i++) {
		await send('trondheim', 'vaar-2026', i % 2 ? allPlanned : publishing);
		await send('trondheim', 'sommer-2026', i % 5 === 0 ? allPlanned : publishing);
		await send('bodo', 'vaar-2026', i % 2 ? allPlanned : publishing);
		await send('bodo', 'sommer-2026', i % 2 ? allPlanned : publishing);
	}
}, 60_000);

afterAll(async () => {
	await close?.();
});

const view = async (filters: object, within: 'municipality' | null) =>
	(await dashboardData(ctx, SURVEY, filters, null, true, 'nb', false, within)) as DashboardData;

describe("maturity areas' changes within each municipality", () => {
	it('are tested only when the rounds are compared within municipalities', async () => {
		const plain = await view({}, null);
		expect(plain.withinChanges.filter((c) => c.question === MATURITY_AREAS)).toEqual([]);
		// The whole view's areas are compared (both municipalities together).
		expect(plain.areaChanges.length).toBeGreaterThan(0);
	});

	it("give each municipality its own areas' changes: the view filtered to it, in one Holm family", async () => {
		const within = await view({}, 'municipality');
		const areaParts = within.withinChanges.filter((c) => c.question === MATURITY_AREAS);
		for (const place of ['trondheim', 'bodo']) {
			const mine = areaParts.filter((c) => c.within?.value === place);
			const alone = await view({ municipality: place }, null);
			// Exact numbers: the same test as the view filtered to the municipality.
			expect(mine.map((c) => [c.item, c.from, c.to, c.change, c.p, c.ci95])).toEqual(
				alone.areaChanges.map((c) => [c.item, c.from, c.to, c.change, c.p, c.ci95])
			);
			expect(mine.length).toBeGreaterThan(0);
		}
		const trondheim = areaParts.filter((c) => c.within?.value === 'trondheim');
		expect(trondheim.some((c) => c.change > 0)).toBe(true);
		expect(trondheim.every((c) => c.change >= 0)).toBe(true);
		// Bodø answered the same in both rounds: every change 0, none significant.
		const bodo = areaParts.filter((c) => c.within?.value === 'bodo');
		expect(bodo.every((c) => c.change === 0 && !c.significant)).toBe(true);
		// Each change is the difference of the scores in the table by municipality and round.
		const table = within.maturity!.byMunicipality;
		for (const c of trondheim) {
			const score = (round: string) =>
				table
					.find((g) => g.key === `trondheim|${round}`)!
					.dimensions.find((d) => d.code === c.item)!.score!;
			expect(c.change).toBeCloseTo(score(c.to) - score(c.from), 0);
		}
		// One Holm family for every change on the page.
		const all = [...within.changes, ...within.withinChanges, ...within.areaChanges];
		expect(all.map((c) => c.pAdjusted)).toEqual(holm(all.map((c) => c.p)));
		expect(within.within!.parts.map((p) => [p.value, p.changes > 0])).toEqual([
			['bodo', true],
			['trondheim', true]
		]);
	});
});
