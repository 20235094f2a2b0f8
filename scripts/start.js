// The production server as `npm start` (after the build) and `npm run demo` run it:
// `node scripts/start.js`. It is adapter-node's `node build` with two things before it:
//
// - The proxy settings are checked (see proxy-settings.js); a wrong one stops start-up with a
//   message, instead of every form being refused later.
// - With none of them set, the server is taken to be reached directly over plain http, and a
//   request to a loopback address (http://localhost:PORT, http://127.0.0.1:PORT) gets http as
//   its protocol. adapter-node alone assumes https when ORIGIN is not set, so a browser on
//   http://localhost sends an Origin that never matches and every sign-in is refused.
import { existsSync } from 'node:fs';
import { Server } from 'node:http';
import { fileURLToPath, pathToFileURL } from 'node:url';
import {
	checkProxySettings,
	FORWARDING_HEADERS,
	LOCAL_PROTOCOL_HEADER,
	localProtocol
} from './proxy-settings.js';

const build = fileURLToPath(new URL('../build/index.js', import.meta.url));
const readme = 'See "Running behind a proxy" in README.md.';

const { problems, local } = checkProxySettings(process.env);
if (problems.length > 0) {
	console.error(`\nCannot start:\n${problems.map((p) => `- ${p}`).join('\n')}\n${readme}\n`);
	process.exit(1);
}
if (!existsSync(build)) {
	console.error(`\nCannot start: there is no build at ${build}. Run \`npm run build\` first.\n`);
	process.exit(1);
}

if (local) {
	// adapter-node reads the protocol from this header; the listener below sets it per request.
	process.env.PROTOCOL_HEADER = LOCAL_PROTOCOL_HEADER;
	const port = process.env.PORT || '3000';
	console.log(
		`ORIGIN is not set: local use, forms work at http://localhost:${port} and http://127.0.0.1:${port}. ${readme}`
	);
}

/** @type {{ server?: { server?: unknown } }} */
const adapter = await import(pathToFileURL(build).href);
const httpServer = adapter.server?.server;

if (local) {
	// An adapter-node that no longer exports its server would otherwise refuse every form again.
	if (!(httpServer instanceof Server))
		throw new Error('build/index.js does not export its HTTP server: has adapter-node changed?');
	let warned = false;
	// No request is read before this runs: the import resolves in the same turn of the event
	// loop in which build/index.js calls listen(), and requests arrive only in later turns.
	// Prepended, so it runs before adapter-node's handler reads the header.
	httpServer.prependListener('request', (req) => {
		const protocol = localProtocol(req.headers.host);
		if (protocol) req.headers[LOCAL_PROTOCOL_HEADER] = protocol;
		else delete req.headers[LOCAL_PROTOCOL_HEADER];
		if (!warned && FORWARDING_HEADERS.some((name) => name in req.headers)) {
			warned = true;
			console.warn(
				`A request came through a proxy (it has ${FORWARDING_HEADERS.filter((name) => name in req.headers).join(', ')}), but ORIGIN is not set: forms posted through the proxy will be refused. Set ORIGIN to the address people open. ${readme}`
			);
		}
	});
}
