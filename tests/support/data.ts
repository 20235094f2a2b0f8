import { createHash } from 'node:crypto';
import { readFile, readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { TEST_TOKEN } from './server';

/** A valid answer to `method-evaluation`; `note` makes it recognisable among others. */
export function goodSubmission(note = 'Gode data; «bra»', extra: Record<string, unknown> = {}) {
	return {
		answers: {
			activity: 'hackathon',
			reaction: { useful_for_me: 4, take_part_again: 'not_relevant' },
			what_worked: note
		},
		audience: 'citizen',
		municipality: 'bodo',
		locale: 'nb',
		...extra
	};
}

/** Every file under `folder`, relative path first, in a stable order. */
export async function filesUnder(folder: string): Promise<string[]> {
	const found: string[] = [];
	const walk = async (dir: string) => {
		for (const entry of (await readdir(dir, { withFileTypes: true })).sort((a, b) =>
			a.name.localeCompare(b.name)
		)) {
			const path = join(dir, entry.name);
			if (entry.isDirectory()) await walk(path);
			else found.push(path);
		}
	};
	await walk(folder);
	return found;
}

/** A fingerprint of every file in the data folder, to prove a refused request changed nothing. */
export async function fingerprint(folder: string): Promise<string> {
	const hash = createHash('sha256');
	for (const path of await filesUnder(folder)) hash.update(path).update(await readFile(path));
	return hash.digest('hex');
}

export interface ListedResponse {
	id: string;
	surveyId: string;
	answers: Record<string, unknown>;
}

/** Every stored response to `surveyId`, read through the data API page by page with the cursor. */
export async function allResponses(
	baseUrl: string,
	surveyId: string,
	pageSize = 250
): Promise<ListedResponse[]> {
	const seen: ListedResponse[] = [];
	let cursor: string | null = '';
	while (cursor !== null) {
		const url = `${baseUrl}/api/surveys/${surveyId}/responses?limit=${pageSize}${cursor ? `&cursor=${cursor}` : ''}`;
		const response = await fetch(url, { headers: { authorization: `Bearer ${TEST_TOKEN}` } });
		if (response.status !== 200) throw new Error(`${url}: HTTP ${response.status}`);
		const page = (await response.json()) as {
			responses: ListedResponse[];
			nextCursor: string | null;
		};
		seen.push(...page.responses);
		cursor = page.nextCursor;
	}
	return seen;
}
