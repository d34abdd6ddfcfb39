import type { Tx } from '../../db/knex.js';
import type { CapacityTx } from '../../db/capacity.js';
import { asSql, placeholders, type SqlConn } from '../../db/sql.js';
import { seatFromRow } from '../../db/registrations.js';
import { setSeatStatus, writeQuotaUsage } from '../../db/capacityWrites.js';
import { Availability, type Coverage, type QuotaState, type WaitingSeat } from '../../domain/availability.js';
import type { Lang } from '../../domain/time.js';
import { takenWhole, type AddressState, type Programme, type Seat } from '../../domain/types.js';
import { sessionsCoveredBy } from '../../domain/quotas.js';
import { enqueue } from '../../mail/outbox.js';
import type { ServiceContext } from '../../context.js';

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

/** A waiting seat with what its promotion depends on: the person and where their address stands. */
interface WaitingRow {
  seat: Seat;
  /** Null for a person without an e-mail: no message; the organizers see they need a call. */
  email: string | null;
  language: Lang;
  addressState: AddressState;
  confirmBy: string | null;
}

/**
 * Seats in FIFO order that wait for one of the given sessions, leaving out those of
 * registrations whose address did not confirm in time (the hold job cancels them).
 */
async function waitingRows(trx: Tx, sessionIds: readonly number[], at: string): Promise<WaitingRow[]> {
  if (sessionIds.length === 0) return [];
  const rows = await asSql(trx).all<Record<string, unknown>>(
    `SELECT seats.*, registrations.email AS person_email, registrations.language AS person_language,
            registrations.address_state AS person_address_state, registrations.confirm_by AS person_confirm_by
       FROM seats JOIN registrations ON registrations.id = seats.registration_id
      WHERE seats.session_id IN (${placeholders(sessionIds.length)}) AND seats.status = 'waitlisted'
        AND NOT (registrations.address_state = 'pending' AND registrations.confirm_by IS NOT NULL
                 AND registrations.confirm_by <= ?)
      ORDER BY seats.id`,
    [...sessionIds, at],
  );
  return rows.map((r) => ({
    seat: seatFromRow(r),
    email: r.person_email === null ? null : String(r.person_email),
    language: String(r.person_language) as Lang,
    addressState: String(r.person_address_state) as AddressState,
    confirmBy: r.person_confirm_by === null ? null : String(r.person_confirm_by),
  }));
}

/** An offer is worth making only with this much time to answer before the session starts. */
const SHORTEST_OFFER_MS = 30 * 60_000;

/**
 * Until when a freed place is offered to a person for `sessionIds` (the event's offer
 * hours, but never past the first session's start), or null when the event promotes at
 * once — or when too little time is left to answer, so the place is theirs at once.
 */
export function offerDeadline(programme: Programme, sessionIds: readonly number[], now: Date): string | null {
  if (programme.event.waitlistMode !== 'offer') return null;
  const starts = programme.sessions.filter((s) => sessionIds.includes(s.id)).map((s) => Date.parse(s.startsAt));
  const until = Math.min(now.getTime() + programme.event.offerHours * 3600_000, ...starts);
  return until - now.getTime() < SHORTEST_OFFER_MS ? null : new Date(until).toISOString();
}

/**
 * Gives free places in `freedQuotaIds` to the waitlist, first come first served, inside
 * the caller's transaction (which must already hold the locks of the promotion closure),
 * and queues each person's message. What the first person waiting gets:
 * - on an event that offers freed places (`waitlistMode: 'offer'`), the place offered to
 *   them until a deadline, to accept or decline (offers.ts);
 * - else, while their address has not confirmed the registration, the place held for them
 *   until the registration's deadline (holds.ts);
 * - else the place, confirmed.
 * A course (`takenWhole`) is promoted whole: a person's waiting seats together, into every
 * session at once, or not at all; the pool counts them once.
 */
export async function promoteWaiting(
  ctx: ServiceContext,
  tx: CapacityTx,
  programme: Programme,
  availability: Availability,
  coverage: Coverage,
  freedQuotaIds: readonly number[],
): Promise<Promotion[]> {
  const whole = takenWhole(programme.event);
  const now = ctx.clock();
  const at = now.toISOString();
  const { trx } = tx;
  const waiting = await waitingRows(trx, sessionsCoveredBy(coverage, freedQuotaIds), at);
  if (waiting.length === 0) return [];
  const seats = waiting.map((w) => w.seat);
  const chosen = whole
    ? availability.promoteUnits(unitsByRegistration(seats))
    : availability.promote(seats.map((s) => ({ seatId: s.id, sessionId: s.sessionId })));
  if (chosen.length === 0) return [];

  const rowOf = new Map(waiting.map((w) => [w.seat.id, w]));
  const promotions = chosen.map((c) => ({ ...c, registrationId: rowOf.get(c.seatId)?.seat.registrationId ?? 0 }));
  // One message a person: a course's promotion lists every session it now holds.
  const units = whole
    ? [...new Set(promotions.map((p) => p.registrationId))].map((id) =>
        promotions.filter((p) => p.registrationId === id),
      )
    : promotions.map((p) => [p]);
  for (const unit of units) {
    const [first] = unit;
    const person = first ? rowOf.get(first.seatId) : undefined;
    if (!first || !person) continue;
    const seatIds = unit.map((p) => p.seatId);
    const offerUntil = offerDeadline(
      programme,
      unit.map((p) => p.sessionId),
      now,
    );
    const pending = person.addressState === 'pending';
    // An offer is accepted with the link its message carries: a person without an e-mail
    // would never see it, so they get the place at once and the organizers phone them.
    const outcome =
      offerUntil && person.email !== null
        ? { status: 'offered' as const, expiresAt: offerUntil, kind: 'place_offered' as const }
        : pending
          ? { status: 'held' as const, expiresAt: person.confirmBy, kind: 'address_confirm' as const }
          : { status: 'confirmed' as const, expiresAt: null, kind: 'promoted' as const };
    await setSeatStatus(tx, seatIds, outcome.status, at, outcome.expiresAt);
    await enqueue(
      trx,
      {
        kind: outcome.kind,
        to: person.email,
        language: person.language,
        registrationId: first.registrationId,
        payload: { seatId: first.seatId, seatIds, promoted: true },
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
  tx: CapacityTx,
  availability: Availability,
  before: readonly QuotaState[],
): Promise<void> {
  await writeQuotaUsage(tx, availability.changedSince(before));
}
