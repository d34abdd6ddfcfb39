import { asSql, placeholders, type SqlConn } from './sql.js';
import { countWaitingAhead } from './registrations.js';
import type { Coverage } from '../domain/availability.js';
import { sessionsCoveredBy } from '../domain/quotas.js';
import { coverageOf, takenWhole, type Programme, type Seat, type SeatView } from '../domain/types.js';

/**
 * The sessions whose waiting seats compete with one of `sessionId`: those of every quota
 * covering it. In a course (`whole`) every person waits in every session, seat by seat in
 * the same order, so the session's own waitlist counts people, each once.
 */
export function rivalsOf(coverage: Coverage, sessionId: number, whole: boolean): number[] {
  if (whole) return (coverage.get(sessionId) ?? []).length > 0 ? [sessionId] : [];
  return sessionsCoveredBy(coverage, coverage.get(sessionId) ?? []);
}

/**
 * Exact waitlist positions: 1 + the waiting seats ahead (lower sequence) that compete
 * for any quota of the same session (in a course, `whole`: the people ahead).
 */
export async function withPositions(
  db: SqlConn,
  seats: readonly Seat[],
  coverage: Coverage,
  whole = false,
): Promise<SeatView[]> {
  const views: SeatView[] = [];
  for (const seat of seats) {
    let waitlistPosition: number | null = null;
    if (seat.status === 'waitlisted') {
      const rivals = rivalsOf(coverage, seat.sessionId, whole);
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
  const views = await withPositions(db, seats, coverageOf(programme.quotas), takenWhole(programme.event));
  return new Map(views.filter((v) => v.waitlistPosition !== null).map((v) => [v.id, v.waitlistPosition ?? 0]));
}

/**
 * The position of a seat just put on a waitlist, under the locks of its pools: it is the
 * last of every waitlist it competes in, so its position is how many wait in the rival
 * sessions, itself included — a few counters (migration …_session_waitlists), not a
 * count of the whole waitlist, however long it has grown.
 */
export async function positionOfNewest(
  db: SqlConn,
  sessionId: number,
  coverage: Coverage,
  whole = false,
): Promise<number> {
  const rivals = rivalsOf(coverage, sessionId, whole);
  if (rivals.length === 0) return 1;
  const [row] = await asSql(db).all<{ n: number | string | null }>(
    `SELECT SUM(waiting) AS n FROM session_waitlists WHERE session_id IN (${placeholders(rivals.length)})`,
    rivals,
  );
  return Math.max(1, Number(row?.n ?? 0));
}
