import { readdirSync, statSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';

const routes = resolve(import.meta.dirname, '../../src/routes');

/** Route ids (as SvelteKit names them) of every page and endpoint under a folder of src/routes. */
export function routeIdsUnder(folder: string): string[] {
	const ids: string[] = [];
	const walk = (dir: string) => {
		const entries = readdirSync(dir);
		if (entries.some((e) => /^\+(page|server)(\.server)?\.(ts|svelte)$/.test(e))) {
			ids.push('/' + relative(routes, dir).split('\\').join('/'));
		}
		for (const entry of entries)
			if (statSync(join(dir, entry)).isDirectory()) walk(join(dir, entry));
	};
	walk(join(routes, folder));
	return ids.sort();
}
