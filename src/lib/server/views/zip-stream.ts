import { Zip, ZipDeflate } from 'fflate';

/**
 * A ZIP file streamed as it is made, with fflate (MIT, no dependencies): each entry's text is
 * produced a piece at a time, deflated and handed to the client when it asks for more, with the
 * event loop let run between pieces, as the CSV export is streamed (export.ts). Entries are made
 * in order, so a later one (the syntax files) can use what an earlier one learnt (the data's
 * widths).
 */

export interface ZipEntry {
	/** The path in the archive, `/`-separated. */
	name: string;
	/** The entry's text, in pieces (maybe read from a cursor); called when the entry's turn comes. */
	pieces: () => Iterable<string> | AsyncIterable<string>;
}

type Pieces = Iterator<string> | AsyncIterator<string>;

function iterate(pieces: Iterable<string> | AsyncIterable<string>): Pieces {
	return Symbol.asyncIterator in pieces
		? pieces[Symbol.asyncIterator]()
		: (pieces as Iterable<string>)[Symbol.iterator]();
}

/**
 * `release` runs once when the archive is finished, fails or is cancelled: it closes what the
 * entries read from (a PostgreSQL cursor and its connection).
 */
export function zipStream(
	entries: readonly ZipEntry[],
	modified: Date,
	release: () => Promise<void> = () => Promise.resolve()
): ReadableStream<Uint8Array> {
	const encoder = new TextEncoder();
	const ready: Uint8Array[] = [];
	let failed: Error | null = null;
	let finished = false;
	const zip = new Zip((error, chunk, final) => {
		if (error) failed = error;
		else ready.push(chunk);
		if (final) finished = true;
	});
	let index = 0;
	let file: ZipDeflate | null = null;
	let pieces: Pieces | null = null;

	/** One step: the next piece of the current entry, or the next entry, or the end. */
	async function step() {
		if (!file || !pieces) {
			if (index >= entries.length) {
				zip.end();
				return;
			}
			const entry = entries[index++];
			file = new ZipDeflate(entry.name, { level: 6 });
			file.mtime = modified;
			zip.add(file);
			pieces = iterate(entry.pieces());
		}
		const next = await pieces.next();
		if (next.done) {
			file.push(new Uint8Array(0), true);
			file = null;
			pieces = null;
		} else file.push(encoder.encode(next.value), false);
	}

	return new ReadableStream<Uint8Array>({
		async pull(controller) {
			while (ready.length === 0 && !finished && !failed) {
				await new Promise((resolve) => setImmediate(resolve));
				try {
					await step();
				} catch (e) {
					failed = e instanceof Error ? e : new Error(String(e));
				}
			}
			if (failed) {
				// The status line is long gone: the client sees a cut-off file, the operator this.
				console.error('[bundle] stopped part-way:', failed);
				controller.error(failed);
				await release().catch(() => {});
				return;
			}
			for (const chunk of ready.splice(0)) controller.enqueue(chunk);
			if (finished && ready.length === 0) {
				controller.close();
				await release();
			}
		},
		async cancel() {
			try {
				await (pieces as Pieces | null)?.return?.();
				zip.terminate();
			} finally {
				await release();
			}
		}
	});
}
