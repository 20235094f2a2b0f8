/**
 * What changed between two versions of a questionnaire, as a researcher reads it: questions
 * added, removed, reworded (title or description in any language), choices, rows or columns
 * added, removed or relabelled, a changed type. Read from the JSON alone, so it also works for
 * versions SurveyJS no longer loads.
 */
export interface ItemChanges {
	added: string[];
	removed: string[];
	relabelled: string[];
}

export interface QuestionChange {
	question: string;
	reworded: boolean;
	typeChanged: { from: string; to: string } | null;
	choices: ItemChanges | null;
	rows: ItemChanges | null;
	columns: ItemChanges | null;
}

export interface DefinitionDiff {
	added: string[];
	removed: string[];
	changed: QuestionChange[];
}

type Json = Record<string, unknown>;

/** Every question in a SurveyJS JSON by name, nested panels and dynamic panels included. */
export function questionsOf(json: Json): Map<string, Json> {
	const out = new Map<string, Json>();
	const walk = (elements: unknown) => {
		if (!Array.isArray(elements)) return;
		for (const element of elements as Json[]) {
			if (!element || typeof element !== 'object') continue;
			const type = String(element.type ?? '');
			if (type === 'panel') walk(element.elements);
			else if (typeof element.name === 'string') {
				if (type !== 'html' && type !== 'image') out.set(element.name, element);
				if (type === 'paneldynamic') walk(element.templateElements);
			}
		}
	};
	walk(json.elements);
	for (const page of (Array.isArray(json.pages) ? json.pages : []) as Json[]) walk(page?.elements);
	return out;
}

/** Choices, rows and columns are written as values, or as `{ value | name, text | title }`. */
function items(list: unknown): Map<string, string> {
	const out = new Map<string, string>();
	if (!Array.isArray(list)) return out;
	for (const item of list) {
		if (item && typeof item === 'object') {
			const o = item as Json;
			out.set(String(o.value ?? o.name), JSON.stringify(o.text ?? o.title ?? null));
		} else out.set(String(item), 'null');
	}
	return out;
}

function compareItems(before: unknown, after: unknown): ItemChanges | null {
	const a = items(before);
	const b = items(after);
	const changes: ItemChanges = {
		added: [...b.keys()].filter((k) => !a.has(k)),
		removed: [...a.keys()].filter((k) => !b.has(k)),
		relabelled: [...b.keys()].filter((k) => a.has(k) && a.get(k) !== b.get(k))
	};
	return changes.added.length || changes.removed.length || changes.relabelled.length
		? changes
		: null;
}

const same = (a: unknown, b: unknown) => JSON.stringify(a ?? null) === JSON.stringify(b ?? null);

export function diffDefinitions(before: Json, after: Json): DefinitionDiff {
	const a = questionsOf(before);
	const b = questionsOf(after);
	const changed: QuestionChange[] = [];
	for (const [name, next] of b) {
		const prev = a.get(name);
		if (!prev) continue;
		const change: QuestionChange = {
			question: name,
			reworded: !same(prev.title, next.title) || !same(prev.description, next.description),
			typeChanged:
				prev.type !== next.type ? { from: String(prev.type), to: String(next.type) } : null,
			choices: compareItems(prev.choices, next.choices),
			rows: compareItems(prev.rows, next.rows),
			columns: compareItems(prev.columns, next.columns)
		};
		if (change.reworded || change.typeChanged || change.choices || change.rows || change.columns)
			changed.push(change);
	}
	return {
		added: [...b.keys()].filter((k) => !a.has(k)),
		removed: [...a.keys()].filter((k) => !b.has(k)),
		changed
	};
}
