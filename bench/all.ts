// npm run bench — both parts, with the options given to `npm run bench -- …` going to the part
// they belong to. Before this, npm appended them to the last command only, so
// `npm run bench -- --only summary` ran the whole first part and then failed in the second
// (which knows no `--only`).
//
//   npm run bench                          # bench/run.ts (1 000 / 10 000 / 100 000), then bench/stores.ts
//   npm run bench -- --only summary        # only the summaries (bench/run.ts), no stores part
//   npm run bench -- --sizes 10000         # run.ts at one size; the stores part at its default
//   npm run bench -- --stores-size 10000   # the stores part at 10 000
import { spawnSync } from 'node:child_process';
import { parseArgs } from 'node:util';
import { root } from './lib';

const { values } = parseArgs({
	options: {
		sizes: { type: 'string' },
		'no-build': { type: 'boolean', default: false },
		requests: { type: 'string' },
		only: { type: 'string' },
		'stores-size': { type: 'string' }
	}
});

const run = (script: string, args: string[]) => {
	const done = spawnSync('npx', ['tsx', script, ...args], { cwd: root, stdio: 'inherit' });
	if (done.status !== 0) process.exit(done.status ?? 1);
};

const common = values.requests ? ['--requests', values.requests] : [];
run('bench/run.ts', [
	...(values.sizes ? ['--sizes', values.sizes] : []),
	...(values['no-build'] ? ['--no-build'] : []),
	...(values.only ? ['--only', values.only] : []),
	...common
]);
// `--only` names a part of bench/run.ts: the stores part is another measurement.
if (!values.only) {
	run('bench/stores.ts', [
		'--no-build',
		...(values['stores-size'] ? ['--size', values['stores-size']] : []),
		...common
	]);
}
