import { randomBytes } from 'node:crypto';
import type { Pool } from 'pg';
import type { FailureEntry, FailureRule, Limits } from '../limits';

/**
 * The limits in PostgreSQL (`rate_buckets`, `failure_counts`, migration 2), shared by every
 * instance on the database. Each verb is one statement, so one round trip, and atomic: two
 * instances taking the last token, or counting a failure, at the same moment are serialised by
 * the row lock of `INSERT … ON CONFLICT DO UPDATE`, each deciding on the other's result. The
 * arithmetic is the memory store's (../limits.ts), in double precision in the same order.
 *
 * Times are the app's clock (`now`, milliseconds), as in memory: instances behind one proxy are
 * expected to keep their clocks in step (NTP); a clock that lags earns no tokens, never extra.
 * The tables are UNLOGGED (not written to the WAL): a database crash forgets them, as a restart
 * forgets the memory store's, and counting a request costs no log flush.
 */
/** A bucket's tokens now ($3), as `tokensAt` computes them in memory. */
const TOKENS =
	'least(b.capacity, b.tokens + (greatest(0, $3::bigint - b.at) * b.capacity)::float8 / 60000)';

export class PgLimits implements Limits {
	private constructor(
		private readonly pool: Pool,
		readonly addressSecret: Buffer
	) {}

	/** Reads the shared address secret, making it if this is the first instance to need it. */
	static async open(pool: Pool): Promise<PgLimits> {
		const { rows } = await pool.query<{ secret: string }>(
			`WITH made AS (
				INSERT INTO shared_secrets (name, secret) VALUES ('address', $1)
				ON CONFLICT (name) DO NOTHING RETURNING secret)
			 SELECT secret FROM made UNION ALL SELECT secret FROM shared_secrets WHERE name = 'address'`,
			[randomBytes(32).toString('base64')]
		);
		return new PgLimits(pool, Buffer.from(rows[0].secret, 'base64'));
	}

	async take(key: string, capacity: number, now: number) {
		const { rows } = await this.pool.query<{ allowed: boolean; tokens: number }>(
			`INSERT INTO rate_buckets AS b (key, capacity, tokens, at, allowed)
			 VALUES ($1, $2::int, $2::int - 1, $3::bigint, true)
			 ON CONFLICT (key) DO UPDATE SET
				tokens = CASE WHEN ${TOKENS} >= 1 THEN ${TOKENS} - 1 ELSE ${TOKENS} END,
				allowed = ${TOKENS} >= 1,
				at = $3::bigint,
				capacity = $2::int
			 RETURNING allowed, tokens`,
			[key, capacity, now]
		);
		return rows[0];
	}

	async failures(keys: readonly string[], now: number, rule: FailureRule) {
		const { rows } = await this.pool.query<{ key: string; failures: number; last: string }>(
			`SELECT key, failures, last_failure AS last FROM failure_counts
			 WHERE key = ANY($1) AND failures > 0 AND $2 - last_failure <= $3`,
			[keys, now, rule.forgetAfterMs]
		);
		return rows.map((r): FailureEntry => ({
			key: r.key,
			failures: r.failures,
			lastFailure: Number(r.last)
		}));
	}

	async countFailure(keys: readonly string[], now: number, rule: FailureRule) {
		// Sorted, so two statements on the same keys lock their rows in one order (no deadlock).
		const sorted = [...new Set(keys)].sort();
		const { rows } = await this.pool.query<{ key: string; failures: number; waited: boolean }>(
			`INSERT INTO failure_counts AS f (key, failures, last_failure, forget_at, waited)
			 SELECT k, 1, $2::bigint, $2::bigint + $3::bigint, false
			 FROM unnest($1::text[]) WITH ORDINALITY AS u(k, n) ORDER BY n
			 ON CONFLICT (key) DO UPDATE SET
				failures = CASE WHEN $2::bigint - f.last_failure > $3::bigint THEN 1 ELSE f.failures + 1 END,
				waited = $2::bigint - f.last_failure <= $3::bigint AND f.failures > $4::int
					AND f.last_failure + least(power(2, least(f.failures - $4::int - 1, 30)), $5::int) * 1000 > $2::bigint,
				last_failure = $2::bigint,
				forget_at = $2::bigint + $3::bigint
			 RETURNING key, failures, waited`,
			[sorted, now, rule.forgetAfterMs, rule.free, rule.maxWaitSeconds]
		);
		return rows;
	}

	async forgive(keys: readonly string[]) {
		// A count at 0 behaves as none; the sweep removes it.
		await this.pool.query(
			'UPDATE failure_counts SET failures = failures - 1 WHERE key = ANY($1) AND failures > 0',
			[[...new Set(keys)].sort()]
		);
	}

	async clear(keys: readonly string[]) {
		await this.pool.query('DELETE FROM failure_counts WHERE key = ANY($1)', [[...keys]]);
	}

	async sweep(now: number) {
		await this.pool.query(
			`DELETE FROM rate_buckets
			 WHERE tokens + (greatest(0, $1 - at) * capacity)::float8 / 60000 >= capacity`,
			[now]
		);
		await this.pool.query('DELETE FROM failure_counts WHERE failures <= 0 OR forget_at < $1', [
			now
		]);
	}
}
