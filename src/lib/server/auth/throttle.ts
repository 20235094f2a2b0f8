import { createHash } from 'node:crypto';

/**
 * Slows down repeated failed sign-ins, per username and per client address. After `free`
 * failures each further failure doubles the wait (1 s, 2 s, 4 s … up to `maxWaitSeconds`).
 * Kept in memory only; addresses are hashed and forgotten after `forgetAfterMs` without failures.
 */
export class FailureThrottle {
	private readonly entries = new Map<
		string,
		{ failures: number; blockedUntil: number; lastFailure: number }
	>();

	constructor(
		private readonly free = 5,
		private readonly maxWaitSeconds = 300,
		private readonly forgetAfterMs = 15 * 60_000,
		private readonly now: () => number = Date.now
	) {}

	private key(kind: string, value: string) {
		return createHash('sha256').update(`${kind}:${value}`).digest('base64url');
	}

	/** Seconds to wait before another attempt may be checked, 0 when it may. */
	waitSeconds(keys: [kind: string, value: string][]): number {
		const now = this.now();
		let wait = 0;
		for (const [kind, value] of keys) {
			const entry = this.entries.get(this.key(kind, value));
			if (!entry) continue;
			if (now - entry.lastFailure > this.forgetAfterMs) {
				this.entries.delete(this.key(kind, value));
				continue;
			}
			wait = Math.max(wait, Math.ceil((entry.blockedUntil - now) / 1000));
		}
		return Math.max(0, wait);
	}

	failed(keys: [kind: string, value: string][]): void {
		const now = this.now();
		for (const [kind, value] of keys) {
			const key = this.key(kind, value);
			const entry = this.entries.get(key) ?? { failures: 0, blockedUntil: 0, lastFailure: now };
			if (now - entry.lastFailure > this.forgetAfterMs) entry.failures = 0;
			entry.failures++;
			entry.lastFailure = now;
			const over = entry.failures - this.free;
			entry.blockedUntil =
				over > 0 ? now + Math.min(2 ** (over - 1), this.maxWaitSeconds) * 1000 : 0;
			this.entries.set(key, entry);
		}
		if (this.entries.size > 100_000) this.prune(now);
	}

	/**
	 * Counts an attempt as a failure before it is checked, and says how long to wait if it may
	 * not be checked at all. Counting first is what stops parallel guesses: 60 sent at once all
	 * found the count at 0 when it was raised only after each slow password check, and all were
	 * checked. An attempt made while waiting counts too, so the wait grows for whoever does not
	 * wait (and the wait returned is the new one). The caller forgives the count if the attempt
	 * turns out right (`succeeded`, `forgive`). 0: go ahead.
	 */
	attempt(keys: [kind: string, value: string][]): number {
		const waiting = this.waitSeconds(keys) > 0;
		this.failed(keys);
		return waiting ? this.waitSeconds(keys) : 0;
	}

	/** Takes back one failure counted by `attempt` (a right password, a check never made). */
	forgive(keys: [kind: string, value: string][]): void {
		for (const [kind, value] of keys) {
			const key = this.key(kind, value);
			const entry = this.entries.get(key);
			if (!entry) continue;
			entry.failures--;
			if (entry.failures <= 0) {
				this.entries.delete(key);
				continue;
			}
			const over = entry.failures - this.free;
			entry.blockedUntil =
				over > 0 ? entry.lastFailure + Math.min(2 ** (over - 1), this.maxWaitSeconds) * 1000 : 0;
		}
	}

	succeeded(keys: [kind: string, value: string][]): void {
		for (const [kind, value] of keys) this.entries.delete(this.key(kind, value));
	}

	private prune(now: number) {
		for (const [key, entry] of this.entries) {
			if (now - entry.lastFailure > this.forgetAfterMs) this.entries.delete(key);
		}
	}
}
