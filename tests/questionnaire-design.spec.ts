import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { planSummary } from '../src/lib/summary/plan';
import { summarise } from '../src/lib/summary/summarise';
import { DefinitionValidator } from '../src/lib/validation';

/**
 * The methodological rules of issue 20 for the shipped questionnaires, read from the files
 * themselves: routing on the user side of the barrier survey, "not relevant" on every hindrance
 * matrix and every rating, mirrored barrier items sharing codes, and a method evaluation that
 * records the data used, learning and outcome.
 */

type Json = Record<string, unknown>;
interface Choice {
	value: string | number;
	text?: Record<string, string>;
}
interface Element {
	type: string;
	name: string;
	visibleIf?: string;
	title?: Record<string, string>;
	description?: Record<string, string>;
	rows?: Choice[];
	columns?: Choice[];
	choices?: Choice[];
	choicesOrder?: string;
	showNoneItem?: boolean;
	elements?: Element[];
}
interface Survey {
	pages: { name: string; visibleIf?: string; elements: Element[] }[];
	odb: Json;
}

const surveys = join(import.meta.dirname, '../surveys');
const read = (id: string) =>
	JSON.parse(readFileSync(join(surveys, `${id}.json`), 'utf8')) as Survey;
const barriers = read('barriers');
const evaluation = read('method-evaluation');
const followUp = read('method-follow-up');

const questions = (survey: Survey) => survey.pages.flatMap((p) => p.elements);
const byName = (survey: Survey, name: string) => {
	const found = questions(survey).find((q) => q.name === name);
	if (!found) throw new Error(`no question ${name}`);
	return found;
};
const values = (list: Choice[] = []) => list.map((c) => c.value);
const hindranceMatrices = questions(barriers).filter(
	(q) => q.type === 'matrix' && /^(pub|use|new)_/.test(q.name)
);

describe('barriers: every hindrance matrix', () => {
	it('has them all: 9 on each side and the short module', () => {
		expect(hindranceMatrices.map((q) => q.name.split('_')[0])).toEqual([
			...Array(9).fill('pub'),
			...Array(10).fill('use'),
			'new'
		]);
	});

	it.each(hindranceMatrices.map((q) => [q.name, q]))(
		'%s: the 1–5 scale, then "not relevant" and "don\'t know" as codes of their own',
		(_name, q) => {
			expect(values(q.columns)).toEqual([1, 2, 3, 4, 5, 'not_relevant', 'dont_know']);
			expect(barriers.odb.dontKnowValues).toEqual(['dont_know']);
			// not_relevant is the default of odb.notRelevantValues: counted apart from the scale.
			expect(barriers.odb.notRelevantValues).toBeUndefined();
		}
	);

	it.each(hindranceMatrices.map((q) => [q.name, q]))('%s: a time frame', (_name, q) => {
		const frame = q.name.startsWith('new_') ? /i dag/ : /de siste 12 månedene/;
		expect(q.description?.nb).toMatch(frame);
		expect(q.description?.nn).toMatch(
			q.name.startsWith('new_') ? /i dag/ : /dei siste 12 månadene/
		);
	});
});

describe('barriers: mirrored items', () => {
	const side = (prefix: string) =>
		new Map(
			hindranceMatrices
				.filter((q) => q.name.startsWith(prefix))
				.flatMap((q) =>
					values(q.rows).map((code) => [
						String(code),
						q.name.slice(prefix.length).replace(/_business$/, '')
					])
				)
		);
	const publisher = side('pub_');
	const user = side('use_');
	const expected = side('new_');

	it('share their codes on the publisher and the user side', () => {
		for (const code of ['outdated', 'errors_and_gaps', 'documentation_missing', 'no_api']) {
			expect([code, publisher.has(code), user.has(code)]).toEqual([code, true, true]);
		}
		for (const old of [
			'not_up_to_date',
			'quality_insufficient',
			'metadata_missing',
			'no_api_capacity'
		]) {
			expect([old, publisher.has(old) || user.has(old)]).toEqual([old, false]);
		}
	});

	it('sit in the same category on both sides', () => {
		const shared = [...publisher.keys()].filter((code) => user.has(code));
		expect(shared.length).toBeGreaterThanOrEqual(7);
		for (const code of shared) expect([code, user.get(code)]).toEqual([code, publisher.get(code)]);
	});

	it('the short module asks items of the long one, under the same codes', () => {
		expect(expected.size).toBeGreaterThan(5);
		for (const code of expected.keys()) expect([code, user.has(code)]).toEqual([code, true]);
	});

	it('the overlapping pairs of the issue keep one item each', () => {
		const all = new Set([...publisher.keys(), ...user.keys()]);
		for (const [kept, cut] of [
			['benefits_unknown', 'unclear_return'],
			['licence_choice_unclear', 'no_licence_policy'],
			['no_legal_support', 'legal_skills'],
			['too_many_licences', 'licences_differ'],
			['hard_to_find', 'no_single_entry_point']
		]) {
			expect([kept, all.has(kept), cut, all.has(cut)]).toEqual([kept, true, cut, false]);
		}
	});
});

describe("barriers: who sees which module (through the server's validator)", () => {
	const validator = new DefinitionValidator(barriers as unknown as Json);
	const as = (audience: string) => ({ audience, municipality: 'bodo', locale: 'nb' });
	const longModule = { use_awareness: { hard_to_find: 4 }, use_competence: { time_to_learn: 3 } };
	const shortModule = {
		new_interest: 'maybe',
		new_barriers: { hard_to_find: 5, low_trust: 'not_relevant' }
	};
	const hiddenKeys = (result: ReturnType<typeof validator.validate>) =>
		result.ok ? [] : result.errors.filter((e) => e.code === 'hidden').map((e) => e.question);

	it('a resident who has never used municipal data gets the short module only', () => {
		const never = { used_municipal_data: 'no', open_data_experience: 'none' };
		expect(validator.validate({ ...never, ...shortModule }, as('citizen'))).toMatchObject({
			ok: true
		});
		expect(hiddenKeys(validator.validate({ ...never, ...longModule }, as('citizen')))).toEqual([
			'use_awareness',
			'use_competence'
		]);
		// Not answering the question about use leads to the short module too.
		expect(validator.validate(shortModule, as('citizen'))).toMatchObject({ ok: true });
		expect(hiddenKeys(validator.validate(longModule, as('citizen')))).toEqual([
			'use_awareness',
			'use_competence'
		]);
	});

	it('a resident who has used municipal data gets the long module, without the business-only rows', () => {
		const used = { used_municipal_data: 'yes_sometimes' };
		expect(validator.validate({ ...used, ...longModule }, as('citizen'))).toMatchObject({
			ok: true
		});
		expect(
			hiddenKeys(
				validator.validate(
					{
						...used,
						...shortModule,
						use_licences: { licence_missing: 2 },
						use_economics_business: { small_market: 5 }
					},
					as('citizen')
				)
			)
		).toEqual(['use_economics_business', 'use_licences', 'new_interest', 'new_barriers']);
	});

	it('a business that has used municipal data, or tried and gave up, gets the business-only rows too', () => {
		for (const use of ['yes_often', 'tried_gave_up']) {
			const answers = {
				used_municipal_data: use,
				...longModule,
				use_licences: { commercial_restrictions: 5 },
				use_economics_business: { small_market: 'not_relevant' }
			};
			expect(validator.validate(answers, as('business'))).toMatchObject({ ok: true });
		}
	});

	it('"don\'t know" about use routes by open-data experience', () => {
		const regular = { used_municipal_data: 'dont_know', open_data_experience: 'regular' };
		const aware = { used_municipal_data: 'dont_know', open_data_experience: 'aware' };
		expect(validator.validate({ ...regular, ...longModule }, as('voluntary')).ok).toBe(true);
		expect(validator.validate({ ...aware, ...shortModule }, as('voluntary')).ok).toBe(true);
		expect(hiddenKeys(validator.validate({ ...aware, ...longModule }, as('voluntary')))).toEqual([
			'use_awareness',
			'use_competence'
		]);
	});

	it('municipal staff get the publisher side only', () => {
		expect(
			validator.validate({ pub_economics: { lost_income: 'not_relevant' } }, as('municipal')).ok
		).toBe(true);
		expect(
			hiddenKeys(validator.validate({ ...shortModule, ...longModule }, as('municipal')))
		).toEqual(['use_awareness', 'use_competence', 'new_interest', 'new_barriers']);
	});

	it('the dashboard counts the long module as not shown, not as skipped, for such a resident', () => {
		const summary = summarise(planSummary(barriers as unknown as Json), [
			{
				answers: { used_municipal_data: 'no', ...shortModule },
				audience: 'citizen',
				municipality: 'bodo',
				locale: 'nb',
				submittedAt: '2026-03-01T10:00:00.000Z'
			}
		]);
		const q = (name: string) => summary.questions.find((s) => s.name === name);
		expect(q('use_awareness')).toMatchObject({ answered: 0, unanswered: 0, hidden: 1 });
		expect(q('new_barriers')).toMatchObject({ answered: 1, hidden: 0 });
	});

	it('the top-3 categories come in random order', () => {
		expect(byName(barriers, 'top_barrier_categories').choicesOrder).toBe('random');
	});
});

describe('method evaluation and its follow-up', () => {
	const rated = (survey: Survey) =>
		questions(survey).filter((q) => q.type === 'matrix' || q.type === 'rating');

	it.each([
		['method-evaluation', evaluation],
		['method-follow-up', followUp]
	] as const)('%s: every rated item offers "not relevant"', (_id, survey) => {
		expect(rated(survey).length).toBeGreaterThan(0);
		for (const q of rated(survey)) {
			// A rating question has no place for it: rated items are 1–5 matrix rows.
			expect([q.name, q.type]).toEqual([q.name, 'matrix']);
			expect([q.name, values(q.columns).slice(0, 6)]).toEqual([
				q.name,
				[1, 2, 3, 4, 5, 'not_relevant']
			]);
		}
	});

	it('records which data was used, with a "none" answer of its own', () => {
		const datasets = byName(evaluation, 'datasets_used');
		expect(datasets).toMatchObject({ type: 'checkbox', showNoneItem: true });
		expect(byName(evaluation, 'datasets_named').type).toBe('comment');
		expect(byName(evaluation, 'data').visibleIf).toBe("{datasets_used} notcontains 'none'");
	});

	it('asks about learning and outcome, and the fixed process items', () => {
		expect(values(byName(evaluation, 'learning').rows).length).toBeGreaterThanOrEqual(3);
		expect(values(byName(evaluation, 'outcome').rows)).toContain('data_needs_identified');
		expect(values(byName(evaluation, 'process').rows)).toEqual([
			'preparation',
			'facilitation',
			'time',
			'being_heard',
			'expert_access',
			'collaboration'
		]);
	});

	it('asks the same open-data experience question as the barrier survey', () => {
		expect(byName(evaluation, 'open_data_experience')).toEqual(
			byName(barriers, 'open_data_experience')
		);
	});

	it('the follow-up is its own kind, by link only, and asks the same activity', () => {
		expect(followUp.odb).toMatchObject({ kind: 'method-follow-up', listed: false });
		expect(values(byName(followUp, 'activity').choices)).toEqual(
			values(byName(evaluation, 'activity').choices)
		);
	});
});

describe('maturity: the levels are explained before a target level is asked', () => {
	const maturity = read('maturity');
	const scoring = maturity.odb.scoring as {
		levels: { level: number; label: Record<string, string>; description: Record<string, string> }[];
	};
	const firstTargetPage = maturity.pages.findIndex((p) =>
		p.elements.some((e) => e.name.endsWith('_target'))
	);
	const shownBefore = maturity.pages
		.slice(0, firstTargetPage + 1)
		.flatMap((p, i) => {
			// On the page of the first target question, only what comes before it.
			const cut =
				i === firstTargetPage ? p.elements.findIndex((e) => e.name.endsWith('_target')) : undefined;
			return p.elements.slice(0, cut);
		})
		.filter((e) => e.type === 'html' && !e.visibleIf)
		.map((e) => (e as unknown as { html: Record<string, string> }).html);

	it.each(['nb', 'nn', 'en'])(
		'in %s: every level by name, with its meaning, on a page every respondent sees first',
		(locale) => {
			expect(firstTargetPage).toBeGreaterThan(0);
			const text = shownBefore.map((html) => html[locale] ?? '').join(' ');
			for (const level of scoring.levels) {
				expect(text).toContain(level.label[locale]);
				// The meaning as the profile's scale gives it, first letter in either case.
				const meaning = level.description[locale].replace(/\.$/, '').slice(1);
				expect(text).toContain(meaning);
			}
		}
	);
});
