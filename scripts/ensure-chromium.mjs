// The browser tests drive Debian's Chromium (a test tool cannot download its own browser here).
// Install it when it is missing; never skip the browser tests silently.
import { execSync } from 'node:child_process';
import { existsSync } from 'node:fs';

const path = process.env.CHROMIUM_PATH || '/usr/bin/chromium';
if (existsSync(path)) process.exit(0);
console.log(`${path} is missing: installing Debian's chromium package …`);
const sudo = process.getuid?.() === 0 ? '' : 'sudo ';
try {
	execSync(`${sudo}apt-get update -qq && ${sudo}apt-get install -y -qq chromium`, {
		stdio: 'inherit'
	});
} catch {
	console.error(
		'Could not install chromium. Install it (apt-get install chromium) or set CHROMIUM_PATH.'
	);
	process.exit(1);
}
if (!existsSync(path)) {
	console.error(`chromium was installed but ${path} does not exist. Set CHROMIUM_PATH.`);
	process.exit(1);
}
