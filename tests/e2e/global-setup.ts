import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { CHROMIUM } from '../support/browser';
import { CLUSTER_ENV, startPostgres } from '../support/postgres';

/** The browser tests need the production build and Chromium; both are set up by `npm run test:e2e`. */
export default async function setup() {
	const build = resolve(import.meta.dirname, '../../build/index.js');
	if (!existsSync(build))
		throw new Error('No production build: run `npm run build` (or `npm run test:e2e`).');
	if (!existsSync(CHROMIUM))
		throw new Error(`No Chromium at ${CHROMIUM}: run \`node scripts/ensure-chromium.mjs\`.`);
	// One throw-away PostgreSQL cluster for the run; each server on it gets its own database.
	// When it cannot start, every suite fails with the reason: they are never skipped.
	const cluster = await startPostgres();
	process.env[CLUSTER_ENV] = cluster.base;
	return () => cluster.stop();
}
