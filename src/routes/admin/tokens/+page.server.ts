import { fail } from '@sveltejs/kit';
import { app } from '$lib/server/app/context';
import * as audit from '$lib/server/app/audit';
import { field, readForm } from '$lib/server/http/forms';
import * as tokens from '$lib/server/auth/tokens';
import * as users from '$lib/server/auth/users';
import type { Actions, PageServerLoad } from './$types';
import { guardActions } from '$lib/server/http/store-errors';

// Researchers and admins (access.ts). A researcher sees and revokes the tokens they created;
// an admin sees and revokes all of them, the operator token and those of users since demoted or
// deleted included, with the rights each gives today (its creator's current role).

function visible(locals: App.Locals) {
	const all = tokens.list(app().store);
	return locals.user?.role === 'admin' ? all : all.filter((t) => t.createdBy === locals.user?.id);
}

export const load: PageServerLoad = ({ locals }) => {
	const { store } = app();
	const names = new Map(users.list(store).map((u) => [u.id, u.username]));
	return {
		tokens: visible(locals)
			.map((t) => ({
				...t,
				createdByName: t.createdBy ? (names.get(t.createdBy) ?? t.createdBy) : null
			}))
			.reverse()
	};
};

export const actions = guardActions({
	create: async ({ request, locals }) => {
		const { store } = app();
		const name = field(await readForm(request), 'name');
		if (!name) return fail(400, { error: 'nameRequired' as const });
		const { token, record } = await tokens.create(store, name, locals.user!.id);
		await audit.record(store, locals.user!.username, 'tokenCreated', record.name);
		return { created: { name: record.name, token } };
	},
	revoke: async ({ request, locals }) => {
		const { store } = app();
		const id = field(await readForm(request), 'id');
		if (!visible(locals).some((t) => t.id === id)) return fail(404, { error: 'notFound' as const });
		const record = await tokens.revoke(store, id);
		if (!record) return fail(404, { error: 'notFound' as const });
		await audit.record(store, locals.user!.username, 'tokenRevoked', record.name);
		return { revoked: record.name };
	}
} satisfies Actions);
