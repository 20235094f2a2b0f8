// Where requests come from, as adapter-node reads it from the environment (ORIGIN, or
// PROTOCOL_HEADER + HOST_HEADER, and ADDRESS_HEADER + XFF_DEPTH), checked before the server
// starts. adapter-node checks little of this itself, and a wrong value shows up only later: as
// "Cross-site POST form submissions are forbidden" at the first form, or (XFF_DEPTH) as every
// client sharing one rate-limit bucket. Plain JavaScript so `node scripts/start.js` runs without
// a TypeScript loader; used only by that script.

/**
 * The header the start script fills in for local use (see `localProtocol`). Our own name, so
 * nothing a proxy sends is mistaken for it; whatever a client sends under it is overwritten.
 */
export const LOCAL_PROTOCOL_HEADER = 'x-odb-local-protocol';

const ORIGIN_HEADERS = /** @type {const} */ (['PROTOCOL_HEADER', 'HOST_HEADER', 'PORT_HEADER']);

// An HTTP header name (RFC 9110 "token").
const HEADER_NAME = /^[!#$%&'*+.^_`|~0-9a-z-]+$/i;

/**
 * @typedef {object} ProxySettings
 * @property {string[]} problems what is wrong, one sentence each; the server must not start
 * @property {boolean} local no ORIGIN and no origin headers: the server is reached directly,
 *   over plain http (adapter-node would assume https, and refuse every form)
 */

/**
 * @param {Record<string, string | undefined>} env
 * @returns {ProxySettings}
 */
export function checkProxySettings(env) {
	/** @type {string[]} */
	const problems = [];
	// adapter-node treats an empty header variable as unset, but an empty ORIGIN as a bad URL.
	const headers = ORIGIN_HEADERS.filter((name) => env[name]);

	if (env.ORIGIN !== undefined) {
		problems.push(...originProblems(env.ORIGIN));
		if (headers.length > 0)
			problems.push(
				`ORIGIN and ${headers.join(' and ')} are both set; adapter-node would use ORIGIN and ignore the headers. Set ORIGIN, or PROTOCOL_HEADER and HOST_HEADER, not both.`
			);
	} else if (headers.length > 0) {
		for (const name of headers) problems.push(...headerNameProblems(name, String(env[name])));
		if (/^https?$/i.test(env.PROTOCOL_HEADER ?? ''))
			problems.push(
				`PROTOCOL_HEADER=${env.PROTOCOL_HEADER} is a protocol; it must name the header that carries it, such as x-forwarded-proto.`
			);
		if (!env.PROTOCOL_HEADER || !env.HOST_HEADER)
			problems.push(
				`${headers.join(' and ')} set without ${env.PROTOCOL_HEADER ? 'HOST_HEADER' : 'PROTOCOL_HEADER'}: set PROTOCOL_HEADER and HOST_HEADER together (such as x-forwarded-proto and x-forwarded-host), or ORIGIN instead.`
			);
	}
	const local = env.ORIGIN === undefined && headers.length === 0;

	const addressHeader = env.ADDRESS_HEADER ?? '';
	if (addressHeader) {
		problems.push(...headerNameProblems('ADDRESS_HEADER', addressHeader));
		if (local)
			problems.push(
				`ADDRESS_HEADER=${addressHeader} says requests come through a reverse proxy, but neither ORIGIN nor PROTOCOL_HEADER and HOST_HEADER is set, so every form posted through the proxy would be refused. Set ORIGIN too.`
			);
	}
	if (env.XFF_DEPTH) {
		if (!/^[1-9]\d*$/.test(env.XFF_DEPTH))
			problems.push(
				`XFF_DEPTH=${env.XFF_DEPTH} must be a positive whole number: the number of proxies in front of the server.`
			);
		if (addressHeader.toLowerCase() !== 'x-forwarded-for')
			problems.push('XFF_DEPTH is used only with ADDRESS_HEADER=x-forwarded-for.');
	}
	return { problems, local };
}

/** @param {string} value */
function originProblems(value) {
	const shown = `ORIGIN=${JSON.stringify(value)}`;
	const example = 'such as https://survey.example.org';
	if (value.trim() === '')
		return [
			`ORIGIN is set but empty: set it to the address people open, ${example}, or unset it for local use.`
		];
	let url;
	try {
		url = new URL(value.trim());
	} catch {
		return [`${shown} is not a URL: write the scheme and the host, ${example}.`];
	}
	// "localhost:3000" parses, as a URL with the scheme "localhost:".
	if (url.protocol !== 'http:' && url.protocol !== 'https:')
		return [`${shown} must start with http:// or https://, ${example}.`];
	if (url.username || url.password) return [`${shown} must not contain a user name or password.`];
	// adapter-node would keep only the origin, and the app has no base path: its pages are at
	// the root of the address, so a path here means the proxy and the app disagree.
	if (url.pathname !== '/' || url.search || url.hash)
		return [
			`${shown} has a path; it must be only the scheme, host and port (${url.origin}). The app is served at the root of its address.`
		];
	return [];
}

/**
 * @param {string} variable
 * @param {string} value
 */
function headerNameProblems(variable, value) {
	if (!HEADER_NAME.test(value))
		return [`${variable}=${JSON.stringify(value)} is not a header name (such as x-forwarded-for).`];
	if (variable === 'HOST_HEADER' && value.includes('.'))
		return [
			`HOST_HEADER=${value} looks like a host name; it must name the header that carries it, such as x-forwarded-host.`
		];
	return [];
}

/**
 * Whether a Host header names this machine's loopback interface: `localhost`, `127.x.x.x` or
 * `[::1]`, with or without a port. Only such requests can have come straight from a browser on
 * this machine without a proxy, so only they are taken to be plain http.
 *
 * @param {string | undefined} host
 */
export function isLoopbackHost(host) {
	if (!host) return false;
	let url;
	try {
		url = new URL(`http://${host}`);
	} catch {
		return false;
	}
	// Nothing but host[:port]: no path, user or other trailing text smuggled into the header.
	if (url.host !== host.toLowerCase()) return false;
	const name = url.hostname;
	return name === 'localhost' || name === '[::1]' || /^127\.\d+\.\d+\.\d+$/.test(name);
}

/**
 * The protocol of a request in local use, for `LOCAL_PROTOCOL_HEADER`: `http` when it came to a
 * loopback address, otherwise undefined, which leaves adapter-node's default (https) in place.
 * With the origin derived from the Host header, a browser at http://localhost:3000 and one at
 * http://127.0.0.1:3000 both match their own Origin. A page elsewhere cannot: its Origin is its
 * own, and a page that rebinds its DNS name to 127.0.0.1 sends its own name as the Host.
 *
 * @param {string | undefined} host
 * @returns {'http' | undefined}
 */
export function localProtocol(host) {
	return isLoopbackHost(host) ? 'http' : undefined;
}

/** Headers that only a proxy adds: a request with one was forwarded. */
export const FORWARDING_HEADERS = [
	'forwarded',
	'x-forwarded-for',
	'x-forwarded-proto',
	'x-forwarded-host'
];
