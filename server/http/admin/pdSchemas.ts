import { z } from 'zod';
import { CERTIFICATE_RULES, parseHours } from '../../domain/certificates.js';
import { DEFAULT_ATTENDANCE_PERCENT, PLENARY_ATTENDANCE_MODES } from '../../domain/attendance.js';
import { safeLine } from '../schemas.js';

/**
 * Request bodies of the organizer API for professional development:
 * attendance, moving a session, issuing certificates.
 */

const instant = z.iso
  .datetime({ offset: true, error: 'invalid_date' })
  .describe('ISO-8601 date and time with an offset, e.g. 2026-12-07T10:00:00+02:00');

export const AttendanceBody = z.strictObject({
  sessionId: z.int({ error: 'unknown_session' }).positive('unknown_session').describe('A session of the event'),
  emails: z
    .array(z.string({ error: 'invalid' }).max(254, 'too_long:254'), { error: 'invalid' })
    .min(1, 'required')
    .max(2000, 'too_many_emails')
    .describe(
      'E-mail addresses of the people present (compared case-insensitively); those with a confirmed seat ' +
        'in the session are marked attended (source `api`)',
    ),
});

export const SessionTimesBody = z.strictObject({
  startsAt: instant,
  endsAt: instant.describe('After startsAt'),
});

/** A message to the people of the moved sessions, written with paragraphs. */
const moveMessage = (lang: string) =>
  z
    .string({ error: 'invalid' })
    .trim()
    .max(4000, 'too_long:4000')
    .default('')
    .describe(`What the organizers write to the people told, in ${lang} (optional)`);

export const SessionMovesBody = z.strictObject({
  moves: z
    .array(
      z.strictObject({
        sessionId: z.int({ error: 'unknown_session' }).positive('unknown_session').describe('A session of the event'),
        startsAt: instant,
        endsAt: instant.describe('After startsAt'),
      }),
      { error: 'invalid' },
    )
    .min(1, 'required')
    .max(100, 'too_many')
    .describe('Each session once, with its new times'),
  messageLv: moveMessage('Latvian'),
  messageEn: moveMessage('English (Latvian readers get the Latvian text; empty: English readers get it too)'),
});

/** A one-line text that may stay empty: no control, bidi-control or lone surrogate characters. */
const line = (max: number) =>
  z.string({ error: 'invalid' }).trim().max(max, `too_long:${max}`).refine(safeLine, 'invalid_characters').default('');

/** Hours as typed: "1,5", "1.5", "2" (0..99.9, one decimal) -> tenths. */
const hours = z
  .string({ error: 'invalid_hours' })
  .trim()
  .default('0')
  .transform((v, ctx) => {
    const tenths = parseHours(v === '' ? '0' : v);
    if (tenths === null) {
      ctx.addIssue({ code: 'custom', message: 'invalid_hours' });
      return z.NEVER;
    }
    return tenths;
  });

/** A calendar day as YYYY-MM-DD (an <input type="date">); empty: none. */
export const isCalendarDay = (v: string): boolean => {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(v)) return false;
  const d = new Date(`${v}T00:00:00Z`);
  return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === v;
};
const calendarDay = z
  .string({ error: 'invalid_day' })
  .trim()
  .default('')
  .refine((v) => v === '' || isCalendarDay(v), 'invalid_day')
  .transform((v) => (v === '' ? null : v));

/** The attendance import's threshold: a whole per cent 1–100 (80 when not given). */
const thresholdPercent = z
  .int({ error: 'invalid_number' })
  .min(1, 'too_small:1')
  .max(100, 'too_large:100')
  .default(DEFAULT_ATTENDANCE_PERCENT);

/** The certificate settings form of an event (hours of each session come as `hours-<id>`). */
export const CertificateSettingsForm = z.object({
  enabled: z
    .string()
    .optional()
    .transform((v) => v === 'on'),
  issuerLv: line(300),
  issuerEn: line(300),
  signatoryName: line(200),
  signatoryTitleLv: line(200),
  signatoryTitleEn: line(200),
  approvalNumber: line(100).transform((v) => (v === '' ? null : v)),
  approvalDate: calendarDay,
  approvalAuthorityLv: line(300),
  approvalAuthorityEn: line(300),
  numberPrefix: z
    .string()
    .trim()
    .default('')
    .refine((v) => /^[A-Za-z0-9]{0,12}$/.test(v), 'invalid_prefix')
    .transform((v) => v.toUpperCase()),
  rule: z.enum(CERTIFICATE_RULES, { error: 'invalid_choice' }).default('attended'),
  minHours: hours,
  /** Absent from a post (an older form, a script): the stored threshold and plenary mode stay. */
  attendanceThresholdPercent: z
    .string({ error: 'invalid_percent' })
    .trim()
    .refine((v) => /^\d{1,3}$/.test(v) && Number(v) >= 1 && Number(v) <= 100, 'invalid_percent')
    .transform(Number)
    .optional(),
  plenaryAttendance: z.enum(PLENARY_ATTENDANCE_MODES, { error: 'invalid_choice' }).optional(),
});

/** `hours-<session id>` fields of the form, parsed; a bad one is a field error under its own name. */
export function sessionHoursOf(body: unknown): { hours: Map<number, number>; errors: Record<string, string> } {
  const out = new Map<number, number>();
  const errors: Record<string, string> = {};
  for (const [key, value] of Object.entries((body ?? {}) as Record<string, unknown>)) {
    const m = /^hours-(\d{1,9})$/.exec(key);
    if (!m) continue;
    const tenths = typeof value === 'string' ? parseHours(value === '' ? '0' : value) : null;
    if (tenths === null) errors[key] = 'invalid_hours';
    else out.set(Number(m[1]), tenths);
  }
  return { hours: out, errors };
}

export const RevokeForm = z.object({
  reason: z
    .string({ error: 'required' })
    .trim()
    .min(1, 'required')
    .max(500, 'too_long:500')
    .refine(safeLine, 'invalid_characters'),
});

/** What the certificates page says after an action (from its redirect's query). */
export const CertificatesQuery = z.object({
  done: z.enum(['saved', 'issued', 'revoked', 'reissued']).optional().catch(undefined),
  issued: z.coerce.number().int().nonnegative().optional().catch(undefined),
  skipped: z.coerce.number().int().nonnegative().optional().catch(undefined),
});
export type CertificatesDone = z.infer<typeof CertificatesQuery>;

/** Hours in JSON: "1,5", "1.5", "2" or a number (0..99.9, one decimal) -> tenths. */
const jsonHours = z.union([z.string(), z.number()], { error: 'invalid_hours' }).transform((v, ctx) => {
  const tenths = parseHours(String(v) === '' ? '0' : String(v));
  if (tenths === null) {
    ctx.addIssue({ code: 'custom', message: 'invalid_hours' });
    return z.NEVER;
  }
  return tenths;
});

const inLanguages = (max: number, what: string) =>
  z
    .strictObject({
      lv: line(max).describe(`${what}, in Latvian`),
      en: line(max).describe(`${what}, in English`),
    })
    .default({ lv: '', en: '' });

/**
 * The certificate settings of an event, whole, as the back office's settings form has them
 * (PUT /api/v1/admin/events/:slug/certificate-settings).
 */
export const CertificateSettingsBody = z.strictObject({
  enabled: z.boolean({ error: 'invalid_choice' }).describe('Whether the event issues certificates'),
  issuer: inLanguages(300, 'Who issues the certificates (required when enabled)'),
  signatoryName: line(200).describe('Who signs (required when enabled)'),
  signatoryTitle: inLanguages(200, "The signatory's title"),
  approval: z
    .strictObject({
      number: line(100)
        .transform((v) => (v === '' ? null : v))
        .describe("The programme approval's number"),
      date: calendarDay.describe('The day the programme was approved, YYYY-MM-DD'),
      authority: inLanguages(300, 'Who approved the programme'),
    })
    .default({ number: null, date: null, authority: { lv: '', en: '' } })
    .describe('The programme approval (Cabinet Regulation No. 569): printed on every certificate'),
  numberPrefix: z
    .string({ error: 'invalid_prefix' })
    .trim()
    .refine((v) => /^[A-Za-z0-9]{0,12}$/.test(v), 'invalid_prefix')
    .transform((v) => v.toUpperCase())
    .optional()
    .describe('Prefix of certificate numbers (letters and digits, up to 12); absent: kept as it is'),
  rule: z
    .enum(CERTIFICATE_RULES, { error: 'invalid_choice' })
    .default('attended')
    .describe('attended: hours of attended sessions count; all_confirmed: every confirmed session must be attended'),
  minHours: jsonHours.default(0).describe('Fewest hours for a certificate, e.g. "1,5", "1.5" or 2'),
  attendanceThresholdPercent: thresholdPercent.describe(
    "In a meeting report's import, the share of a session's time (1–100 %) that counts as attending it",
  ),
  plenaryAttendance: z
    .enum(PLENARY_ATTENDANCE_MODES, { error: 'invalid_choice' })
    .optional()
    .describe(
      'How the open plenary stream is attended: confirm (an organizer confirms the joined list) or second-join (a second join in its last quarter); absent: kept as it is',
    ),
  sessionHours: z
    .record(z.string().regex(/^\d{1,9}$/, 'unknown_session'), jsonHours, { error: 'invalid' })
    .default({})
    .describe('Hours each session gives, by session id: "2", "1,5" or a number; sessions left out keep theirs'),
});
