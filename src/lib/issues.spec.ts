import * as v from 'valibot';
import { describe, expect, it } from 'vitest';
import { formatIssue, formatIssues, issuePath } from './issues';

const schema = v.pipe(
	v.object({
		name: v.pipe(v.string(), v.minLength(1, 'give a name')),
		answers: v.object({ q1: v.number('must be a number') }),
		list: v.array(v.string('must be text'))
	}),
	v.check((input) => input.name !== 'x', 'x is not a name')
);

/** The issues valibot reports for `input`, which must fail. */
function issuesOf(input: unknown) {
	const result = v.safeParse(schema, input);
	if (result.success) throw new Error('expected issues');
	return result.issues;
}

const good = { name: 'a', answers: { q1: 1 }, list: ['a'] };

describe('issuePath', () => {
	it.each([
		{ name: 'a top-level field', input: { ...good, name: '' }, expected: 'name' },
		{ name: 'a nested field', input: { ...good, answers: { q1: 'one' } }, expected: 'answers.q1' },
		{ name: 'an array item', input: { ...good, list: ['a', 2] }, expected: 'list.1' },
		{ name: 'the input as a whole', input: { ...good, name: 'x' }, expected: '' }
	])('$name: $expected', ({ input, expected }) => {
		expect(issuePath(issuesOf(input)[0])).toBe(expected);
	});
});

describe('formatIssue', () => {
	it.each([
		{ input: { ...good, answers: { q1: 'one' } }, expected: 'answers.q1: must be a number' },
		{ input: { ...good, name: 'x' }, expected: 'x is not a name' }
	])('$expected', ({ input, expected }) => {
		expect(formatIssue(issuesOf(input)[0])).toBe(expected);
	});
});

describe('formatIssues', () => {
	it.each([
		{
			name: 'two issues, in the order valibot found them',
			issues: issuesOf({ name: '', answers: { q1: 'one' }, list: [] }),
			expected: 'name: give a name; answers.q1: must be a number'
		},
		{
			name: 'one issue',
			issues: issuesOf({ ...good, list: [3] }),
			expected: 'list.0: must be text'
		},
		{ name: 'none', issues: [], expected: '' }
	])('$name', ({ issues, expected }) => {
		expect(formatIssues(issues)).toBe(expected);
	});
});
