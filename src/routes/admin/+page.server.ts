import { fail, redirect } from '@sveltejs/kit';
import { localized } from '$lib/definitions/analyse';
import { app } from '$lib/server/context';
import * as audit from '$lib/server/audit';
import { field, readForm } from '$lib/server/forms';
import { FailureThrottle } from '$lib/server/throttle';
import * as users from '$lib/server/users';
import { SESSION_COOKIE } from '../../hooks.server';
import type { Actions, PageServerLoad } from './$types';

/** Failed sign-ins are slowed down per username and per address (in memory only). */
const throttle = new FailureThrottle();

export const load: PageServerLoad = ({ locals }) => {
	if (!locals.user) return { overview: null };
	const { store, surveys } = app();
	const counts = new Map<string, number>();
	for (const r of store.responses.responses())
		counts.set(r.surveyId, (counts.get(r.surveyId) ?? 0) + 1);
	return {
		overview: {
			surveys: surveys.list().map(({ definition }) => ({
				id: definition.id,
				title: localized(definition.title, locals.locale),
				version: definition.version,
				kind: definition.meta.kind,
				responses: counts.get(definition.id) ?? 0
			})),
			problems: users.roleAtLeast(locals.user.role, 'researcher') ? surveys.problems : []
		}
	};
};

/** Only paths inside the workspace are followed after sign-in, never another site. */
function safeNext(next: string | null): string {
	return next && /^\/admin(\/[\w\-/[\]]*)?(\?[^\s]*)?$/.test(next) ? next : '/admin';
}

export const actions: Actions = {
	login: async ({ request, cookies, getClientAddress, url }) => {
		const { store } = app();
		const form = await readForm(request);
		const username = field(form, 'username').toLowerCase().slice(0, 64);
		const password = typeof form.get('password') === 'string' ? String(form.get('password')) : '';
		const keys: [string, string][] = [
			['user', username],
			['address', getClientAddress()]
		];
		const wait = throttle.waitSeconds(keys);
		if (wait > 0) return fail(429, { username, error: 'throttled' as const, wait });
		const user = await users.authenticate(store, username, password);
		if (!user) {
			throttle.failed(keys);
			await audit.record(store, username || '(empty)', 'signInFailed');
			return fail(400, { username, error: 'failed' as const, wait: 0 });
		}
		throttle.succeeded([['user', username]]);
		const session = await users.startSession(store, user);
		cookies.set(SESSION_COOKIE, session.token, {
			path: '/',
			httpOnly: true,
			sameSite: 'lax',
			secure: url.protocol === 'https:',
			expires: session.expiresAt
		});
		await audit.record(store, user.username, 'signIn');
		redirect(303, safeNext(url.searchParams.get('next')));
	},

	logout: async ({ cookies, locals }) => {
		const { store } = app();
		await users.endSession(store, cookies.get(SESSION_COOKIE));
		cookies.delete(SESSION_COOKIE, { path: '/' });
		if (locals.user) await audit.record(store, locals.user.username, 'signOut');
		redirect(303, '/admin');
	}
};
