import { DateTime } from 'luxon';

export const ZONE = 'Europe/Riga';

export type Lang = 'lv' | 'en';

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

/** "pirmdiena, 2026. gada 21. decembris" / "Monday 21 December 2026" */
export function formatDay(utc: string | Date, lang: Lang, zone = ZONE): string {
  return kept(`d|${toIso(utc)}|${lang}|${zone}`, () =>
    local(utc, lang, zone).toLocaleString({ weekday: 'long', day: 'numeric', month: 'long', year: 'numeric' }),
  );
}

export function formatTime(utc: string | Date, lang: Lang, zone = ZONE): string {
  return kept(`t|${toIso(utc)}|${lang}|${zone}`, () => local(utc, lang, zone).toFormat('HH:mm'));
}

export function formatRange(start: string | Date, end: string | Date, lang: Lang, zone = ZONE): string {
  return kept(
    `r|${toIso(start)}|${toIso(end)}|${lang}|${zone}`,
    () => `${formatDay(start, lang, zone)}, ${formatTime(start, lang, zone)}–${formatTime(end, lang, zone)}`,
  );
}

/** A wall-clock time in the zone, as a UTC ISO string. */
export function zonedInstant(date: DateTime, hour: number, minute = 0, zone = ZONE): string {
  const local = DateTime.fromObject({ year: date.year, month: date.month, day: date.day, hour, minute }, { zone });
  return local.toUTC().toISO() ?? '';
}

const LV_MONTHS_LOCATIVE = [
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
    return `${at.year}. gada ${at.day}. ${LV_MONTHS_LOCATIVE[at.month - 1] ?? ''}, plkst.\u00a0${at.toFormat('HH.mm')}`;
  });
}
