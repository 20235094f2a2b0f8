import pg from 'pg';
import { afterAll, beforeAll } from 'vitest';
import { MemoryLimits, type Limits } from '../../src/lib/server/store/limits';
import { PgLimits } from '../../src/lib/server/store/postgres/limits';
import { migrate } from '../../src/lib/server/store/postgres/schema';
import { startPostgres, type PgCluster } from './postgres';

/**
 * The limits (store.limits) of both stores, for unit tests that must hold for each: the memory
 * of the data folder, and PostgreSQL on a throw-away cluster (a fresh database per call, never
 * mocked). `pair` gives two instances' limits on one database (for memory, one object twice:
 * a data folder has one process), so a test can send its requests to both.
 */
export const limitKinds = ['memory', 'postgres'] as const;
export type LimitKind = (typeof limitKinds)[number];

export function useLimits() {
	let cluster: PgCluster | null = null;
	const pools: pg.Pool[] = [];
	beforeAll(async () => {
		cluster = await startPostgres();
	}, 60_000);
	afterAll(async () => {
		for (const pool of pools.splice(0)) await pool.end();
		await cluster?.stop();
	});

	async function pair(kind: LimitKind): Promise<[Limits, Limits]> {
		if (kind === 'memory') {
			const limits = new MemoryLimits();
			return [limits, limits];
		}
		const url = await cluster!.createDatabase();
		const a = new pg.Pool({ connectionString: url, max: 10 });
		const b = new pg.Pool({ connectionString: url, max: 10 });
		pools.push(a, b);
		await migrate(a);
		return [await PgLimits.open(a), await PgLimits.open(b)];
	}

	return {
		pair,
		one: async (kind: LimitKind) => (await pair(kind))[0],
		/** Runs SQL on a pool of the last PostgreSQL pair (to look at the tables). */
		query: (sql: string, params: unknown[] = []) => pools.at(-1)!.query(sql, params)
	};
}
