import { asSql, placeholders, type SqlConn } from './sql.js';
import { countWaitingAhead } from './registrations.js';
import type { Coverage } from '../domain/availability.js';
import { sessionsCoveredBy } from '../domain/quotas.js';
import { coverageOf, type Programme, type Seat, type SeatView } from '../domain/types.js';

/**
 * Exact waitlist positions: 1 + the waiting seats ahead (lower sequence) that compete
 * for any quota of the same session.
 */
export async function withPositions(db: SqlConn, seats: readonly Seat[], coverage: Coverage): Promise<SeatView[]> {
  const views: SeatView[] = [];
  for (const seat of seats) {
    let waitlistPosition: number | null = null;
    if (seat.status === 'waitlisted') {
      const rivals = sessionsCoveredBy(coverage, coverage.get(seat.sessionId) ?? []);
      waitlistPosition = (await countWaitingAhead(db, seat.id, rivals)) + 1;
    }
    views.push({ ...seat, waitlistPosition });
  }
  return views;
}

export async function seatPositions(
  db: SqlConn,
  seats: readonly Seat[],
  programme: Programme,
): Promise<Map<number, number>> {
  const views = await withPositions(db, seats, coverageOf(programme.quotas));
  return new Map(views.filter((v) => v.waitlistPosition !== null).map((v) => [v.id, v.waitlistPosition ?? 0]));
}

/**
 * The position of a seat just put on a waitlist, under the locks of its pools: it is the
 * last of every waitlist it competes in, so its position is how many wait in the rival
 * sessions, itself included — a few counters (migration …_session_waitlists), not a
 * count of the whole waitlist, however long it has grown.
 */
export async function positionOfNewest(db: SqlConn, sessionId: number, coverage: Coverage): Promise<number> {
  const rivals = sessionsCoveredBy(coverage, coverage.get(sessionId) ?? []);
  if (rivals.length === 0) return 1;
  const [row] = await asSql(db).all<{ n: number | string | null }>(
    `SELECT SUM(waiting) AS n FROM session_waitlists WHERE session_id IN (${placeholders(rivals.length)})`,
    rivals,
  );
  return Math.max(1, Number(row?.n ?? 0));
}
