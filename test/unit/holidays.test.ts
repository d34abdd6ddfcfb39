import { describe, expect, it } from 'vitest';
import { dayWarning, easterSunday, holidaysOf, holidaysOn } from '../../server/domain/holidays.js';

describe('Latvian public holidays', () => {
  it('when Easter is computed, then it falls on the known Sundays', () => {
    expect(easterSunday(2024)).toBe('2024-03-31');
    expect(easterSunday(2025)).toBe('2025-04-20');
    expect(easterSunday(2026)).toBe('2026-04-05');
    expect(easterSunday(2027)).toBe('2027-03-28');
    expect(easterSunday(2028)).toBe('2028-04-16');
    expect(easterSunday(2038)).toBe('2038-04-25');
    expect(easterSunday(2285)).toBe('2285-03-22');
  });

  it('when the year is 2026, then the list is the law’s, with Easter’s days and Whitsunday moved with Easter', () => {
    expect(holidaysOf(2026).map((h) => `${h.date} ${h.code}`)).toEqual([
      '2026-01-01 newYear',
      '2026-04-03 goodFriday',
      '2026-04-05 easter',
      '2026-04-06 easterMonday',
      '2026-05-01 labourDay',
      '2026-05-04 independence',
      '2026-05-10 mothersDay',
      '2026-05-24 whitsunday',
      '2026-06-23 midsummerEve',
      '2026-06-24 midsummer',
      '2026-11-18 proclamation',
      '2026-12-24 christmasEve',
      '2026-12-25 christmas',
      '2026-12-26 secondChristmas',
      '2026-12-31 newYearsEve',
    ]);
  });

  it('when 4 May or 18 November falls on a weekend, then the Monday after is a day off', () => {
    // 4 May 2025 was a Sunday; 4 May 2024 a Saturday
    expect(holidaysOn('2025-05-05')).toEqual(['independenceMoved']);
    expect(holidaysOn('2024-05-06')).toEqual(['independenceMoved']);
    // 18 November 2028 is a Saturday, 2029 a Sunday
    expect(holidaysOn('2028-11-20')).toEqual(['proclamationMoved']);
    expect(holidaysOn('2029-11-19')).toEqual(['proclamationMoved']);
    // on a weekday nothing moves
    expect(holidaysOn('2026-05-05')).toEqual([]);
    expect(holidaysOn('2026-11-19')).toEqual([]);
  });

  it('when a day is a remembrance day or an ordinary day, then it is no holiday', () => {
    expect(holidaysOn('2026-11-11')).toEqual([]); // Lāčplēša diena: remembered, worked
    expect(holidaysOn('2027-03-25')).toEqual([]);
    expect(holidaysOn('2027-03-26')).toEqual(['goodFriday']);
  });

  it('when Whitsunday is Mother’s Day, then the day carries both', () => {
    expect(holidaysOn('2008-05-11')).toEqual(['mothersDay', 'whitsunday']);
  });

  it('when a moment is read in Riga, then its day is Riga’s (late evening UTC can be the next day)', () => {
    // 22.30 UTC on Thursday 23 June 2027 is 1.30 on Friday 24 June in Riga
    expect(dayWarning('2027-06-23T22:30:00Z')).toEqual({ weekend: null, holidays: ['midsummer'] });
    expect(dayWarning('2027-01-09T08:00:00Z')).toEqual({ weekend: 'saturday', holidays: [] });
    expect(dayWarning('2027-01-12T08:00:00Z')).toBeNull();
  });
});
