import { createHash } from 'node:crypto';

/**
 * The SHA-256 of a text (as UTF-8), in 64 lowercase hex digits. Used where a secret or an
 * identifier is kept only as its hash: session and API tokens, the client ids of deleted
 * responses, and (its first 12 digits) a definition's version. A fast hash is right for these:
 * they are long random strings or public JSON, with nothing to guess.
 */
export function sha256Hex(text: string): string {
	return createHash('sha256').update(text).digest('hex');
}
