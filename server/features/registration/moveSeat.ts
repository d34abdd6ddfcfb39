import type { Tx } from '../../db/knex.js';
import { seatsOf } from '../../db/registrations.js';
import { insertSeat, setSeatStatus } from '../../db/capacityWrites.js';
import { Availability } from '../../domain/availability.js';
import { AppError } from '../../domain/errors.js';
import { promotionClosure } from '../../domain/quotas.js';
import { coverageOf, takenWhole, usesPlace, type Programme, type Registration, type Seat } from '../../domain/types.js';
import { enqueue } from '../../mail/outbox.js';
import { continuedEntry } from '../../calendar/feeds.js';
import type { ServiceContext } from '../../context.js';
import { loadQuotaStates, promoteWaiting, saveUsage, type Promotion } from './promotion.js';

export interface SeatMoved {
  trx: Tx;
  from: Seat;
  to: Seat;
  promoted: Promotion[];
  now: Date;
}

/**
 * Moves a seat to another session that has room, in one capacity transaction: the person
 * keeps their place in the pools both sessions share, a full target refuses the move, and
 * whatever the move frees goes to the waitlist at once. The person gets one message: the
 * calendar entry of the old seat becomes the new one's (same UID, higher SEQUENCE), so a
 * calendar shows the new session in its place. `andThen` runs in the same transaction
 * (the organizer's audit entry).
 */
export async function moveSeat(
  ctx: ServiceContext,
  registration: Registration,
  seatId: number,
  fromId: number,
  toId: number,
  opts: {
    /** What the caller requires of the programme the move is planned on (throws if not). */
    check?: (programme: Programme) => void;
    /** Runs in the same transaction (the organizer's audit entry). */
    andThen?: (moved: SeatMoved) => Promise<void>;
    /** An organizer moved the person (the e-mail says so). */
    byOrganizer?: boolean;
  } = {},
): Promise<Promotion[]> {
  const now = ctx.clock();
  const at = now.toISOString();
  const { check, andThen } = opts;

  return ctx.db.capacity.run({ id: registration.eventId }, (programme) => {
    check?.(programme);
    // A course is held whole: no seat of it moves on its own.
    if (takenWhole(programme.event)) throw new AppError('not_allowed');
    const from = programme.sessions.find((s) => s.id === fromId);
    const to = programme.sessions.find((s) => s.id === toId && s.status === 'scheduled');
    if (!from || !to) throw new AppError('invalid_input', { sessionId: 'unknown_session' });
    const coverage = coverageOf(programme.quotas);
    const freed = coverage.get(from.id) ?? [];
    const lockIds = [...new Set([...promotionClosure(coverage, freed), ...(coverage.get(to.id) ?? [])])];
    return {
      quotaIds: lockIds,
      work: async (tx) => {
        const { trx } = tx;
        const seats = await seatsOf(trx, registration.id);
        const current = seats.find((s) => s.id === seatId && s.status !== 'cancelled');
        if (!current) throw new AppError('not_found');
        if (seats.some((s) => s.sessionId === to.id && s.status !== 'cancelled')) {
          throw new AppError('invalid_input', { sessionId: 'unknown_session' });
        }
        const before = await loadQuotaStates(trx, lockIds);
        const availability = new Availability(before, coverage);
        // An offered place is the person's to accept or decline, not to move.
        if (current.status === 'offered') throw new AppError('not_allowed');
        if (usesPlace(current.status)) availability.release(from.id);
        if (!availability.take(to.id)) throw new AppError('session_full');
        await setSeatStatus(tx, [current.id], 'cancelled', at);
        // A place held for an address that has not confirmed yet stays held, to the same deadline.
        const held = current.status === 'held';
        const moved = await insertSeat(tx, {
          registrationId: registration.id,
          sessionId: to.id,
          status: held ? 'held' : 'confirmed',
          createdAt: at,
          confirmedAt: held ? null : at,
          expiresAt: held ? current.expiresAt : null,
        });
        const promoted = await promoteWaiting(ctx, tx, programme, availability, coverage, freed);
        await saveUsage(tx, availability, before);
        // One change reaches the person: the calendar entry they had is updated to the new
        // session (same UID, higher SEQUENCE), so nothing is left behind and nothing doubles.
        if (current.confirmedAt !== null) {
          const entry = continuedEntry(current, from, to, ctx.mailDomain);
          await trx('seats')
            .where('id', moved.id)
            .update({ calendar_uid: entry.uid, calendar_sequence_base: entry.sequenceBase });
        }
        const person = { to: registration.email, language: registration.language, registrationId: registration.id };
        await enqueue(
          trx,
          {
            ...person,
            kind: 'seat_switched',
            payload: { cancelledSeatId: current.id, seatId: moved.id, byOrganizer: opts.byOrganizer === true },
          },
          now,
          ctx.mailDomain,
        );
        if (andThen) await andThen({ trx, from: current, to: moved, promoted, now });
        return promoted;
      },
    };
  });
}
