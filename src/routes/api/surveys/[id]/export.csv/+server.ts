import { parseExportQuery } from '$lib/export/options';
import * as audit from '$lib/server/app/audit';
import { app } from '$lib/server/app/context';
import * as exporter from '$lib/server/views/export';
import { handleApi } from '$lib/server/http/http';
import { RequestError } from '$lib/server/http/http-error';
import type { RequestHandler } from './$types';

/**
 * The responses of a questionnaire as CSV, one row per response (or per answer value), for
 * researchers and tokens only (access.ts). Streamed: a large export is written a few hundred
 * rows at a time while other requests carry on.
 */
export const GET: RequestHandler = ({ params, request, url, cookies, locals }) =>
	handleApi(request, url, cookies.get('lang'), async () => {
		const { store, surveys } = app();
		const columns = await exporter.columnsFor(store, surveys, params.id);
		if (!columns) throw new RequestError(404, 'error.surveyNotFound', { id: params.id });
		const query = parseExportQuery(url.searchParams);
		if (!query.ok) throw new RequestError(400, 'error.invalidQuery', { detail: query.error });
		const { options } = query;
		const filters = exporter.withRoundIds(store, params.id, query.filters);
		const responses = await exporter.selectResponses(store, params.id, filters);
		try {
			// Who took which data out, never the data itself.
			await audit.recordExport(store, audit.actorName(locals), params.id, {
				format: options.format,
				values: options.values,
				layout: options.layout,
				lang: options.lang,
				rows: responses.count,
				filters: exporter.describeFilters(query.filters)
			});
		} catch (e) {
			await responses.close();
			throw e;
		}
		const chunks = exporter.exportChunks(columns, responses, options);
		return new Response(
			exporter.streamChunks(chunks, () => responses.close()),
			{
				headers: exporter.csvHeaders(exporter.exportFilename(params.id, options), {
					'x-export-responses': String(responses.count)
				})
			}
		);
	});
