import { fail } from '@sveltejs/kit';
import { app } from '$lib/server/app/context';
import { field, readForm } from '$lib/server/http/forms';
import * as receiptDeletion from '$lib/server/responses/receipt-deletion';
import type { Actions } from './$types';

/** A respondent deletes their answer with the receipt code (public; see receipt-deletion.ts). */
export const actions: Actions = {
	default: async ({ request, getClientAddress }) => {
		const code = field(await readForm(request), 'code').slice(0, 64);
		const outcome = await receiptDeletion.deleteWithReceipt(app().store, code, getClientAddress);
		switch (outcome.kind) {
			case 'deleted':
				return { deleted: true };
			case 'invalid':
				return fail(400, { code, error: 'invalid' as const, wait: 0 });
			case 'notFound':
				return fail(404, { code, error: 'notFound' as const, wait: 0 });
			case 'throttled':
				return fail(429, { code, error: 'throttled' as const, wait: outcome.wait });
		}
	}
};
