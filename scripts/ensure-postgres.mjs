// The tests and the benchmark run against a real PostgreSQL, started in a temporary folder from
// Debian's `postgresql` package (tests/support/postgres.ts). Install it when it is missing; never
// skip those tests silently.
import { execSync } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';

const installed = () =>
	existsSync('/usr/lib/postgresql') &&
	readdirSync('/usr/lib/postgresql').some((v) => existsSync(`/usr/lib/postgresql/${v}/bin/initdb`));
if (installed()) process.exit(0);
console.log("PostgreSQL is missing: installing Debian's postgresql package …");
const sudo = process.getuid?.() === 0 ? '' : 'sudo ';
try {
	execSync(`${sudo}apt-get update -qq && ${sudo}apt-get install -y -qq postgresql`, {
		stdio: 'inherit'
	});
} catch {
	console.error('Could not install postgresql. Install it: apt-get install postgresql');
	process.exit(1);
}
if (!installed()) {
	console.error('postgresql was installed but no /usr/lib/postgresql/<version>/bin/initdb exists.');
	process.exit(1);
}
