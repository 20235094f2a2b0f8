// The analysis-bundle tests run the bundle's syntax files through real programs: PSPP for the
// SPSS syntax, R (with readr and haven) for the R script, pandas for the data. Install the
// Debian packages that are missing, as ensure-chromium.mjs installs the browser; never skip
// those tests silently.
import { execSync } from 'node:child_process';
import { existsSync } from 'node:fs';

/** A Debian package and how to see that it is there. */
const needed = [
	{ pkg: 'pspp', present: () => existsSync('/usr/bin/pspp') },
	{ pkg: 'r-base-core', present: () => existsSync('/usr/bin/Rscript') },
	{ pkg: 'r-cran-readr', present: () => existsSync('/usr/lib/R/site-library/readr') },
	{ pkg: 'r-cran-haven', present: () => existsSync('/usr/lib/R/site-library/haven') },
	{ pkg: 'python3-pandas', present: () => existsSync('/usr/lib/python3/dist-packages/pandas') },
	// The invitation tests read the printed QR codes back with an independent decoder.
	{ pkg: 'zbar-tools', present: () => existsSync('/usr/bin/zbarimg') },
	// The print test reads each page of the dashboard's PDF back as text (pdftotext).
	{ pkg: 'poppler-utils', present: () => existsSync('/usr/bin/pdftotext') }
];

const missing = needed.filter((n) => !n.present()).map((n) => n.pkg);
if (missing.length === 0) process.exit(0);
console.log(`installing the programs the analysis-bundle tests run: ${missing.join(' ')} …`);
const sudo = process.getuid?.() === 0 ? '' : 'sudo ';
// Wait for a dpkg lock another install holds rather than failing at once.
const lock = '-o DPkg::Lock::Timeout=600';
try {
	execSync(
		`${sudo}apt-get ${lock} update -qq && ${sudo}env DEBIAN_FRONTEND=noninteractive apt-get ${lock} install -y -qq --no-install-recommends ${missing.join(' ')}`,
		{ stdio: 'inherit' }
	);
} catch {
	console.error(`Could not install ${missing.join(' ')}. Install them with apt-get install -y.`);
	process.exit(1);
}
const still = needed.filter((n) => !n.present()).map((n) => n.pkg);
if (still.length > 0) {
	console.error(`installed, but still not found: ${still.join(' ')}`);
	process.exit(1);
}
