import type { Tx } from '../../db/knex.js';
import { PlanOutdated } from '../../db/capacity.js';
import { seatsOf } from '../../db/registrations.js';
import { setSeatStatus } from '../../db/capacityWrites.js';
import { Availability } from '../../domain/availability.js';
import { promotionClosure, quotasCovering } from '../../domain/quotas.js';
import { AppError } from '../../domain/errors.js';
import { coverageOf, takenWhole, usesPlace, type Registration, type Seat } from '../../domain/types.js';
import { enqueue } from '../../mail/outbox.js';
import type { ServiceContext } from '../../context.js';
import { loadQuotaStates, promoteWaiting, saveUsage, type Promotion } from './promotion.js';

export interface SeatsReleased {
  trx: Tx;
  seats: Seat[];
  promoted: Promotion[];
  now: Date;
}

/**
 * Frees the seats `pick` chooses of one registration (all of them when the whole
 * registration is cancelled) and hands the freed places to the waitlist in the same
 * capacity transaction, with the person's message. `andThen` runs in that transaction
 * too (an organizer's audit entry). Shared by the participant and the back office.
 */
export async function releaseSeats(
  ctx: ServiceContext,
  registration: Registration,
  pick: (seats: Seat[]) => Seat[],
  opts: {
    wholeRegistration: boolean;
    payload?: Record<string, unknown>;
    andThen?: (released: SeatsReleased) => Promise<void>;
  },
): Promise<Promotion[]> {
  const now = ctx.clock();

  return ctx.db.capacity.run({ id: registration.eventId }, async (programme) => {
    const planned = pick(await seatsOf(ctx.db.knex, registration.id));
    const plannedSessions = new Set(planned.map((s) => s.sessionId));
    const coverage = coverageOf(programme.quotas);
    const freed = quotasCovering(
      coverage,
      planned.map((s) => s.sessionId),
    );
    const lockIds = promotionClosure(coverage, freed);
    return {
      quotaIds: lockIds,
      work: async (tx) => {
        const { trx } = tx;
        // Decide on the seats as they are now, under the lock, not as first read: seats
        // moved to another session meanwhile (an organizer's move) need other locks.
        const current = pick(await seatsOf(trx, registration.id));
        if (current.some((s) => !plannedSessions.has(s.sessionId))) throw new PlanOutdated('the seats moved');
        const whole = takenWhole(programme.event);
        // Half a course is never given up: its seats go all together or not at all.
        if (whole && current.length > 0 && !opts.wholeRegistration) throw new AppError('not_allowed');
        const before = await loadQuotaStates(trx, lockIds);
        const availability = new Availability(before, coverage);
        // Held and offered places count like confirmed ones: they are given back too.
        const placed = current.filter((s) => usesPlace(s.status)).map((s) => s.sessionId);
        // A course holds one place in its pool for all its sessions; others one a seat.
        if (whole) {
          if (placed.length > 0) availability.releaseAll(placed);
        } else for (const sessionId of placed) availability.release(sessionId);
        await setSeatStatus(
          tx,
          current.map((s) => s.id),
          'cancelled',
          now.toISOString(),
        );
        const promoted = await promoteWaiting(ctx, tx, programme, availability, coverage, freed);
        await saveUsage(tx, availability, before);
        if (opts.wholeRegistration) {
          await trx('registrations')
            .where('id', registration.id)
            .update({ status: 'cancelled', cancelled_at: now.toISOString(), updated_at: now.toISOString() });
        }
        if (current.length > 0 || opts.wholeRegistration) {
          await enqueue(
            trx,
            {
              kind: opts.wholeRegistration ? 'registration_cancelled' : 'seat_cancelled',
              to: registration.email,
              language: registration.language,
              registrationId: registration.id,
              payload: { seatIds: current.map((s) => s.id), ...opts.payload },
            },
            now,
            ctx.mailDomain,
          );
        }
        if (opts.andThen) await opts.andThen({ trx, seats: current, promoted, now });
        return promoted;
      },
    };
  });
}
