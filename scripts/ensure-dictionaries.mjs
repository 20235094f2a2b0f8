// The spelling pass of `npm run surveys:check` runs Debian's hunspell with the Norwegian
// dictionaries (nb_NO, nn_NO from hunspell-no). Install them when they are missing; never skip
// the spelling pass silently.
import { execSync, spawnSync } from 'node:child_process';

const command = process.env.HUNSPELL || 'hunspell';
const dictionaries = ['nb_NO', 'nn_NO'];

/** Whether hunspell runs and opens every dictionary. */
function ready() {
	return dictionaries.every((d) => {
		const result = spawnSync(command, ['-d', d, '-l'], { input: 'data\n', encoding: 'utf8' });
		return result.status === 0 && !/can't open/i.test(result.stderr ?? '');
	});
}

if (ready()) process.exit(0);
console.log(
	`hunspell or its ${dictionaries.join('/')} dictionaries are missing: installing Debian's hunspell and hunspell-no …`
);
const sudo = process.getuid?.() === 0 ? '' : 'sudo ';
try {
	execSync(`${sudo}apt-get update -qq && ${sudo}apt-get install -y -qq hunspell hunspell-no`, {
		stdio: 'inherit',
		env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' }
	});
} catch {
	console.error(
		'Could not install them. Install hunspell and hunspell-no (apt-get), or set HUNSPELL.'
	);
	process.exit(1);
}
if (!ready()) {
	console.error(
		`hunspell-no was installed but ${command} cannot open ${dictionaries.join(' and ')}.`
	);
	process.exit(1);
}
