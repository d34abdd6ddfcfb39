import { DateTime } from 'luxon';
import { describe, expect, it } from 'vitest';
import { conferenceDays } from '../../seeds/demo.js';

describe('demo programme days', () => {
  it('when the start falls on a weekend, then the five days are the weekdays that follow', () => {
    const days = conferenceDays(DateTime.fromISO('2026-12-19T12:00:00', { zone: 'Europe/Riga' }));
    expect(days.map((d) => d.toISODate())).toEqual([
      '2026-12-21',
      '2026-12-22',
      '2026-12-23',
      '2026-12-24',
      '2026-12-25',
    ]);
  });

  it('when the start is a Wednesday, then the days skip the weekend', () => {
    const days = conferenceDays(DateTime.fromISO('2026-12-16T12:00:00', { zone: 'Europe/Riga' }));
    expect(days.map((d) => d.weekday)).toEqual([3, 4, 5, 1, 2]);
  });
});
