import type { Coverage } from './availability.js';
import type { Programme } from './types.js';

/** Quotas covering any of the sessions. */
export function quotasCovering(coverage: Coverage, sessionIds: Iterable<number>): number[] {
  const ids = new Set<number>();
  for (const s of sessionIds) for (const q of coverage.get(s) ?? []) ids.add(q);
  return [...ids].sort((a, b) => a - b);
}

/** Sessions that any of the quotas cover. */
export function sessionsCoveredBy(coverage: Coverage, quotaIds: Iterable<number>): number[] {
  const wanted = new Set(quotaIds);
  const sessions: number[] = [];
  for (const [session, quotas] of coverage) if (quotas.some((q) => wanted.has(q))) sessions.push(session);
  return sessions.sort((a, b) => a - b);
}

/**
 * Everything a transaction must lock to free places in `quotaIds` and promote into
 * them: those quotas, plus every quota covering a session they cover (a waiting seat
 * may be promoted only if all of its quotas have room).
 */
export function promotionClosure(coverage: Coverage, quotaIds: Iterable<number>): number[] {
  return quotasCovering(coverage, sessionsCoveredBy(coverage, quotaIds));
}

/**
 * The capacity pools of some sessions, leaving out caps nested inside a larger pool (a
 * per-room cap inside the region pool), so that places are not counted twice.
 */
export function outerQuotas<Q extends { sessionIds: readonly number[] }>(
  quotas: readonly Q[],
  sessionIds: Iterable<number>,
): Q[] {
  const ids = new Set(sessionIds);
  const pools = quotas.filter((q) => q.sessionIds.some((id) => ids.has(id)));
  const nestedIn = (q: Q, p: Q): boolean =>
    p.sessionIds.length > q.sessionIds.length && q.sessionIds.every((id) => p.sessionIds.includes(id));
  return pools.filter((q) => !pools.some((p) => nestedIn(q, p)));
}

/** A quota belongs to the regions of the sessions it covers (null: a session of no region). */
export function quotaRegions(programme: Programme, quotaId: number): (string | null)[] {
  const quota = programme.quotas.find((q) => q.id === quotaId);
  return [
    ...new Set((quota?.sessionIds ?? []).map((id) => programme.sessions.find((s) => s.id === id)?.regionId ?? null)),
  ];
}

/**
 * What keeps an event from being published: no session at all, a single-session event with
 * another number of sessions than one, or a limited session without a pool.
 */
export type PublishProblem =
  | { code: 'no_sessions' }
  | { code: 'not_one_session'; count: number }
  | { code: 'session_without_quota'; sessionId: number };

/**
 * An event can be published once people can register for something real: it has a
 * scheduled session (a single-session event exactly one), and every workshop or seminar
 * (limited by nature) is covered by a pool (without one it would take people without
 * limit, and show no count).
 */
export function publishProblems(programme: Programme): PublishProblem[] {
  const scheduled = programme.sessions.filter((s) => s.status === 'scheduled');
  // A single-session event is its one session: people register for it without choosing.
  const single: PublishProblem[] =
    programme.event.kind === 'single' && scheduled.length !== 1
      ? [{ code: 'not_one_session', count: scheduled.length }]
      : [];
  if (scheduled.length === 0) return single.length > 0 ? single : [{ code: 'no_sessions' }];
  const covered = new Set(programme.quotas.flatMap((q) => q.sessionIds));
  return [
    ...single,
    ...scheduled
      .filter((s) => s.kind !== 'plenary' && !covered.has(s.id))
      .map((s) => ({ code: 'session_without_quota' as const, sessionId: s.id })),
  ];
}
