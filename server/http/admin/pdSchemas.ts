import { z } from 'zod';
import { CERTIFICATE_RULES, parseHours } from '../../domain/certificates.js';
import { PLENARY_ATTENDANCE_MODES } from '../../domain/attendance.js';
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
  numberPrefix: z
    .string()
    .trim()
    .default('')
    .refine((v) => /^[A-Za-z0-9]{0,12}$/.test(v), 'invalid_prefix')
    .transform((v) => v.toUpperCase()),
  rule: z.enum(CERTIFICATE_RULES, { error: 'invalid_choice' }).default('attended'),
  minHours: hours,
  attendanceThresholdPercent: z
    .string({ error: 'invalid_percent' })
    .trim()
    .default('80')
    .refine((v) => /^\d{1,3}$/.test(v) && Number(v) >= 1 && Number(v) <= 100, 'invalid_percent')
    .transform(Number),
  plenaryAttendance: z.enum(PLENARY_ATTENDANCE_MODES, { error: 'invalid_choice' }).default('confirm'),
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
