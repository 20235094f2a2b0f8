import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import * as users from '../src/lib/server/auth/users';
import { openStore, type Store } from '../src/lib/server/store';
import { createDemoUsers, demoUsersText, type CreatedDemoUser } from './demo-users';

const stores: { store: Store; folder: string }[] = [];
async function freshStore(): Promise<Store> {
	const folder = await mkdtemp(join(tmpdir(), 'demo-users-'));
	const store = await openStore(folder);
	stores.push({ store, folder });
	return store;
}
afterEach(async () => {
	for (const { store, folder } of stores.splice(0)) {
		await store.close();
		await rm(folder, { recursive: true, force: true });
	}
});

describe('createDemoUsers', () => {
	it('creates admin, researcher and leader in an empty folder, each able to sign in', async () => {
		const store = await freshStore();
		const result = await createDemoUsers(store, null);
		expect('created' in result).toBe(true);
		const created = (result as { created: CreatedDemoUser[] }).created;
		expect(created.map((u) => [u.username, u.role])).toEqual([
			['admin', 'admin'],
			['researcher', 'researcher'],
			['leader', 'leader']
		]);
		for (const user of created) {
			expect(user.password).toMatch(/^\S{12,}$/);
			expect(await users.authenticate(store, user.username, user.password!)).toMatchObject({
				username: user.username,
				role: user.role
			});
		}
		// Three different passwords, and each creation in the audit log.
		expect(new Set(created.map((u) => u.password)).size).toBe(3);
		expect(
			store.audit
				.entries()
				.filter((e) => e.action === 'userCreated')
				.map((e) => e.target)
				.sort()
		).toEqual(['admin', 'leader', 'researcher']);
	});

	it('gives admin ADMIN_PASSWORD and does not print it', async () => {
		const store = await freshStore();
		const result = await createDemoUsers(store, 'a chosen admin password');
		const admin = (result as { created: CreatedDemoUser[] }).created[0];
		expect(admin.password).toBeNull();
		expect(await users.authenticate(store, 'admin', 'a chosen admin password')).not.toBeNull();
		expect(demoUsersText(result, 'http://localhost:3000')).not.toContain('a chosen admin password');
	});

	it('leaves a folder that has users as it is', async () => {
		const store = await freshStore();
		await users.create(store, 'kari', 'researcher');
		const result = await createDemoUsers(store, null);
		expect(result).toEqual({ existing: [{ username: 'kari', role: 'researcher' }] });
		expect(users.list(store).map((u) => u.username)).toEqual(['kari']);
	});
});

describe('demoUsersText', () => {
	it('prints each user with password and role, and where each kind of user goes first', () => {
		const created: CreatedDemoUser[] = [
			{
				username: 'admin',
				role: 'admin',
				may: 'everything',
				firstStop: { path: '/admin/users', what: 'users' },
				password: 'aaaaa-bbbbb'
			},
			{
				username: 'leader',
				role: 'leader',
				may: 'dashboards',
				firstStop: { path: '/x', what: 'x' },
				password: 'ccccc-ddddd'
			}
		];
		const text = demoUsersText({ created }, 'http://localhost:3000');
		expect(text).toMatch(/^ {2}admin {3}password aaaaa-bbbbb {2}may: everything$/m);
		expect(text).toMatch(/^ {2}leader {2}password ccccc-ddddd {2}may: dashboards$/m);
		expect(text).toContain('http://localhost:3000/  answers a questionnaire');
		expect(text).toContain(
			'http://localhost:3000/admin/surveys/barriers?compare=round  the dashboard comparing rounds'
		);
		expect(text).toContain('http://localhost:3000/admin/surveys/barriers/export  the export');
	});
});
