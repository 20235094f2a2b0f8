import type { Locale } from './locales';

const intlLocale: Record<Locale, string> = { nb: 'nb-NO', nn: 'nn-NO', en: 'en-GB' };

/** A date and time as people in Norway read it, in Norwegian time. */
export function formatDateTime(iso: string, locale: Locale): string {
	return new Intl.DateTimeFormat(intlLocale[locale], {
		dateStyle: 'long',
		timeStyle: 'short',
		timeZone: 'Europe/Oslo'
	}).format(new Date(iso));
}

/** A date as people in Norway read it ("1. desember 2026"), the day in Norwegian time. */
export function formatDate(iso: string, locale: Locale): string {
	return new Intl.DateTimeFormat(intlLocale[locale], {
		dateStyle: 'long',
		timeZone: 'Europe/Oslo'
	}).format(new Date(iso));
}

export function formatNumber(n: number, locale: Locale, digits = 0): string {
	return new Intl.NumberFormat(intlLocale[locale], {
		maximumFractionDigits: digits,
		minimumFractionDigits: digits
	}).format(n);
}

const OSLO = 'Europe/Oslo';

/** Oslo's wall clock, made once: building an Intl formatter costs far more than using one. */
const osloClock = new Intl.DateTimeFormat('en-GB', {
	timeZone: OSLO,
	hourCycle: 'h23',
	year: 'numeric',
	month: '2-digit',
	day: '2-digit',
	hour: '2-digit',
	minute: '2-digit',
	second: '2-digit'
});

/** Milliseconds Oslo's wall clock is ahead of UTC at instant `t`. */
function osloOffset(t: number): number {
	const parts = Object.fromEntries(
		osloClock.formatToParts(new Date(t)).map((p) => [p.type, p.value])
	);
	const wall = Date.UTC(
		+parts.year,
		+parts.month - 1,
		+parts.day,
		+parts.hour,
		+parts.minute,
		+parts.second
	);
	return wall - Math.floor(t / 1000) * 1000;
}

/**
 * A `datetime-local` value ("2026-03-01T09:00"), read as Norwegian time, as an ISO instant.
 * Researchers think in Norwegian time whatever the server's clock zone is.
 */
export function osloLocalToIso(value: string): string | null {
	const m = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})$/.exec(value.trim());
	if (!m) return null;
	const guess = Date.UTC(+m[1], +m[2] - 1, +m[3], +m[4], +m[5]);
	const first = guess - osloOffset(guess);
	const t = guess - osloOffset(first);
	return new Date(t).toISOString();
}

/** An ISO instant as a `datetime-local` value in Norwegian time. */
export function isoToOsloLocal(iso: string | null): string {
	if (!iso) return '';
	const t = Date.parse(iso);
	return new Date(t + osloOffset(t)).toISOString().slice(0, 16);
}

/** Days already worked out, by the instant's hour (Oslo is a whole number of hours from UTC). */
const daysByHour = new Map<string, string>();

/**
 * The day in Norway (`2026-03-01`) of an ISO instant such as `submittedAt`: the day a filter
 * `from=2026-03-01` and the dashboard's responses per day mean. Quick enough to call for every
 * response of a large view: the answer is kept per hour.
 */
export function osloDay(iso: string): string {
	const hour = iso.slice(0, 13);
	let day = daysByHour.get(hour);
	if (day === undefined) {
		if (daysByHour.size > 50_000) daysByHour.clear();
		const t = Date.parse(`${hour}:00:00Z`);
		day = Number.isFinite(t)
			? isoToOsloLocal(new Date(t).toISOString()).slice(0, 10)
			: hour.slice(0, 10);
		daysByHour.set(hour, day);
	}
	return day;
}

/**
 * A score (0–100, already rounded to one decimal) as a reader of `locale` writes it: `62,5` in
 * Norwegian, `62.5` in English. Always one decimal, so a column of scores lines up.
 */
export function formatScore(value: number, locale: Locale): string {
	return formatNumber(value, locale, 1);
}

/** "a, b og c" / "a, b and c": a list joined as the language joins it. */
export function formatList(items: string[], locale: Locale): string {
	return new Intl.ListFormat(intlLocale[locale], { type: 'conjunction' }).format(items);
}
