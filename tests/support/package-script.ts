import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';

const root = resolve(import.meta.dirname, '../..');

/**
 * A package.json script as written, less its leading build step (`vite build && …`): the e2e
 * run has built already. Fails when the script no longer starts with that step, so a test
 * never runs something other than what the README's command runs.
 */
export function scriptAfterBuild(name: string, buildStep: string): string {
	const scripts = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')).scripts as Record<
		string,
		string
	>;
	const script = scripts[name] ?? '';
	const prefix = `${buildStep} && `;
	if (!script.startsWith(prefix))
		throw new Error(`package.json's "${name}" no longer starts with "${prefix}": ${script}`);
	return script.slice(prefix.length);
}

export interface ScriptRun {
	/** Everything printed so far, stdout and stderr. */
	output(): string;
	/** The first match of `pattern` in the output, waiting for it up to `ms`. */
	waitFor(pattern: RegExp, ms?: number): Promise<RegExpMatchArray>;
	/** Resolves with the exit code of the command's shell once its output is complete. */
	exited: Promise<number | null>;
	/** SIGTERM to the whole process group (shell, tsx, server), SIGKILL if still there in 10 s. */
	stop(): Promise<void>;
}

/**
 * Runs a command as npm runs a script (`sh -c`, with node_modules/.bin on PATH) in an
 * environment of only PATH, HOME and `env`: nothing of the test runner's leaks in (no ORIGIN,
 * no NODE_ENV). It gets a process group of its own, so stopping it stops everything it started.
 */
export function runScript(command: string, env: Record<string, string>): ScriptRun {
	const child = spawn('sh', ['-c', command], {
		cwd: root,
		env: {
			PATH: `${join(root, 'node_modules', '.bin')}:${process.env.PATH ?? ''}`,
			HOME: process.env.HOME ?? '',
			...env
		},
		stdio: ['ignore', 'pipe', 'pipe'],
		detached: true
	});
	let output = '';
	const waiters = new Set<() => void>();
	const append = (chunk: Buffer) => {
		output += chunk;
		for (const check of waiters) check();
	};
	child.stdout.on('data', append);
	child.stderr.on('data', append);
	// 'close', not 'exit': by then everything it printed has been read.
	const exited = new Promise<number | null>((done) => child.once('close', (code) => done(code)));
	let closed = false;
	void exited.then(() => {
		closed = true;
		for (const check of waiters) check();
	});
	const group = child.pid!;
	const alive = () => {
		try {
			process.kill(-group, 0);
			return true;
		} catch {
			return false;
		}
	};

	return {
		output: () => output,
		exited,
		waitFor(pattern, ms = 60_000) {
			return new Promise((done, fail) => {
				const check = () => {
					const match = output.match(pattern);
					if (match || closed) finish();
					if (match) done(match);
					else if (closed) fail(new Error(`Ended without printing ${pattern}:\n${output}`));
				};
				const timer = setTimeout(() => {
					finish();
					fail(new Error(`No ${pattern} in ${ms} ms; the output was:\n${output}`));
				}, ms);
				const finish = () => {
					clearTimeout(timer);
					waiters.delete(check);
				};
				waiters.add(check);
				check();
			});
		},
		async stop() {
			if (!alive()) return;
			process.kill(-group, 'SIGTERM');
			const deadline = Date.now() + 10_000;
			while (alive() && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));
			if (alive()) process.kill(-group, 'SIGKILL');
		}
	};
}
