import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  attendedEnough,
  clipTo,
  minutesIn,
  secondJoinAttends,
  sessionMinutes,
  unionOf,
} from '../../server/domain/attendance.js';
import { AppError } from '../../server/domain/errors.js';
import {
  decodeReport,
  durationMinutes,
  namesOf,
  peopleOf,
  readMeetingReport,
  reportTime,
} from '../../server/features/attendance/meetingReport.js';

const ZONE = 'Europe/Riga';
const fixture = (name: string): Uint8Array =>
  new Uint8Array(readFileSync(path.join(import.meta.dirname, '../fixtures/meeting-reports', name)));
/** The workshop the fixtures were exported from: Friday 11 December 2026, 12.00–14.00 in Riga. */
const WORKSHOP = { from: Date.parse('2026-12-11T10:00:00Z'), to: Date.parse('2026-12-11T12:00:00Z') };
const at = (hhmm: string) => Date.parse(`2026-12-11T${hhmm}:00+02:00`);

/** Minutes of each person of a report in the workshop, by e-mail (lower case) or name. */
function minutesOf(file: string): Record<string, number> {
  const report = readMeetingReport(fixture(file), ZONE);
  return Object.fromEntries(
    peopleOf(report.rows).map((p) => [
      p.email?.toLowerCase() ?? p.name,
      minutesIn(p.intervals, WORKSHOP, p.capMinutes),
    ]),
  );
}

describe('the union of a person’s intervals', () => {
  it('adds rejoins, counts parallel connections once and cuts what lies outside the session', () => {
    const rejoin = [
      { from: at('12:00'), to: at('12:50') },
      { from: at('12:55'), to: at('14:00') },
    ];
    expect(minutesIn(rejoin, WORKSHOP)).toBe(115);
    const laptopAndPhone = [
      { from: at('12:00'), to: at('13:20') },
      { from: at('12:10'), to: at('13:30') },
    ];
    expect(minutesIn(laptopAndPhone, WORKSHOP)).toBe(90);
    expect(unionOf(laptopAndPhone)).toEqual([{ from: at('12:00'), to: at('13:30') }]);
    // Joined 29 minutes early and left at the start: nothing of the session.
    expect(minutesIn([{ from: at('11:31'), to: at('12:00') }], WORKSHOP)).toBe(0);
    expect(clipTo([{ from: at('11:30'), to: at('14:30') }], WORKSHOP)).toEqual([WORKSHOP]);
    // One interval inside another, touching ones, and a backwards one.
    expect(
      unionOf([
        { from: at('12:00'), to: at('13:00') },
        { from: at('12:10'), to: at('12:20') },
        { from: at('13:00'), to: at('13:10') },
        { from: at('13:50'), to: at('13:40') },
      ]),
    ).toEqual([{ from: at('12:00'), to: at('13:10') }]);
    // Seconds are kept until the end, then the minutes round down.
    expect(minutesIn([{ from: at('12:00'), to: at('13:35') + 59_000 }], WORKSHOP)).toBe(95);
  });

  it('a total time in the meeting caps a span from first join to last leave', () => {
    expect(minutesIn([{ from: at('12:00'), to: at('13:55') }], WORKSHOP, 80)).toBe(80);
    expect(minutesIn([{ from: at('12:00'), to: at('12:30') }], WORKSHOP, 80)).toBe(30);
  });

  it('attended at the threshold, not a minute below it', () => {
    expect(sessionMinutes(WORKSHOP)).toBe(120);
    expect(attendedEnough(96, 120, 80)).toBe(true);
    expect(attendedEnough(95, 120, 80)).toBe(false);
    expect(attendedEnough(120, 120, 100)).toBe(true);
    expect(attendedEnough(1, 90, 1)).toBe(true);
    expect(attendedEnough(0, 90, 1)).toBe(false);
  });

  it('a second join counts only in the last quarter, after a first join before it', () => {
    const plenary = { from: at('10:00'), to: at('11:30') }; // last quarter from 11.07.30
    const iso = (ms: number) => new Date(ms).toISOString();
    expect(secondJoinAttends(iso(at('09:31')), iso(at('11:10')), plenary)).toBe(true);
    expect(secondJoinAttends(null, iso(at('11:10')), plenary)).toBe(false);
    expect(secondJoinAttends(iso(at('09:31')), iso(at('11:00')), plenary)).toBe(false);
    expect(secondJoinAttends(iso(at('11:08')), iso(at('11:10')), plenary)).toBe(false);
    expect(secondJoinAttends(iso(at('09:31')), iso(at('11:30')), plenary)).toBe(false);
  });
});

describe('reading meeting reports', () => {
  const expected = {
    'dalibnieks.0@skola.lv': 115, // rejoined: 12.00–12.50 and 12.55–14.00
    'dalibnieks.1@skola.lv': 90, // laptop and phone at once: 12.00–13.30 once
    'dalibnieks.2@skola.lv': 100, // joined at 11.30: from 12.00 only
    'JK (Jānis Kalniņš)': 120, // a guest without an address
    'svesais@example.com': 118,
  };

  it('Zoom: the participants CSV with its meeting block, a BOM and US times', () => {
    const report = readMeetingReport(fixture('zoom-participants-us.csv'), ZONE);
    expect(report.kind).toBe('zoom');
    expect(report.rows).toHaveLength(8);
    expect(report.rows.find((r) => r.name === 'JK (Jānis Kalniņš)')).toMatchObject({ email: null, guest: true });
    expect(report.rows[1]?.intervals[0]?.from).toBe(Date.parse('2026-12-11T09:55:03Z'));
    expect(minutesOf('zoom-participants-us.csv')).toEqual({ ...expected, 'vaditaja@skola.lv': 120 });
  });

  it('Zoom: without the meeting block, ISO times and the newer lower-case headers', () => {
    expect(minutesOf('zoom-participants-iso.csv')).toEqual(expected);
  });

  it('Teams: UTF-16 LE, tab-separated, the joins of „In-Meeting Activities”', () => {
    const report = readMeetingReport(fixture('teams-attendance-utf16.csv'), ZONE);
    expect(report.kind).toBe('teams');
    expect(report.rows).toHaveLength(7);
    const { 'JK (Jānis Kalniņš)': zoomGuest, ...others } = expected;
    expect(minutesOf('teams-attendance-utf16.csv')).toEqual({ ...others, 'Jānis Kalniņš (Guest)': zoomGuest });
  });

  it('Teams: UTF-8 and commas, participants only: first join to last leave, capped at the time in the meeting', () => {
    const report = readMeetingReport(fixture('teams-attendance-comma.csv'), ZONE);
    expect(report.kind).toBe('teams');
    expect(minutesOf('teams-attendance-comma.csv')).toEqual({
      'dalibnieks.0@skola.lv': 120,
      'dalibnieks.1@skola.lv': 80,
    });
  });

  it('reads times in the event’s zone unless the file names another', () => {
    const csv = (extra: string, time: string) =>
      new TextEncoder().encode(
        `${extra}Name (Original Name),User Email,Join Time,Leave Time\nA,a@b.lv,${time},12/11/2026 02:00:00 PM\n`,
      );
    const first = (bytes: Uint8Array, zone = ZONE) => readMeetingReport(bytes, zone).rows[0]?.intervals[0]?.from;
    expect(first(csv('', '12/11/2026 12:00:00 PM'))).toBe(Date.parse('2026-12-11T10:00:00Z'));
    expect(first(csv('', '12/11/2026 12:00:00 PM'), 'Europe/Berlin')).toBe(Date.parse('2026-12-11T11:00:00Z'));
    expect(first(csv('Time zone,UTC\n\n', '12/11/2026 12:00:00 PM'))).toBe(Date.parse('2026-12-11T12:00:00Z'));
    expect(first(csv('Time zone,(UTC+01:00) Amsterdam\n\n', '12/11/2026 12:00:00 PM'))).toBe(
      Date.parse('2026-12-11T11:00:00Z'),
    );
    expect(first(csv('', '2026-12-11T12:00:00Z'))).toBe(Date.parse('2026-12-11T12:00:00Z'));
  });

  it('knows the time forms of the exports, and their durations', () => {
    const riga = (iso: string) => Date.parse(iso);
    expect(reportTime('12/11/2026 09:58:03 AM', ZONE)).toBe(riga('2026-12-11T07:58:03Z'));
    expect(reportTime('12/11/26, 9:58:03\u202fPM', ZONE)).toBe(riga('2026-12-11T19:58:03Z'));
    expect(reportTime('12/11/2026 21:58', ZONE)).toBe(riga('2026-12-11T19:58:00Z'));
    expect(reportTime('2026-12-11 09:58:03', ZONE)).toBe(riga('2026-12-11T07:58:03Z'));
    expect(reportTime('2026-12-11T09:58:03+01:00', ZONE)).toBe(riga('2026-12-11T08:58:03Z'));
    expect(reportTime('11.12.2026 9:58', ZONE)).toBeNull();
    expect(reportTime('', ZONE)).toBeNull();
    expect(durationMinutes('1h 4m 30s')).toBe(64.5);
    expect(durationMinutes('45m')).toBe(45);
    expect(durationMinutes('30s')).toBe(0.5);
    expect(durationMinutes('2h')).toBe(120);
    expect(durationMinutes('55')).toBe(55);
    expect(durationMinutes('soon')).toBeNull();
  });

  it('decodes UTF-16 LE with and without its BOM, and UTF-8 with and without one', () => {
    const text = 'Name,Email\nĀ,a@b.lv\n';
    const utf16 = new Uint8Array(Buffer.from(text, 'utf16le'));
    expect(decodeReport(new Uint8Array([0xff, 0xfe, ...utf16]))).toBe(text);
    expect(decodeReport(utf16)).toBe(text);
    expect(decodeReport(new Uint8Array([0xef, 0xbb, 0xbf, ...Buffer.from(text)]))).toBe(text);
    expect(decodeReport(new Uint8Array(Buffer.from(text)))).toBe(text);
  });

  it('refuses a file without a table of joins, naming the columns, and a time it cannot read, naming its column', () => {
    const refusal = (text: string) => {
      try {
        readMeetingReport(new TextEncoder().encode(text), ZONE);
      } catch (err) {
        if (err instanceof AppError) return { code: err.code, fields: err.fields };
        throw err;
      }
      return null;
    };
    const columns = { code: 'invalid_input', fields: { file: 'report_columns' } };
    expect(refusal('Full Name,User Action,Timestamp\nA,Joined,12/11/2026 12:00:00 PM\n')).toEqual(columns);
    expect(refusal('')).toEqual(columns);
    expect(refusal('\u0000\u0001binary')).toEqual(columns);
    expect(refusal('Name,Email,Join Time,Leave Time\nA,a@b.lv,tomorrow,12/11/2026 02:00:00 PM\n')).toEqual({
      code: 'invalid_input',
      fields: { file: 'report_time:Join Time' },
    });
    // Headers only: readable, nobody in it.
    expect(readMeetingReport(new TextEncoder().encode('Name,Email,Join Time,Leave Time\n'), ZONE).rows).toEqual([]);
  });

  it('groups rows by address in any case, else by name; Zoom’s renamed name offers both for a suggestion', () => {
    const row = (name: string, email: string | null, from: string, to: string) => ({
      name,
      email,
      guest: email === null,
      intervals: [{ from: at(from), to: at(to) }],
    });
    const people = peopleOf([
      row('Anna', 'A@B.lv', '12:00', '12:30'),
      row('Anna (tālrunis)', 'a@b.LV', '12:20', '13:00'),
      row('Guest', null, '12:00', '12:10'),
      row('Guest', null, '13:00', '13:10'),
    ]);
    expect(people).toHaveLength(2);
    expect(people.map((p) => minutesIn(p.intervals, WORKSHOP))).toEqual([60, 20]);
    expect(namesOf('JK (Jānis  Kalniņš)')).toEqual(['JK (Jānis Kalniņš)', 'JK', 'Jānis Kalniņš']);
    expect(namesOf(' Anna Bērziņa ')).toEqual(['Anna Bērziņa']);
  });
});
