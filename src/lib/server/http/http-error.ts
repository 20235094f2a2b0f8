import type { MessageKey, MessageParams } from '$lib/i18n/messages';

/**
 * A request the app refuses, with the catalogue key of the message a person reads; the route
 * turns it into `{ error, details }` in the requester's language. Thrown by domain modules so
 * they stay free of HTTP plumbing beyond a status code.
 */
export class RequestError extends Error {
	constructor(
		readonly status: number,
		readonly key: MessageKey,
		readonly params?: MessageParams,
		readonly details?: unknown[],
		readonly headers?: Record<string, string>
	) {
		super(key);
		this.name = 'RequestError';
	}

	/** The field of the answer that holds `details` (`errors`, `breaking` for the designer's API). */
	detailsField = 'details';

	as(field: string): this {
		this.detailsField = field;
		return this;
	}
}
