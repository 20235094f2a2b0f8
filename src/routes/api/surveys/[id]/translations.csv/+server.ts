import { json } from '@sveltejs/kit';
import { app } from '$lib/server/app/context';
import { handleApi } from '$lib/server/http/http';
import { RequestError } from '$lib/server/http/http-error';
import * as designer from '$lib/server/surveys/designer';
import type { RequestHandler } from './$types';

/** Every respondent-facing text in nb, nn and en, with what is missing or outdated, as CSV. */
export const GET: RequestHandler = ({ params, request, url, cookies }) =>
	handleApi(request, url, cookies.get('lang'), async () => {
		const csv = designer.translationCsv(app(), params.id);
		return new Response(csv, {
			headers: {
				'content-type': 'text/csv; charset=utf-8',
				'content-disposition': `attachment; filename="${params.id}-translations.csv"`
			}
		});
	});

/**
 * A translated CSV back: applied to the draft (`?dryRun=1`: only said what would change), 200
 * `{ changes, unknown, applied, errors, warnings }`; a file that cannot be read is a 400.
 */
export const PUT: RequestHandler = ({ params, request, url, cookies }) =>
	handleApi(request, url, cookies.get('lang'), async () => {
		const type = request.headers.get('content-type') ?? '';
		if (!/^text\/(?:csv|plain)\s*(?:;|$)/i.test(type))
			throw new RequestError(415, 'error.wrongCsvType');
		const declared = Number(request.headers.get('content-length'));
		if (declared > designer.DEFINITION_BODY_LIMIT)
			throw new RequestError(413, 'error.bodyTooLarge', { limit: designer.DEFINITION_BODY_LIMIT });
		const bytes = new Uint8Array(await request.arrayBuffer());
		if (bytes.byteLength > designer.DEFINITION_BODY_LIMIT)
			throw new RequestError(413, 'error.bodyTooLarge', { limit: designer.DEFINITION_BODY_LIMIT });
		let text: string;
		try {
			text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
		} catch {
			throw new RequestError(400, 'error.translationCsv', { detail: 'the file is not UTF-8' });
		}
		const dryRun = url.searchParams.get('dryRun') === '1';
		return json(await designer.uploadTranslations(app(), params.id, text, dryRun));
	});
