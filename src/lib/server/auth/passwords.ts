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

/** Too many hashes are waiting already: the caller answers 429 ("try again shortly"). */
export class HashBusyError extends Error {
	constructor(readonly retryAfterSeconds: number) {
		super('Too many password checks at once');
		this.name = 'HashBusyError';
	}
}

/**
 * At most `concurrent` scrypt hashes run at once, and one starts at most every `minIntervalMs`;
 * others wait in line for at most `maxWaitMs`, and no more than `maxWaiting` wait, after which
 * HashBusyError.
 *
 * scrypt runs on libuv's thread pool (four threads), which every file write and fsync of the
 * store also needs, and each hash is ~0.1 s of a core. 300 sign-ins at once filled the pool and
 * a respondent's submission waited 12 s behind them. One hash at a time, at most five a second,
 * keeps three threads for the store and most of a core for everything else, whatever comes in:
 * under a flood, sign-ins wait or are told to try again, respondents do not. Five a second is
 * far more than a workspace's people sign in. A line that grows without bound would only move
 * the wait into memory, so past a short wait the answer is "busy".
 */
export class HashSlots {
	private active = 0;
	private lastStart = -Infinity;
	private timer: NodeJS.Timeout | null = null;
	private readonly waiting: { go: () => void; timer: NodeJS.Timeout }[] = [];

	constructor(
		private readonly concurrent = 1,
		private readonly maxWaitMs = 2_000,
		private readonly maxWaiting = 32,
		private readonly minIntervalMs = 200
	) {}

	/** Whether a hash asked for now would be turned away at once (the line is full). */
	get full(): boolean {
		return this.waiting.length >= this.maxWaiting;
	}

	async run<T>(work: () => Promise<T>): Promise<T> {
		await this.acquire();
		try {
			return await work();
		} finally {
			this.active--;
			this.startNext();
		}
	}

	private acquire(): Promise<void> {
		const now = Date.now();
		if (
			this.active < this.concurrent &&
			this.waiting.length === 0 &&
			now >= this.lastStart + this.minIntervalMs
		) {
			this.active++;
			this.lastStart = now;
			return Promise.resolve();
		}
		const retry = Math.max(1, Math.ceil(this.maxWaitMs / 1000));
		if (this.full) return Promise.reject(new HashBusyError(retry));
		return new Promise((resolve, reject) => {
			const entry = {
				go: resolve,
				timer: setTimeout(() => {
					this.waiting.splice(this.waiting.indexOf(entry), 1);
					reject(new HashBusyError(retry));
				}, this.maxWaitMs)
			};
			this.waiting.push(entry);
			this.startNext();
		});
	}

	/** Starts the next in line if a slot is free and the interval has passed, or schedules it. */
	private startNext(): void {
		if (this.timer || this.active >= this.concurrent || this.waiting.length === 0) return;
		const delay = this.lastStart + this.minIntervalMs - Date.now();
		if (delay > 0) {
			this.timer = setTimeout(() => {
				this.timer = null;
				this.startNext();
			}, delay);
			return;
		}
		const next = this.waiting.shift()!;
		clearTimeout(next.timer);
		this.active++;
		this.lastStart = Date.now();
		next.go();
	}
}

const slots = new HashSlots();

/** Whether the line for password hashing is full, so a sign-in now would be "busy". */
export function hashLineFull(): boolean {
	return slots.full;
}

export async function hashPassword(password: string): Promise<string> {
	const salt = randomBytes(16);
	const key = await slots.run(() => scrypt(password, salt, KEY_LENGTH, { N, r, p, maxmem }));
	return ['scrypt', N, r, p, salt.toString('base64'), key.toString('base64')].join('$');
}

export async function verifyPassword(password: string, stored: string): Promise<boolean> {
	const [scheme, n, rr, pp, salt, hash] = stored.split('$');
	if (scheme !== 'scrypt' || !salt || !hash) return false;
	const expected = Buffer.from(hash, 'base64');
	const key = await slots.run(() =>
		scrypt(password, Buffer.from(salt, 'base64'), expected.length, {
			N: Number(n),
			r: Number(rr),
			p: Number(pp),
			maxmem
		})
	);
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
