import { DateTime } from 'luxon';
import { LV_MONTHS_LOCATIVE, ZONE, type Lang } from './time.js';
import type { Programme } from './types.js';
import type { PlenaryAttendanceMode } from './attendance.js';

/** Who gets a certificate and for how many hours: an event's settings. */
export interface CertificateSettings {
  eventId: number;
  enabled: boolean;
  issuer: Record<Lang, string>;
  signatoryName: string;
  signatoryTitle: Record<Lang, string>;
  approvalNumber: string | null;
  /** The day the programme was approved (YYYY-MM-DD), printed dd.mm.gggg. (Reg. 569). */
  approvalDate: string | null;
  /** Who approved the programme, in each language. */
  approvalAuthority: Record<Lang, string>;
  numberPrefix: string;
  rule: CertificateRule;
  minHoursTenths: number;
  /** The share of a session's length (1–100 %) a meeting report must show for attendance. */
  attendanceThresholdPercent: number;
  /** How the open plenary stream, which has no meeting report, is attended. */
  plenaryAttendance: PlenaryAttendanceMode;
}

/**
 * `attended`: the hours of every attended session count; `all_confirmed`: a person is
 * eligible only when every session they held a confirmed seat in was attended.
 */
export const CERTIFICATE_RULES = ['attended', 'all_confirmed'] as const;
export type CertificateRule = (typeof CERTIFICATE_RULES)[number];

export type CertificateStatus = 'valid' | 'revoked' | 'replaced';

/** A confirmed seat as eligibility sees it: its session's hours and whether it was attended. */
export interface SeatHours {
  sessionId: number;
  hoursTenths: number;
  attended: boolean;
}

/** A confirmed seat with the end of its session: whether its hours count yet. */
export interface SessionSeatHours extends SeatHours {
  endsAt: string;
}

/**
 * Only what happened counts: the seats of sessions that have ended by `now`. A session
 * still to come or under way gives no hours (nor, under all_confirmed, a session to
 * have attended) until it ends.
 */
export function endedSeats<S extends SessionSeatHours>(seats: readonly S[], now: Date): S[] {
  return seats.filter((s) => Date.parse(s.endsAt) <= now.getTime());
}

/** Hours in tenths (exact): 15 is 1.5 hours. */
export function eligibility(
  seats: readonly SeatHours[],
  settings: Pick<CertificateSettings, 'rule' | 'minHoursTenths'>,
): { eligible: boolean; hoursTenths: number; sessionIds: number[] } {
  const attended = seats.filter((s) => s.attended && s.hoursTenths > 0);
  const hoursTenths = attended.reduce((sum, s) => sum + s.hoursTenths, 0);
  const everyOne = seats.filter((s) => s.hoursTenths > 0).every((s) => s.attended);
  const eligible =
    hoursTenths > 0 && hoursTenths >= settings.minHoursTenths && (settings.rule !== 'all_confirmed' || everyOne);
  return { eligible, hoursTenths, sessionIds: attended.map((s) => s.sessionId) };
}

/** Why a person with confirmed seats gets no certificate now (the back office names it). */
export type NoCertificateReason = 'not_ended' | 'no_attendance' | 'no_hours' | 'missed_session' | 'too_few_hours';

/**
 * Why `seats` (all of a person's confirmed seats) earn no certificate at `now`, or null
 * when they do: sessions with hours still to end come first (the person may yet attend),
 * then no attendance at all, attended sessions without hours, a missed session under
 * all_confirmed, too few hours.
 */
export function whyNoCertificate(
  seats: readonly SessionSeatHours[],
  now: Date,
  settings: Pick<CertificateSettings, 'rule' | 'minHoursTenths'>,
): NoCertificateReason | null {
  const ended = endedSeats(seats, now);
  const e = eligibility(ended, settings);
  if (e.eligible) return null;
  if (seats.some((s) => s.hoursTenths > 0 && Date.parse(s.endsAt) > now.getTime())) return 'not_ended';
  if (!ended.some((s) => s.attended)) return 'no_attendance';
  if (e.hoursTenths === 0) return 'no_hours';
  if (settings.rule === 'all_confirmed' && ended.some((s) => s.hoursTenths > 0 && !s.attended)) return 'missed_session';
  return 'too_few_hours';
}

/** "1,5" (lv, decimal comma) / "1.5" (en); whole hours without a decimal. */
export function formatHours(tenths: number, lang: Lang): string {
  const text = tenths % 10 === 0 ? String(tenths / 10) : (tenths / 10).toFixed(1);
  return lang === 'lv' ? text.replace('.', ',') : text;
}

const LV_HOURS: Record<string, string> = { one: 'stunda', zero: 'stundu', other: 'stundas' };
const lvPlural = new Intl.PluralRules('lv');

/** "1,5 stundas", "1 stunda", "10 stundu", "21 stunda" / "1.5 hours", "1 hour". */
export function hoursPhrase(tenths: number, lang: Lang): string {
  const n = formatHours(tenths, lang);
  const whole = tenths % 10 === 0;
  if (lang === 'en') return `${n} ${whole && tenths === 10 ? 'hour' : 'hours'}`;
  // A decimal (1,5) takes "stundas"; whole numbers follow Intl.PluralRules('lv').
  return `${n} ${whole ? (LV_HOURS[lvPlural.select(tenths / 10)] ?? 'stundas') : 'stundas'}`;
}

/** Hours typed by an organizer: "1,5", "1.5", "2" → tenths; null when it is not 0..99.9 with one decimal. */
export function parseHours(input: string): number | null {
  const m = /^\s*(\d{1,2})(?:[.,](\d))?\s*$/.exec(input);
  if (!m) return null;
  return Number(m[1]) * 10 + Number(m[2] ?? 0);
}

/** "SVB-0007": the readable number, sequential per event. */
export const certificateNumberText = (prefix: string, n: number): string =>
  `${prefix ? `${prefix}-` : ''}${String(n).padStart(4, '0')}`;

/** A default prefix from the event's slug: its words' initials, upper case ("skola-vecaki-berni" → "SVB"). */
export const defaultPrefix = (slug: string): string =>
  slug
    .split('-')
    .filter(Boolean)
    .map((w) => w[0]?.toUpperCase() ?? '')
    .join('')
    .slice(0, 8);

/**
 * "2026. gada 7.–11. decembrī" / "7–11 December 2026" (the days of the event, in Riga): the
 * locative a sentence needs ("notika … decembrī"); `nominative` for a table's cell or a
 * list's value ("2026. gada 7.–11. decembris").
 */
export function dateSpan(
  startIso: string,
  endIso: string,
  lang: Lang,
  form: 'locative' | 'nominative' = 'locative',
): string {
  const a = DateTime.fromISO(startIso, { zone: 'utc' }).setZone(ZONE).setLocale(lang);
  const b = DateTime.fromISO(endIso, { zone: 'utc' }).setZone(ZONE).setLocale(lang);
  if (lang === 'en') {
    if (a.hasSame(b, 'day')) return a.toFormat('d MMMM yyyy');
    if (a.hasSame(b, 'month')) return `${a.day}–${b.toFormat('d MMMM yyyy')}`;
    return `${a.toFormat('d MMMM')} – ${b.toFormat('d MMMM yyyy')}`;
  }
  const m = (d: DateTime) => (form === 'nominative' ? d.toFormat('MMMM') : (LV_MONTHS_LOCATIVE[d.month - 1] ?? ''));
  if (a.hasSame(b, 'day')) return `${a.year}. gada ${a.day}. ${m(a)}`;
  if (a.hasSame(b, 'month')) return `${a.year}. gada ${a.day}.–${b.day}. ${m(b)}`;
  if (a.hasSame(b, 'year')) return `${a.year}. gada ${a.day}. ${m(a)} – ${b.day}. ${m(b)}`;
  return `${a.year}. gada ${a.day}. ${m(a)} – ${b.year}. gada ${b.day}. ${m(b)}`;
}

/** "2026. gada 14. decembris" / "14 December 2026": a date on its own. */
export function dateAlone(iso: string, lang: Lang): string {
  const d = DateTime.fromISO(iso, { zone: 'utc' }).setZone(ZONE).setLocale(lang);
  return lang === 'en' ? d.toFormat('d MMMM yyyy') : `${d.year}. gada ${d.toFormat('d. MMMM')}`;
}

/** What a certificate says, kept as issued (the PDF stays the same whatever changes later). */
export interface CertificateContent {
  event: { title: Record<Lang, string>; startsAt: string; endsAt: string };
  sessions: { title: Record<Lang, string>; startsAt: string; endsAt: string; hoursTenths: number }[];
  issuer: Record<Lang, string>;
  signatoryName: string;
  signatoryTitle: Record<Lang, string>;
  approvalNumber: string | null;
  /** Absent on certificates issued before the approval's date and authority were kept. */
  approvalDate?: string | null;
  approvalAuthority?: Record<Lang, string>;
}

/** What a certificate of this person says, from the programme and settings as they are now. */
export function contentOf(
  programme: Programme,
  settings: CertificateSettings,
  seats: readonly SeatHours[],
  sessionIds: readonly number[],
): CertificateContent {
  const sessions = programme.sessions.filter((s) => sessionIds.includes(s.id));
  const all = seats.length ? programme.sessions.filter((s) => seats.some((x) => x.sessionId === s.id)) : sessions;
  const hoursOf = new Map(seats.map((s) => [s.sessionId, s.hoursTenths]));
  const first = all.reduce((a, s) => (s.startsAt < a ? s.startsAt : a), all[0]?.startsAt ?? '');
  const last = all.reduce((a, s) => (s.endsAt > a ? s.endsAt : a), all[0]?.endsAt ?? '');
  return {
    event: { title: programme.event.title, startsAt: first, endsAt: last },
    sessions: sessions.map((s) => ({
      title: s.title,
      startsAt: s.startsAt,
      endsAt: s.endsAt,
      hoursTenths: hoursOf.get(s.id) ?? 0,
    })),
    issuer: settings.issuer,
    signatoryName: settings.signatoryName,
    signatoryTitle: settings.signatoryTitle,
    approvalNumber: settings.approvalNumber,
    approvalDate: settings.approvalDate,
    approvalAuthority: settings.approvalAuthority,
  };
}
