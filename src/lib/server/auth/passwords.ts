import {
	randomBytes,
	scrypt as scryptCallback,
	timingSafeEqual,
	type ScryptOptions
} from 'node:crypto';

function scrypt(
	password: string,
	salt: Buffer,
	length: number,
	options: ScryptOptions
): Promise<Buffer> {
	return new Promise((resolve, reject) =>
		scryptCallback(password, salt, length, options, (error, key) =>
			error ? reject(error) : resolve(key)
		)
	);
}

/**
 * scrypt with N = 2^15, r = 8: 32 MiB of memory and ~0.1 s per guess, which makes a stolen
 * data folder expensive to brute-force while a sign-in stays quick.
 */
const N = 2 ** 15;
const r = 8;
const p = 1;
const KEY_LENGTH = 32;
const maxmem = 64 * 1024 * 1024;

export async function hashPassword(password: string): Promise<string> {
	const salt = randomBytes(16);
	const key = await scrypt(password, salt, KEY_LENGTH, { N, r, p, maxmem });
	return ['scrypt', N, r, p, salt.toString('base64'), key.toString('base64')].join('$');
}

export async function verifyPassword(password: string, stored: string): Promise<boolean> {
	const [scheme, n, rr, pp, salt, hash] = stored.split('$');
	if (scheme !== 'scrypt' || !salt || !hash) return false;
	const expected = Buffer.from(hash, 'base64');
	const key = await scrypt(password, Buffer.from(salt, 'base64'), expected.length, {
		N: Number(n),
		r: Number(rr),
		p: Number(pp),
		maxmem
	});
	return key.length === expected.length && timingSafeEqual(key, expected);
}

/** A password for a new account: 4 groups of 5 characters, easy to type, ~100 bits. */
export function randomPassword(): string {
	const alphabet = 'abcdefghijkmnopqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789';
	const bytes = randomBytes(20);
	const chars = [...bytes].map((b) => alphabet[b % alphabet.length]).join('');
	return chars.match(/.{5}/g)!.join('-');
}

/** Passwords chosen by people must be long enough to resist guessing. */
export const MIN_PASSWORD_LENGTH = 12;
