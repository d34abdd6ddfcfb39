import { describe, expect, it } from 'vitest';
import {
  certificateNumberText,
  dateAlone,
  dateSpan,
  defaultPrefix,
  eligibility,
  endedSeats,
  formatHours,
  hoursPhrase,
  parseHours,
  whyNoCertificate,
} from '../../server/domain/certificates.js';
import { joinDecision } from '../../server/domain/joinLink.js';

describe('certificate rules', () => {
  const seat = (sessionId: number, hoursTenths: number, attended: boolean) => ({ sessionId, hoursTenths, attended });

  it('counts the hours of attended sessions; a minimum and the all-confirmed rule decide eligibility', () => {
    const seats = [seat(1, 15, true), seat(2, 20, false), seat(3, 0, false)];
    expect(eligibility(seats, { rule: 'attended', minHoursTenths: 15 })).toEqual({
      eligible: true,
      hoursTenths: 15,
      sessionIds: [1],
    });
    expect(eligibility(seats, { rule: 'attended', minHoursTenths: 16 }).eligible).toBe(false);
    // A session that gives no hours need not be attended under all_confirmed.
    expect(eligibility(seats, { rule: 'all_confirmed', minHoursTenths: 0 }).eligible).toBe(false);
    expect(
      eligibility([seat(1, 15, true), seat(3, 0, false)], { rule: 'all_confirmed', minHoursTenths: 0 }).eligible,
    ).toBe(true);
    // Nobody gets a certificate for no hours.
    expect(eligibility([seat(3, 0, true)], { rule: 'attended', minHoursTenths: 0 }).eligible).toBe(false);
  });

  it('counts only sessions that have ended: one under way or to come gives no hours, nor a session to have attended', () => {
    const ends = (sessionId: number, hoursTenths: number, attended: boolean, endsAt: string) => ({
      ...seat(sessionId, hoursTenths, attended),
      endsAt,
    });
    const seats = [
      ends(1, 15, true, '2026-11-30T09:30:00.000Z'),
      ends(2, 20, true, '2026-11-30T12:00:00.000Z'),
      ends(3, 20, false, '2026-12-01T12:00:00.000Z'),
    ];
    const at = (iso: string) =>
      eligibility(endedSeats(seats, new Date(iso)), { rule: 'all_confirmed', minHoursTenths: 0 });
    expect(at('2026-11-30T09:29:59.999Z')).toEqual({ eligible: false, hoursTenths: 0, sessionIds: [] });
    // The end itself counts as ended.
    expect(at('2026-11-30T09:30:00.000Z')).toEqual({ eligible: true, hoursTenths: 15, sessionIds: [1] });
    expect(at('2026-11-30T12:00:00.000Z')).toEqual({ eligible: true, hoursTenths: 35, sessionIds: [1, 2] });
    // Once the third (missed) has ended, all_confirmed asks for it too.
    expect(at('2026-12-01T12:00:00.000Z').eligible).toBe(false);
  });

  it('writes hours as a Latvian or English reader expects', () => {
    expect(formatHours(15, 'lv')).toBe('1,5');
    expect(formatHours(15, 'en')).toBe('1.5');
    expect(formatHours(20, 'lv')).toBe('2');
    expect(hoursPhrase(10, 'lv')).toBe('1 stunda');
    expect(hoursPhrase(15, 'lv')).toBe('1,5 stundas');
    expect(hoursPhrase(20, 'lv')).toBe('2 stundas');
    expect(hoursPhrase(100, 'lv')).toBe('10 stundu');
    expect(hoursPhrase(110, 'lv')).toBe('11 stundu');
    expect(hoursPhrase(210, 'lv')).toBe('21 stunda');
    expect(hoursPhrase(10, 'en')).toBe('1 hour');
    expect(hoursPhrase(15, 'en')).toBe('1.5 hours');
  });

  it('reads hours as organizers type them, and refuses anything else', () => {
    expect(parseHours('1,5')).toBe(15);
    expect(parseHours(' 1.5 ')).toBe(15);
    expect(parseHours('2')).toBe(20);
    expect(parseHours('99,9')).toBe(999);
    for (const bad of ['1,55', '-1', '100', '1e1', '', 'abc', '1,']) expect(parseHours(bad), bad).toBeNull();
  });

  it('numbers and prefixes, dates in Latvian (locative for a span) and English', () => {
    expect(certificateNumberText('SVB', 7)).toBe('SVB-0007');
    expect(certificateNumberText('', 12345)).toBe('12345');
    expect(defaultPrefix('skola-vecaki-berni')).toBe('SVB');
    expect(dateSpan('2026-12-07T08:00:00Z', '2026-12-11T12:00:00Z', 'lv')).toBe('2026. gada 7.–11. decembrī');
    expect(dateSpan('2026-11-30T08:00:00Z', '2026-12-04T12:00:00Z', 'lv')).toBe(
      '2026. gada 30. novembrī – 4. decembrī',
    );
    // A list's value is in the nominative: "… decembris", not "… decembrī".
    expect(dateSpan('2026-12-07T08:00:00Z', '2026-12-11T12:00:00Z', 'lv', 'nominative')).toBe(
      '2026. gada 7.–11. decembris',
    );
    expect(dateSpan('2027-01-05T08:00:00Z', '2027-01-05T12:00:00Z', 'lv', 'nominative')).toBe('2027. gada 5. janvāris');
    expect(dateSpan('2026-11-30T08:00:00Z', '2026-12-04T12:00:00Z', 'lv', 'nominative')).toBe(
      '2026. gada 30. novembris – 4. decembris',
    );
    expect(dateSpan('2026-12-07T08:00:00Z', '2026-12-07T12:00:00Z', 'en')).toBe('7 December 2026');
    expect(dateSpan('2026-12-07T08:00:00Z', '2026-12-11T12:00:00Z', 'en')).toBe('7–11 December 2026');
    expect(dateAlone('2026-12-20T10:00:00Z', 'lv')).toBe('2026. gada 20. decembris');
    expect(dateAlone('2026-12-20T10:00:00Z', 'en')).toBe('20 December 2026');
  });
});

describe('personal join link decision', () => {
  const session = {
    kind: 'workshop' as const,
    regionId: 'riga',
    startsAt: '2026-12-07T10:00:00.000Z',
    endsAt: '2026-12-07T12:00:00.000Z',
    status: 'scheduled' as const,
    joinUrl: 'https://meet.example/x',
  };
  const event = { joinLinkMinutes: 30 };
  const confirmed = { status: 'confirmed', registrationStatus: 'active' };
  const at = (iso: string) => new Date(iso);

  it('leads on only inside the window, to the meeting or, for a plenary, the stream', () => {
    expect(joinDecision(confirmed, session, event, at('2026-12-07T09:29:59Z'))).toEqual({
      kind: 'early',
      from: '2026-12-07T09:30:00.000Z',
    });
    expect(joinDecision(confirmed, session, event, at('2026-12-07T09:30:00Z'))).toEqual({ kind: 'go', to: 'meeting' });
    expect(joinDecision(confirmed, session, event, at('2026-12-07T11:59:59Z'))).toEqual({ kind: 'go', to: 'meeting' });
    expect(joinDecision(confirmed, session, event, at('2026-12-07T12:00:00Z'))).toEqual({ kind: 'ended' });
    expect(
      joinDecision(confirmed, { ...session, kind: 'plenary', joinUrl: null }, event, at('2026-12-07T10:00:00Z')),
    ).toEqual({ kind: 'go', to: 'stream' });
    expect(joinDecision(confirmed, { ...session, joinUrl: null }, event, at('2026-12-07T10:00:00Z'))).toEqual({
      kind: 'no_link',
    });
  });

  it('says why for a waitlisted or cancelled seat, a cancelled registration or session', () => {
    const now = at('2026-12-07T10:00:00Z');
    expect(joinDecision({ status: 'waitlisted', registrationStatus: 'active' }, session, event, now).kind).toBe(
      'waitlisted',
    );
    expect(joinDecision({ status: 'cancelled', registrationStatus: 'active' }, session, event, now).kind).toBe(
      'cancelled',
    );
    expect(joinDecision({ status: 'confirmed', registrationStatus: 'cancelled' }, session, event, now).kind).toBe(
      'cancelled',
    );
    expect(joinDecision(confirmed, { ...session, status: 'cancelled' }, event, now).kind).toBe('session_cancelled');
  });
});

describe('why a person gets no certificate', () => {
  const now = new Date('2026-12-01T12:00:00Z');
  const ended = '2026-12-01T10:00:00Z';
  const later = '2026-12-02T10:00:00Z';
  const seat = (hoursTenths: number, attended: boolean, endsAt = ended) => ({
    sessionId: 1,
    hoursTenths,
    attended,
    endsAt,
  });
  const attended = { rule: 'attended' as const, minHoursTenths: 15 };

  it('names the first thing that keeps it: sessions still to end, no attendance, no hours, a missed one, too few hours', () => {
    expect(whyNoCertificate([seat(20, true)], now, attended)).toBeNull();
    expect(whyNoCertificate([seat(10, true), seat(20, false, later)], now, attended)).toBe('not_ended');
    expect(whyNoCertificate([seat(20, false)], now, attended)).toBe('no_attendance');
    expect(whyNoCertificate([seat(0, true)], now, attended)).toBe('no_hours');
    expect(whyNoCertificate([seat(20, true), seat(20, false)], now, { rule: 'all_confirmed', minHoursTenths: 0 })).toBe(
      'missed_session',
    );
    expect(whyNoCertificate([seat(10, true)], now, attended)).toBe('too_few_hours');
  });
});
