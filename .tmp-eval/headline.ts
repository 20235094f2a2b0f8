import { readFile } from 'node:fs/promises';
import { demoStory, loadStoryQuestionnaires, storyRounds } from '../src/test-data/demo-story';
import { planSummary } from '../src/lib/summary/plan';
import { summarise } from '../src/lib/summary/summarise';
import { protectedNumbers } from '../src/lib/summary/protect';
import { roundChanges, whatChanged } from '../src/lib/summary/changes';

const qs = await loadStoryQuestionnaires();
const out: Record<string, number[]> = {};
for (const day of ['2026-12-01', '2026-12-02', '2026-12-03', '2027-01-15', '2027-02-10', '2026-11-20']) {
	const now = new Date(day + 'T10:00:00Z');
	const story = demoStory(qs, now);
	for (const id of ['barriers', 'maturity', 'method-evaluation', 'method-follow-up']) {
		const plan = planSummary(JSON.parse(await readFile(`surveys/${id}.json`, 'utf8')));
		const rounds = story.rounds.filter((r) => r.surveyId === id).sort((a, b) => a.opensAt.localeCompare(b.opensAt));
		const d = protectedNumbers(5);
		const groups = rounds.map((r) => ({
			key: r.slug,
			label: r.slug,
			summary: summarise(
				plan,
				story.responses
					.filter((x) => x.surveyId === id && x.roundId === r.slug)
					.map((x) => ({ ...x, recordKey: Math.floor(Math.random() * 2 ** 32) })) as never,
				{ disclosure: d }
			)
		}));
		const h = whatChanged(roundChanges(groups))!;
		(out[id] ??= []).push(h.significant.length);
		if (day === '2026-12-02') console.log(id, h.significant.map((c) => `${c.question}/${c.item} ${c.change.toFixed(2)} ${c.pAdjusted.toFixed(3)}`), h.notSignificant.length);
	}
}
console.log(out);
