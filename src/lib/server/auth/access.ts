import type { Role } from '../store';

/** Who may use a route: anyone, or a signed-in role (or, on /api routes, a token). */
export type Access = 'public' | Role;
type Rule = Access | { [method: string]: Access };

/**
 * Every route under /admin and /api, and who may use it, in one table checked in
 * hooks.server.ts before any route code runs. A route missing here is admin-only, and a test
 * walks the route files to make sure none is missing. Tokens count as `researcher`, on /api only.
 */
export const routeAccess: Record<string, Rule> = {
	'/admin': 'public', // the sign-in form; the overview asks for a session itself
	'/admin/account': 'leader', // one's own password
	'/admin/users': 'admin',
	'/admin/audit': 'admin',
	'/admin/tokens': 'researcher',
	'/admin/rounds': 'researcher',
	'/admin/rounds/[id]': 'researcher',
	// Invitation links answer as a municipality: whoever holds them can answer "verified".
	'/admin/rounds/[id]/invitations.csv': 'researcher',
	'/admin/rounds/[id]/print': 'researcher',
	'/admin/surveys/[id]': 'leader',
	// Response rates, protected for leaders where they concern persons (invitations/index.ts).
	'/admin/surveys/[id]/rates': 'leader',
	'/admin/surveys/[id]/versions': 'researcher',
	'/admin/surveys/[id]/export': 'researcher',
	'/admin/surveys/[id]/responses': 'researcher',
	'/api/health': 'public',
	'/api/surveys': { GET: 'public', POST: 'researcher' },
	'/api/surveys/[id]': 'public',
	'/api/surveys/[id]/responses': { GET: 'researcher', POST: 'public' },
	'/api/surveys/[id]/responses/[responseId]': 'researcher',
	'/api/surveys/[id]/summary': 'leader',
	'/api/surveys/[id]/texts': 'researcher',
	// Raw rows: researchers (and tokens) only. Leaders get aggregated tables on the dashboard.
	'/api/surveys/[id]/export.csv': 'researcher',
	'/api/surveys/[id]/codebook.csv': 'researcher',
	'/api/surveys/[id]/bundle.zip': 'researcher',
	// The designer: drafts are never public, nor is changing or closing a questionnaire.
	'/admin/surveys/new': 'researcher',
	'/admin/surveys/[id]/edit': 'researcher',
	'/admin/surveys/[id]/translations': 'researcher',
	'/api/surveys/[id]/draft': 'researcher',
	'/api/surveys/[id]/publish': 'researcher',
	'/api/surveys/[id]/close': 'researcher',
	'/api/surveys/[id]/reopen': 'researcher',
	'/api/surveys/[id]/translations.csv': 'researcher'
};

export function requiredAccess(routeId: string | null, method: string): Access {
	if (!routeId) return 'public';
	const rule = routeAccess[routeId];
	if (rule === undefined) {
		return routeId.startsWith('/admin') || routeId.startsWith('/api') ? 'admin' : 'public';
	}
	if (typeof rule === 'string') return rule;
	return rule[method] ?? rule.GET ?? 'admin';
}
