import { surveyIdPattern } from '$lib/definitions/analyse';
import { codebookHeader, codebookRows } from '$lib/export/codebook';
import {
	exportColumns,
	flattenResponse,
	longHeader,
	longRows,
	type Column,
	type ExportDefinition,
	type FlattenOptions,
	type RoundInfo
} from '$lib/export/columns';
import { csvChunks, csvFlavours, csvText, type CsvFormat } from '$lib/export/csv';
import type { ExportOptions } from '$lib/export/options';
import { matchesFilters, type ResponseFilters } from '$lib/filters';
import * as rounds from '../rounds';
import type { Store, StoredResponse } from '../store';
import type { SurveyRegistry } from '../surveys/registry';

/**
 * Research exports: the columns of a questionnaire, the responses a request selects, and the
 * CSV file streamed in pieces. The shape of the file is the pure modules' (src/lib/export/);
 * this module only finds what they need in the store.
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
	const all = store.responses.responses();
	// All stored responses, not the selected ones: the count of numbered columns of a dynamic
	// question must not depend on the filters. Iterated once per dynamic question.
	const allAnswers = {
		*[Symbol.iterator]() {
			for (const response of all) if (response.surveyId === surveyId) yield response.answers;
		}
	};
	const roundList = roundsOf(store, surveyId);
	return {
		columns: exportColumns(definitions, { rounds: roundList, allAnswers }),
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
 * The responses an export holds, in arrival order, taken at once: answers that arrive while
 * the file is being written belong to the next export.
 */
export function selectResponses(
	store: Store,
	surveyId: string,
	filters: ResponseFilters
): StoredResponse[] {
	return store.responses
		.responses()
		.filter((r) => r.surveyId === surveyId && matchesFilters(r, filters));
}

/** The export's CSV text, in pieces: header first, then a few hundred rows at a time. */
export function exportChunks(
	columns: readonly Column[],
	responses: readonly StoredResponse[],
	options: ExportOptions
): Generator<string, void, undefined> {
	const flavour = csvFlavours[options.format];
	const flatten: FlattenOptions = {
		values: options.values,
		locale: options.lang,
		decimalComma: flavour.decimalComma,
		neutraliseFormulae: flavour.neutraliseFormulae
	};
	if (options.layout === 'long') {
		const rows = function* () {
			for (const response of responses) yield* longRows(columns, response, flatten);
		};
		return csvChunks(longHeader, rows(), flavour, rowsPerChunk(longHeader.length));
	}
	const rows = function* () {
		for (const response of responses) yield flattenResponse(columns, response, flatten);
	};
	return csvChunks(
		columns.map((c) => c.name),
		rows(),
		flavour,
		rowsPerChunk(columns.length)
	);
}

/**
 * A stream that makes one piece at a time, when the client is ready for it, and lets the event
 * loop run between pieces: a 100 000-row export neither sits whole in memory nor holds up the
 * submissions arriving meanwhile.
 */
export function streamChunks(
	chunks: Generator<string, void, undefined>
): ReadableStream<Uint8Array> {
	const encoder = new TextEncoder();
	return new ReadableStream<Uint8Array>({
		async pull(controller) {
			await new Promise((resolve) => setImmediate(resolve));
			let next: IteratorResult<string, void>;
			try {
				next = chunks.next();
			} catch (e) {
				// The status line is long gone: the client sees a cut-off file, the operator this.
				console.error('[export] stopped part-way:', e);
				controller.error(e);
				return;
			}
			if (next.done) controller.close();
			else controller.enqueue(encoder.encode(next.value));
		},
		cancel() {
			chunks.return();
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
