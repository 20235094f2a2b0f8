// The demo's three workspace users, one per role, so a first look can try what each role sees.
// Only `npm run demo` (scripts/demo.ts) creates them, in its own ./demo-data; `npm start` never
// does: a real data folder starts with `admin` alone (src/lib/server/auth/users.ts).
import * as users from '../src/lib/server/auth/users';
import type { Role, Store } from '../src/lib/server/store';

export interface DemoUser {
	username: string;
	role: Role;
	/** What the role may do, and where it goes first in the demo (README, Quick start). */
	may: string;
	/** Where the role goes first in the demo, and what it finds there. */
	firstStop: { path: string; what: string };
}

export const demoUsers: readonly DemoUser[] = [
	{
		username: 'admin',
		role: 'admin',
		may: 'everything, including users and the audit log',
		firstStop: { path: '/admin/users', what: 'the users and their roles' }
	},
	{
		username: 'researcher',
		role: 'researcher',
		may: 'questionnaires, rounds, raw data, exports and API tokens',
		firstStop: { path: '/admin/surveys/barriers/export', what: 'the export and codebook' }
	},
	{
		username: 'leader',
		role: 'leader',
		may: 'dashboards and aggregated results; no raw free text, no export',
		firstStop: {
			path: '/admin/surveys/barriers?compare=round',
			what: 'the dashboard comparing rounds'
		}
	}
];

export interface CreatedDemoUser extends DemoUser {
	/** Null when it came from ADMIN_PASSWORD (not printed). */
	password: string | null;
}

/** The demo's users: created now with their passwords, or those the folder already had. */
export type DemoUsers =
	{ created: CreatedDemoUser[] } | { existing: { username: string; role: Role }[] };

/**
 * Creates the three demo users through the store's users repository, at the first start only
 * (a data folder without users); afterwards the folder's users are left as they are. `admin`
 * gets ADMIN_PASSWORD when it is set, as with `npm start`; the others get random passwords.
 * Each creation is audited, as the command line and the users page audit theirs.
 */
export async function createDemoUsers(
	store: Store,
	adminPassword: string | null
): Promise<DemoUsers> {
	const existing = users.list(store);
	if (existing.length > 0)
		return { existing: existing.map(({ username, role }) => ({ username, role })) };
	const created: CreatedDemoUser[] = [];
	for (const user of demoUsers) {
		const fromEnv = user.role === 'admin' ? adminPassword : null;
		const { password } = await users.create(store, user.username, user.role, fromEnv ?? undefined);
		await store.audit.record({
			actor: 'demo',
			action: 'userCreated',
			target: user.username,
			detail: { role: user.role }
		});
		created.push({ ...user, password: fromEnv ? null : password });
	}
	return { created };
}

/** What `npm run demo` prints about its users: who they are, their passwords, what each may do. */
export function demoUsersText(result: DemoUsers, baseUrl: string): string {
	const firstStops = [
		'Where to go first:',
		`  a respondent (no sign-in)  ${baseUrl}/  answers a questionnaire`,
		...demoUsers.map(
			(u) => `  ${u.username.padEnd(25)}  ${baseUrl}${u.firstStop.path}  ${u.firstStop.what}`
		)
	];
	if ('existing' in result) {
		return [
			`Demo users: ${result.existing.map((u) => `${u.username} (${u.role})`).join(', ')}, as created before; their passwords were printed then.`,
			'To start afresh delete the demo data folder; to set a password, stop the demo and run `npm run users -- passwd NAME` with DATA_DIR set to it.',
			...firstStops
		].join('\n');
	}
	const shown = result.created.map((u) => u.password ?? '(ADMIN_PASSWORD)');
	const nameWidth = Math.max(...result.created.map((u) => u.username.length));
	const passwordWidth = Math.max(...shown.map((p) => p.length));
	return [
		`Demo users, created now (passwords shown only this once; sign in at ${baseUrl}/admin):`,
		...result.created.map(
			(u, i) =>
				`  ${u.username.padEnd(nameWidth)}  password ${shown[i].padEnd(passwordWidth)}  may: ${u.may}`
		),
		...firstStops
	].join('\n');
}
