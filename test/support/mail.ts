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

/** The text/calendar part of a received message, read back with ical.js. */
export function calendarOf(r: Received): ParsedCalendar | null {
  const part = r.mail.attachments.find((a) => a.contentType.startsWith('text/calendar'));
  if (!part) return null;
  const raw = part.content.toString('utf8');
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
