// The production server as `npm start` (after the build) and `npm run demo` run it:
// `node scripts/start.js`. It is adapter-node's `node build` with two things before it:
//
// - The proxy settings are checked (see proxy-settings.js); a wrong one stops start-up with a
//   message, instead of every form being refused later.
// - With none of them set, the server is taken to be reached directly over plain http, and a
//   request to a loopback address (http://localhost:PORT, http://127.0.0.1:PORT) gets http as
//   its protocol. adapter-node alone assumes https when ORIGIN is not set, so a browser on
//   http://localhost sends an Origin that never matches and every sign-in is refused.
//
// And two things around it:
//
// - Every answer carries the security headers (security-headers.js), set on the raw response
//   before adapter-node or the app writes anything, so static files and SvelteKit's own CSRF
//   refusal have them too; the workspace and the data API also get `Cache-Control: no-store`.
// - Slow clients are cut off: the request line and headers must arrive within HEADERS_TIMEOUT
//   seconds (10), the whole request with its body within REQUEST_TIMEOUT (30). Node's defaults
//   (60 s and 300 s, checked every 30 s) let a client that sends a byte now and then hold a
//   connection for minutes, and a few hundred such clients use up the server.
import { existsSync } from 'node:fs';
import http, { Server } from 'node:http';
import { fileURLToPath, pathToFileURL } from 'node:url';
import {
	checkProxySettings,
	FORWARDING_HEADERS,
	LOCAL_PROTOCOL_HEADER,
	localProtocol
} from './proxy-settings.js';
import { setDefaultHeaders } from './security-headers.js';

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

// adapter-node listens on 3000 without PORT; the app's own start-up lines (config.ts) print the
// address from PORT and would otherwise name the development server's 5173. Said once, here.
if (!process.env.PORT && !process.env.SOCKET_PATH) process.env.PORT = '3000';

if (local) {
	// adapter-node reads the protocol from this header; the listener below sets it per request.
	process.env.PROTOCOL_HEADER = LOCAL_PROTOCOL_HEADER;
	const port = process.env.PORT;
	console.log(
		`ORIGIN is not set: local use, forms work at http://localhost:${port} and http://127.0.0.1:${port}. ${readme}`
	);
}

/**
 * Seconds from an environment variable, or the default; a wrong value stops start-up.
 *
 * @param {string} name
 * @param {number} fallback
 */
function seconds(name, fallback) {
	const value = process.env[name];
	if (value === undefined || value === '') return fallback;
	const n = Number(value);
	if (!Number.isFinite(n) || n <= 0) {
		console.error(
			`\nCannot start: ${name} must be a positive number of seconds, not "${value}".\n`
		);
		process.exit(1);
	}
	return n;
}
const headersTimeout = seconds('HEADERS_TIMEOUT', 10) * 1000;
const requestTimeout = seconds('REQUEST_TIMEOUT', 30) * 1000;

// adapter-node creates its server with http.createServer() as build/index.js is imported, and
// the interval at which Node checks those timeouts can only be given there (it is 30 s by
// default, which would make a 10 s limit anything up to 40 s). So the one call is given the
// options, once; everything else about the server is adapter-node's.
const createServer = http.createServer;
http.createServer = /** @type {typeof http.createServer} */ (
	(/** @type {unknown[]} */ ...args) => {
		http.createServer = createServer;
		const options = /** @type {http.ServerOptions} */ (
			typeof args[0] === 'object' && args[0] !== null ? args.shift() : {}
		);
		return createServer(
			{ ...options, headersTimeout, requestTimeout, connectionsCheckingInterval: 1000 },
			.../** @type {[]} */ (args)
		);
	}
);

/** @type {{ server?: { server?: unknown } }} */
const adapter = await import(pathToFileURL(build).href);
http.createServer = createServer;
const httpServer = adapter.server?.server;
if (!(httpServer instanceof Server))
	throw new Error('build/index.js does not export its HTTP server: has adapter-node changed?');
// adapter-node sets headersTimeout itself when HEADERS_TIMEOUT is given (in seconds, as here).
httpServer.headersTimeout = headersTimeout;
httpServer.requestTimeout = requestTimeout;

// First, before adapter-node's handler: the defaults it and the app may replace.
httpServer.prependListener('request', (req, res) => setDefaultHeaders(req.url ?? '/', res));

if (local) {
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
