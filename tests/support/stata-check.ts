/**
 * A parser of the Stata commands the analysis bundle's do-file uses, strict enough to stand in
 * for Stata, which this machine does not have: every line must be one of those commands with
 * Stata's own syntax (`///` continuations, compound quotes, numlists), names must be Stata names
 * (at most 32 characters, a letter first), labels at most 80 characters, and what a command
 * refers to (a variable, a value label) must exist by then. Anything else throws, with the line.
 */

export interface ParsedDo {
	version: string;
	file: string;
	options: Map<string, string>;
	/** Column numbers read as numbers and as texts. */
	numeric: number[];
	strings: number[];
	/** The names given to v1, v2 … */
	names: string[];
	variableLabels: Map<string, string>;
	/** Value label sets: code (`1`, `.a`) → label. */
	valueLabels: Map<string, Map<string, string>>;
	/** Variable → its value label set. */
	labelValues: Map<string, string>;
	mvdecode: { variables: string[]; rules: string } | null;
}

const namePattern = /^[\p{L}_][\p{L}\p{N}_]*$/u;
const reserved = new Set(['if', 'in', 'using', 'with', 'byte', 'int', 'long', 'float', 'double']);

function checkName(name: string, where: string): string {
	if (!namePattern.test(name) || [...name].length > 32 || /^\d/.test(name))
		throw new Error(`${where}: ${JSON.stringify(name)} is not a Stata name`);
	if (reserved.has(name) || /^str\d+$/.test(name) || name === 'strL')
		throw new Error(`${where}: ${JSON.stringify(name)} is reserved in Stata`);
	return name;
}

/** `1/3 5` → [1, 2, 3, 5]. */
export function expandNumlist(text: string): number[] {
	return text
		.trim()
		.split(/\s+/)
		.filter(Boolean)
		.flatMap((part) => {
			const range = /^(\d+)\/(\d+)$/.exec(part);
			if (range) {
				const [from, to] = [Number(range[1]), Number(range[2])];
				return Array.from({ length: to - from + 1 }, (_, i) => from + i);
			}
			if (!/^\d+$/.test(part)) throw new Error(`not a numlist: ${text}`);
			return [Number(part)];
		});
}

/** Reads one compound-quoted string at `text[at]`: its content (unescaped) and where it ends. */
function compound(text: string, at: number, where: string): { value: string; end: number } {
	if (!text.startsWith('`"', at))
		throw new Error(`${where}: expected \`" at ${text.slice(at, at + 20)}`);
	const close = text.indexOf(`"'`, at + 2);
	if (close < 0) throw new Error(`${where}: compound quotes not closed`);
	const raw = text.slice(at + 2, close);
	if (raw.includes('`"')) throw new Error(`${where}: nested compound quotes`);
	// A $ or backquote not escaped would start macro expansion.
	if (/(^|[^\\])[$`]/.test(raw)) throw new Error(`${where}: unescaped macro character in ${raw}`);
	const value = raw.replace(/\\([$`])/g, '$1');
	if ([...value].length > 80) throw new Error(`${where}: label longer than 80 characters`);
	return { value, end: close + 2 };
}

/** The do-file's commands, each with the number of its first line. */
function commands(text: string): { line: number; command: string }[] {
	const out: { line: number; command: string }[] = [];
	let pending: { line: number; command: string } | null = null;
	text.split('\n').forEach((raw, i) => {
		const continued = /\s+\/\/\/\s*$/.test(raw);
		const body = raw.replace(/\s+\/\/\/\s*$/, '');
		if (pending) pending.command += ` ${body.trim()}`;
		else if (body.trim() === '' || body.trimStart().startsWith('*')) return;
		else pending = { line: i + 1, command: body.trim() };
		if (!continued) {
			out.push(pending);
			pending = null;
		}
	});
	if (pending) throw new Error('the file ends inside a /// continuation');
	return out;
}

export function parseStataDo(text: string): ParsedDo {
	const parsed: ParsedDo = {
		version: '',
		file: '',
		options: new Map(),
		numeric: [],
		strings: [],
		names: [],
		variableLabels: new Map(),
		valueLabels: new Map(),
		labelValues: new Map(),
		mvdecode: null
	};
	const known = () => new Set(parsed.names);
	const variable = (name: string, where: string) => {
		if (!known().has(name)) throw new Error(`${where}: no variable ${name}`);
		return name;
	};
	for (const { line, command } of commands(text)) {
		const where = `line ${line}`;
		let m: RegExpExecArray | null;
		if ((m = /^version (\d+)$/.exec(command))) parsed.version = m[1];
		else if ((m = /^import delimited using "([^"]+)", (.*)$/.exec(command))) {
			parsed.file = m[1];
			for (const option of m[2].matchAll(/(\w+)(?:\(([^)]*)\))?/g))
				parsed.options.set(option[1], option[2] ?? '');
			parsed.numeric = expandNumlist(parsed.options.get('numericcols') ?? '');
			parsed.strings = expandNumlist(parsed.options.get('stringcols') ?? '');
		} else if ((m = /^rename \(([^)]*)\) \(([^)]*)\)$/.exec(command))) {
			const from = m[1].trim().split(/\s+/);
			const to = m[2]
				.trim()
				.split(/\s+/)
				.map((n) => checkName(n, where));
			if (from.join(' ') !== from.map((_, i) => `v${i + 1}`).join(' '))
				throw new Error(`${where}: rename does not list v1 … v${from.length}`);
			if (to.length !== from.length) throw new Error(`${where}: rename lists differ in length`);
			if (new Set(to).size !== to.length) throw new Error(`${where}: a name given twice`);
			parsed.names = to;
		} else if ((m = /^label variable (\S+) /.exec(command))) {
			const name = variable(m[1], where);
			const label = compound(command, m[0].length, where);
			if (label.end !== command.length) throw new Error(`${where}: text after the label`);
			parsed.variableLabels.set(name, label.value);
		} else if ((m = /^label define (\S+) /.exec(command))) {
			const name = checkName(m[1], where);
			const pairs = new Map<string, string>();
			let at = m[0].length;
			while (!command.startsWith(', replace', at)) {
				const code = /^(-?\d+|\.[a-z]) /.exec(command.slice(at));
				if (!code) throw new Error(`${where}: expected a code at ${command.slice(at, at + 20)}`);
				const label = compound(command, at + code[0].length, where);
				if (pairs.has(code[1])) throw new Error(`${where}: code ${code[1]} twice`);
				pairs.set(code[1], label.value);
				at = label.end;
				if (command[at] === ' ') at++;
			}
			if (at + ', replace'.length !== command.length)
				throw new Error(`${where}: text after replace`);
			parsed.valueLabels.set(name, pairs);
		} else if ((m = /^label values (\S+) (\S+)$/.exec(command))) {
			if (!parsed.valueLabels.has(m[2])) throw new Error(`${where}: no value label ${m[2]}`);
			parsed.labelValues.set(variable(m[1], where), m[2]);
		} else if ((m = /^mvdecode (.+), mv\(([^)]*)\)$/.exec(command))) {
			const variables = m[1]
				.trim()
				.split(/\s+/)
				.map((n) => variable(n, where));
			if (!/^-?\d+=\.[a-z]( \\ -?\d+=\.[a-z])*$/.test(m[2]))
				throw new Error(`${where}: mv() rules ${m[2]}`);
			parsed.mvdecode = { variables, rules: m[2] };
		} else if (command !== 'compress')
			throw new Error(`${where}: unexpected command: ${command.slice(0, 60)}`);
	}
	const columns = [...parsed.numeric, ...parsed.strings].sort((a, b) => a - b);
	if (columns.join() !== parsed.names.map((_, i) => i + 1).join())
		throw new Error('numericcols and stringcols do not cover every column exactly once');
	return parsed;
}
