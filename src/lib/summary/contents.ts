import type { Locale } from '../i18n/locales';
import { translator } from '../i18n/messages';
import type { Texts } from './plan';
import { barrierSideOf } from './programme';

/**
 * The dashboard's contents entries, one per question: its title, and where two questions share
 * a title (the barrier survey asks "Kjennskap og synlighet" of publishers and of users) a hint
 * of whom it was asked, so no two entries read the same. A barrier question is named by its side
 * (publishers, users who met the barriers, users who expect them); any other repeat by its
 * place among the questions of that title ("(2 av 3)"), never by its code.
 */
export function contentsEntries(
	questions: readonly { name: string; title: Texts }[],
	locale: Locale
): { name: string; label: string }[] {
	const t = translator(locale);
	const title = (q: { title: Texts }) => q.title[locale];
	const sameTitle = (q: { title: Texts }) => questions.filter((o) => title(o) === title(q));
	const hints = {
		publisher: 'dash.hintPublisher',
		user: 'dash.hintUser',
		prospective: 'dash.hintProspective'
	} as const;
	return questions.map((q) => {
		const same = sameTitle(q);
		if (same.length < 2) return { name: q.name, label: title(q) };
		const sides = same.map((o) => barrierSideOf(o.name));
		const side = barrierSideOf(q.name);
		// The side tells them apart only if no other question of the title is on the same side.
		if (side && sides.filter((s) => s === side).length === 1)
			return { name: q.name, label: `${title(q)} – ${t(hints[side])}` };
		return {
			name: q.name,
			label: `${title(q)} ${t('dash.hintNth', { n: same.indexOf(q) + 1, of: same.length })}`
		};
	});
}
