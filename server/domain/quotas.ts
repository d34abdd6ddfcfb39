import type { Coverage } from './availability.js';

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
