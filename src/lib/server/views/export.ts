import { surveyIdPattern } from '$lib/definitions/analyse';
import { codebookHeader, codebookRows } from '$lib/export/codebook';
import {
	dynamicPaths,
	exportColumns,
	largestStored,
	flattenResponse,
	longHeader,
	longRows,
	type Column,
	type ExportDefinition,
	type FlattenOptions,
	type RoundInfo
} from '$lib/export/columns';
import { csvChunksFrom, csvFlavours, csvText, type CsvFormat } from '$lib/export/csv';
import type { ExportOptions } from '$lib/export/options';
import type { ResponseFilters } from '$lib/filters';
import * as rounds from '../rounds';
import type { Selection, Store, StoredResponse } from '../store';
import type { SurveyRegistry } from '../surveys/registry';

/**
 * Research exports: the columns of a questionnaire, the responses a request selects, and the
 * CSV file streamed in pieces. The shape of the file is the pure modules' (src/lib/export/);
 * this module only finds what they need in the store.
 *
 * The responses are read through a selection (store/selection.ts): on PostgreSQL a cursor read
 * a batch at a time as the client takes the file, so an export's memory does not grow with the
 * number of responses; in the data folder the log's memory, as before.
 */

/**
 * Cells per piece of an export: about 5 ms of work on this machine (flattening and papaparse
 * take ~0.3 µs a cell). A request arriving meanwhile waits at most that long for each of its
 * steps: a submission (body, validation, a durable write: ~10 steps) then waits ~50 ms in all.
 */
const CELLS_PER_CHUNK = 15_000;

const rowsPerChunk = (width: number) => Math.max(20, Math.floor(CELLS_PER_CHUNK / width));

/** Every version of a questionnaire ever served, oldest first, with its definition. */
export async function definitionsOf(
	store: Store,
	surveys: SurveyRegistry,
	surveyId: string
): Promise<ExportDefinition[]> {
	if (!surveyIdPattern.test(surveyId)) return [];
	const firstSeen = new Map(store.versions.of(surveyId).map((v) => [v.version, v.firstSeenAt]));
	const current = surveys.get(surveyId)?.definition;
	const versions = new Set(await store.definitions.versions(surveyId));
	if (current) versions.add(current.version);
	const ordered = [...versions].sort(
		(a, b) => (firstSeen.get(a) ?? '9').localeCompare(firstSeen.get(b) ?? '9') || a.localeCompare(b)
	);
	const definitions: ExportDefinition[] = [];
	for (const version of ordered) {
		const json = await surveys.json(surveyId, version);
		if (json) definitions.push({ version, json });
	}
	return definitions;
}

/** The columns of every export of a questionnaire; null if there is no such questionnaire. */
export async function columnsFor(
	store: Store,
	surveys: SurveyRegistry,
	surveyId: string
): Promise<Column[] | null> {
	return (await exportSources(store, surveys, surveyId))?.columns ?? null;
}

/** The columns, with the definitions and rounds they come from (the analysis bundle needs all). */
export async function exportSources(
	store: Store,
	surveys: SurveyRegistry,
	surveyId: string
): Promise<{ columns: Column[]; definitions: ExportDefinition[]; rounds: RoundInfo[] } | null> {
	const definitions = await definitionsOf(store, surveys, surveyId);
	if (definitions.length === 0) return null;
	// All stored responses, not the selected ones: the count of numbered columns of a dynamic
	// question must not depend on the filters. One pass, only when there is a dynamic question.
	const paths = dynamicPaths(definitions);
	const storedCounts = new Map([...paths.keys()].map((key) => [key, 0]));
	if (paths.size > 0) {
		for await (const response of await store.responses.select({ surveyId })) {
			for (const [key, path] of paths) {
				const n = largestStored([response.answers], path);
				if (n > storedCounts.get(key)!) storedCounts.set(key, n);
			}
		}
	}
	const roundList = roundsOf(store, surveyId);
	return {
		columns: exportColumns(definitions, { rounds: roundList, storedCounts }),
		definitions,
		rounds: roundList
	};
}

/** The questionnaire's rounds, in the order they open (as the dashboard lists them). */
function roundsOf(store: Store, surveyId: string): RoundInfo[] {
	return rounds.list(store, surveyId).map(({ id, slug, name }) => ({ id, slug, name }));
}

/** A round may be named by its slug too, as people know it from its link. */
export function withRoundIds(
	store: Store,
	surveyId: string,
	filters: ResponseFilters
): ResponseFilters {
	if (!filters.round || filters.round === rounds.DEFAULT_ROUND) return filters;
	const known = roundsOf(store, surveyId);
	if (known.some((r) => r.id === filters.round)) return filters;
	const bySlug = known.find((r) => r.slug === filters.round);
	return bySlug ? { ...filters, round: bySlug.id } : filters;
}

/**
 * The responses an export holds, in arrival order, as of one moment: answers that arrive while
 * the file is being written belong to the next export. Close it (reading it to the end does).
 */
export function selectResponses(
	store: Store,
	surveyId: string,
	filters: ResponseFilters
): Promise<Selection> {
	return store.responses.select({ surveyId, filters });
}

/** The export's CSV text, in pieces: header first, then a few hundred rows at a time. */
export function exportChunks(
	columns: readonly Column[],
	responses: AsyncIterable<StoredResponse>,
	options: ExportOptions
): AsyncGenerator<string, void, undefined> {
	const flavour = csvFlavours[options.format];
	const flatten: FlattenOptions = {
		values: options.values,
		locale: options.lang,
		decimalComma: flavour.decimalComma,
		neutraliseFormulae: flavour.neutraliseFormulae
	};
	if (options.layout === 'long') {
		const rows = async function* () {
			for await (const response of responses) yield* longRows(columns, response, flatten);
		};
		return csvChunksFrom(longHeader, rows(), flavour, rowsPerChunk(longHeader.length));
	}
	const rows = async function* () {
		for await (const response of responses) yield flattenResponse(columns, response, flatten);
	};
	return csvChunksFrom(
		columns.map((c) => c.name),
		rows(),
		flavour,
		rowsPerChunk(columns.length)
	);
}

/**
 * A stream that makes one piece at a time, when the client is ready for it, and lets the event
 * loop run between pieces: a 100 000-row export neither sits whole in memory nor holds up the
 * submissions arriving meanwhile. `release` runs once when the stream ends, fails or is
 * cancelled: it closes the selection under it (a PostgreSQL cursor and its connection), which a
 * generator cancelled before its first piece would never reach.
 */
export function streamChunks(
	chunks: Generator<string, void, undefined> | AsyncGenerator<string, void, undefined>,
	release: () => Promise<void> = () => Promise.resolve()
): ReadableStream<Uint8Array> {
	const encoder = new TextEncoder();
	return new ReadableStream<Uint8Array>({
		async pull(controller) {
			await new Promise((resolve) => setImmediate(resolve));
			let next: IteratorResult<string, void>;
			try {
				next = await chunks.next();
			} catch (e) {
				// The status line is long gone: the client sees a cut-off file, the operator this.
				console.error('[export] stopped part-way:', e);
				controller.error(e);
				await release().catch(() => {});
				return;
			}
			if (next.done) {
				controller.close();
				await release();
			} else controller.enqueue(encoder.encode(next.value));
		},
		async cancel() {
			try {
				await chunks.return();
			} finally {
				await release();
			}
		}
	});
}

export function codebookCsv(columns: readonly Column[], format: CsvFormat): string {
	const flavour = csvFlavours[format];
	return (
		(flavour.bom ? '\uFEFF' : '') +
		csvText([codebookHeader, ...codebookRows(columns, flavour)], flavour)
	);
}

/** Response headers of a CSV download. */
export function csvHeaders(filename: string, extra: Record<string, string> = {}): HeadersInit {
	return {
		'content-type': 'text/csv; charset=utf-8; header=present',
		'content-disposition': `attachment; filename="${filename}"`,
		// Raw answers: never kept by a shared cache or the browser's.
		'cache-control': 'no-store',
		...extra
	};
}

/** `barriers-wide-standard-2026-03-01.csv`: what it is and when, so downloads do not collide. */
export function exportFilename(surveyId: string, options: ExportOptions, now = new Date()): string {
	return `${surveyId}-${options.layout}-${options.format}-${now.toISOString().slice(0, 10)}.csv`;
}

/** The filters as the audit log shows them: `round=default&audience=municipal`, or empty. */
export function describeFilters(filters: ResponseFilters): string {
	return new URLSearchParams(
		Object.entries(filters).filter((entry): entry is [string, string] => entry[1] !== undefined)
	).toString();
}
