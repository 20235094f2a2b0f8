import { describe, expect, it } from 'vitest';
import { describeFilters, exportFilename, streamChunks } from './export';

const turns = async (n: number) => {
	for (let i = 0; i < n; i++) await new Promise((resolve) => setImmediate(resolve));
};

describe('streamChunks', () => {
	function counted(pieces: string[], log: { made: number; finished: boolean }) {
		return (function* () {
			try {
				for (const piece of pieces) {
					log.made++;
					yield piece;
				}
			} finally {
				log.finished = true;
			}
		})();
	}

	it('makes a piece only when the reader asks for one (at most one ahead)', async () => {
		const log = { made: 0, finished: false };
		const reader = streamChunks(counted(['a', 'b', 'c', 'd', 'e'], log)).getReader();
		await turns(20);
		expect(log.made).toBeLessThanOrEqual(1);
		expect(new TextDecoder().decode((await reader.read()).value)).toBe('a');
		await turns(20);
		expect(log.made).toBeLessThanOrEqual(2);
		const rest: string[] = [];
		for (;;) {
			const { done, value } = await reader.read();
			if (done) break;
			rest.push(new TextDecoder().decode(value));
		}
		expect(rest).toEqual(['b', 'c', 'd', 'e']);
		expect(log.finished).toBe(true);
	});

	it('stops making pieces when the reader goes away', async () => {
		const log = { made: 0, finished: false };
		const reader = streamChunks(counted(['a', 'b', 'c'], log)).getReader();
		await reader.read();
		await reader.cancel();
		expect(log.finished).toBe(true);
		expect(log.made).toBeLessThan(3);
	});

	it('ends the stream with the error when making a piece fails', async () => {
		const failing = (function* () {
			yield 'a';
			throw new Error('bug');
		})();
		const errors = console.error;
		console.error = () => {};
		try {
			const reader = streamChunks(failing).getReader();
			await reader.read();
			await expect(reader.read()).rejects.toThrow('bug');
		} finally {
			console.error = errors;
		}
	});
});

describe('describeFilters', () => {
	it.each([
		[{}, ''],
		[{ audience: 'citizen' as const }, 'audience=citizen'],
		[
			{ round: 'default', from: '2026-03-01', to: '2026-03-01T08:00:00+01:00' },
			'round=default&from=2026-03-01&to=2026-03-01T08%3A00%3A00%2B01%3A00'
		]
	])('%j → %j', (filters, text) => {
		expect(describeFilters(filters)).toBe(text);
	});
});

describe('exportFilename', () => {
	it('says what the file is and on which day it was taken', () => {
		const options = { format: 'excel', values: 'codes', layout: 'long', lang: 'nb' } as const;
		expect(exportFilename('barriers', options, new Date('2026-03-01T10:00:00Z'))).toBe(
			'barriers-long-excel-2026-03-01.csv'
		);
	});
});
