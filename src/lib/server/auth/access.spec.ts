import { describe, expect, it } from 'vitest';
import { routeIdsUnder } from '../../../../tests/support/routes';
import { requiredAccess, routeAccess } from './access';

describe('routeAccess', () => {
	it('names every route under /admin and /api, so none falls back to the default by accident', () => {
		const ids = [...routeIdsUnder('admin'), ...routeIdsUnder('api')];
		expect(ids.length).toBeGreaterThan(8);
		expect(ids.filter((id) => !(id in routeAccess))).toEqual([]);
	});

	it('has no entry for a route that does not exist', () => {
		const ids = new Set([...routeIdsUnder('admin'), ...routeIdsUnder('api')]);
		expect(Object.keys(routeAccess).filter((id) => !ids.has(id))).toEqual([]);
	});
});

describe('requiredAccess', () => {
	it.each([
		['/admin/users', 'GET', 'admin'],
		['/admin/rounds', 'POST', 'researcher'],
		['/api/surveys/[id]/responses', 'GET', 'researcher'],
		['/api/surveys/[id]/responses', 'POST', 'public'],
		['/api/surveys/[id]/export.csv', 'GET', 'researcher'],
		['/api/surveys/[id]/codebook.csv', 'GET', 'researcher'],
		['/admin/surveys/[id]/export', 'GET', 'researcher'],
		// The designer: drafts and changes are researchers' (and tokens'), never a leader's.
		['/api/surveys', 'GET', 'public'],
		['/api/surveys', 'POST', 'researcher'],
		['/api/surveys/[id]/draft', 'PUT', 'researcher'],
		['/api/surveys/[id]/draft', 'GET', 'researcher'],
		['/api/surveys/[id]/publish', 'POST', 'researcher'],
		['/api/surveys/[id]/close', 'POST', 'researcher'],
		['/api/surveys/[id]/reopen', 'POST', 'researcher'],
		['/api/surveys/[id]/translations.csv', 'PUT', 'researcher'],
		['/admin/surveys/new', 'POST', 'researcher'],
		['/admin/surveys/[id]/edit', 'GET', 'researcher'],
		['/admin/surveys/[id]/translations', 'POST', 'researcher'],
		['/admin/unlisted', 'GET', 'admin'],
		['/api/unlisted', 'GET', 'admin'],
		['/s/[surveyId]', 'GET', 'public'],
		[null, 'GET', 'public']
	])('%s %s needs %s', (route, method, access) => {
		expect(requiredAccess(route, method)).toBe(access);
	});
});
