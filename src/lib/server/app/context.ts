import { readConfig, type Config } from './config';
import { RateLimiter } from '../http/rate-limit';
import * as retention from '../responses/retention';
import { openStore, type Store } from '../store';
import { openPgStore } from '../store/postgres';
import { SurveyRegistry } from '../surveys/registry';
import * as versions from '../surveys/versions';
import { ensureOperatorToken } from '../auth/tokens';
import { ensureFirstAdmin } from '../auth/users';
import { warmStrata } from '../views/summary-index';

/** Everything a request handler needs, created once per process. */
export interface AppContext {
	config: Config;
	store: Store;
	surveys: SurveyRegistry;
	/** Submissions per client address; null when `SUBMIT_RATE_LIMIT=0`. */
	submitLimiter: RateLimiter | null;
}

let started: Promise<AppContext> | null = null;
let context: AppContext | null = null;
let sweeper: NodeJS.Timeout | null = null;
let retentionTimer: NodeJS.Timeout | null = null;

/**
 * Opens the data folder and loads the questionnaires. A locked or damaged data folder stops
 * start-up with a message that says which file and what to do; a broken questionnaire does not.
 */
export function startApp(config: Config = readConfig()): Promise<AppContext> {
	started ??= (async () => {
		const store = config.databaseUrl
			? await openPgStore(config.databaseUrl)
			: await openStore(config.dataDir, { segmentSize: config.segmentSize });
		const surveys = new SurveyRegistry(
			config.surveysDir,
			store.definitions,
			console.log,
			(id, version) => versions.noteVersion(store, id, version),
			() =>
				store.questionnaires
					.list()
					.filter((q) => q.source === 'store' && q.published.length > 0)
					.map((q) => ({ id: q.id, version: q.published.at(-1)!.version }))
		);
		await surveys.load();
		surveys.watch();
		const generated = await ensureOperatorToken(store, config.apiToken);
		const adminPassword = await ensureFirstAdmin(store, config.adminPassword);
		const submitLimiter = config.submitRateLimit
			? new RateLimiter({
					perMinute: config.submitRateLimit,
					limits: store.limits,
					scope: 'submit'
				})
			: null;
		// Buckets full again (a minute after a client's last request) and failures past being
		// forgotten go once a minute; on PostgreSQL one instance sweeps at a time.
		sweeper = setInterval(() => {
			store
				.onlyOne('limits', () => store.limits.sweep(Date.now()))
				.catch((e: unknown) => {
					console.error(`[limits] the sweep failed: ${(e as Error).message}`);
				});
		}, 60_000).unref();
		// Responses past their questionnaire's retention period go before anyone can read them, and
		// then every RETENTION_SWEEP_MINUTES. A failed sweep is logged and tried again next time.
		// With several instances on one database, one sweeps at a time (store.onlyOne), and the
		// next finds nothing left.
		const sweep = () => store.onlyOne('retention', () => retention.sweep(store, surveys));
		await sweep();
		retentionTimer = setInterval(() => {
			sweep().catch((e: unknown) => {
				console.error(`[retention] the sweep failed: ${(e as Error).message}`);
			});
		}, config.retentionSweepMinutes * 60_000).unref();
		context = { config, store, surveys, submitLimiter };
		// The dashboard's tallies per stratum, built while the server already answers.
		warmStrata(context);
		console.log(
			[
				`${store.kind === 'postgres' ? 'Database' : 'Data folder'}: ${store.folder} (${store.responses.size} responses stored)`,
				`Questionnaires: ${surveys.list().length} from ${surveys.folder}` +
					(surveys.problems.length ? ` (${surveys.problems.length} problems, see above)` : ''),
				generated
					? `API token (generated now, shown only this once; set API_TOKEN to choose your own): ${generated}`
					: `API token: ${config.apiToken ? 'from API_TOKEN' : 'stored in the data folder (printed at first start)'}`,
				adminPassword
					? `Created the administrator "admin" with the password ${adminPassword} (shown only this once; set ADMIN_PASSWORD to choose it).`
					: null,
				`Answer the questionnaires at ${config.publicUrl}/`,
				`Sign in for the researchers' workspace at ${config.publicUrl}/admin`
			]
				.filter(Boolean)
				.join('\n')
		);
		return context;
	})();
	return started;
}

/** The running app; only called by request handlers, which run after start-up. */
export function app(): AppContext {
	if (!context) throw new Error('The app has not finished starting');
	return context;
}

export function isReady(): boolean {
	return context !== null;
}

export async function stopApp(): Promise<void> {
	if (!context) return;
	context.surveys.close();
	if (sweeper) clearInterval(sweeper);
	sweeper = null;
	if (retentionTimer) clearInterval(retentionTimer);
	retentionTimer = null;
	await context.store.close();
	context = null;
	started = null;
}
