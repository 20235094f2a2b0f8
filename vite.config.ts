import { sveltekit } from '@sveltejs/kit/vite';
import { defineConfig } from 'vitest/config';

export default defineConfig({
	plugins: [sveltekit()],
	optimizeDeps: {
		// Pre-bundle the heavy browser libraries so the first visit in `vite dev` is not re-optimised.
		include: ['survey-core', 'survey-js-ui', 'survey-core/i18n/norwegian', 'chart.js']
	},
	test: {
		expect: { requireAssertions: true },
		projects: [
			{
				extends: true,
				test: {
					name: 'unit',
					include: ['src/**/*.spec.ts', 'tests/**/*.spec.ts', 'scripts/**/*.spec.ts'],
					environment: 'node',
					// Some tests read whole questionnaires with survey-core or spawn processes: seconds
					// on a busy 2-core machine, where vitest's default of 5 s is too tight.
					testTimeout: 20_000
				}
			},
			{
				extends: true,
				test: {
					name: 'e2e',
					include: ['tests/**/*.e2e.ts'],
					environment: 'node',
					globalSetup: ['tests/e2e/global-setup.ts'],
					testTimeout: 60_000,
					hookTimeout: 180_000,
					// One Chromium at a time: the machine has two cores.
					fileParallelism: false
				}
			}
		]
	}
});
