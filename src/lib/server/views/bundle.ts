import { localized } from '$lib/definitions/analyse';
import { analysisCells, planAnalysis } from '$lib/export/analysis/coding';
import { DataProfile, type SyntaxInput } from '$lib/export/analysis/profile';
import { rScript } from '$lib/export/analysis/r';
import {
	analysisCodebookHeader,
	analysisCodebookRows,
	bundleFiles,
	bundleReadme
} from '$lib/export/analysis/readme';
import { spssSyntax } from '$lib/export/analysis/spss';
import { stataDo } from '$lib/export/analysis/stata';
import { csvChunksFrom, csvFlavours, csvText } from '$lib/export/csv';
import type { Locale } from '$lib/i18n/locales';
import type { ResponseFilters } from '$lib/filters';
import type { Store } from '../store';
import type { SurveyRegistry } from '../surveys/registry';
import * as exporter from './export';
import { zipStream } from './zip-stream';

/**
 * The analysis bundle: one ZIP with the data as numeric codes (every round stacked, with the
 * round and version columns), the codebook of the numbers, SPSS, R and Stata files that label
 * it all, and a README. The coding and the files are the pure modules' (src/lib/export/analysis/);
 * this module finds what they need in the store and streams the archive.
 */

export interface Bundle {
	filename: string;
	responses: number;
	stream: ReadableStream<Uint8Array>;
	/** Closes the selection the data is read from, when the stream is never read. */
	close(): Promise<void>;
}

/** Rows per piece of the data file: the CSV export's pace (export.ts). */
const rowsPerPiece = (width: number) => Math.max(20, Math.floor(15_000 / width));

/** The bundle of a questionnaire's responses that `filters` select; null if there is none. */
export async function analysisBundle(
	store: Store,
	surveys: SurveyRegistry,
	surveyId: string,
	locale: Locale,
	filters: ResponseFilters,
	now = new Date()
): Promise<Bundle | null> {
	const sources = await exporter.exportSources(store, surveys, surveyId);
	if (!sources) return null;
	const { columns, definitions, rounds } = sources;
	const plan = planAnalysis(columns, definitions);
	const responses = await exporter.selectResponses(
		store,
		surveyId,
		exporter.withRoundIds(store, surveyId, filters)
	);
	const current = surveys.get(surveyId)?.definition;
	const exportedAt = now.toISOString().replace(/\.\d{3}Z$/, 'Z');
	const files = bundleFiles(surveyId);
	const folder = `${surveyId}-${exportedAt.slice(0, 10)}`;
	const flavour = csvFlavours.standard;
	const profile = new DataProfile(plan.variables.length);
	const unknown = new Map<string, number>();

	async function* rows() {
		for await (const response of responses) {
			const cells = analysisCells(plan, response, unknown);
			profile.add(cells);
			yield cells;
		}
	}
	const syntax = (): SyntaxInput => ({
		surveyId,
		title: current ? localized(current.title, locale) : surveyId,
		locale,
		exportedAt,
		dataFile: files.data,
		variables: plan.variables,
		profile
	});
	const entry = (name: string, text: () => string) => ({
		name: `${folder}/${name}`,
		pieces: () => [text()]
	});

	const stream = zipStream(
		[
			{
				name: `${folder}/${files.data}`,
				pieces: () =>
					csvChunksFrom(
						plan.variables.map((v) => v.name),
						rows(),
						flavour,
						rowsPerPiece(plan.variables.length)
					)
			},
			entry(files.codebook, () =>
				csvText([analysisCodebookHeader, ...analysisCodebookRows(plan.variables, locale)], flavour)
			),
			entry(files.spss, () => spssSyntax(syntax())),
			entry(files.r, () => rScript(syntax())),
			entry(files.stata, () => stataDo(syntax())),
			entry(files.readme, () =>
				bundleReadme({
					...syntax(),
					responses: responses.count,
					versions: definitions.map((d) => d.version),
					rounds,
					filters: exporter.describeFilters(filters),
					unknown,
					files
				})
			)
		],
		now,
		() => responses.close()
	);
	return {
		filename: `${folder}-analysis.zip`,
		responses: responses.count,
		stream,
		close: () => responses.close()
	};
}
