import type { CompiledValidatorSet, Field, Primitive, ValueRule } from '../lib/validation/compile';

/**
 * Synthetic but valid answers, generated from a compiled definition: every question kind, the
 * visibility and required rules respected, texts with the characters that break naive CSV and
 * HTML handling. Deterministic for a seed. Used by tests and by the benchmark's seeding.
 */

/** mulberry32: a tiny seeded PRNG, good enough to vary test data reproducibly. */
export function seededRandom(seed: number): () => number {
	let a = seed >>> 0;
	return () => {
		a = (a + 0x6d2b79f5) >>> 0;
		let t = a;
		t = Math.imul(t ^ (t >>> 15), t | 1);
		t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
		return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
	};
}

export const sampleTexts = [
	'Mangler metadata om datasettene',
	'Bedre dokumentasjon; færre formater',
	'Sitat: "åpne data" er viktig, sa hun',
	'Første linje\nAndre linje',
	'=HYPERLINK("http://example.invalid")',
	'Ærlig talt: ØKONOMI og lisenser',
	'<script>alert(1)</script>'
];

export function generateAnswers(
	compiled: CompiledValidatorSet,
	context: { audience: string | null; municipality: string | null; locale: string },
	seed: number,
	answerRate = 0.8
): Record<string, unknown> {
	const random = seededRandom(seed);
	const pick = <T>(list: readonly T[]): T => list[Math.floor(random() * list.length)];
	const answers: Record<string, unknown> = {};
	const values = (): Record<string, unknown> => ({ ...answers, ...context });

	const text = (max: number, inputType?: string): string => {
		if (inputType === 'email') return 'someone@example.invalid';
		return pick(sampleTexts).slice(0, max);
	};

	function generate(
		rule: ValueRule,
		out: Record<string, unknown>,
		field: Field,
		required: boolean
	): void {
		const key = field.key;
		switch (rule.t) {
			case 'string':
				out[key] = text(rule.max, rule.inputType);
				return;
			case 'number': {
				const min = rule.min ?? 0;
				const max = rule.max ?? min + 100;
				out[key] = Math.round(min + random() * (max - min));
				return;
			}
			case 'choice': {
				const value = pick(rule.values);
				out[key] = value;
				if (field.other && field.commentKey && value === field.other.otherValue) {
					out[field.commentKey] = text(field.other.max);
				}
				return;
			}
			case 'choices': {
				const ordinary = rule.values.filter((v) => !rule.exclusive.includes(v));
				if (rule.exclusive.length > 0 && random() < 0.1) {
					out[key] = [pick(rule.exclusive)];
					return;
				}
				const most = Math.min(rule.max ?? ordinary.length, ordinary.length);
				const least = Math.min(rule.min ?? 1, most);
				const count = least + Math.floor(random() * (most - least + 1));
				const chosen = shuffle(ordinary).slice(0, Math.max(count, 1));
				out[key] = chosen;
				if (
					field.other &&
					field.commentKey &&
					chosen.includes(field.other.otherValue as Primitive)
				) {
					out[field.commentKey] = text(field.other.max);
				}
				return;
			}
			case 'boolean':
				out[key] = random() < 0.5 ? rule.valueTrue : rule.valueFalse;
				return;
			case 'ranking': {
				const order = shuffle(rule.values);
				if (!rule.selectToRank) {
					out[key] = order;
					return;
				}
				const most = Math.min(rule.max ?? order.length, order.length);
				const least = Math.min(rule.min ?? 1, most);
				out[key] = order.slice(0, least + Math.floor(random() * (most - least + 1)));
				return;
			}
			case 'matrix': {
				const value: Record<string, Primitive> = {};
				for (const row of rule.rows) {
					if (rule.allRowsRequired || random() < 0.85) value[String(row)] = pick(rule.columns);
				}
				if (Object.keys(value).length === 0 && rule.rows.length > 0)
					value[String(rule.rows[0])] = pick(rule.columns);
				out[key] = value;
				return;
			}
			case 'object': {
				const one = () => {
					const item: Record<string, unknown> = {};
					for (const inner of rule.fields.values()) {
						if (inner.key.endsWith('-Comment')) continue;
						if (inner.required || random() < 0.6) generate(inner.rule, item, inner, inner.required);
					}
					if (Object.keys(item).length === 0) {
						const first = [...rule.fields.values()][0];
						if (first) generate(first.rule, item, first, true);
					}
					return item;
				};
				if (!rule.list) {
					out[key] = one();
					return;
				}
				const most = Math.min(rule.maxItems ?? 3, 3);
				const least = Math.min(rule.minItems ?? 1, most);
				out[key] = Array.from({ length: least + Math.floor(random() * (most - least + 1)) }, one);
				return;
			}
			case 'primitive':
				out[key] = Math.round(random() * 100);
				return;
			case 'signature':
				if (required) out[key] = 'data:image/png;base64,iVBORw0KGgo=';
				return;
		}
	}

	function shuffle<T>(list: readonly T[]): T[] {
		const copy = [...list];
		for (let i = copy.length - 1; i > 0; i--) {
			const j = Math.floor(random() * (i + 1));
			[copy[i], copy[j]] = [copy[j], copy[i]];
		}
		return copy;
	}

	for (const question of compiled.questions) {
		if (question.alwaysHidden) continue;
		const now = values();
		if (!question.visibleIf.every((runner) => runner.runValues(now))) continue;
		const required = question.required || Boolean(question.requiredIf?.runValues(now));
		// Questions with validators we cannot satisfy by construction are left to the required rule.
		if (!required && (question.validators.length > 0 || random() > answerRate)) continue;
		generate(question.rule, answers, question, required);
	}
	return answers;
}
