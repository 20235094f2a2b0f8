import { createHmac, randomBytes } from 'node:crypto';
import type { Store, StoredResponse } from '../store';

/**
 * Receipt codes: what a respondent keeps to delete their answer later, and the deletions made
 * with them or by a researcher. The caller audits each deletion and throttles wrong codes.
 */

/** Crockford's base32: no I, L, O or U, so a code read aloud or typed by hand survives. */
const receiptAlphabet = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';

function asCode(bytes: Uint8Array): string {
	let code = '';
	for (let i = 0; i < 12; i++) code += receiptAlphabet[bytes[i] & 31];
	return `${code.slice(0, 4)}-${code.slice(4, 8)}-${code.slice(8)}`;
}

/** A short code the respondent keeps (60 random bits, as XXXX-XXXX-XXXX). */
export function newReceipt(): string {
	return asCode(randomBytes(12));
}

/**
 * The receipt code of a submission with this clientResponseId: 60 bits of an HMAC of the id
 * under the store's receipt key. The store keeps only hashes of codes and ids, yet a retried
 * submission (its first answer lost on the network, or sent again after a restart) is answered
 * with the code the first one got. Without a clientResponseId the code is random.
 */
export function receiptFor(store: Store, clientResponseId: string | null): string {
	if (!clientResponseId) return newReceipt();
	const key = store.secrets.receiptKey();
	if (!key) throw new Error('No receipt key yet: await ensureReceiptKey first');
	return asCode(createHmac('sha256', key).update(clientResponseId).digest());
}

/** Makes sure the store has its receipt key (created at the first submission that needs it). */
export async function ensureReceiptKey(store: Store): Promise<void> {
	if (!store.secrets.receiptKey()) await store.secrets.createReceiptKey();
}

/**
 * A receipt code as a person may type it — lowercase, without dashes, with spaces, with the
 * letters Crockford's alphabet reads as digits (O → 0, I and L → 1) — in the stored form
 * `XXXX-XXXX-XXXX`; null when it cannot be one.
 */
export function normalizeReceipt(input: string): string | null {
	const code = input.toUpperCase().replace(/[\s-]/g, '').replace(/O/g, '0').replace(/[IL]/g, '1');
	if (code.length !== 12 || [...code].some((c) => !receiptAlphabet.includes(c))) return null;
	return `${code.slice(0, 4)}-${code.slice(4, 8)}-${code.slice(8)}`;
}

/**
 * Deletes the response with this receipt code (as typed) and returns it, or null when no stored
 * response has it: looked up by the code's hash, the only form stored. The caller audits the
 * deletion and throttles wrong codes.
 */
export async function deleteByReceipt(store: Store, typed: string): Promise<StoredResponse | null> {
	const receipt = normalizeReceipt(typed);
	const record = receipt ? await store.responses.getByReceipt(receipt) : undefined;
	if (!record) return null;
	const [deleted] = await store.responses.delete([record.id]);
	return deleted ?? null;
}

/** Deletes one response of a questionnaire by its id; null when there is no such response. */
export async function deleteById(
	store: Store,
	surveyId: string,
	id: string
): Promise<StoredResponse | null> {
	const record = await store.responses.get(id);
	if (!record || record.surveyId !== surveyId) return null;
	const [deleted] = await store.responses.delete([record.id]);
	return deleted ?? null;
}
