import ical, { escape, foldLines, ICalCalendarMethod, ICalEventStatus } from 'ical-generator';
import { DateTime } from 'luxon';
import { tzlib_get_ical_block } from 'timezones-ical-library';

/** The iTIP methods of invites (RFC 5546); a feed has none. */
export type CalendarMethod = 'REQUEST' | 'CANCEL';

export interface CalendarEntry {
  /** Stable per seat (invites) or per session (public feed). */
  uid: string;
  /** From the session's change counter: a higher one replaces what a client holds. */
  sequence: number;
  startsAt: string;
  endsAt: string;
  summary: string;
  description: string;
  url?: string | null;
  location?: string | null;
}

interface CalendarBase {
  name: string;
  timezone: string;
  now: Date;
}

/**
 * An invite to one person, sent by e-mail: a scheduling message with its organizer, about
 * one event (one UID). Outlook and Gmail act on one event of an invite; a message about
 * several seats carries one invite for each (mail/compose.ts).
 */
export interface InviteOptions extends CalendarBase {
  method: CalendarMethod;
  organizer: { name: string; email: string };
  attendee: { name: string; email: string };
  entry: CalendarEntry;
}

/**
 * A feed that is subscribed to or imported: no METHOD, so it is no scheduling message
 * and needs no ORGANIZER (RFC 5546 requires one with METHOD:PUBLISH). It may hold no
 * event at all and is still a calendar: its VTIMEZONE is the component RFC 5545 asks for.
 */
export interface FeedOptions extends CalendarBase {
  method: null;
  entries: CalendarEntry[];
}

export type CalendarOptions = InviteOptions | FeedOptions;

const METHODS: Record<CalendarMethod, ICalCalendarMethod> = {
  REQUEST: ICalCalendarMethod.REQUEST,
  CANCEL: ICalCalendarMethod.CANCEL,
};

const vtimezones = new Map<string, string | null>();

/** The VTIMEZONE block, so that clients (Outlook above all) read local times right. */
function vtimezone(tz: string): string | null {
  if (!vtimezones.has(tz)) {
    const block = tzlib_get_ical_block(tz);
    const text = Array.isArray(block) ? (block[0] ?? null) : null;
    vtimezones.set(tz, text ? text.replace(/\r?\n/g, '\r\n').replace(/(\r\n)+$/, '') : null);
  }
  return vtimezones.get(tz) ?? null;
}

/**
 * Text as a calendar may hold it: a line break of any kind becomes one newline; other
 * control characters (RFC 5545 allows none but HTAB, and no client shows C1) are dropped.
 */
export function calendarText(value: string): string {
  return value.replace(/\r\n?/g, '\n').replace(/[^\P{Cc}\t\n]/gu, '');
}

/**
 * A parameter value (RFC 5545 §3.2 with RFC 6868): a plain token as it is; anything else
 * quoted, with ^ as ^^, a newline as ^n and " as ^'. Nothing a person types can end the
 * value, add a parameter or start the property's value.
 */
export function paramValue(value: string): string {
  if (/^[A-Za-z0-9-]+$/.test(value)) return value;
  const encoded = calendarText(value).replace(/[\^\n"]/g, (c) => (c === '^' ? '^^' : c === '\n' ? '^n' : "^'"));
  return `"${encoded}"`;
}

/** A mailto: URI for an address, every character with a meaning in a URI percent-encoded. */
function mailto(address: string): string {
  return `mailto:${address.replace(/[^A-Za-z0-9.!$'*+\-=_~@\u00a0-\uffff]/g, (c) => encodeURIComponent(c))}`;
}

/**
 * One content line with its parameters, folded at 75 octets. The only place this app
 * writes parameters that carry names: ical-generator quotes CN with backslashes, which
 * no parser reads as an escape, so a " in a name would end the value.
 */
function contentLine(name: string, params: readonly (readonly [string, string])[], value: string): string {
  const head = [name, ...params.map(([key, v]) => `${key}=${paramValue(v)}`)].join(';');
  return foldLines(`${head}:${value}`);
}

function organizerLine(organizer: { name: string; email: string }): string {
  return contentLine('ORGANIZER', [['CN', organizer.name]], mailto(organizer.email));
}

function attendeeLine(attendee: { name: string; email: string }): string {
  return contentLine(
    'ATTENDEE',
    [
      ['CN', attendee.name],
      ['ROLE', 'REQ-PARTICIPANT'],
      ['PARTSTAT', 'ACCEPTED'],
      ['RSVP', 'FALSE'],
    ],
    mailto(attendee.email),
  );
}

/**
 * An iCalendar document with times in the event's zone (DTSTART;TZID=…) and a
 * VTIMEZONE component, ending with CRLF. REQUEST and CANCEL carry one event, the organizer
 * and the person; a feed (method null) carries neither and no METHOD. Every text
 * goes in without control characters; ical-generator escapes text values but writes the
 * calendar's name as it is, so that one is escaped here.
 */
export function buildCalendar(opts: CalendarOptions): string {
  const name = escape(calendarText(opts.name), false);
  const calendar = ical({
    name,
    prodId: { company: 'skola-vecaki-berni', product: 'registration', language: 'LV' },
    method: opts.method ? METHODS[opts.method] : null,
  });
  const stamp = DateTime.fromJSDate(opts.now, { zone: 'utc' });
  for (const entry of opts.method ? [opts.entry] : opts.entries) {
    calendar.createEvent({
      id: entry.uid,
      sequence: entry.sequence,
      stamp,
      start: DateTime.fromISO(entry.startsAt, { zone: opts.timezone }),
      end: DateTime.fromISO(entry.endsAt, { zone: opts.timezone }),
      timezone: opts.timezone,
      summary: calendarText(entry.summary),
      description: calendarText(entry.description),
      url: entry.url ?? null,
      location: entry.location ? calendarText(entry.location) : null,
      status: opts.method === 'CANCEL' ? ICalEventStatus.CANCELLED : ICalEventStatus.CONFIRMED,
    });
  }
  const people = opts.method ? [organizerLine(opts.organizer), attendeeLine(opts.attendee)] : [];
  // ical-generator ends the last line without CRLF; RFC 5545 ends every line with one.
  return `${withTimezone(withPeople(calendar.toString(), people), opts.timezone)}\r\n`;
}

/** Adds the ORGANIZER and ATTENDEE lines to every event, just before its end. */
function withPeople(ics: string, lines: readonly string[]): string {
  if (lines.length === 0) return ics;
  return ics.replace(/\r\nEND:VEVENT(?=\r\n)/g, `\r\n${lines.join('\r\n')}\r\nEND:VEVENT`);
}

/**
 * Adds the VTIMEZONE component before the first event, or before the end of a calendar
 * without events (RFC 5545 wants at least one component in every calendar). (Setting the calendar's own
 * timezone in ical-generator would also do it, but then writes DTSTAMP as a floating
 * local time, which RFC 5545 forbids: DTSTAMP must be UTC.)
 */
function withTimezone(ics: string, tz: string): string {
  const block = vtimezone(tz);
  const event = ics.indexOf('BEGIN:VEVENT');
  const at = event >= 0 ? event : ics.lastIndexOf('END:VCALENDAR');
  if (!block || at < 0) return ics;
  return `${ics.slice(0, at)}${block}\r\n${ics.slice(at)}`;
}

/** "Add to Google Calendar" for one session, with UTC times as Google wants them. */
export function googleCalendarUrl(
  entry: Pick<CalendarEntry, 'summary' | 'description' | 'startsAt' | 'endsAt' | 'location'>,
  timezone: string,
): string {
  const compact = (iso: string) => DateTime.fromISO(iso, { zone: 'utc' }).toFormat("yyyyMMdd'T'HHmmss'Z'");
  const params = new URLSearchParams({
    action: 'TEMPLATE',
    text: entry.summary,
    dates: `${compact(entry.startsAt)}/${compact(entry.endsAt)}`,
    details: entry.description,
    ...(entry.location ? { location: entry.location } : {}),
    ctz: timezone,
  });
  return `https://calendar.google.com/calendar/render?${params.toString()}`;
}

/** "Add to Outlook.com" deep link for one session. */
export function outlookCalendarUrl(
  entry: Pick<CalendarEntry, 'summary' | 'description' | 'startsAt' | 'endsAt' | 'location'>,
): string {
  const params = new URLSearchParams({
    path: '/calendar/action/compose',
    rru: 'addevent',
    subject: entry.summary,
    startdt: DateTime.fromISO(entry.startsAt, { zone: 'utc' }).toISO() ?? entry.startsAt,
    enddt: DateTime.fromISO(entry.endsAt, { zone: 'utc' }).toISO() ?? entry.endsAt,
    body: entry.description,
    ...(entry.location ? { location: entry.location } : {}),
  });
  return `https://outlook.live.com/calendar/0/deeplink/compose?${params.toString()}`;
}
