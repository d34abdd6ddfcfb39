import type { Programme, Seat, Session } from '../domain/types.js';
import type { Lang } from '../domain/time.js';
import { buildCalendar, type CalendarEntry } from './ics.js';
import { whereLine } from '../domain/where.js';
import { translator } from '../i18n/index.js';

export interface FeedContext {
  baseUrl: string;
  mailDomain: string;
  now: Date;
}

/**
 * Where a session's calendar entry points: a plenary to its region's open stream page,
 * anything else to the event page (join links stay on the manage page).
 */
export function sessionPageUrl(base: string, programme: Programme, session: Session): string {
  if (session.kind === 'plenary' && session.regionId) {
    return `${base}/events/${programme.event.slug}/live/${session.regionId}`;
  }
  return session.regionId
    ? `${base}/events/${programme.event.slug}#region-${session.regionId}`
    : `${base}/events/${programme.event.slug}`;
}

function entry(programme: Programme, session: Session, lang: Lang, uid: string, url: string): CalendarEntry {
  return {
    uid,
    sequence: session.sequence,
    startsAt: session.startsAt,
    endsAt: session.endsAt,
    summary: session.title[lang],
    description: [programme.event.title[lang], session.description[lang], url].filter(Boolean).join('\n\n'),
    url,
    // Where: the place and its address, or "Tiešsaistē" / "Online" (the link is the URL).
    location: whereLine(session, translator(lang)('seminars.online')),
  };
}

/**
 * The public programme: every scheduled session, never a private join link. Like the
 * personal feed, a calendar to subscribe to, not a scheduling message: no METHOD.
 */
export function publicFeed(programme: Programme, lang: Lang, f: FeedContext): string {
  return buildCalendar({
    method: null,
    name: programme.event.title[lang],
    timezone: programme.event.timezone,
    now: f.now,
    entries: programme.sessions
      .filter((s) => s.status === 'scheduled')
      .map((s) =>
        entry(programme, s, lang, `session-${s.id}@${f.mailDomain}`, sessionPageUrl(f.baseUrl, programme, s)),
      ),
  });
}

/** The UID of a seat's own calendar entry. */
export const seatUid = (seat: Pick<Seat, 'id'>, mailDomain: string): string => `seat-${seat.id}@${mailDomain}`;

/**
 * The calendar entry a seat replacing `from` continues: `from`'s UID, and a base that puts
 * the new entry's SEQUENCE one above the last one `from`'s entry was sent with.
 */
export function continuedEntry(
  from: Seat,
  fromSession: Session,
  toSession: Session,
  mailDomain: string,
): { uid: string; sequenceBase: number } {
  const last = fromSession.sequence + (from.calendar?.sequenceBase ?? 0);
  return { uid: from.calendar?.uid ?? seatUid(from, mailDomain), sequenceBase: last + 1 - toSession.sequence };
}

/**
 * A seat's entry: the same in invites and in the personal feed. Its URL is the person's
 * own join link where the seat has one (an online session), else the stream page of a
 * plenary or the person's manage page.
 */
export function seatEntry(
  programme: Programme,
  session: Session,
  seat: Seat,
  lang: Lang,
  f: Pick<FeedContext, 'baseUrl' | 'mailDomain'>,
  manageUrl: string | null,
  bump = 0,
  joinUrl: string | null = null,
): CalendarEntry {
  const url =
    joinUrl ??
    (session.kind === 'plenary'
      ? sessionPageUrl(f.baseUrl, programme, session)
      : (manageUrl ?? sessionPageUrl(f.baseUrl, programme, session)));
  const uid = seat.calendar?.uid ?? seatUid(seat, f.mailDomain);
  const e = entry(programme, session, lang, uid, url);
  return { ...e, sequence: e.sequence + (seat.calendar?.sequenceBase ?? 0) + bump };
}

/**
 * A person's own calendar: their confirmed seats with the same UIDs and SEQUENCE as the
 * invites they were e-mailed, so subscribing and accepting invites never duplicate.
 */
export function personalFeed(
  programme: Programme,
  seats: readonly Seat[],
  lang: Lang,
  manageUrl: string,
  f: FeedContext,
  joinUrls: ReadonlyMap<number, string> = new Map(),
): string {
  const sessionOf = new Map(programme.sessions.map((s) => [s.id, s]));
  const entries = seats.flatMap((seat) => {
    const session = sessionOf.get(seat.sessionId);
    if (seat.status !== 'confirmed' || !session || session.status !== 'scheduled') return [];
    return [seatEntry(programme, session, seat, lang, f, manageUrl, 0, joinUrls.get(seat.id) ?? null)];
  });
  return buildCalendar({
    method: null,
    name: programme.event.title[lang],
    timezone: programme.event.timezone,
    now: f.now,
    entries,
  });
}
