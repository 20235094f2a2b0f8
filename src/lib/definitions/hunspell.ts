/**
 * The dictionaries of the spelling pass: the `hunspell` program with Debian's `hunspell-no`
 * dictionaries (nb_NO, nn_NO), run as a separate process in its pipe mode. The program, not a
 * JavaScript reader of its files: Norwegian writes compounds as one word, and the dictionaries
 * allow them through COMPOUNDFLAG, which `nspell` (the common npm reader) does not implement, so
 * it rejects "datakvalitet" and "fagsystemer". `scripts/ensure-dictionaries.mjs` installs both
 * packages; when they are missing this fails with what to install, never passing silently.
 */
import { spawn } from 'node:child_process';
import type { Miss, SpelledLocale, Speller } from './spelling';

const dictionaries: Record<SpelledLocale, string> = { nb: 'nb_NO', nn: 'nn_NO' };

export class DictionaryMissing extends Error {}

/** Runs hunspell once per call, with every word on its own line. */
export function hunspellSpeller(command = process.env.HUNSPELL ?? 'hunspell'): Speller {
	return {
		async misses(locale, words) {
			if (words.length === 0) return new Map();
			// `-a` answers line by line (a blank line after each), so an answer is tied to its
			// word; `^` makes hunspell read a line as text even if it starts with a command sign.
			const output = await run(
				command,
				['-a', '-i', 'UTF-8', '-d', dictionaries[locale]],
				words.map((w) => `^${w}\n`).join(''),
				locale
			);
			// After the banner line: each word's answers, one a line, then a blank line (with no
			// answer at all for a line without a word to check).
			const found = new Map<string, Miss[]>();
			let index = 0;
			let misses: Miss[] = [];
			const lines = output.split('\n').slice(1);
			if (lines.at(-1) === '') lines.pop(); // the output's own last newline
			for (const line of lines) {
				if (line !== '') {
					const miss = parseLine(line);
					if (miss) misses.push(miss);
					continue;
				}
				if (misses.length > 0 && index < words.length) found.set(words[index], misses);
				index++;
				misses = [];
			}
			if (index !== words.length)
				throw new Error(`hunspell answered ${index} lines for ${words.length} words`);
			return found;
		}
	};
}

/** `& word 3 0: a, b, c` (unknown, with suggestions) or `# word 0` (unknown, none); else known. */
function parseLine(line: string): Miss | null {
	const near = /^& (\S+) \d+ \d+: (.*)$/.exec(line);
	if (near) return { part: near[1], suggestions: near[2].split(', ').filter(Boolean) };
	const none = /^# (\S+) \d+$/.exec(line);
	return none ? { part: none[1], suggestions: [] } : null;
}

function run(command: string, args: string[], input: string, locale: SpelledLocale) {
	const install =
		'install them with `node scripts/ensure-dictionaries.mjs` (Debian: apt-get install hunspell hunspell-no)';
	return new Promise<string>((resolve, reject) => {
		const child = spawn(command, args, { stdio: ['pipe', 'pipe', 'pipe'] });
		let out = '';
		let err = '';
		child.stdout.setEncoding('utf8').on('data', (chunk: string) => (out += chunk));
		child.stderr.setEncoding('utf8').on('data', (chunk: string) => (err += chunk));
		child.on('error', (e: NodeJS.ErrnoException) =>
			reject(
				new DictionaryMissing(
					e.code === 'ENOENT'
						? `the spelling pass needs the "${command}" program and the ${dictionaries[locale]} dictionary: ${install}`
						: `${command} failed: ${e.message}`
				)
			)
		);
		child.on('close', (code) => {
			if (code === 0 && !/Can't open/i.test(err)) resolve(out);
			else
				reject(
					new DictionaryMissing(
						`${command} could not check ${dictionaries[locale]} (${err.trim() || `exit ${code}`}): ${install}`
					)
				);
		});
		child.stdin.end(input, 'utf8');
	});
}
