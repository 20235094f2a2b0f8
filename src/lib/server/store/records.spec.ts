import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { refuseWritesForTests } from './durable-file';
import { openStore, type RoundRecord, type Store, type UserRecord } from './index';

/** The repositories on the Store that share meta.json, on real files in a temporary folder. */

let folder: string;
let store: Store | null = null;

beforeEach(async () => {
	folder = await mkdtemp(join(tmpdir(), 'odb-records-'));
});

afterEach(async () => {
	await store?.close();
	store = null;
	await rm(folder, { recursive: true, force: true });
});

async function reopen(): Promise<Store> {
	await store?.close();
	store = await openStore(folder);
	return store;
}

const at = '2026-03-01T10:00:00.000Z';

function user(n: number, role: UserRecord['role'] = 'researcher'): UserRecord {
	return {
		id: `u${n}`,
		username: `user-${n}`,
		role,
		passwordHash: `scrypt$hash-${n}`,
		createdAt: at
	};
}

function round(n: number): RoundRecord {
	return {
		id: `r${n}`,
		slug: `round-${n}`,
		surveyId: 'barriers',
		name: `Round ${n}`,
		opensAt: null,
		closesAt: null,
		audiences: ['municipal'],
		municipality: null,
		createdAt: at,
		updatedAt: at
	};
}

function token(n: number) {
	return {
		id: `t${n}`,
		name: `token ${n}`,
		hash: `hash-${n}`,
		createdAt: at,
		createdBy: null,
		lastUsedAt: null,
		revokedAt: null
	};
}

async function metaFile(): Promise<Record<string, unknown>> {
	return JSON.parse(await readFile(join(folder, 'meta.json'), 'utf8'));
}

describe('records handed out are copies', () => {
	it('users: changing a returned or a given record changes nothing stored', async () => {
		store = await reopen();
		const given = user(1, 'admin');
		await store.users.add(given);
		given.role = 'leader';
		store.users.list()[0].role = 'leader';
		store.users.byId('u1')!.username = 'someone-else';
		store.users.byUsername('user-1')!.passwordHash = 'stolen';
		expect(store.users.byId('u1')).toEqual(user(1, 'admin'));
		((await store.users.setRole('u1', 'researcher')) as UserRecord).role = 'admin';
		((await store.users.remove('u1')) as UserRecord).id = 'u2';
		expect(store.users.list()).toEqual([]);
		expect((await reopen()).users.list()).toEqual([]);
	});

	it('rounds: their audience lists too', async () => {
		store = await reopen();
		const given = round(1);
		const added = (await store.rounds.add(given))!;
		given.audiences.push('citizen');
		added.audiences.push('business');
		added.name = 'changed';
		store.rounds.list()[0].audiences.push('voluntary');
		store.rounds.byId('r1')!.audiences.length = 0;
		store.rounds.bySlug('round-1')!.slug = 'other';
		const changes = { name: 'Runde 1', audiences: ['citizen'] };
		const updated = await store.rounds.update('r1', changes);
		changes.audiences.push('business');
		(updated as RoundRecord).audiences.push('voluntary');
		expect(store.rounds.byId('r1')).toEqual({
			...round(1),
			name: 'Runde 1',
			audiences: ['citizen']
		});
		expect((await reopen()).rounds.list()).toEqual([
			{ ...round(1), name: 'Runde 1', audiences: ['citizen'] }
		]);
	});

	it('tokens, sessions and versions', async () => {
		store = await reopen();
		await store.tokens.add(token(1));
		store.tokens.list()[0].revokedAt = at;
		(await store.tokens.revoke('t1', at))!.revokedAt = null;
		expect(store.tokens.list()).toEqual([{ ...token(1), revokedAt: at }]);
		expect(await store.tokens.revoke('t1', at)).toBeUndefined();

		const session = { hash: 'h1', userId: 'u1', createdAt: at, expiresAt: '2099-01-01T00:00:00Z' };
		await store.sessions.add(session, new Date(at));
		store.sessions.byHash('h1')!.expiresAt = '2000-01-01T00:00:00Z';
		session.userId = 'u2';
		expect(store.sessions.byHash('h1')).toMatchObject({
			userId: 'u1',
			expiresAt: '2099-01-01T00:00:00Z'
		});

		await store.versions.add({ surveyId: 'barriers', version: 'aaaaaaaaaaaa', firstSeenAt: at });
		store.versions.of('barriers')[0].firstSeenAt = 'never';
		expect(store.versions.of('barriers')).toEqual([
			{ surveyId: 'barriers', version: 'aaaaaaaaaaaa', firstSeenAt: at }
		]);
	});
});

describe('meta.json writes', () => {
	it('lands every one of many concurrent changes, across repositories, and keeps them on reopen', async () => {
		store = await reopen();
		const s = store;
		const N = 60;
		await Promise.all([
			...Array.from({ length: N }, (_, n) => s.users.add(user(n))),
			...Array.from({ length: N }, (_, n) => s.rounds.add(round(n))),
			...Array.from({ length: N }, (_, n) => s.tokens.add(token(n))),
			...Array.from({ length: N }, (_, n) =>
				s.versions.add({ surveyId: 'barriers', version: `v${n}`, firstSeenAt: at })
			)
		]);
		// And changes to what was just added, interleaved with more additions.
		await Promise.all(
			Array.from({ length: N }, (_, n) =>
				n % 2 ? s.users.setRole(`u${n}`, 'leader') : s.rounds.update(`r${n}`, { name: `R${n}` })
			)
		);
		const again = await reopen();
		expect(again.users.list()).toHaveLength(N);
		expect(again.users.list().filter((u) => u.role === 'leader')).toHaveLength(N / 2);
		expect(again.rounds.list().filter((r) => r.name === `R${r.id.slice(1)}`)).toHaveLength(N / 2);
		expect(again.tokens.size).toBe(N);
		expect(again.versions.of('barriers')).toHaveLength(N);
	});

	it('keeps the odb-meta/1 format exactly, and reads a file from before some collections existed', async () => {
		await writeFile(
			join(folder, 'meta.json'),
			JSON.stringify({ format: 'odb-meta/1', users: [user(1, 'admin')], sessions: [] })
		);
		store = await reopen();
		expect(store.users.list()).toEqual([user(1, 'admin')]);
		await store.rounds.add(round(1));
		const file = await metaFile();
		expect(Object.keys(file)).toEqual([
			'format',
			'users',
			'sessions',
			'apiTokens',
			'rounds',
			'versions',
			'invitations',
			'questionnaires'
		]);
		expect(file).toEqual({
			format: 'odb-meta/1',
			users: [user(1, 'admin')],
			sessions: [],
			apiTokens: [],
			rounds: [round(1)],
			versions: [],
			invitations: [],
			questionnaires: []
		});
	});

	it('ends a user’s sessions with a new password or the account, in the same write', async () => {
		store = await reopen();
		const expires = '2099-01-01T00:00:00Z';
		await store.users.add(user(1));
		await store.users.add(user(2));
		for (const [hash, userId] of [
			['a', 'u1'],
			['b', 'u1'],
			['c', 'u2']
		])
			await store.sessions.add({ hash, userId, createdAt: at, expiresAt: expires }, new Date(at));
		expect(await store.users.setPassword('u1', 'scrypt$new')).toBe(true);
		expect((await metaFile()).sessions).toEqual([
			{ hash: 'c', userId: 'u2', createdAt: at, expiresAt: expires }
		]);
		await store.users.remove('u2');
		expect(await metaFile()).toMatchObject({
			users: [{ ...user(1), passwordHash: 'scrypt$new' }],
			sessions: []
		});
		expect(await store.users.setPassword('nobody', 'x')).toBe(false);
	});

	it('drops expired sessions when one is added', async () => {
		store = await reopen();
		await store.sessions.add(
			{ hash: 'old', userId: 'u1', createdAt: at, expiresAt: at },
			new Date(at)
		);
		await store.sessions.add(
			{ hash: 'new', userId: 'u1', createdAt: at, expiresAt: '2099-01-01T00:00:00Z' },
			new Date('2026-03-01T10:00:01Z')
		);
		expect(store.sessions.byHash('old')).toBeUndefined();
		expect((await reopen()).sessions.byHash('new')).toBeDefined();
	});

	it('refuses a second user with the same name, even when both are added at once', async () => {
		store = await reopen();
		const results = await Promise.all([
			store.users.add(user(1)),
			store.users.add({ ...user(1), id: 'x' })
		]);
		expect(results).toEqual([true, false]);
		expect((await reopen()).users.list()).toEqual([user(1)]);
	});

	it('refuses a second round with a taken slug, by add or by update, even when asked at once', async () => {
		store = await reopen();
		const results = await Promise.all([
			store.rounds.add(round(1)),
			store.rounds.add({ ...round(2), slug: 'round-1' })
		]);
		expect(results).toEqual([round(1), null]);
		await store.rounds.add(round(2));
		expect(await store.rounds.update('r2', { slug: 'round-1' })).toBe('slugTaken');
		expect(store.rounds.byId('r2')!.slug).toBe('round-2');
		expect((await store.rounds.update('r2', { slug: 'round-3' })) as RoundRecord).toMatchObject({
			slug: 'round-3'
		});
		expect((await reopen()).rounds.list().map((r) => r.slug)).toEqual(['round-1', 'round-3']);
	});

	it('keeps an administrator when asked: the last one is neither demoted nor removed', async () => {
		store = await reopen();
		await store.users.add(user(1, 'admin'));
		await store.users.add(user(2, 'admin'));
		// Both at once: the second is decided on the first's result.
		const results = await Promise.all([
			store.users.setRole('u1', 'researcher', true),
			store.users.setRole('u2', 'leader', true)
		]);
		expect(results).toEqual([user(1, 'researcher'), 'lastAdmin']);
		expect(await store.users.remove('u2', true)).toBe('lastAdmin');
		// Without the guard (the command line's own rule) the store does what it is told.
		expect(await store.users.setRole('u2', 'leader')).toEqual(user(2, 'leader'));
		expect((await reopen()).users.list().map((u) => u.role)).toEqual(['researcher', 'leader']);
	});

	it('forgets a change whose write failed, keeps what was stored, and recovers', async () => {
		store = await reopen();
		await store.users.add(user(1));
		// The folder refuses writes, as a full or read-only disk would.
		const allow = refuseWritesForTests(folder);
		await expect(store.users.add(user(2))).rejects.toThrow();
		await expect(store.rounds.add(round(1))).rejects.toThrow();
		expect(store.users.list()).toEqual([user(1)]);
		expect(store.rounds.list()).toEqual([]);
		allow();
		// The next write must not carry the failed change along with it.
		await store.users.add(user(3));
		expect((await reopen()).users.list()).toEqual([user(1), user(3)]);
		expect(store.rounds.size).toBe(0);
	});

	it('writes noted token uses with the next write, or when asked', async () => {
		store = await reopen();
		await store.tokens.add(token(1));
		await store.tokens.add(token(2));
		store.tokens.noteUse('t1', at);
		expect(store.tokens.list()[0].lastUsedAt).toBe(at);
		expect((await metaFile()).apiTokens).toMatchObject([{ lastUsedAt: null }, {}]);
		await store.tokens.writeUses();
		expect((await metaFile()).apiTokens).toMatchObject([{ lastUsedAt: at }, {}]);
		store.tokens.noteUse('t2', at);
		await store.rounds.add(round(1));
		expect((await reopen()).tokens.list().map((t) => t.lastUsedAt)).toEqual([at, at]);
	});
});
