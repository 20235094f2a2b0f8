import { describe, expect, it } from 'vitest';
import { hashPassword, randomPassword, verifyPassword } from './passwords';

describe('hashPassword and verifyPassword', () => {
	it('verifies the right password and refuses a wrong one', async () => {
		const hash = await hashPassword('correct horse battery');
		expect(hash).toMatch(/^scrypt\$32768\$8\$1\$[A-Za-z0-9+/=]+\$[A-Za-z0-9+/=]+$/);
		expect(hash).not.toContain('correct horse');
		expect(await verifyPassword('correct horse battery', hash)).toBe(true);
		expect(await verifyPassword('correct horse batterY', hash)).toBe(false);
	});

	it('salts: the same password hashes differently twice', async () => {
		expect(await hashPassword('same password!')).not.toBe(await hashPassword('same password!'));
	});

	it('refuses a stored value that is not an scrypt hash', async () => {
		expect(await verifyPassword('x', 'plain-text')).toBe(false);
	});
});

describe('randomPassword', () => {
	it('makes four groups of five unambiguous characters, different each time', () => {
		const a = randomPassword();
		expect(a).toMatch(/^[a-km-zA-HJ-NP-Z2-9]{5}(-[a-km-zA-HJ-NP-Z2-9]{5}){3}$/);
		expect(randomPassword()).not.toBe(a);
	});
});
