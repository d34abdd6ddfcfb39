import { z } from 'zod';

/**
 * Request bodies of the organizer API for professional development (issue 18):
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
