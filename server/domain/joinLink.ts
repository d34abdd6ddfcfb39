import { joinLinkFrom } from './stream.js';
import { whereOf } from './where.js';
import type { Event, Session } from './types.js';

/**
 * What following a personal join link does, decided from the seat, its registration,
 * its session and the clock. Only `go` leads anywhere; every other answer is a page that
 * says why (and, for `early`, from when), and never carries the meeting URL.
 */
export type JoinDecision =
  | { kind: 'go'; to: 'meeting' | 'stream' }
  | { kind: 'early'; from: string }
  | { kind: 'ended' }
  | { kind: 'waitlisted' }
  | { kind: 'cancelled' }
  | { kind: 'session_cancelled' }
  | { kind: 'no_link' };

export function joinDecision(
  seat: { status: string; registrationStatus: string },
  session: Pick<Session, 'kind' | 'regionId' | 'startsAt' | 'endsAt' | 'status' | 'joinUrl'>,
  event: Pick<Event, 'joinLinkMinutes'>,
  now: Date,
): JoinDecision {
  if (seat.registrationStatus !== 'active' || seat.status === 'cancelled') return { kind: 'cancelled' };
  if (session.status !== 'scheduled') return { kind: 'session_cancelled' };
  if (seat.status !== 'confirmed') return { kind: 'waitlisted' };
  const from = joinLinkFrom(session, event);
  const t = now.getTime();
  if (t < Date.parse(from)) return { kind: 'early', from };
  if (t >= Date.parse(session.endsAt)) return { kind: 'ended' };
  if (session.kind === 'plenary' && session.regionId) return { kind: 'go', to: 'stream' };
  return session.joinUrl ? { kind: 'go', to: 'meeting' } : { kind: 'no_link' };
}

/**
 * Whether a seat's session is one a personal join link leads to at all: every session held
 * online (its meeting link may be given later: until then the link says so), and one held
 * at a place that also has a meeting link.
 */
export const hasJoinLink = (session: Pick<Session, 'kind' | 'regionId' | 'joinUrl' | 'place' | 'address'>): boolean =>
  whereOf(session).online || session.joinUrl !== null;
