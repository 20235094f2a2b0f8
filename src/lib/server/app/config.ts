import { resolve } from 'node:path';

/** Settings from the environment, read once at start-up. Documented in the README. */
export interface Config {
	dataDir: string;
	/**
	 * A PostgreSQL address (`postgresql://user:password@host:5432/db`): the store is then that
	 * database, which several instances may share, instead of the data folder. Null: the folder.
	 */
	databaseUrl: string | null;
	surveysDir: string;
	/** The operator's bearer token for the data API; unset means one is generated at first start. */
	apiToken: string | null;
	/** The first admin's password, used only when the data folder has no users yet. */
	adminPassword: string | null;
	/** Largest accepted request body, in bytes. */
	maxBodyBytes: number;
	segmentSize: number;
	/** The small-group rule: no number from fewer responses than this is shown. */
	minGroupSize: number;
	/** Submissions per minute from one client address; 0 switches the limit off. */
	submitRateLimit: number;
	/** Minutes between retention sweeps (one also runs at start-up). */
	retentionSweepMinutes: number;
	/** Minutes a workspace session may go unused before it ends. */
	sessionIdleMinutes: number;
	/** Where people reach the app, for the start-up message. */
	publicUrl: string;
}

function positiveInt(value: string | undefined, fallback: number, name: string): number {
	if (value === undefined || value === '') return fallback;
	const n = Number(value);
	if (!Number.isInteger(n) || n <= 0)
		throw new Error(`${name} must be a positive whole number, not "${value}"`);
	return n;
}

function positiveNumber(value: string | undefined, fallback: number, name: string): number {
	if (value === undefined || value === '') return fallback;
	const n = Number(value);
	if (!Number.isFinite(n) || n <= 0)
		throw new Error(`${name} must be a positive number, not "${value}"`);
	return n;
}

function wholeNumber(value: string | undefined, fallback: number, name: string): number {
	if (value === undefined || value === '') return fallback;
	const n = Number(value);
	if (!Number.isInteger(n) || n < 0)
		throw new Error(`${name} must be 0 or a positive whole number, not "${value}"`);
	return n;
}

export function readConfig(env: NodeJS.ProcessEnv = process.env): Config {
	const port = env.PORT ?? (env.NODE_ENV === 'production' ? '3000' : '5173');
	const host = env.HOST && env.HOST !== '0.0.0.0' ? env.HOST : 'localhost';
	return {
		dataDir: resolve(env.DATA_DIR || './data'),
		databaseUrl: env.DATABASE_URL?.trim() || null,
		surveysDir: resolve(env.SURVEYS_DIR || './surveys'),
		apiToken: env.API_TOKEN?.trim() || null,
		adminPassword: env.ADMIN_PASSWORD || null,
		maxBodyBytes: positiveInt(env.MAX_BODY_BYTES, 256 * 1024, 'MAX_BODY_BYTES'),
		segmentSize: positiveInt(env.SEGMENT_SIZE, 1000, 'SEGMENT_SIZE'),
		minGroupSize: positiveInt(env.MIN_GROUP_SIZE, 5, 'MIN_GROUP_SIZE'),
		submitRateLimit: wholeNumber(env.SUBMIT_RATE_LIMIT, 120, 'SUBMIT_RATE_LIMIT'),
		retentionSweepMinutes: positiveInt(env.RETENTION_SWEEP_MINUTES, 60, 'RETENTION_SWEEP_MINUTES'),
		sessionIdleMinutes: positiveNumber(env.SESSION_IDLE_MINUTES, 30, 'SESSION_IDLE_MINUTES'),
		publicUrl: (env.ORIGIN || `http://${host}:${port}`).replace(/\/$/, '')
	};
}
