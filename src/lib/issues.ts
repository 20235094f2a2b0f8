import type * as v from 'valibot';

/**
 * valibot's issues as the short texts a person reads in a 400 answer or a checker's report:
 * `municipality: must be a lowercase slug …`. One way to write them, so the API, the forms and
 * `npm run surveys:check` name a field the same way.
 */

/** Where the issue is, as dotted keys (`answers.q1`); '' when it is about the input as a whole. */
export function issuePath(issue: v.BaseIssue<unknown>): string {
	return issue.path?.map((item) => String(item.key)).join('.') ?? '';
}

/** `path: message`, or only the message for an issue about the input as a whole. */
export function formatIssue(issue: v.BaseIssue<unknown>): string {
	const path = issuePath(issue);
	return path ? `${path}: ${issue.message}` : issue.message;
}

/** Several issues on one line, separated by "; ". */
export function formatIssues(issues: readonly v.BaseIssue<unknown>[]): string {
	return issues.map(formatIssue).join('; ');
}
