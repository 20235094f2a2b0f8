import { createHmac } from 'node:crypto';
import { blockedUntil, type FailureRule, type Limits } from '../store/limits';

const defaults: FailureRule = { free: 5, maxWaitSeconds: 300, forgetAfterMs: 15 * 60_000 };

/**
 * Slows down repeated failed attempts (sign-ins, receipt codes), per username and per client
 * address. After `free` failures each further failure doubles the wait (1 s, 2 s, 4 s … up to
 * `maxWaitSeconds`); a key without failures for `forgetAfterMs` starts again from none.
 *
 * The counts live in `store.limits`: this process's memory for the data folder, the database
 * for PostgreSQL, so that every instance behind a proxy counts the same failures (an attacker
 * gets no more attempts from two instances than from one). Keys are keyed hashes (with the
 * limits' shared secret) of the kind and value, so neither a username nor an address is kept.
 * `scope` keeps two throttles' counts apart.
 */
export class FailureThrottle {
	private readonly rule: FailureRule;

	constructor(
		private readonly limits: Limits,
		private readonly scope: string,
		rule: Partial<FailureRule> = {},
		private readonly now: () => number = Date.now
	) {
		this.rule = { ...defaults, ...rule };
	}

	private keys(keys: [kind: string, value: string][]): string[] {
		return keys.map(
			([kind, value]) =>
				`${this.scope}:${createHmac('sha256', this.limits.addressSecret)
					.update(`${kind}:${value}`)
					.digest('base64url')
					.slice(0, 32)}`
		);
	}

	/** Seconds to wait before another attempt may be checked, 0 when it may. */
	async waitSeconds(keys: [kind: string, value: string][]): Promise<number> {
		const now = this.now();
		const entries = await this.limits.failures(this.keys(keys), now, this.rule);
		let wait = 0;
		for (const entry of entries)
			wait = Math.max(wait, Math.ceil((blockedUntil(entry, this.rule) - now) / 1000));
		return wait;
	}

	/** Counts a failure against every key. */
	async failed(keys: [kind: string, value: string][]): Promise<void> {
		await this.limits.countFailure(this.keys(keys), this.now(), this.rule);
	}

	/**
	 * Counts an attempt as a failure before it is checked, and says how long to wait if it may
	 * not be checked at all — in one step (one statement on PostgreSQL). Counting first is what
	 * stops parallel guesses: 60 sent at once all found the count at 0 when it was raised only
	 * after each slow password check, and all were checked. An attempt made while waiting counts
	 * too, so the wait grows for whoever does not wait (and the wait returned is the new one).
	 * The caller forgives the count if the attempt turns out right (`succeeded`, `forgive`).
	 * 0: go ahead.
	 */
	async attempt(keys: [kind: string, value: string][]): Promise<number> {
		const now = this.now();
		const counted = await this.limits.countFailure(this.keys(keys), now, this.rule);
		if (!counted.some((c) => c.waited)) return 0;
		let wait = 0;
		for (const { failures } of counted)
			wait = Math.max(
				wait,
				Math.ceil((blockedUntil({ failures, lastFailure: now }, this.rule) - now) / 1000)
			);
		return wait;
	}

	/** Takes back one failure counted by `attempt` (a right password, a check never made). */
	forgive(keys: [kind: string, value: string][]): Promise<void> {
		return this.limits.forgive(this.keys(keys));
	}

	succeeded(keys: [kind: string, value: string][]): Promise<void> {
		return this.limits.clear(this.keys(keys));
	}
}
