/**
 * Variable names and labels that SPSS, Stata and R all accept as they are, so the three syntax
 * files and the data file use one name per column.
 *
 * The export's own names (columns.ts) are letters of any script, digits and `_`. Here they also:
 * - start with a letter (SPSS and Stata refuse a digit; `_` starts Stata's system names): `v` is
 *   put in front;
 * - are not a reserved word of SPSS (`ALL`, `BY`, `TO` …, in any case) or Stata (`if`, `in`,
 *   `int`, `str10` …): `_` is put after;
 * - are at most 32 characters (Stata's limit) and 64 bytes of UTF-8 (SPSS's): a longer name keeps
 *   its first 27 characters and gets `_` and four characters of a hash of the whole name, so it
 *   depends on the name alone and stays the same in every export;
 * - are unique without regard to case (SPSS does not tell `Role` from `role`): a name taken is
 *   numbered `_2`, `_3` … in column order, which the union over versions keeps stable.
 */

export const MAX_NAME_CHARS = 32;
export const MAX_NAME_BYTES = 64;
const SHORT_CHARS = 27;

const spssReserved = new Set([
	'all',
	'and',
	'by',
	'eq',
	'ge',
	'gt',
	'le',
	'lt',
	'ne',
	'not',
	'or',
	'to',
	'with'
]);
const stataReserved = new Set([
	'byte',
	'double',
	'float',
	'if',
	'in',
	'int',
	'long',
	'strl',
	'using',
	'with'
]);

const encoder = new TextEncoder();
export const utf8Length = (text: string) => encoder.encode(text).length;

/** FNV-1a (32 bits) in base 36: short, fast and the same on every machine. */
function shortHash(text: string): string {
	let hash = 0x811c9dc5;
	for (const byte of encoder.encode(text)) {
		hash ^= byte;
		hash = Math.imul(hash, 0x01000193) >>> 0;
	}
	return hash.toString(36).padStart(4, '0').slice(-4);
}

/** The longest start of `text` within `chars` characters and `bytes` bytes of UTF-8. */
export function fitted(text: string, chars: number, bytes: number): string {
	let out = '';
	let used = 0;
	let count = 0;
	for (const char of text) {
		const size = utf8Length(char);
		if (count + 1 > chars || used + size > bytes) break;
		out += char;
		used += size;
		count++;
	}
	return out;
}

const fits = (name: string) =>
	[...name].length <= MAX_NAME_CHARS && utf8Length(name) <= MAX_NAME_BYTES;

function isReserved(name: string): boolean {
	const lower = name.toLowerCase();
	return spssReserved.has(lower) || stataReserved.has(lower) || /^str\d+$/.test(lower);
}

/** One column's name made acceptable to all three, before uniqueness. */
export function safeName(name: string): string {
	let base = name.normalize('NFC').replace(/[^\p{L}\p{N}_]+/gu, '_');
	if (!/^\p{L}/u.test(base)) base = `v${base}`;
	if (isReserved(base)) base = `${base}_`;
	if (fits(base)) return base;
	return `${fitted(base, SHORT_CHARS, MAX_NAME_BYTES - 5)}_${shortHash(base)}`;
}

/** Safe, unique names for `names`, in order. */
export function analysisNames(names: readonly string[]): string[] {
	const used = new Set<string>();
	return names.map((name) => {
		const base = safeName(name);
		let candidate = base;
		for (let n = 2; used.has(candidate.toLowerCase()); n++) {
			const suffix = `_${n}`;
			candidate = `${fitted(base, MAX_NAME_CHARS - suffix.length, MAX_NAME_BYTES - suffix.length)}${suffix}`;
		}
		used.add(candidate.toLowerCase());
		return candidate;
	});
}

/** A label on one line: line breaks and runs of white space become one space. */
export const oneLine = (text: string) => text.replace(/\s+/gu, ' ').trim();

/** A label within a program's limit, ending with `…` when it had to be cut. */
export function clipped(text: string, chars: number, bytes = Infinity): string {
	const line = oneLine(text);
	if ([...line].length <= chars && utf8Length(line) <= bytes) return line;
	return `${fitted(line, chars - 1, bytes - utf8Length('…')).trimEnd()}…`;
}
