import { DateTime } from 'luxon';

export const ZONE = 'Europe/Riga';

import type { Lang } from './lang.js';

export type { Lang };

/** Instants are stored as UTC ISO strings; the database may hand back a Date. */
export function toIso(value: string | Date): string {
  return (value instanceof Date ? value : new Date(value)).toISOString();
}

/** ISO-8601 with the zone's offset, as the JSON API shows times. */
export function isoInZone(utc: string | Date, zone = ZONE): string {
  return DateTime.fromJSDate(new Date(utc), { zone }).toISO() ?? toIso(utc);
}

function local(utc: string | Date, lang: Lang, zone: string): DateTime {
  return DateTime.fromJSDate(new Date(utc), { zone }).setLocale(lang === 'lv' ? 'lv' : 'en-GB');
}

// Sessions are few and their times repeat on every page and in every e-mail; Intl
// formatting is not cheap, so formatted texts are kept (a bounded map, cleared when full).
const formatted = new Map<string, string>();

function kept(key: string, make: () => string): string {
  let text = formatted.get(key);
  if (text === undefined) {
    text = make();
    if (formatted.size > 5000) formatted.clear();
    formatted.set(key, text);
  }
  return text;
}

/*
 * Dates and times as a Latvian editor writes them (LATVIAN.md) and their English
 * equivalents. Two families:
 * - on their own (labels, headings, table cells, after a colon): nominative —
 *   "pirmdiena, 2026. gada 28. decembris", "2026. gada janvāris", "10.00–11.30";
 * - inside a sentence ("… will start {when}"): locative with the weekday —
 *   "pirmdien, 28. decembrī, plkst. 11.30" / "on Monday, 28 December at 11:30".
 */

const LV_WEEKDAYS = ['pirmdiena', 'otrdiena', 'trešdiena', 'ceturtdiena', 'piektdiena', 'sestdiena', 'svētdiena'];
const LV_WEEKDAYS_LOCATIVE = ['pirmdien', 'otrdien', 'trešdien', 'ceturtdien', 'piektdien', 'sestdien', 'svētdien'];
const LV_MONTHS = [
  'janvāris',
  'februāris',
  'marts',
  'aprīlis',
  'maijs',
  'jūnijs',
  'jūlijs',
  'augusts',
  'septembris',
  'oktobris',
  'novembris',
  'decembris',
];
const NBSP = '\u00a0';

/** "2026. gada 28. decembris" / "28 December 2026" */
export function formatDate(utc: string | Date, lang: Lang, zone = ZONE): string {
  return kept(`D|${toIso(utc)}|${lang}|${zone}`, () => {
    const at = local(utc, lang, zone);
    if (lang === 'en') return at.toFormat('d MMMM yyyy');
    return `${at.year}. gada ${at.day}. ${LV_MONTHS[at.month - 1] ?? ''}`;
  });
}

/** "pirmdiena, 2026. gada 21. decembris" / "Monday, 21 December 2026" */
export function formatDay(utc: string | Date, lang: Lang, zone = ZONE): string {
  return kept(`d|${toIso(utc)}|${lang}|${zone}`, () => {
    const at = local(utc, lang, zone);
    if (lang === 'en') return `${at.toFormat('cccc')}, ${formatDate(utc, lang, zone)}`;
    return `${LV_WEEKDAYS[at.weekday - 1] ?? ''}, ${formatDate(utc, lang, zone)}`;
  });
}

/** "9.30", "10.00" / "09:30" (in a sentence Latvian adds "plkst.": formatAt). */
export function formatTime(utc: string | Date, lang: Lang, zone = ZONE): string {
  return kept(`t|${toIso(utc)}|${lang}|${zone}`, () =>
    local(utc, lang, zone).toFormat(lang === 'lv' ? 'H.mm' : 'HH:mm'),
  );
}

/** A time range with an en dash and no spaces: "10.00–11.30" / "10:00–11:30". */
export function formatTimes(start: string | Date, end: string | Date, lang: Lang, zone = ZONE): string {
  return `${formatTime(start, lang, zone)}–${formatTime(end, lang, zone)}`;
}

/** On its own: "pirmdiena, 2026. gada 28. decembris, plkst. 9.30–11.00" / "Monday, 28 December 2026, 09:30–11:00" */
export function formatRange(start: string | Date, end: string | Date, lang: Lang, zone = ZONE): string {
  return kept(
    `r|${toIso(start)}|${toIso(end)}|${lang}|${zone}`,
    () =>
      `${formatDay(start, lang, zone)}, ${lang === 'lv' ? `plkst.${NBSP}` : ''}${formatTimes(start, end, lang, zone)}`,
  );
}

/** A date and time on its own: "2026. gada 28. decembris, plkst. 11.30" / "28 December 2026, 11:30" */
export function formatDateTime(utc: string | Date, lang: Lang, zone = ZONE): string {
  return lang === 'lv'
    ? `${formatDate(utc, lang, zone)}, plkst.${NBSP}${formatTime(utc, lang, zone)}`
    : `${formatDate(utc, lang, zone)}, ${formatTime(utc, lang, zone)}`;
}

/** Inside a sentence: "pirmdien, 28. decembrī, plkst. 11.30" / "on Monday, 28 December at 11:30" */
export function formatAt(utc: string | Date, lang: Lang, zone = ZONE): string {
  return kept(`a|${toIso(utc)}|${lang}|${zone}`, () => {
    const at = local(utc, lang, zone);
    if (lang === 'en') return `on ${at.toFormat('cccc, d MMMM')} at ${formatTime(utc, lang, zone)}`;
    const day = `${LV_WEEKDAYS_LOCATIVE[at.weekday - 1] ?? ''}, ${at.day}. ${LV_MONTHS_LOCATIVE[at.month - 1] ?? ''}`;
    return `${day}, plkst.${NBSP}${formatTime(utc, lang, zone)}`;
  });
}

/** A session inside a sentence: "pirmdien, 28. decembrī, plkst. 10.00–11.30" / "on Monday, 28 December, 10:00–11:30" */
export function formatRangeAt(start: string | Date, end: string | Date, lang: Lang, zone = ZONE): string {
  return kept(`R|${toIso(start)}|${toIso(end)}|${lang}|${zone}`, () => {
    const at = local(start, lang, zone);
    if (lang === 'en') return `on ${at.toFormat('cccc, d MMMM')}, ${formatTimes(start, end, lang, zone)}`;
    const day = `${LV_WEEKDAYS_LOCATIVE[at.weekday - 1] ?? ''}, ${at.day}. ${LV_MONTHS_LOCATIVE[at.month - 1] ?? ''}`;
    return `${day}, plkst.${NBSP}${formatTimes(start, end, lang, zone)}`;
  });
}

/** A month as a heading: "2027. gada janvāris" / "January 2027" */
export function formatMonth(utc: string | Date, lang: Lang, zone = ZONE): string {
  const at = local(utc, lang, zone);
  return lang === 'en' ? at.toFormat('MMMM yyyy') : `${at.year}. gada ${LV_MONTHS[at.month - 1] ?? ''}`;
}

/**
 * Days on their own: "2026. gada 7.–11. decembris", "2026. gada 30. novembris – 4. decembris" /
 * "7–11 December 2026", "30 November – 4 December 2026".
 */
export function formatDates(from: string | Date, to: string | Date, lang: Lang, zone = ZONE): string {
  const a = local(from, lang, zone);
  const b = local(to, lang, zone);
  if (a.hasSame(b, 'day')) return formatDate(from, lang, zone);
  if (lang === 'en') {
    if (a.hasSame(b, 'month')) return `${a.day}–${b.toFormat('d MMMM yyyy')}`;
    if (a.hasSame(b, 'year')) return `${a.toFormat('d MMMM')} – ${b.toFormat('d MMMM yyyy')}`;
    return `${formatDate(from, lang, zone)} – ${formatDate(to, lang, zone)}`;
  }
  const month = (d: DateTime) => LV_MONTHS[d.month - 1] ?? '';
  if (a.hasSame(b, 'month')) return `${a.year}. gada ${a.day}.–${b.day}. ${month(b)}`;
  if (a.hasSame(b, 'year')) return `${a.year}. gada ${a.day}. ${month(a)} – ${b.day}. ${month(b)}`;
  return `${formatDate(from, lang, zone)} – ${formatDate(to, lang, zone)}`;
}

/** A wall-clock time in the zone, as a UTC ISO string. */
export function zonedInstant(date: DateTime, hour: number, minute = 0, zone = ZONE): string {
  const local = DateTime.fromObject({ year: date.year, month: date.month, day: date.day, hour, minute }, { zone });
  return local.toUTC().toISO() ?? '';
}

/** Latvian month names in the locative ("decembrī"): "in which month?". */
export const LV_MONTHS_LOCATIVE = [
  'janvārī',
  'februārī',
  'martā',
  'aprīlī',
  'maijā',
  'jūnijā',
  'jūlijā',
  'augustā',
  'septembrī',
  'oktobrī',
  'novembrī',
  'decembrī',
];

/**
 * When something happened, as an answer to "when?": "2026. gada 28. decembrī, plkst. 11.30"
 * (Latvian locative, time with a full stop) / "28 December 2026 at 11:30".
 */
export function formatMoment(utc: string | Date, lang: Lang, zone = ZONE): string {
  return kept(`m|${toIso(utc)}|${lang}|${zone}`, () => {
    const at = local(utc, lang, zone);
    if (lang === 'en') return `${at.toFormat('d MMMM yyyy')} at ${at.toFormat('HH:mm')}`;
    return `${at.year}. gada ${at.day}. ${LV_MONTHS_LOCATIVE[at.month - 1] ?? ''}, plkst.\u00a0${at.toFormat('H.mm')}`;
  });
}
