import { error } from '@sveltejs/kit';
import type { Locale } from '$lib/i18n/locales';
import { translate } from '$lib/i18n/messages';
import { HashBusyError } from '../auth/passwords';
import { StoreWriteError } from '../store';
import { RequestError } from './http-error';

/**
 * What a person hears when the disk refuses a write (StoreWriteError) or too many passwords are
 * being checked at once (HashBusyError): "try again", 503 or 429, never the 500 of a bug. Nothing
 * was acknowledged, so nothing is lost (store/durable-file.ts).
 */
export function asRequestError(e: unknown): RequestError | null {
	if (e instanceof StoreWriteError) {
		console.error(`[store] a write was refused: ${e.message}`);
		return new RequestError(503, 'error.storeUnavailable', undefined, undefined, {
			'Retry-After': '30'
		});
	}
	if (e instanceof HashBusyError) {
		return new RequestError(429, 'error.busy', { seconds: e.retryAfterSeconds }, undefined, {
			'Retry-After': String(e.retryAfterSeconds)
		});
	}
	return null;
}

type Action = (event: { locals: { locale: Locale } }) => unknown;

/**
 * Form actions whose refused writes answer 503 (and a full password line 429) with a message,
 * instead of a 500: `export const actions = guardActions({ … } satisfies Actions)`.
 */
export function guardActions<T extends object>(actions: T): T {
	const guarded: Record<string, Action> = {};
	for (const [name, action] of Object.entries(actions) as [string, Action][]) {
		guarded[name] = async (event) => {
			try {
				return await action(event);
			} catch (e) {
				const refused = asRequestError(e);
				if (refused)
					error(refused.status, translate(event.locals.locale, refused.key, refused.params));
				throw e;
			}
		};
	}
	return guarded as T;
}
