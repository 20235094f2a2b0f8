import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { CHROMIUM } from '../support/browser';

/** The browser tests need the production build and Chromium; both are set up by `npm run test:e2e`. */
export default function setup() {
	const build = resolve(import.meta.dirname, '../../build/index.js');
	if (!existsSync(build))
		throw new Error('No production build: run `npm run build` (or `npm run test:e2e`).');
	if (!existsSync(CHROMIUM))
		throw new Error(`No Chromium at ${CHROMIUM}: run \`node scripts/ensure-chromium.mjs\`.`);
}
