import { parseBundleQuery } from '$lib/export/options';
import * as audit from '$lib/server/app/audit';
import { app } from '$lib/server/app/context';
import * as bundles from '$lib/server/views/bundle';
import { describeFilters } from '$lib/server/views/export';
import { handleApi } from '$lib/server/http/http';
import { RequestError } from '$lib/server/http/http-error';
import type { RequestHandler } from './$types';

/**
 * The analysis bundle of a questionnaire as one ZIP: the data as numeric codes, its codebook,
 * SPSS, R and Stata files that apply every label, and a README. Researchers and tokens only
 * (access.ts), audited like every export; the export's filters apply. Streamed.
 */
export const GET: RequestHandler = ({ params, request, url, cookies, locals }) =>
	handleApi(request, url, cookies.get('lang'), async () => {
		const { store, surveys } = app();
		const query = parseBundleQuery(url.searchParams);
		if (!query.ok) throw new RequestError(400, 'error.invalidQuery', { detail: query.error });
		const bundle = await bundles.analysisBundle(
			store,
			surveys,
			params.id,
			query.lang,
			query.filters
		);
		if (!bundle) throw new RequestError(404, 'error.surveyNotFound', { id: params.id });
		// Who took which data out, never the data itself. Refused (503) if it cannot be recorded.
		try {
			await audit.recordExport(store, audit.actorName(locals), params.id, {
				format: 'bundle',
				values: 'numeric',
				layout: 'wide',
				lang: query.lang,
				rows: bundle.responses,
				filters: describeFilters(query.filters)
			});
		} catch (e) {
			await bundle.close();
			throw e;
		}
		return new Response(bundle.stream, {
			headers: {
				'content-type': 'application/zip',
				'content-disposition': `attachment; filename="${bundle.filename}"`,
				// Raw answers: never kept by a shared cache or the browser's.
				'cache-control': 'no-store',
				'x-export-responses': String(bundle.responses)
			}
		});
	});
