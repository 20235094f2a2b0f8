import { parseExportQuery } from '$lib/export/options';
import { app } from '$lib/server/app/context';
import * as exporter from '$lib/server/views/export';
import { handleApi } from '$lib/server/http/http';
import { RequestError } from '$lib/server/http/http-error';
import type { RequestHandler } from './$types';

/**
 * The codebook of a questionnaire's exports: every column with its question (nb and en), type,
 * codes with labels and versions. It takes the export's parameters, so the same query string
 * gives the data and its codebook; only `format` changes it.
 */
export const GET: RequestHandler = ({ params, request, url, cookies }) =>
	handleApi(request, url, cookies.get('lang'), async () => {
		const { store, surveys } = app();
		const columns = await exporter.columnsFor(store, surveys, params.id);
		if (!columns) throw new RequestError(404, 'error.surveyNotFound', { id: params.id });
		const query = parseExportQuery(url.searchParams);
		if (!query.ok) throw new RequestError(400, 'error.invalidQuery', { detail: query.error });
		const { format } = query.options;
		return new Response(exporter.codebookCsv(columns, format), {
			headers: exporter.csvHeaders(`${params.id}-codebook-${format}.csv`)
		});
	});
