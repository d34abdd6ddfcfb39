import { DateTime } from 'luxon';
import { ZONE } from './time.js';

/**
 * Latvia's public holidays (svētku dienas) as the law „Par svētku, atceres un atzīmējamām
 * dienām” (Article 1) names them: days that are not working days. Remembrance days and days
 * marked (11 November, Lāčplēša diena, among them) are working days and are not here.
 *
 * Two kinds of days off are not here because no rule gives them in advance: the closing day
 * of the Song and Dance Festival (a day off in festival years, set for each festival) and a
 * day off the Saeima or the Cabinet decrees once, or a working day moved to a Saturday.
 */
export type HolidayCode =
  | 'newYear'
  | 'goodFriday'
  | 'easter'
  | 'easterMonday'
  | 'labourDay'
  | 'independence'
  | 'independenceMoved'
  | 'mothersDay'
  | 'whitsunday'
  | 'midsummerEve'
  | 'midsummer'
  | 'proclamation'
  | 'proclamationMoved'
  | 'christmasEve'
  | 'christmas'
  | 'secondChristmas'
  | 'newYearsEve';

export interface Holiday {
  /** yyyy-mm-dd */
  date: string;
  code: HolidayCode;
}

/** Easter Sunday of a Gregorian year (the anonymous Gregorian algorithm, Meeus/Jones/Butcher). */
export function easterSunday(year: number): string {
  const a = year % 19;
  const b = Math.floor(year / 100);
  const c = year % 100;
  const d = Math.floor(b / 4);
  const e = b % 4;
  const f = Math.floor((b + 8) / 25);
  const g = Math.floor((b - f + 1) / 3);
  const h = (19 * a + b - d - g + 15) % 30;
  const i = Math.floor(c / 4);
  const k = c % 4;
  const l = (32 + 2 * e + 2 * i - h - k) % 7;
  const m = Math.floor((a + 11 * h + 22 * l) / 451);
  const month = Math.floor((h + l - 7 * m + 114) / 31);
  const day = ((h + l - 7 * m + 114) % 31) + 1;
  return DateTime.utc(year, month, day).toISODate() ?? '';
}

const on = (year: number, month: number, day: number) => DateTime.utc(year, month, day);
const iso = (d: DateTime) => d.toISODate() ?? '';

/**
 * A holiday that, falling on a Saturday or Sunday, gives the next working day off
 * (4 May and 18 November): the day itself and, in such a year, the Monday after.
 */
function withMoved(day: DateTime, code: HolidayCode, moved: HolidayCode): Holiday[] {
  const days: Holiday[] = [{ date: iso(day), code }];
  if (day.weekday === 6) days.push({ date: iso(day.plus({ days: 2 })), code: moved });
  if (day.weekday === 7) days.push({ date: iso(day.plus({ days: 1 })), code: moved });
  return days;
}

/** The public holidays of a year, in date order. */
export function holidaysOf(year: number): Holiday[] {
  const easter = DateTime.fromISO(easterSunday(year), { zone: 'utc' });
  // Mother's Day: the second Sunday of May.
  const firstOfMay = on(year, 5, 1);
  const mothersDay = firstOfMay.plus({ days: ((7 - firstOfMay.weekday) % 7) + 7 });
  const days: Holiday[] = [
    { date: iso(on(year, 1, 1)), code: 'newYear' },
    { date: iso(easter.minus({ days: 2 })), code: 'goodFriday' },
    { date: iso(easter), code: 'easter' },
    { date: iso(easter.plus({ days: 1 })), code: 'easterMonday' },
    { date: iso(on(year, 5, 1)), code: 'labourDay' },
    ...withMoved(on(year, 5, 4), 'independence', 'independenceMoved'),
    { date: iso(mothersDay), code: 'mothersDay' },
    { date: iso(easter.plus({ days: 49 })), code: 'whitsunday' },
    { date: iso(on(year, 6, 23)), code: 'midsummerEve' },
    { date: iso(on(year, 6, 24)), code: 'midsummer' },
    ...withMoved(on(year, 11, 18), 'proclamation', 'proclamationMoved'),
    { date: iso(on(year, 12, 24)), code: 'christmasEve' },
    { date: iso(on(year, 12, 25)), code: 'christmas' },
    { date: iso(on(year, 12, 26)), code: 'secondChristmas' },
    { date: iso(on(year, 12, 31)), code: 'newYearsEve' },
  ];
  return days.sort((a, b) => a.date.localeCompare(b.date));
}

const byYear = new Map<number, Map<string, HolidayCode[]>>();

/** The holidays on a day (yyyy-mm-dd): none, one, or two (Whitsunday can be Mother's Day). */
export function holidaysOn(date: string): HolidayCode[] {
  const year = Number(date.slice(0, 4));
  let days = byYear.get(year);
  if (!days) {
    days = new Map();
    for (const h of holidaysOf(year)) days.set(h.date, [...(days.get(h.date) ?? []), h.code]);
    byYear.set(year, days);
  }
  return days.get(date) ?? [];
}

/** What is not a working day about a moment, in Riga: its weekend day and its holidays. */
export interface DayWarning {
  weekend: 'saturday' | 'sunday' | null;
  holidays: HolidayCode[];
}

export function dayWarning(utc: string, zone = ZONE): DayWarning | null {
  const local = DateTime.fromISO(utc, { zone: 'utc' }).setZone(zone);
  const weekend = local.weekday === 6 ? 'saturday' : local.weekday === 7 ? 'sunday' : null;
  const holidays = holidaysOn(local.toISODate() ?? '');
  return weekend || holidays.length > 0 ? { weekend, holidays } : null;
}
