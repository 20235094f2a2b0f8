import { fail } from '@sveltejs/kit';
import { app } from '$lib/server/app/context';
import * as audit from '$lib/server/app/audit';
import { field, readForm } from '$lib/server/http/forms';
import * as users from '$lib/server/auth/users';
import type { Actions, PageServerLoad } from './$types';
import { guardActions } from '$lib/server/http/store-errors';

// Only admins reach this page and its actions (access.ts, checked in hooks.server.ts).

export const load: PageServerLoad = () => ({ users: users.list(app().store) });

function failure(e: unknown, username = '') {
	if (e instanceof users.UserError)
		return fail(e.code === 'notFound' ? 404 : 400, { username, error: e.code });
	throw e;
}

export const actions = guardActions({
	create: async ({ request, locals }) => {
		const { store } = app();
		const form = await readForm(request);
		const username = field(form, 'username').toLowerCase();
		const role = field(form, 'role');
		const password = String(form.get('password') ?? '');
		if (!users.isRole(role)) return fail(400, { username, error: 'roleInvalid' as const });
		try {
			const created = await users.create(store, username, role, password || undefined);
			await audit.record(store, locals.user!.username, 'userCreated', created.user.username, {
				role
			});
			return {
				secret: {
					kind: 'created' as const,
					username: created.user.username,
					password: created.password
				}
			};
		} catch (e) {
			return failure(e, username);
		}
	},
	role: async ({ request, locals }) => {
		const { store } = app();
		const form = await readForm(request);
		const role = field(form, 'role');
		if (!users.isRole(role)) return fail(400, { error: 'roleInvalid' as const });
		try {
			const user = await users.setRole(store, field(form, 'id'), role);
			await audit.record(store, locals.user!.username, 'userRoleChanged', user.username, { role });
			return { done: { kind: 'roleChanged' as const, username: user.username, role } };
		} catch (e) {
			return failure(e);
		}
	},
	password: async ({ request, locals }) => {
		const { store } = app();
		const form = await readForm(request);
		const id = field(form, 'id');
		try {
			const password = await users.setPassword(store, id);
			const user = users.get(store, id)!;
			await audit.record(store, locals.user!.username, 'userPasswordReset', user.username);
			return { secret: { kind: 'reset' as const, username: user.username, password } };
		} catch (e) {
			return failure(e);
		}
	},
	delete: async ({ request, locals }) => {
		const { store } = app();
		const form = await readForm(request);
		try {
			const user = await users.remove(store, field(form, 'id'));
			await audit.record(store, locals.user!.username, 'userDeleted', user.username);
			return { done: { kind: 'deleted' as const, username: user.username, role: user.role } };
		} catch (e) {
			return failure(e);
		}
	}
} satisfies Actions);
