import type { Locale } from '$lib/i18n/locales';
import type { TokenPrincipal } from '$lib/server/auth/tokens';
import type { User } from '$lib/server/auth/users';

declare global {
	namespace App {
		interface Locals {
			locale: Locale;
			/** The signed-in person, from the session cookie. */
			user: User | null;
			/** The API token of a script, on /api routes only. */
			token: TokenPrincipal | null;
		}
	}
}

export {};
