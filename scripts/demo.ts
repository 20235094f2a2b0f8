// npm run demo — the app with demonstration data, for a first look: the programme's story
// (src/test-data/demo-story.ts: three dated rounds per questionnaire and the always-open one,
// the nine programme municipalities, all four audiences, changes a leader can find between
// rounds) in ./demo-data (or DEMO_DATA_DIR), and a user for each role (admin, researcher,
// leader; scripts/demo-users.ts). It seeds only an empty folder, and never the real DATA_DIR:
// the demo has a folder of its own.
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { readdir } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { openStore } from '../src/lib/server/store';
import { seedDemoStory } from '../src/test-data/demo-story';
import { createDemoUsers, demoUsersText } from './demo-users';

const root = resolve(import.meta.dirname, '..');
const dataDir = resolve(process.env.DEMO_DATA_DIR || join(root, 'demo-data'));
const responses = join(dataDir, 'responses');
if (!existsSync(responses) || (await readdir(responses)).length === 0) {
	// Through the store (its lock, its durable writes), before the server takes the folder.
	const count = await seedDemoStory(dataDir);
	console.log(
		`Demo data: ${count} responses in three dated rounds per questionnaire (and the always-open round) written to ${dataDir}`
	);
} else {
	console.log(`Demo data: using ${dataDir} as it is`);
}

// The users too through the store, while the folder is still the demo's alone. At the first
// start all three are created (admin with ADMIN_PASSWORD if set), so the server creates none.
const store = await openStore(dataDir);
let demoUsers;
try {
	demoUsers = await createDemoUsers(store, process.env.ADMIN_PASSWORD || null);
} finally {
	await store.close();
}
// The address the server prints too (src/lib/server/app/config.ts), for the links below.
const host = process.env.HOST && process.env.HOST !== '0.0.0.0' ? process.env.HOST : 'localhost';
const baseUrl = (process.env.ORIGIN || `http://${host}:${process.env.PORT || '3000'}`).replace(
	/\/$/,
	''
);
console.log(demoUsersText(demoUsers, baseUrl));

// The same start as `npm start`'s, which makes the printed http://localhost address work.
const child = spawn(process.execPath, [join(root, 'scripts', 'start.js')], {
	cwd: root,
	stdio: 'inherit',
	env: { ...process.env, DATA_DIR: dataDir }
});
for (const signal of ['SIGINT', 'SIGTERM'] as const) process.on(signal, () => child.kill(signal));
child.on('exit', (code) => process.exit(code ?? 0));
