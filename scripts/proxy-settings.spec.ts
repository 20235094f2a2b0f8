import { describe, expect, it } from 'vitest';
import { checkProxySettings, isLoopbackHost, localProtocol } from './proxy-settings.js';

describe('checkProxySettings', () => {
	it.each([
		['nothing set', {}],
		['an https ORIGIN', { ORIGIN: 'https://survey.example.org' }],
		['an ORIGIN with a port and a trailing slash', { ORIGIN: 'http://10.0.0.5:8080/' }],
		[
			'ORIGIN with ADDRESS_HEADER and XFF_DEPTH',
			{
				ORIGIN: 'https://survey.example.org',
				ADDRESS_HEADER: 'x-forwarded-for',
				XFF_DEPTH: '2'
			}
		],
		[
			'PROTOCOL_HEADER and HOST_HEADER',
			{
				PROTOCOL_HEADER: 'x-forwarded-proto',
				HOST_HEADER: 'x-forwarded-host'
			}
		],
		[
			'both headers and PORT_HEADER',
			{
				PROTOCOL_HEADER: 'X-Forwarded-Proto',
				HOST_HEADER: 'X-Forwarded-Host',
				PORT_HEADER: 'x-forwarded-port'
			}
		],
		['empty header variables, as unset', { PROTOCOL_HEADER: '', HOST_HEADER: '' }]
	])('accepts %s', (_, env) => {
		expect(checkProxySettings(env).problems).toEqual([]);
	});

	it.each([
		['an empty ORIGIN', { ORIGIN: ' ' }, /ORIGIN is set but empty/],
		[
			'an ORIGIN without a scheme',
			{ ORIGIN: 'localhost:3000' },
			/must start with http:\/\/ or https:\/\//
		],
		['an ORIGIN that is no URL', { ORIGIN: 'survey.example.org' }, /is not a URL/],
		[
			'an ORIGIN of another scheme',
			{ ORIGIN: 'ftp://survey.example.org' },
			/http:\/\/ or https:\/\//
		],
		[
			'an ORIGIN with a path',
			{ ORIGIN: 'https://example.org/survey' },
			/has a path.*\(https:\/\/example\.org\)/
		],
		['an ORIGIN with a query', { ORIGIN: 'https://example.org/?a=1' }, /has a path/],
		['an ORIGIN with a password', { ORIGIN: 'https://u:p@example.org' }, /user name or password/],
		[
			'ORIGIN and the headers',
			{
				ORIGIN: 'https://example.org',
				PROTOCOL_HEADER: 'x-forwarded-proto',
				HOST_HEADER: 'x-forwarded-host'
			},
			/ORIGIN and PROTOCOL_HEADER and HOST_HEADER are both set/
		],
		[
			'PROTOCOL_HEADER without HOST_HEADER',
			{ PROTOCOL_HEADER: 'x-forwarded-proto' },
			/without HOST_HEADER/
		],
		[
			'HOST_HEADER without PROTOCOL_HEADER',
			{ HOST_HEADER: 'x-forwarded-host' },
			/without PROTOCOL_HEADER/
		],
		[
			'PORT_HEADER alone',
			{ PORT_HEADER: 'x-forwarded-port' },
			/PORT_HEADER set without PROTOCOL_HEADER/
		],
		[
			'a protocol for PROTOCOL_HEADER',
			{
				PROTOCOL_HEADER: 'https',
				HOST_HEADER: 'x-forwarded-host'
			},
			/PROTOCOL_HEADER=https is a protocol/
		],
		[
			'a host name for HOST_HEADER',
			{
				PROTOCOL_HEADER: 'x-forwarded-proto',
				HOST_HEADER: 'survey.example.org'
			},
			/looks like a host name/
		],
		[
			'a header name with a space',
			{
				PROTOCOL_HEADER: 'x forwarded proto',
				HOST_HEADER: 'x-forwarded-host'
			},
			/is not a header name/
		],
		['ADDRESS_HEADER without ORIGIN', { ADDRESS_HEADER: 'x-forwarded-for' }, /Set ORIGIN too/],
		[
			'XFF_DEPTH of 0',
			{
				ORIGIN: 'https://example.org',
				ADDRESS_HEADER: 'x-forwarded-for',
				XFF_DEPTH: '0'
			},
			/XFF_DEPTH=0 must be a positive whole number/
		],
		[
			'XFF_DEPTH without x-forwarded-for',
			{
				ORIGIN: 'https://example.org',
				ADDRESS_HEADER: 'x-real-ip',
				XFF_DEPTH: '1'
			},
			/only with ADDRESS_HEADER=x-forwarded-for/
		]
	])('reports %s', (_, env, message) => {
		const { problems } = checkProxySettings(env);
		expect(problems).toHaveLength(1);
		expect(problems[0]).toMatch(message);
	});

	it.each([
		[{}, true],
		[{ PORT: '3999', HOST: '127.0.0.1' }, true],
		[{ ORIGIN: 'http://localhost:3000' }, false],
		[{ PROTOCOL_HEADER: 'x-forwarded-proto', HOST_HEADER: 'x-forwarded-host' }, false]
	])('%j is local use: %s', (env, local) => {
		expect(checkProxySettings(env).local).toBe(local);
	});
});

describe('isLoopbackHost', () => {
	it.each([
		['localhost', true],
		['localhost:3000', true],
		['LOCALHOST:3000', true],
		['127.0.0.1:3000', true],
		['127.8.9.10', true],
		['[::1]:3000', true],
		['', false],
		[undefined, false],
		['example.org:3000', false],
		['192.168.1.5:3000', false],
		['localhost.example.org', false],
		['127.0.0.1.nip.io:3000', false],
		['localhost:3000/path', false],
		['evil@localhost:3000', false],
		['localhost:notaport', false]
	])('%s: %s', (host, loopback) => {
		expect(isLoopbackHost(host)).toBe(loopback);
	});
});

describe('localProtocol', () => {
	it.each([
		['localhost:3000', 'http'],
		['127.0.0.1:3000', 'http'],
		['survey.example.org', undefined]
	])('%s: %s', (host, protocol) => {
		expect(localProtocol(host)).toBe(protocol);
	});
});
