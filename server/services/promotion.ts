import type { Tx } from '../db/knex.js';
import { asSql, placeholders, type SqlConn } from '../db/sql.js';
import { setSeatStatus, waitlistOf, writeQuotaUsage } from '../db/registrations.js';
import { Availability, type Coverage, type QuotaState, type WaitingSeat } from '../domain/availability.js';
import type { Seat } from '../domain/types.js';
import { sessionsCoveredBy } from '../domain/quotas.js';
import { enqueue } from '../mail/outbox.js';
import type { ServiceContext } from './context.js';

export interface Promotion {
  seatId: number;
  sessionId: number;
  registrationId: number;
}

export async function loadQuotaStates(trx: SqlConn, ids: readonly number[]): Promise<QuotaState[]> {
  if (ids.length === 0) return [];
  const rows = await asSql(trx).all<QuotaState>(
    `SELECT id, size, used FROM quotas WHERE id IN (${placeholders(ids.length)})`,
    ids,
  );
  return rows.map((r) => ({ id: Number(r.id), size: Number(r.size), used: Number(r.used) }));
}

/**
 * Gives free places in `freedQuotaIds` to the waitlist, first come first served, inside
 * the caller's transaction (which must already hold the locks of the promotion closure),
 * and queues a "you got a place" message for each promoted seat. `whole` (a course,
 * `takenWhole`): a person's waiting seats are promoted together, into every session at
 * once, or not at all; the pool counts them once.
 */
export async function promoteWaiting(
  ctx: ServiceContext,
  trx: Tx,
  availability: Availability,
  coverage: Coverage,
  freedQuotaIds: readonly number[],
  opts: { whole?: boolean } = {},
): Promise<Promotion[]> {
  const sessions = sessionsCoveredBy(coverage, freedQuotaIds);
  const waiting = await waitlistOf(trx, sessions);
  if (waiting.length === 0) return [];
  const chosen = opts.whole
    ? availability.promoteUnits(unitsByRegistration(waiting))
    : availability.promote(waiting.map((s) => ({ seatId: s.id, sessionId: s.sessionId })));
  if (chosen.length === 0) return [];

  const now = ctx.clock();
  await setSeatStatus(
    trx,
    chosen.map((c) => c.seatId),
    'confirmed',
    now.toISOString(),
  );
  const byId = new Map(waiting.map((s) => [s.id, s]));
  const promotions = chosen.map((c) => ({ ...c, registrationId: byId.get(c.seatId)?.registrationId ?? 0 }));

  const people = (await trx('registrations')
    .whereIn('id', [...new Set(promotions.map((p) => p.registrationId))])
    .select('id', 'email', 'language')) as { id: number; email: string; language: 'lv' | 'en' }[];
  const personOf = new Map(people.map((p) => [Number(p.id), p]));
  // A course's promotion is one message listing every session it now holds.
  const messages = opts.whole
    ? [...new Set(promotions.map((p) => p.registrationId))].map((registrationId) => {
        const seatIds = promotions.filter((p) => p.registrationId === registrationId).map((p) => p.seatId);
        return { registrationId, payload: { seatId: seatIds[0], seatIds } };
      })
    : promotions.map((p) => ({ registrationId: p.registrationId, payload: { seatId: p.seatId } }));
  for (const p of messages) {
    const person = personOf.get(p.registrationId);
    if (!person) continue;
    await enqueue(
      trx,
      {
        kind: 'promoted',
        to: person.email,
        language: person.language,
        registrationId: p.registrationId,
        payload: p.payload,
      },
      now,
      ctx.mailDomain,
    );
  }
  return promotions;
}

/** Waiting seats grouped by their registration, in FIFO order of each one's first seat. */
function unitsByRegistration(waiting: readonly Seat[]): WaitingSeat[][] {
  const units = new Map<number, WaitingSeat[]>();
  for (const s of waiting) {
    const unit = units.get(s.registrationId) ?? [];
    unit.push({ seatId: s.id, sessionId: s.sessionId });
    units.set(s.registrationId, unit);
  }
  return [...units.values()];
}

/** Writes back the used counters that an Availability changed. */
export async function saveUsage(
  trx: SqlConn,
  availability: Availability,
  before: readonly QuotaState[],
): Promise<void> {
  await writeQuotaUsage(trx, availability.changedSince(before));
}
