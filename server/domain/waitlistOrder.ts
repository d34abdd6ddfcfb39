import type { Coverage } from './availability.js';
import { sessionsCoveredBy } from './quotas.js';

/**
 * Exact waitlist positions of many seats at once (an export holds thousands): the same
 * rule as db/waitlistPositions.ts — 1 + the waiting seats ahead (lower id) that compete
 * for any quota of the same session — counted over one list of the event's waiting seats.
 */
export function positionsOfWaiting(
  waiting: readonly { id: number; sessionId: number }[],
  coverage: Coverage,
): Map<number, number> {
  const bySession = new Map<number, number[]>();
  for (const s of [...waiting].sort((a, b) => a.id - b.id)) {
    const ids = bySession.get(s.sessionId) ?? [];
    ids.push(s.id);
    bySession.set(s.sessionId, ids);
  }
  const below = (sorted: number[], id: number) => {
    let lo = 0;
    let hi = sorted.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if ((sorted[mid] ?? 0) < id) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  };
  const positions = new Map<number, number>();
  for (const seat of waiting) {
    const rivals = sessionsCoveredBy(coverage, coverage.get(seat.sessionId) ?? []);
    let ahead = 0;
    for (const r of rivals) ahead += below(bySession.get(r) ?? [], seat.id);
    positions.set(seat.id, ahead + 1);
  }
  return positions;
}
