import ICAL from 'ical.js';
import { pino } from 'pino';
import { Composer } from '../../server/mail/compose.js';
import { OutboxDispatcher, type DispatcherOptions } from '../../server/mail/dispatcher.js';
import type { MailTransport } from '../../server/mail/transport.js';
import type { TestApp } from './app.js';
import type { Received } from './smtp.js';

export function dispatcherFor(
  t: TestApp,
  transport: MailTransport,
  options: Partial<DispatcherOptions> = {},
  clock: () => Date = t.ctx.clock,
  busy?: () => boolean,
) {
  const composer = new Composer({
    db: t.ctx.db,
    tokens: t.ctx.tokens,
    baseUrl: t.ctx.baseUrl,
    mailFrom: t.ctx.mailFrom,
    replyTo: t.ctx.replyTo ?? null,
    mailDomain: t.ctx.mailDomain,
  });
  return new OutboxDispatcher(
    { db: t.ctx.db, transport, composer, clock, logger: pino({ level: 'silent' }), busy },
    { baseDelayMs: 20, maxDelayMs: 200, pollMs: 25, ...options },
  );
}

export interface ParsedCalendar {
  method: string;
  raw: string;
  hasTimezone: boolean;
  events: {
    uid: string;
    sequence: number;
    tzid: string | null;
    start: string;
    summary: string;
    status: string | null;
  }[];
}

/** One calendar part of a received message, read back with ical.js. */
function parseCalendar(raw: string): ParsedCalendar {
  const calendar = new ICAL.Component(ICAL.parse(raw));
  return {
    method: String(calendar.getFirstPropertyValue('method')),
    raw,
    hasTimezone: calendar
      .getAllSubcomponents('vtimezone')
      .some((z) => z.getFirstPropertyValue('tzid') === 'Europe/Riga'),
    events: calendar.getAllSubcomponents('vevent').map((e) => {
      const dtstart = e.getFirstProperty('dtstart');
      const start = dtstart?.getFirstValue() as ICAL.Time | undefined;
      return {
        uid: String(e.getFirstPropertyValue('uid')),
        sequence: Number(e.getFirstPropertyValue('sequence')),
        tzid: (dtstart?.getParameter('tzid') as string | undefined) ?? null,
        start: start ? start.toString() : '',
        summary: String(e.getFirstPropertyValue('summary')),
        status: (e.getFirstPropertyValue('status') as string | null) ?? null,
      };
    }),
  };
}

/**
 * Every text/calendar part of a received message, in the order of the raw MIME message,
 * read back with ical.js; `contentMethod` is the method= of the part's Content-Type.
 */
export function calendarsOf(r: Received): (ParsedCalendar & { contentMethod: string | null })[] {
  return r.mail.attachments
    .filter((a) => a.contentType.startsWith('text/calendar'))
    .map((a) => {
      const type = a.headers?.get('content-type') as { params?: Record<string, string> } | undefined;
      return { ...parseCalendar(a.content.toString('utf8')), contentMethod: type?.params?.method ?? null };
    });
}

/** The first text/calendar part of a received message (the invite nodemailer sends as icalEvent). */
export function calendarOf(r: Received): ParsedCalendar | null {
  return calendarsOf(r)[0] ?? null;
}
