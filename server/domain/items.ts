import { isoInZone } from './time.js';
import type { SeatView } from './types.js';

/**
 * A seat as the API shows it (public and organizer): its status, its exact waitlist
 * position, and the deadline of a held or offered place, in the event's time zone.
 */
export function itemOf(seat: SeatView, timezone: string) {
  const deadline = (status: SeatView['status']): string | null =>
    seat.status === status && seat.expiresAt ? isoInZone(seat.expiresAt, timezone) : null;
  return {
    sessionId: seat.sessionId,
    status: seat.status,
    waitlistPosition: seat.waitlistPosition,
    holdExpiresAt: deadline('held'),
    offerExpiresAt: deadline('offered'),
  };
}
