import { fail } from '@sveltejs/kit';
import { app } from '$lib/server/app/context';
import { changePassword } from '$lib/server/auth/sign-in';
import { readForm } from '$lib/server/http/forms';
import { clientAddress } from '$lib/server/http/rate-limit';
import { guardActions } from '$lib/server/http/store-errors';
import { SESSION_COOKIE } from '../../../hooks.server';
import type { Actions, PageServerLoad } from './$types';

// Every signed-in role (access.ts): one's own password.

export const load: PageServerLoad = () => ({});

export const actions = guardActions({
	password: async ({ request, locals, cookies, url, getClientAddress }) => {
		const form = await readForm(request);
		const text = (name: string) => {
			const value = form.get(name);
			return typeof value === 'string' ? value : '';
		};
		const result = await changePassword(
			app().store,
			locals.user!,
			text('current'),
			text('password'),
			text('repeat'),
			clientAddress(getClientAddress)
		);
		if (!result.ok)
			return fail(result.error === 'throttled' || result.error === 'busy' ? 429 : 400, {
				error: result.error,
				wait: result.wait
			});
		// Every session of the old password has ended; this browser signs in with the new one.
		cookies.set(SESSION_COOKIE, result.session.token, {
			path: '/',
			httpOnly: true,
			sameSite: 'lax',
			secure: url.protocol === 'https:',
			expires: result.session.expiresAt
		});
		return { changed: true };
	}
} satisfies Actions);
