import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openStore, type Store } from '../store';
import { startSession, userForSession, type User } from './users';

let folder: string;
let store: Store;
const kari: User = { id: 'u-kari', username: 'kari', role: 'leader' };

beforeEach(async () => {
	folder = await mkdtemp(join(tmpdir(), 'odb-sessions-'));
	store = await openStore(folder);
	await store.users.add({
		...kari,
		passwordHash: 'scrypt$not-used',
		createdAt: '2026-03-01T08:00:00.000Z'
	});
});
afterEach(async () => {
	await store.close();
	await rm(folder, { recursive: true, force: true });
});

const minute = 60_000;

describe('userForSession', () => {
	it('ends a session left unused for the idle time, and keeps one in use', async () => {
		const start = Date.parse('2026-03-02T09:00:00.000Z');
		const idle = await startSession(store, kari, new Date(start));
		const used = await startSession(store, kari, new Date(start));
		// 30 minutes allowed. Used at 29 minutes: fine, and noted.
		expect(userForSession(store, used.token, start + 29 * minute, 30)?.id).toBe('u-kari');
		// At 31 minutes the untouched one has ended; the other was last seen 2 minutes ago.
		expect(userForSession(store, idle.token, start + 31 * minute, 30)).toBeNull();
		expect(userForSession(store, used.token, start + 31 * minute, 30)?.id).toBe('u-kari');
		// And it ends in its turn, 30 minutes after that last use.
		expect(userForSession(store, used.token, start + 62 * minute, 30)).toBeNull();
	});

	it('keeps the 8-hour limit whatever the use', async () => {
		const start = Date.parse('2026-03-02T09:00:00.000Z');
		const session = await startSession(store, kari, new Date(start));
		for (let m = 20; m < 8 * 60; m += 20)
			expect(userForSession(store, session.token, start + m * minute, 30)).not.toBeNull();
		expect(userForSession(store, session.token, start + 8 * 60 * minute, 30)).toBeNull();
	});
});
