import type { Knex } from 'knex';
import { PLACE_STATUSES } from '../../server/domain/types.js';

interface QuotaRow {
  id: number;
  name: string;
  size: number;
  used: number;
}

/**
 * Checks what must hold in the database after any mix of concurrent changes, and
 * returns every violation found (an empty list when all is well):
 * - a quota's `used` counter equals the COUNT of seats using a place in its sessions —
 *   confirmed, held or offered (of a course: of the people holding them);
 * - no quota holds more such seats than its size;
 * - no seat waits for a session that has room in every quota covering it (a freed
 *   place always goes to the waitlist), and no seat waits for an unlimited session.
 */
export async function capacityViolations(db: Knex): Promise<string[]> {
  const problems: string[] = [];
  const quotas = (await db('quotas').select('id', 'name', 'size', 'used')) as QuotaRow[];
  const confirmed = (await db('seats')
    .join('quota_sessions', 'quota_sessions.session_id', 'seats.session_id')
    .whereIn('seats.status', PLACE_STATUSES)
    .groupBy('quota_sessions.quota_id')
    .select('quota_sessions.quota_id as quota_id')
    .count({ n: '*' })) as { quota_id: number; n: number | string }[];
  const countOf = new Map(confirmed.map((c) => [Number(c.quota_id), Number(c.n)]));
  // A course's pool counts people, not seats (LOCKING.md, "A course").
  const people = (await db('seats')
    .join('quota_sessions', 'quota_sessions.session_id', 'seats.session_id')
    .join('quotas', 'quotas.id', 'quota_sessions.quota_id')
    .join('events', 'events.id', 'quotas.event_id')
    .whereIn('seats.status', PLACE_STATUSES)
    .whereIn('events.kind', ['course', 'single'])
    .groupBy('quota_sessions.quota_id')
    .select('quota_sessions.quota_id as quota_id')
    .countDistinct({ n: 'seats.registration_id' })) as { quota_id: number; n: number | string }[];
  for (const c of people) countOf.set(Number(c.quota_id), Number(c.n));
  const hasRoom = new Map<number, boolean>();
  for (const q of quotas) {
    const counted = countOf.get(Number(q.id)) ?? 0;
    if (Number(q.used) !== counted) problems.push(`quota ${q.id} (${q.name}): used ${q.used} but ${counted} confirmed`);
    if (counted > Number(q.size)) problems.push(`quota ${q.id} (${q.name}): ${counted} confirmed over size ${q.size}`);
    hasRoom.set(Number(q.id), counted < Number(q.size));
  }

  const coverage = (await db('quota_sessions').select('quota_id', 'session_id')) as {
    quota_id: number;
    session_id: number;
  }[];
  const quotasOf = new Map<number, number[]>();
  for (const c of coverage) {
    quotasOf.set(Number(c.session_id), [...(quotasOf.get(Number(c.session_id)) ?? []), Number(c.quota_id)]);
  }
  const waiting = (await db('seats')
    .where('status', 'waitlisted')
    .groupBy('session_id')
    .select('session_id')
    .count({ n: '*' })) as { session_id: number; n: number | string }[];
  for (const w of waiting) {
    const covering = quotasOf.get(Number(w.session_id)) ?? [];
    if (covering.length === 0) problems.push(`session ${w.session_id}: ${w.n} waiting for an unlimited session`);
    else if (covering.every((q) => hasRoom.get(q))) {
      problems.push(`session ${w.session_id}: ${w.n} waiting although every quota has room`);
    }
  }
  return problems;
}
