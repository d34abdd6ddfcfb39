import ical, { ICalAttendeeRole, ICalAttendeeStatus, ICalCalendarMethod, ICalEventStatus } from 'ical-generator';
import { DateTime } from 'luxon';
import { tzlib_get_ical_block } from 'timezones-ical-library';

export type CalendarMethod = 'REQUEST' | 'CANCEL' | 'PUBLISH';

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

export interface CalendarOptions {
  method: CalendarMethod;
  name: string;
  timezone: string;
  organizer: { name: string; email: string };
  attendee?: { name: string; email: string };
  entries: CalendarEntry[];
  now: Date;
}

const METHODS: Record<CalendarMethod, ICalCalendarMethod> = {
  REQUEST: ICalCalendarMethod.REQUEST,
  CANCEL: ICalCalendarMethod.CANCEL,
  PUBLISH: ICalCalendarMethod.PUBLISH,
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
 * An iCalendar document with times in the event's zone (DTSTART;TZID=…) and a
 * VTIMEZONE component. REQUEST and CANCEL carry the organizer and the person.
 */
export function buildCalendar(opts: CalendarOptions): string {
  const calendar = ical({
    name: opts.name,
    prodId: { company: 'skola-vecaki-berni', product: 'registration', language: 'LV' },
    method: METHODS[opts.method],
  });
  const stamp = DateTime.fromJSDate(opts.now, { zone: 'utc' });
  const scheduling = opts.method !== 'PUBLISH';
  for (const entry of opts.entries) {
    calendar.createEvent({
      id: entry.uid,
      sequence: entry.sequence,
      stamp,
      start: DateTime.fromISO(entry.startsAt, { zone: opts.timezone }),
      end: DateTime.fromISO(entry.endsAt, { zone: opts.timezone }),
      timezone: opts.timezone,
      summary: entry.summary,
      description: entry.description,
      url: entry.url ?? null,
      location: entry.location ?? null,
      status: opts.method === 'CANCEL' ? ICalEventStatus.CANCELLED : ICalEventStatus.CONFIRMED,
      organizer: scheduling ? opts.organizer : null,
      attendees:
        scheduling && opts.attendee
          ? [
              {
                name: opts.attendee.name,
                email: opts.attendee.email,
                role: ICalAttendeeRole.REQ,
                status: ICalAttendeeStatus.ACCEPTED,
                rsvp: false,
              },
            ]
          : [],
    });
  }
  return withTimezone(calendar.toString(), opts.timezone);
}

/**
 * Adds the VTIMEZONE component before the first event. (Setting the calendar's own
 * timezone in ical-generator would also do it, but then writes DTSTAMP as a floating
 * local time, which RFC 5545 forbids: DTSTAMP must be UTC.)
 */
function withTimezone(ics: string, tz: string): string {
  const block = vtimezone(tz);
  const at = ics.indexOf('BEGIN:VEVENT');
  if (!block || at < 0) return ics;
  return `${ics.slice(0, at)}${block}\r\n${ics.slice(at)}`;
}

/** "Add to Google Calendar" for one session, with UTC times as Google wants them. */
export function googleCalendarUrl(
  entry: Pick<CalendarEntry, 'summary' | 'description' | 'startsAt' | 'endsAt'>,
  timezone: string,
): string {
  const compact = (iso: string) => DateTime.fromISO(iso, { zone: 'utc' }).toFormat("yyyyMMdd'T'HHmmss'Z'");
  const params = new URLSearchParams({
    action: 'TEMPLATE',
    text: entry.summary,
    dates: `${compact(entry.startsAt)}/${compact(entry.endsAt)}`,
    details: entry.description,
    ctz: timezone,
  });
  return `https://calendar.google.com/calendar/render?${params.toString()}`;
}

/** "Add to Outlook.com" deep link for one session. */
export function outlookCalendarUrl(
  entry: Pick<CalendarEntry, 'summary' | 'description' | 'startsAt' | 'endsAt'>,
): string {
  const params = new URLSearchParams({
    path: '/calendar/action/compose',
    rru: 'addevent',
    subject: entry.summary,
    startdt: DateTime.fromISO(entry.startsAt, { zone: 'utc' }).toISO() ?? entry.startsAt,
    enddt: DateTime.fromISO(entry.endsAt, { zone: 'utc' }).toISO() ?? entry.endsAt,
    body: entry.description,
  });
  return `https://outlook.live.com/calendar/0/deeplink/compose?${params.toString()}`;
}
