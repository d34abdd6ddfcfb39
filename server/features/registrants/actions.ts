import { setQuotaSize, setSeatStatus, writeQuotaUsage } from '../../db/capacityWrites.js';
import { AppError, refused } from '../../domain/errors.js';
import { canActInRegion, type Organizer } from '../../domain/organizers.js';
import { coverageOf, takenWhole, type Programme } from '../../domain/types.js';
import { enqueue } from '../../mail/outbox.js';
import { audit } from '../../db/audit.js';
import { findEventIdOfSession, loadProgramme } from '../../db/programme.js';
import { countWaitingAhead } from '../../db/registrations.js';
import { rivalsOf } from '../../db/waitlistPositions.js';
import type { ServiceContext } from '../../context.js';
import { registrationInScope, seatInScope } from '../organizers/index.js';
import { loadQuotaStates, type Promotion } from '../registration/index.js';
import { moveSeat } from '../registration/index.js';
import { phoneLine } from '../../domain/phone.js';
import { releaseSeats } from '../registration/index.js';

/** Cancels a whole registration on an organizer's word; its places go to the waitlist. */
export async function cancelByOrganizer(
  ctx: ServiceContext,
  organizer: Organizer,
  registrationId: number,
): Promise<Promotion[]> {
  const { registration } = await registrationInScope(ctx, organizer, registrationId);
  if (registration.status !== 'active') throw new AppError('not_allowed');
  return releaseSeats(ctx, registration, (seats) => seats.filter((s) => s.status !== 'cancelled'), {
    wholeRegistration: true,
    payload: { byOrganizer: true },
    andThen: async ({ trx, seats, promoted, now }) => {
      await audit(
        trx,
        {
          actor: organizer.email,
          action: 'registration.cancel',
          targetType: 'registration',
          targetId: registrationId,
          before: { status: 'active', seats: seats.map((s) => ({ id: s.id, status: s.status })) },
          after: { status: 'cancelled', promotedSeatIds: promoted.map((p) => p.seatId) },
        },
        now,
      );
    },
  });
}

/**
 * The explicit override: confirms a named waitlisted person out of turn. Confirmed seats
 * may never exceed a quota, so every full quota of the session grows by the one place
 * this needs — visibly, in the audit log, with the sizes before and after.
 */
export async function promoteByOrganizer(ctx: ServiceContext, organizer: Organizer, seatId: number): Promise<void> {
  const { seat, registration } = await seatInScope(ctx, organizer, seatId);
  const now = ctx.clock();
  await ctx.db.capacity.run({ id: registration.eventId }, (programme) => {
    // Out of turn one seat at a time would leave a person in part of a course.
    if (takenWhole(programme.event)) throw new AppError('not_allowed');
    const quotaIds = coverageOf(programme.quotas).get(seat.sessionId) ?? [];
    return {
      quotaIds,
      work: async (tx) => {
        const { trx } = tx;
        const current = (await trx('seats').where('id', seatId).first('status')) as { status: string };
        if (current.status !== 'waitlisted') throw new AppError('not_allowed');
        const before = await loadQuotaStates(trx, quotaIds);
        const grown = before.filter((q) => q.used >= q.size).map((q) => ({ id: q.id, from: q.size, to: q.used + 1 }));
        for (const g of grown) await setQuotaSize(tx, g.id, g.to);
        await writeQuotaUsage(
          tx,
          before.map((q) => ({ id: q.id, used: q.used + 1 })),
        );
        await setSeatStatus(tx, [seatId], 'confirmed', now.toISOString());
        await enqueue(
          trx,
          {
            kind: 'promoted',
            to: registration.email,
            language: registration.language,
            registrationId: registration.id,
            payload: { seatId },
          },
          now,
          ctx.mailDomain,
        );
        await audit(
          trx,
          {
            actor: organizer.email,
            action: 'seat.promote_override',
            targetType: 'seat',
            targetId: seatId,
            before: { status: 'waitlisted', quotas: before.map((q) => ({ id: q.id, size: q.size, used: q.used })) },
            after: { status: 'confirmed', grownQuotas: grown },
          },
          now,
        );
      },
    };
  });
}

/** Moves a person to another workshop that has room; a full one is refused. */
export async function moveByOrganizer(
  ctx: ServiceContext,
  organizer: Organizer,
  seatId: number,
  toSessionId: number,
): Promise<Promotion[]> {
  const { seat, registration } = await seatInScope(ctx, organizer, seatId, (s) => s.status !== 'cancelled');
  // Checked on the programme the move is planned on, so a session changed meanwhile counts.
  const check = (programme: Programme): void => {
    const from = programme.sessions.find((s) => s.id === seat.sessionId);
    const to = programme.sessions.find((s) => s.id === toSessionId);
    if (
      !from ||
      !to ||
      from.kind === 'plenary' ||
      to.kind === 'plenary' ||
      to.id === from.id ||
      to.status !== 'scheduled'
    ) {
      throw new AppError('invalid_input', { sessionId: 'unknown_session' });
    }
    if (!canActInRegion(organizer, to.regionId ?? registration.regionId)) throw new AppError('forbidden');
  };
  return moveSeat(ctx, registration, seatId, seat.sessionId, toSessionId, {
    check,
    byOrganizer: true,
    andThen: async ({ trx, from: old, to: moved, promoted, now }) => {
      await audit(
        trx,
        {
          actor: organizer.email,
          action: 'seat.move',
          targetType: 'seat',
          targetId: seatId,
          before: { sessionId: seat.sessionId, status: old.status },
          after: { sessionId: toSessionId, seatId: moved.id, promotedSeatIds: promoted.map((p) => p.seatId) },
        },
        now,
      );
    },
  });
}

/** Queues the confirmation again (with the current seats and calendar invite). */
export async function resendConfirmation(
  ctx: ServiceContext,
  organizer: Organizer,
  registrationId: number,
): Promise<void> {
  const { registration } = await registrationInScope(ctx, organizer, registrationId);
  if (registration.status !== 'active') throw new AppError('not_allowed');
  // Nothing to resend to a person without an address: the registrant page offers to add one.
  if (registration.email === null) throw refused('no_email');
  const now = ctx.clock();
  await ctx.db.knex.transaction(async (trx) => {
    await enqueue(
      trx,
      {
        kind: 'registration_received',
        to: registration.email,
        language: registration.language,
        registrationId,
        payload: { resent: true },
      },
      now,
      ctx.mailDomain,
    );
    await audit(
      trx,
      { actor: organizer.email, action: 'registration.resend', targetType: 'registration', targetId: registrationId },
      now,
    );
  });
}

/** A person who got a place an organizer's action freed, and where they stood in the queue. */
export interface PlaceGiven {
  seatId: number;
  position: number;
}

/**
 * Where each promoted person stood in the queue before the action freed the places: those
 * still waiting ahead of them, plus those promoted ahead of them by the same action, plus
 * one (as the person was told: db/waitlistPositions.ts). A course's person counts once.
 */
export async function placesGiven(ctx: ServiceContext, promoted: readonly Promotion[]): Promise<PlaceGiven[]> {
  const [first] = promoted;
  if (!first) return [];
  const eventId = await findEventIdOfSession(ctx.db.knex, first.sessionId);
  const programme = eventId === null ? null : await loadProgramme(ctx.db, { id: eventId });
  if (!programme) return [];
  const whole = takenWhole(programme.event);
  const coverage = coverageOf(programme.quotas);
  const people = new Set<number>();
  const given: PlaceGiven[] = [];
  for (const p of promoted) {
    if (people.has(p.registrationId)) continue;
    people.add(p.registrationId);
    const rivals = rivalsOf(coverage, p.sessionId, whole);
    const aheadInBatch = promoted.filter((q) => q.seatId < p.seatId && rivals.includes(q.sessionId)).length;
    given.push({
      seatId: p.seatId,
      position: (await countWaitingAhead(ctx.db.knex, p.seatId, rivals)) + aheadInBatch + 1,
    });
  }
  return given;
}

/**
 * The people named in a `given` query ("seat.position,…") as the banner says them, only
 * those whose registration the organizer may see; the seat's status now tells a place
 * given from a place offered.
 */
export async function givenPeople(
  ctx: ServiceContext,
  organizer: Organizer,
  given: readonly PlaceGiven[],
): Promise<{ name: string; position: number; offered: boolean; phone: string | null; noEmail: boolean }[]> {
  if (given.length === 0) return [];
  const rows = (await ctx.db
    .knex('seats')
    .join('registrations', 'registrations.id', 'seats.registration_id')
    .whereIn(
      'seats.id',
      given.map((g) => g.seatId),
    )
    .select(
      'seats.id',
      'seats.status',
      'registrations.name',
      'registrations.region_id',
      'registrations.email',
      'registrations.phone',
    )) as Record<string, unknown>[];
  const byId = new Map(rows.map((r) => [Number(r.id), r]));
  return given.flatMap((g) => {
    const r = byId.get(g.seatId);
    if (!r || !canActInRegion(organizer, String(r.region_id))) return [];
    return [
      {
        name: String(r.name),
        position: g.position,
        offered: r.status === 'offered',
        // No message reaches a person without an e-mail: the banner says to phone them.
        phone: typeof r.phone === 'string' ? phoneLine(r.phone) : null,
        noEmail: r.email === null || r.email === undefined,
      },
    ];
  });
}

/**
 * The people named in a `call` query (a programme change could not e-mail them) as the
 * banner says them: only those the organizer may see and still without an e-mail.
 */
export async function peopleToCall(
  ctx: ServiceContext,
  organizer: Organizer,
  registrationIds: readonly number[],
): Promise<{ name: string; phone: string | null }[]> {
  const rows = (await ctx.db
    .knex('registrations')
    .whereIn('id', registrationIds)
    .whereNull('email')
    .orderBy('id')
    .select('name', 'phone', 'region_id')) as { name: string; phone: string | null; region_id: string }[];
  return rows
    .filter((r) => canActInRegion(organizer, String(r.region_id)))
    .map((r) => ({ name: String(r.name), phone: r.phone === null ? null : String(r.phone) }));
}
