import { PlanOutdated } from '../../db/capacity.js';
import { seatsOf } from '../../db/registrations.js';
import { setSeatStatus } from '../../db/capacityWrites.js';
import { AppError } from '../../domain/errors.js';
import { quotasCovering } from '../../domain/quotas.js';
import { coverageOf, takenWhole, type Seat } from '../../domain/types.js';
import { enqueue } from '../../mail/outbox.js';
import type { ServiceContext } from '../../context.js';
import {
  cancelSeat,
  cancelRegistration,
  viewRegistration,
  type ChangeResult,
  type RegistrationView,
} from './register.js';

/**
 * Offers: on an event whose waitlist offers freed places (`waitlistMode: 'offer'`), the
 * first person waiting is offered the place until a deadline (promotion.ts). Nobody else
 * can take it meanwhile: it counts against the pools like a confirmed place. The person
 * accepts (the place is theirs) or declines (it goes to the next in the queue at once);
 * with no answer by the deadline it goes on by itself (holds.ts, endLapsed).
 */

/** The offered seats an answer concerns: the session's one, or every seat of a course. */
function offeredSeats(view: RegistrationView, sessionId: number): Seat[] {
  const offered = view.seats.filter((s) => s.status === 'offered');
  const mine = offered.filter((s) => s.sessionId === sessionId);
  if (mine.length === 0) throw new AppError('not_found');
  return takenWhole(view.programme.event) ? offered : mine;
}

/**
 * Accepts an offered place: it becomes the person's, with the usual message and calendar
 * invitation. An offer past its deadline cannot be accepted (it belongs to the next person
 * now, or will in a moment): `offer_lapsed`. Only the address ever received this link
 * when the registration still waited for it, so accepting also confirms the address.
 */
export async function acceptOffer(ctx: ServiceContext, token: string, sessionId: number): Promise<RegistrationView> {
  const view = await viewRegistration(ctx, token);
  const { registration } = view;
  if (registration.status !== 'active') throw new AppError('not_allowed');
  const planned = offeredSeats(view, sessionId);
  const now = ctx.clock();
  const at = now.toISOString();
  await ctx.db.capacity.run({ id: registration.eventId }, (programme) => ({
    quotaIds: quotasCovering(
      coverageOf(programme.quotas),
      view.seats.filter((s) => s.status === 'offered' || s.status === 'held').map((s) => s.sessionId),
    ),
    work: async (tx) => {
      const { sql, trx } = tx;
      const seats = await seatsOf(trx, registration.id);
      const current = seats.filter((s) => planned.some((p) => p.id === s.id));
      if (current.length !== planned.length || current.some((s) => s.status !== 'offered')) {
        throw new AppError('offer_lapsed');
      }
      if (current.some((s) => s.expiresAt !== null && s.expiresAt <= at)) throw new AppError('offer_lapsed');
      const held = seats.filter((s) => s.status === 'held');
      if (held.some((s) => !view.seats.some((v) => v.id === s.id && v.status === 'held'))) {
        throw new PlanOutdated('a place was held since');
      }
      const pending = registration.addressState === 'pending' && registration.linkMailedOnly;
      await setSeatStatus(
        tx,
        [...current, ...(pending ? held : [])].map((s) => s.id),
        'confirmed',
        at,
      );
      if (pending) {
        await sql.run(
          `UPDATE registrations SET address_state = 'confirmed', address_confirmed_at = ?, confirm_by = NULL,
                  updated_at = ? WHERE id = ?`,
          [at, at, registration.id],
        );
      }
      await enqueue(
        sql,
        {
          // A confirmed address now: the whole registration as it stands; else the one place.
          kind: pending ? 'registration_received' : 'promoted',
          to: registration.email,
          language: registration.language,
          registrationId: registration.id,
          payload: { seatId: current[0]?.id, seatIds: current.map((s) => s.id), accepted: true },
        },
        now,
        ctx.mailDomain,
      );
    },
  }));
  return viewRegistration(ctx, token);
}

/**
 * Declines an offered place: it goes to the next person in the queue at once. The person
 * leaves that waitlist (a course's offer: the course). An offer that lapsed meanwhile has
 * gone already: `offer_lapsed`.
 */
export async function declineOffer(ctx: ServiceContext, token: string, sessionId: number): Promise<ChangeResult> {
  const view = await viewRegistration(ctx, token);
  if (view.registration.status !== 'active') throw new AppError('not_allowed');
  const [seat] = offeredSeats(view, sessionId);
  if (!seat) throw new AppError('not_found');
  if (seat.expiresAt !== null && seat.expiresAt <= ctx.clock().toISOString()) throw new AppError('offer_lapsed');
  return takenWhole(view.programme.event) ? cancelRegistration(ctx, token) : cancelSeat(ctx, token, seat.id);
}
