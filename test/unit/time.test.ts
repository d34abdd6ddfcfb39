import { describe, expect, it } from 'vitest';
import {
  formatAt,
  formatDate,
  formatDates,
  formatDateTime,
  formatDay,
  formatMonth,
  formatRange,
  formatRangeAt,
  formatTime,
  formatTimes,
} from '../../server/domain/time.js';

const NBSP = '\u00a0';
/** Monday, 28 December 2026, 11:30 in Riga (UTC+2 in winter). */
const MONDAY = '2026-12-28T09:30:00.000Z';

describe('Latvian dates and times (LATVIAN.md)', () => {
  it('a date on its own is nominative, with the year first: "2026. gada 28. decembris"', () => {
    expect(formatDate(MONDAY, 'lv')).toBe('2026. gada 28. decembris');
    expect(formatDay(MONDAY, 'lv')).toBe('pirmdiena, 2026. gada 28. decembris');
  });

  it('in a sentence the weekday and month are locative: "pirmdien, 28. decembrī, plkst. 11.30"', () => {
    expect(formatAt(MONDAY, 'lv')).toBe(`pirmdien, 28. decembrī, plkst.${NBSP}11.30`);
    expect(formatRangeAt(MONDAY, '2026-12-28T11:00:00Z', 'lv')).toBe(
      `pirmdien, 28. decembrī, plkst.${NBSP}11.30–13.00`,
    );
  });

  it('every weekday has its locative form', () => {
    const days = [...Array(7).keys()].map((i) => formatAt(new Date(Date.parse(MONDAY) + i * 86_400_000), 'lv'));
    expect(days.map((d) => d.split(',')[0])).toEqual([
      'pirmdien',
      'otrdien',
      'trešdien',
      'ceturtdien',
      'piektdien',
      'sestdien',
      'svētdien',
    ]);
    expect(days[4]).toBe(`piektdien, 1. janvārī, plkst.${NBSP}11.30`);
  });

  it('times use a full stop, ranges an en dash without spaces; Riga summer time is UTC+3', () => {
    expect(formatTime(MONDAY, 'lv')).toBe('11.30');
    // no leading zero: "plkst. 9.30"
    expect(formatTime('2026-07-01T06:30:00Z', 'lv')).toBe('9.30');
    expect(formatTimes('2026-07-01T07:00:00Z', '2026-07-01T08:30:00Z', 'lv')).toBe('10.00–11.30');
    expect(formatRange('2026-07-01T07:00:00Z', '2026-07-01T08:30:00Z', 'lv')).toBe(
      `trešdiena, 2026. gada 1. jūlijs, plkst.${NBSP}10.00–11.30`,
    );
    expect(formatDateTime(MONDAY, 'lv')).toBe(`2026. gada 28. decembris, plkst.${NBSP}11.30`);
  });

  it('a month as a heading is "2027. gada janvāris", not "janvāris 2027"', () => {
    expect(formatMonth('2027-01-15T10:00:00Z', 'lv')).toBe('2027. gada janvāris');
    expect(formatMonth('2026-12-31T22:30:00Z', 'lv')).toBe('2027. gada janvāris'); // already January in Riga
  });

  it('date ranges: "7.–11. decembris" in one month, spaced en dash across months and years', () => {
    expect(formatDates('2026-12-07T08:00:00Z', '2026-12-11T15:00:00Z', 'lv')).toBe('2026. gada 7.–11. decembris');
    expect(formatDates('2026-11-30T08:00:00Z', '2026-12-04T15:00:00Z', 'lv')).toBe(
      '2026. gada 30. novembris – 4. decembris',
    );
    expect(formatDates('2026-12-30T08:00:00Z', '2027-01-04T15:00:00Z', 'lv')).toBe(
      '2026. gada 30. decembris – 2027. gada 4. janvāris',
    );
    expect(formatDates('2026-12-07T08:00:00Z', '2026-12-07T15:00:00Z', 'lv')).toBe('2026. gada 7. decembris');
  });
});

describe('English dates and times', () => {
  it('"on Monday, 28 December at 11:30" in a sentence, "Monday, 28 December 2026" on its own', () => {
    expect(formatAt(MONDAY, 'en')).toBe('on Monday, 28 December at 11:30');
    expect(formatRangeAt(MONDAY, '2026-12-28T11:00:00Z', 'en')).toBe('on Monday, 28 December, 11:30–13:00');
    expect(formatDay(MONDAY, 'en')).toBe('Monday, 28 December 2026');
    expect(formatDate(MONDAY, 'en')).toBe('28 December 2026');
    expect(formatDateTime(MONDAY, 'en')).toBe('28 December 2026, 11:30');
    expect(formatMonth('2027-01-15T10:00:00Z', 'en')).toBe('January 2027');
  });

  it('date ranges: "7–11 December 2026", "30 November – 4 December 2026"', () => {
    expect(formatDates('2026-12-07T08:00:00Z', '2026-12-11T15:00:00Z', 'en')).toBe('7–11 December 2026');
    expect(formatDates('2026-11-30T08:00:00Z', '2026-12-04T15:00:00Z', 'en')).toBe('30 November – 4 December 2026');
  });
});
