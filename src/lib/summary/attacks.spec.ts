import { describe, expect, it } from 'vitest';
import { matchesFilters } from '../filters';
import { KEY_RANGE } from './cell-key';
import { planSummary } from './plan';
import { exactNumbers, protectedNumbers, type Disclosure } from './protect';
import { summarise, type QuestionSummary, type Summary, type SummaryInput } from './summarise';

/**
 * The attacks of issue 14, run as a leader would run them against the summaries, on many
 * generated worlds (answers and record keys drawn from a seeded generator, so the run is the
 * same every time). Each attack is also run against exact numbers, where it must succeed every
 * time: that is what failed before, and it shows the attack itself is sound. Against protected
 * numbers it must recover nothing exact: the attacker's answer is right no more often than the
 * limit given, and never with certainty.
 */

/** mulberry32: a small seeded generator, so every run draws the same worlds. */
function generator(seed: number) {
	let a = seed >>> 0;
	return () => {
		a = (a + 0x6d2b79f5) >>> 0;
		let t = a;
		t = Math.imul(t ^ (t >>> 15), t | 1);
		t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
		return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
	};
}

const scale = [1, 2, 3, 4, 5];
const plan = planSummary({
	pages: [
		{
			elements: [
				{ type: 'radiogroup', name: 'activity', choices: ['hackathon', 'workshop', 'seminar'] },
				...['q1', 'q2', 'q3', 'q4', 'q5'].map((name) => ({
					type: 'rating',
					name,
					rateMin: 1,
					rateMax: 5
				})),
				{ type: 'comment', name: 'note' }
			]
		},
		{
			visibleIf: "{audience} = 'municipal'",
			elements: [{ type: 'rating', name: 'publisher', rateMin: 1, rateMax: 5 }]
		}
	]
});
const ratings = ['q1', 'q2', 'q3', 'q4', 'q5'];
const audiences = ['municipal', 'business', 'citizen', 'voluntary'];

interface World {
	responses: (SummaryInput & { roundId: string; surveyVersion: string })[];
	target: SummaryInput & { roundId: string; surveyVersion: string };
}

/**
 * 20 days of `perDay` responses each, then the target alone on the next day (day 21): the
 * situation a date bisection finds. Answers skew to the middle of the scale.
 */
function world(seed: number, perDay = 3): World {
	const random = generator(seed);
	const pick = <T>(list: T[]) => list[Math.floor(random() * list.length)];
	const rate = () => pick([1, 2, 3, 3, 4, 4, 4, 5]);
	const make = (day: number) => {
		const audience = pick(audiences);
		const answers: Record<string, unknown> = {
			activity: pick(['hackathon', 'workshop', 'seminar'])
		};
		for (const q of ratings) if (random() < 0.9) answers[q] = rate();
		if (audience === 'municipal' && random() < 0.9) answers.publisher = rate();
		return {
			answers,
			audience,
			municipality: pick(['bodo', 'trondheim']),
			locale: 'nb',
			submittedAt: `2026-03-${String(day).padStart(2, '0')}T10:00:00.000Z`,
			recordKey: Math.floor(random() * KEY_RANGE),
			roundId: 'default',
			surveyVersion: 'aaaaaaaaaaaa'
		};
	};
	const responses = Array.from({ length: 20 * perDay }, (_, i) => make(1 + Math.floor(i / perDay)));
	const target = make(21);
	target.answers = { activity: 'seminar', q1: 5, q2: 1, q3: 5, q4: 2, q5: 1 };
	target.audience = 'municipal';
	target.answers.publisher = 5;
	return { responses: [...responses, target], target };
}

const WORLDS = 200;
const protect = protectedNumbers(5);
const exact = exactNumbers(0);

function q<K extends QuestionSummary['kind']>(s: Summary, name: string, kind: K) {
	const found = s.questions.find((x) => x.name === name);
	if (!found || found.kind !== kind) throw new Error(name);
	return found as Extract<QuestionSummary, { kind: K }>;
}

/** Views already summarised, per world: the attacks below ask for the same ones many times. */
const seen = new WeakMap<World, Map<string, Summary>>();

/** The view a leader gets for a date filter, as the dashboard selects it. */
function view(w: World, d: Disclosure, filters: { from?: string; to?: string }) {
	let views = seen.get(w);
	if (!views) seen.set(w, (views = new Map()));
	const key = `${d.exact}|${filters.from}|${filters.to}`;
	let summary = views.get(key);
	if (!summary) {
		summary = summarise(
			plan,
			w.responses.filter((r) => matchesFilters(r, filters)),
			{ disclosure: d }
		);
		views.set(key, summary);
	}
	return summary;
}

const worlds = new Map<string, World>();

/** How often (0–1) `attack` says it found the exact truth in the worlds. */
function rate(
	attack: (w: World, d: Disclosure) => boolean,
	d: Disclosure,
	perDay = 3,
	seed = 1
): number {
	let hits = 0;
	for (let i = 0; i < WORLDS; i++) {
		const id = `${seed * 10_000 + i}|${perDay}`;
		let w = worlds.get(id);
		if (!w) worlds.set(id, (w = world(seed * 10_000 + i, perDay)));
		if (attack(w, d)) hits++;
	}
	return hits / WORLDS;
}

/** The small-group rule of before on an exact count: 1–4 hidden, everything else exact. */
const oldRule = (count: number | null) => (count !== null && count > 0 && count < 5 ? null : count);

describe('bisecting the date filter and subtracting the two views', () => {
	// The two views a bisection finds: up to the day before the target, and up to its day.
	const difference = (w: World, d: Disclosure, name: string) => {
		const before = q(view(w, d, { to: '2026-03-20' }), name, 'rating');
		const after = q(view(w, d, { to: '2026-03-21' }), name, 'rating');
		return scale.map((_, i) => {
			const a = after.distribution[i].count;
			const b = before.distribution[i].count;
			return a === null || b === null ? null : a - b;
		});
	};
	/** The attack of the issue: the point whose count went up by exactly one, all others by 0. */
	const exactAnswer = (diffs: (number | null)[]) => {
		const ones = diffs.flatMap((v, i) => (v === 1 ? [i] : []));
		return ones.length === 1 && diffs.every((v, i) => v === 0 || i === ones[0])
			? scale[ones[0]]
			: null;
	};
	const recovers = (name: string) => (w: World, d: Disclosure) =>
		exactAnswer(difference(w, d, name)) === w.target.answers[name];
	const recoversAll = (w: World, d: Disclosure) =>
		ratings.every((name) => exactAnswer(difference(w, d, name)) === w.target.answers[name]);
	/** The best guess from noisy differences: the point that rose the most. */
	const guesses = (name: string) => (w: World, d: Disclosure) => {
		const diffs = difference(w, d, name).map((v) => v ?? 0);
		const best = Math.max(...diffs);
		return (
			diffs.filter((v) => v === best).length === 1 &&
			scale[diffs.indexOf(best)] === w.target.answers[name]
		);
	};

	/**
	 * Subtler: not by how much, but which point moved. With a cell's own keys alone the other
	 * points of the scale would be the same cells in both views, show the same numbers, and
	 * leave only the person's own point changed; with the view's keys every cell moves.
	 */
	const movedAlone = (name: string) => (w: World, d: Disclosure) => {
		const moved = difference(w, d, name).flatMap((v, i) => (v === 0 ? [] : [i]));
		return moved.length === 1 && scale[moved[0]] === w.target.answers[name];
	};

	it('gives one respondent’s answers away when the numbers are exact', () => {
		expect(rate(recoversAll, exact)).toBe(1);
		expect(rate(movedAlone('q1'), exact)).toBe(1);
	});

	it('gives nothing exact away when the numbers are protected', () => {
		// One answer read off exactly: rarely (each of five cells must difference exactly).
		for (const name of ratings) expect(rate(recovers(name), protect)).toBeLessThan(0.1);
		// All five of one person's answers: never, in 200 worlds.
		expect(rate(recoversAll, protect)).toBe(0);
		// Even the best guess (the point that rose most, no tie) is wrong more often than right.
		for (const name of ratings) expect(rate(guesses(name), protect)).toBeLessThan(0.5);
		// Nor is the point that moved the only one that did: every cell's noise is redrawn.
		for (const name of ratings) expect(rate(movedAlone(name), protect)).toBeLessThan(0.1);
	});

	it('says nothing exact about how many answered: n of the two views differs by noise', () => {
		const step = (w: World, d: Disclosure) =>
			(view(w, d, { to: '2026-03-21' }).n ?? 0) - (view(w, d, { to: '2026-03-20' }).n ?? 0);
		expect(rate((w, d) => step(w, d) === 1, exact)).toBe(1);
		// A difference of 1 is the true step, but so is 0, 2, 3, −1 …: as often as not, it is not 1.
		expect(rate((w, d) => step(w, d) === 1, protect)).toBeLessThan(0.5);
	});

	it('refuses the instants a bisection to the second needs: whole days only (filters.ts)', () => {
		// The other half of the defence: the dashboard and API refuse `to=…T10:00:00Z` for
		// protected numbers (tests/disclosure.e2e.ts), so views differ by whole days of responses.
		const w = world(7);
		const sameDay = w.responses.filter((r) => r.submittedAt.startsWith('2026-03-05'));
		expect(sameDay.length).toBe(3);
	});
});

describe('solving hidden cells from n, mean and median', () => {
	/**
	 * For a rating with hidden cells: every assignment of hidden counts (1–4 each) that agrees
	 * with the shown n, mean and median. The attacker "solves" the question when exactly one does.
	 */
	const solve = (s: ReturnType<typeof q<'rating'>>): number[] | null => {
		const hidden = s.distribution.flatMap((c, i) => (c.count === null ? [i] : []));
		if (hidden.length === 0 || s.n === null || s.mean === null || s.median === null) return null;
		const found: number[][] = [];
		const tryAll = (i: number, counts: number[]) => {
			if (i === hidden.length) {
				const full = s.distribution.map((c, j) => c.count ?? counts[hidden.indexOf(j)]);
				const total = full.reduce((a, b) => a + b, 0);
				if (total !== s.n) return;
				const mean = Math.round((full.reduce((a, c, j) => a + c * scale[j], 0) / total) * 10) / 10;
				const list = full.flatMap((c, j) => Array<number>(c).fill(scale[j]));
				const h = (list.length - 1) / 2;
				const median =
					Math.round(
						(list[Math.floor(h)] + (h % 1) * (list[Math.ceil(h)] - list[Math.floor(h)])) * 10
					) / 10;
				if (mean === s.mean && median === s.median) found.push(full);
				return;
			}
			for (let v = 1; v <= 4; v++) tryAll(i + 1, [...counts, v]);
		};
		tryAll(0, []);
		return found.length === 1 ? found[0] : null;
	};
	/** With the small-group rule of before: cells 1–4 hidden, n, mean and median exact. */
	const before = (w: World, name: string) => {
		const s = q(summarise(plan, w.responses.slice(0, 30), { disclosure: exact }), name, 'rating');
		return { ...s, distribution: s.distribution.map((c) => ({ ...c, count: oldRule(c.count) })) };
	};
	const truth = (w: World, name: string) =>
		q(
			summarise(plan, w.responses.slice(0, 30), { disclosure: exact }),
			name,
			'rating'
		).distribution.map((c) => c.count ?? 0);
	const solvedRight = (s: ReturnType<typeof q<'rating'>>, w: World, name: string) => {
		const solution = solve(s);
		return solution !== null && solution.every((v, i) => v === truth(w, name)[i]);
	};

	it('works the hidden cells out when n, mean and median are exact, as before', () => {
		// Not always (several fillings can fit), but often, and then it is right.
		let solved = 0;
		for (let i = 0; i < WORLDS; i++) {
			const w = world(50_000 + i);
			if (solvedRight(before(w, 'q1'), w, 'q1')) solved++;
		}
		expect(solved / WORLDS).toBeGreaterThan(0.2);
	});

	it('cannot work them out from protected numbers', () => {
		let right = 0;
		for (let i = 0; i < WORLDS; i++) {
			const w = world(50_000 + i);
			const s = q(
				summarise(plan, w.responses.slice(0, 30), { disclosure: protect }),
				'q1',
				'rating'
			);
			if (solvedRight(s, w, 'q1')) right++;
		}
		// n is a cell of its own, and mean and median come from the perturbed counts: a filling
		// that fits is one of perturbed counts, which matches the truth only by chance.
		expect(right / WORLDS).toBeLessThan(0.05);
	});
});

describe('subtracting the other days from the total', () => {
	/** A day with a hidden count, worked out as the total minus every other day. */
	const perDayAttack = (w: World, d: Disclosure, rule = (c: number | null) => c) => {
		const s = view(w, d, {});
		const days = s.perDay.map((day) => ({ ...day, count: rule(day.count) }));
		const hidden = days.filter((day) => day.count === null);
		if (hidden.length !== 1 || s.n === null) return false;
		const worked = s.n - days.reduce((sum, day) => sum + (day.count ?? 0), 0);
		return worked === w.responses.filter((r) => r.submittedAt.startsWith(hidden[0].day)).length;
	};

	it('finds the one response of the target’s day under the small-group rule of before', () => {
		// Six a day, the target alone on day 21: only its day is hidden, and n is exact.
		expect(rate((w, d) => perDayAttack(w, d, oldRule), exact, 6)).toBe(1);
	});

	it('is off by the noise when counts are protected', () => {
		expect(rate((w, d) => perDayAttack(w, d), protect, 6)).toBeLessThan(0.2);
	});
});

describe('subtracting answered and hidden from n', () => {
	const unansweredAttack = (w: World, d: Disclosure) => {
		const s = view(w, d, {});
		const publisher = q(s, 'publisher', 'rating');
		if (s.n === null || publisher.answered === null || publisher.hidden === null) return false;
		const worked = s.n - publisher.answered - publisher.hidden;
		const trueUnanswered = w.responses.filter(
			(r) => r.audience === 'municipal' && r.answers.publisher === undefined
		).length;
		return worked === trueUnanswered;
	};

	it('gives the exact unanswered count when counts are exact', () => {
		expect(rate(unansweredAttack, exact)).toBe(1);
	});

	it('gives it only by chance when counts are protected', () => {
		expect(rate(unansweredAttack, protect)).toBeLessThan(0.5);
	});
});

/** The compare groups of a page, as the dashboard makes them: views within the page. */
const compareByAudience = (responses: SummaryInput[], d: Disclosure) => {
	const page = responses.reduce((sum, r) => (sum + (r.recordKey ?? 0)) % KEY_RANGE, 0);
	return audiences.map((a) =>
		summarise(
			plan,
			responses.filter((r) => r.audience === a),
			{ disclosure: d, within: page }
		)
	);
};

describe('subtracting compare groups from the whole view', () => {
	/**
	 * The audiences compared: the total count of a point minus the three other audiences' counts
	 * is the fourth audience's count, the one whose cell is hidden (or whose group is left out).
	 */
	const groupAttack = (w: World, d: Disclosure) => {
		const whole = q(view(w, d, {}), 'q2', 'rating');
		const byAudience = compareByAudience(w.responses, d);
		const hit = scale.every((_, i) => {
			const total = whole.distribution[i].count;
			const groups = byAudience.map((s) => q(s, 'q2', 'rating').distribution[i].count);
			const others = groups
				.slice(1)
				.reduce<number | null>((sum, v) => (sum === null || v === null ? null : sum + v), 0);
			if (total === null || others === null) return false;
			const truth = w.responses.filter(
				(r) => r.audience === audiences[0] && r.answers.q2 === scale[i]
			).length;
			return total - others === truth;
		});
		return hit;
	};

	it('gives a group’s counts away when the numbers are exact', () => {
		expect(rate(groupAttack, exact)).toBe(1);
	});

	it('gives nothing exact when the numbers are protected', () => {
		expect(rate(groupAttack, protect)).toBeLessThan(0.05);
	});

	/** Bisected and compared by audience: the groups whose count moved. */
	const movedGroups = (w: World, d: Disclosure) => {
		const before = compareByAudience(
			w.responses.filter((r) => matchesFilters(r, { to: '2026-03-20' })),
			d
		);
		const after = compareByAudience(w.responses, d);
		return audiences.filter((_, i) => before[i].n !== after[i].n);
	};
	/** Of the worlds where exactly one group moved, how often it is the target's. */
	const precision = (d: Disclosure) => {
		let one = 0;
		let right = 0;
		for (let i = 0; i < WORLDS; i++) {
			const w = world(70_000 + i);
			const moved = movedGroups(w, d);
			if (moved.length !== 1) continue;
			one++;
			if (moved[0] === w.target.audience) right++;
		}
		return { one: one / WORLDS, right: one ? right / one : 0 };
	};

	it('says which group the one person added is in only when the numbers are exact', () => {
		expect(precision(exact)).toEqual({ one: 1, right: 1 });
		// Every group's noise is redrawn when anyone joins the page: mostly several groups move,
		// and when only one does it is the target's no more often than chance would have it.
		const shown = precision(protect);
		expect(shown.one).toBeLessThan(0.35);
		expect(shown.right).toBeLessThan(0.5);
	});
});

describe('consistency: what cannot be averaged away', () => {
	it('shows the same cell the same way however it is reached', () => {
		const w = world(99);
		const filtered = summarise(
			plan,
			w.responses.filter((r) => r.audience === 'municipal'),
			{ disclosure: protect }
		);
		const again = summarise(
			plan,
			[...w.responses].reverse().filter((r) => r.audience === 'municipal'),
			{ disclosure: protect }
		);
		// The same responses in another order: the same numbers, to the last cell.
		expect(JSON.stringify(again)).toBe(JSON.stringify(filtered));
	});
});
