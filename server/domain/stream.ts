import type { Event, Session } from './types.js';

/** Where a streamed session stands at a moment: shown as "starts in / live now / ended". */
export type StreamState = 'upcoming' | 'live' | 'ended';

export function streamState(session: Pick<Session, 'startsAt' | 'endsAt'>, now: Date): StreamState {
  const t = now.getTime();
  if (t < Date.parse(session.startsAt)) return 'upcoming';
  return t < Date.parse(session.endsAt) ? 'live' : 'ended';
}

export interface Countdown {
  days: number;
  hours: number;
  minutes: number;
}

/** Whole days, hours and minutes until `startsAt`, rounded up to the minute so "0" never shows early. */
export function countdown(startsAt: string, now: Date): Countdown {
  const minutesLeft = Math.max(0, Math.ceil((Date.parse(startsAt) - now.getTime()) / 60_000));
  return {
    days: Math.floor(minutesLeft / 1440),
    hours: Math.floor((minutesLeft % 1440) / 60),
    minutes: minutesLeft % 60,
  };
}

/**
 * The origin the player may be framed from, or null: only an https stream URL whose
 * origin an organizer listed for the session is embedded, so a mistyped or foreign URL
 * never widens the page's Content-Security-Policy.
 */
export function embeddableOrigin(session: Pick<Session, 'streamUrl' | 'embedOrigins'>): string | null {
  if (!session.streamUrl) return null;
  let url: URL;
  try {
    url = new URL(session.streamUrl);
  } catch {
    return null;
  }
  if (url.protocol !== 'https:') return null;
  return session.embedOrigins.includes(url.origin) ? url.origin : null;
}

/**
 * A confirmed person sees a private join link only from the event's set time before the
 * start until the end: early enough to join, late enough that a forwarded manage link
 * from weeks ago does not hand it out.
 */
export function joinLinkVisible(
  session: Pick<Session, 'startsAt' | 'endsAt'>,
  event: Pick<Event, 'joinLinkMinutes'>,
  now: Date,
): boolean {
  const t = now.getTime();
  return t >= Date.parse(session.startsAt) - event.joinLinkMinutes * 60_000 && t < Date.parse(session.endsAt);
}

/** When the join link appears, for the "the link will appear at …" hint. */
export function joinLinkFrom(session: Pick<Session, 'startsAt'>, event: Pick<Event, 'joinLinkMinutes'>): string {
  return new Date(Date.parse(session.startsAt) - event.joinLinkMinutes * 60_000).toISOString();
}
