import { fail, redirect } from '@sveltejs/kit';
import { localized } from '$lib/definitions/analyse';
import { app } from '$lib/server/app/context';
import { field, readForm } from '$lib/server/http/forms';
import { clientAddress } from '$lib/server/http/rate-limit';
import { guardActions } from '$lib/server/http/store-errors';
import { safeNext, signIn, signOut } from '$lib/server/auth/sign-in';
import * as users from '$lib/server/auth/users';
import { responseCounts } from '$lib/server/views/dashboard';
import { SESSION_COOKIE } from '../../hooks.server';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async ({ locals }) => {
	if (!locals.user) return { overview: null };
	const { surveys } = app();
	// A leader sees each total as the dashboard shows it: perturbed (protect.ts), never exact.
	const researcher = users.roleAtLeast(locals.user.role, 'researcher');
	const counts = await responseCounts(app(), !researcher);
	return {
		overview: {
			surveys: surveys.list().map(({ definition }) => ({
				id: definition.id,
				title: localized(definition.title, locals.locale),
				version: definition.version,
				kind: definition.meta.kind,
				responses: counts.get(definition.id) ?? 0
			})),
			problems: researcher ? surveys.problems : [],
			// Designed in the app and never published: not served, so only here.
			drafts: researcher
				? app()
						.store.questionnaires.list()
						.filter((q) => q.source === 'store' && q.published.length === 0)
						.map((q) => ({
							id: q.id,
							title: localized(
								(q.draft?.title as Record<string, string> | string | undefined) ?? q.id,
								locals.locale
							)
						}))
				: []
		}
	};
};

export const actions = guardActions({
	login: async ({ request, cookies, getClientAddress, url }) => {
		const form = await readForm(request);
		const username = field(form, 'username').toLowerCase().slice(0, 64);
		const password = typeof form.get('password') === 'string' ? String(form.get('password')) : '';
		// Behind a proxy without its ADDRESS_HEADER, adapter-node throws: such requests share one
		// throttle entry rather than fail with a 500 (rate-limit.ts).
		const address = clientAddress(getClientAddress);
		const result = await signIn(app().store, username, password, address);
		if (!result.ok) {
			return fail(result.error === 'failed' ? 400 : 429, {
				username,
				error: result.error,
				wait: result.wait
			});
		}
		cookies.set(SESSION_COOKIE, result.session.token, {
			path: '/',
			httpOnly: true,
			sameSite: 'lax',
			secure: url.protocol === 'https:',
			expires: result.session.expiresAt
		});
		redirect(303, safeNext(url.searchParams.get('next')));
	},

	logout: async ({ cookies, locals }) => {
		await signOut(app().store, cookies.get(SESSION_COOKIE), locals.user);
		cookies.delete(SESSION_COOKIE, { path: '/' });
		redirect(303, '/admin');
	}
} satisfies Actions);
