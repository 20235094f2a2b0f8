import { describe, expect, it } from 'vitest';
import { safeNext } from './sign-in';

describe('safeNext', () => {
	it.each([
		[null, '/admin'],
		['', '/admin'],
		['/admin', '/admin'],
		['/admin/surveys/barriers', '/admin/surveys/barriers'],
		['/admin/surveys/barriers?audience=municipal', '/admin/surveys/barriers?audience=municipal'],
		// Not ASCII: encoded, so the Location header can carry it (a raw byte there was a 500).
		['/admin/surveys/barriers?municipality=bodø', '/admin/surveys/barriers?municipality=bod%C3%B8'],
		['/admin?q=a b', '/admin?q=a%20b'],
		// Anything that would leave the workspace, or this site.
		['https://evil.example/admin', '/admin'],
		['//evil.example/admin', '/admin'],
		['/administrator', '/admin'],
		['/admin/../s/barriers', '/admin'],
		['/s/barriers', '/admin'],
		['/admin\\evil', '/admin/evil']
	])('%s → %s', (next, expected) => {
		expect(safeNext(next)).toBe(expected);
	});
});
