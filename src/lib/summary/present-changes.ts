import { formatNumber } from '../i18n/format';
import type { Locale } from '../i18n/locales';
import { translator } from '../i18n/messages';
import { MATURITY_AREAS, type RoundChange } from './changes';

/**
 * A tested change between rounds as a person reads it: in a table cell ("+0,8 (95 % KI 0,3 til
 * 1,3; p = 0,004; signifikant)") and as a sentence for the page's headline. The words say
 * whether it is significant; no star or colour carries that alone.
 */

const signed = (value: number, locale: Locale, digits = 1) => {
	const rounded = Number(value.toFixed(digits));
	const sign = rounded > 0 ? '+' : rounded < 0 ? '−' : '±';
	return `${sign}${formatNumber(Math.abs(rounded), locale, digits)}`;
};

const plain = (value: number, locale: Locale, digits = 1) =>
	(value < 0 ? '−' : '') + formatNumber(Math.abs(Number(value.toFixed(digits))), locale, digits);

/** A p-value to three decimals ("p = 0,004"), or "p < 0,001". */
export function formatP(p: number, locale: Locale): string {
	return p < 0.001 ? `p < ${formatNumber(0.001, locale, 3)}` : `p = ${formatNumber(p, locale, 3)}`;
}

/** Where on the page a change is shown: its question, or the maturity areas' table. */
export function changeAnchor(c: RoundChange): string {
	return c.question === MATURITY_AREAS ? MATURITY_AREAS : `q-${c.question}`;
}

/** What the change is of: the row or option, with its question. */
export function changeItem(c: RoundChange, locale: Locale): string {
	const what = !c.itemLabel
		? c.title[locale]
		: c.measure === 'mean'
			? `${c.itemLabel[locale]} (${c.title[locale]})`
			: `${c.title[locale]}: ${c.itemLabel[locale]}`;
	// Within one activity: the activity first, so the sentence says whose rating changed.
	return c.within ? `${c.within.label} – ${what}` : what;
}

export function changeCell(c: RoundChange, locale: Locale): string {
	const t = translator(locale);
	const change =
		c.measure === 'share'
			? t('dash.pointsChange', {
					sign: signed(c.change, locale)[0],
					value: formatNumber(Math.abs(Number(c.change.toFixed(1))), locale, 1)
				})
			: t('dash.meanChange', {
					sign: signed(c.change, locale)[0],
					value: formatNumber(Math.abs(Number(c.change.toFixed(1))), locale, 1)
				});
	return t('dash.changeTested', {
		change,
		low: plain(c.ci95[0], locale),
		high: plain(c.ci95[1], locale),
		p: formatP(c.p, locale),
		verdict: t(c.significant ? 'dash.significant' : 'dash.notSignificant')
	});
}

export function changeSentence(c: RoundChange, locale: Locale): string {
	const t = translator(locale);
	return t(c.measure === 'share' ? 'dash.sentenceShare' : 'dash.sentenceMean', {
		item: changeItem(c, locale),
		direction: t(c.change > 0 ? 'dash.up' : 'dash.down'),
		before: formatNumber(Number(c.before.toFixed(1)), locale, 1),
		after: formatNumber(Number(c.after.toFixed(1)), locale, 1),
		change: signed(c.change, locale),
		low: plain(c.ci95[0], locale),
		high: plain(c.ci95[1], locale),
		nBefore: formatNumber(c.nBefore, locale),
		nAfter: formatNumber(c.nAfter, locale)
	});
}
