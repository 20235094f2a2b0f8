// Manage workspace users from the command line (the admin page /admin/users does the same):
//
//   npm run users -- list
//   npm run users -- add NAME --role admin|researcher|leader [--password PASSWORD]
//   npm run users -- role NAME ROLE
//   npm run users -- passwd NAME [--password PASSWORD]
//   npm run users -- remove NAME
//
// It opens DATA_DIR (default ./data) itself, so the server must not be running on that folder.
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { openStore, DataFolderLockedError, type Store } from '../src/lib/server/store';
import * as users from '../src/lib/server/auth/users';

const usage = `Usage:
  npm run users -- list
  npm run users -- add NAME --role admin|researcher|leader [--password PASSWORD]
  npm run users -- role NAME ROLE
  npm run users -- passwd NAME [--password PASSWORD]
  npm run users -- remove NAME`;

const messages: Record<users.UserError['code'], string> = {
	usernameInvalid:
		'the username must be 2–32 characters: lowercase letters, digits, ".", "-" or "_"',
	usernameTaken: 'that username is already in use',
	passwordShort: 'the password must have at least 12 characters',
	roleInvalid: 'the role must be admin, researcher or leader',
	notFound: 'there is no such user',
	lastAdmin: 'the last administrator cannot be removed or given another role'
};

async function audit(store: Store, action: string, target: string, detail = {}) {
	await store.audit.record({ actor: 'cli', action, target, detail });
}

async function main(): Promise<number> {
	const { positionals, values } = parseArgs({
		allowPositionals: true,
		options: { role: { type: 'string' }, password: { type: 'string' } }
	});
	const [command, name, extra] = positionals;
	if (!command) {
		console.error(usage);
		return 2;
	}
	const dataDir = resolve(process.env.DATA_DIR || './data');
	let store: Store;
	try {
		store = await openStore(dataDir);
	} catch (e) {
		if (e instanceof DataFolderLockedError) {
			console.error(`${e.message}\nUse the admin page /admin/users while the server runs.`);
			return 1;
		}
		throw e;
	}
	const byName = (n: string | undefined) =>
		users.list(store).find((u) => u.username === n?.toLowerCase());
	try {
		switch (command) {
			case 'list':
				for (const u of users.list(store)) console.log(`${u.username}\t${u.role}`);
				return 0;
			case 'add': {
				const role = values.role ?? '';
				if (!name || !users.isRole(role))
					throw new users.UserError(name ? 'roleInvalid' : 'usernameInvalid');
				const { user, password } = await users.create(store, name, role, values.password);
				await audit(store, 'userCreated', user.username, { role });
				console.log(
					`Added ${user.username} (${user.role}).` +
						(values.password ? '' : ` Password: ${password}`)
				);
				return 0;
			}
			case 'role': {
				const user = byName(name);
				if (!user) throw new users.UserError('notFound');
				if (!users.isRole(extra)) throw new users.UserError('roleInvalid');
				await users.setRole(store, user.id, extra);
				await audit(store, 'userRoleChanged', user.username, { role: extra });
				console.log(`${user.username} is now ${extra}.`);
				return 0;
			}
			case 'passwd': {
				const user = byName(name);
				if (!user) throw new users.UserError('notFound');
				const password = await users.setPassword(store, user.id, values.password);
				await audit(store, 'userPasswordReset', user.username);
				console.log(
					`New password for ${user.username}` + (values.password ? '.' : `: ${password}`)
				);
				return 0;
			}
			case 'remove': {
				const user = byName(name);
				if (!user) throw new users.UserError('notFound');
				await users.remove(store, user.id);
				await audit(store, 'userDeleted', user.username);
				console.log(`Removed ${user.username}.`);
				return 0;
			}
			default:
				console.error(usage);
				return 2;
		}
	} catch (e) {
		if (e instanceof users.UserError) {
			console.error(`Cannot ${command}: ${messages[e.code]}.`);
			return 1;
		}
		throw e;
	} finally {
		await store.close();
	}
}

process.exitCode = await main();
