import { sha256Hex } from '../hash';

/** JSON with object keys sorted at every level, so formatting and key order do not matter. */
export function canonicalJson(value: unknown): string {
	return JSON.stringify(value, (_key, v: unknown) => {
		if (v && typeof v === 'object' && !Array.isArray(v)) {
			const sorted: Record<string, unknown> = {};
			for (const k of Object.keys(v as object).sort())
				sorted[k] = (v as Record<string, unknown>)[k];
			return sorted;
		}
		return v;
	});
}

/**
 * A definition's version: the first 12 hex digits of the SHA-256 of its canonical JSON. Twelve
 * digits (48 bits) keep ids short in exports while a collision between versions of one
 * questionnaire stays out of reach.
 */
export function definitionVersion(json: unknown): string {
	return sha256Hex(canonicalJson(json)).slice(0, 12);
}
