import { capacityTransaction } from '../db/capacity.js';
import { quotasOfEvent, sessionFromRow } from '../db/programme.js';
import { setSeatStatus } from '../db/registrations.js';
import { Availability } from '../domain/availability.js';
import { AppError, invalid } from '../domain/errors.js';
import { promotionClosure } from '../domain/quotas.js';
import { coverageOf, type Session } from '../domain/types.js';
import { enqueue } from '../mail/outbox.js';
import type { ServiceContext } from './context.js';
import { loadQuotaStates, promoteWaiting, saveUsage, type Promotion } from './promotion.js';

interface SeatPerson {
  seat_id: number;
  status: string;
  confirmed_at: string | null;
  registration_id: number;
  email: string;
  language: 'lv' | 'en';
}

async function loadSession(ctx: ServiceContext, sessionId: number): Promise<Session> {
  const row = (await ctx.db('sessions').where('id', sessionId).first()) as Record<string, unknown> | undefined;
  if (!row) throw new AppError('not_found');
  return sessionFromRow(row);
}

/**
 * Moves a session. Its change counter goes up, so every confirmed person gets a
 * calendar update (same UID, higher SEQUENCE) and a fresh reminder.
 */
export async function moveSession(
  ctx: ServiceContext,
  sessionId: number,
  times: { startsAt: string; endsAt: string },
  actor: string,
): Promise<{ session: Session; notified: number }> {
  const before = await loadSession(ctx, sessionId);
  const startsAt = new Date(times.startsAt);
  const endsAt = new Date(times.endsAt);
  if (Number.isNaN(startsAt.getTime())) throw invalid({ startsAt: 'invalid' });
  if (Number.isNaN(endsAt.getTime()) || endsAt <= startsAt) throw invalid({ endsAt: 'invalid' });
  if (before.status !== 'scheduled') throw new AppError('not_allowed');
  const now = ctx.clock();

  const notified = await ctx.db.transaction(async (trx) => {
    await trx('sessions')
      .where('id', sessionId)
      .update({
        starts_at: startsAt.toISOString(),
        ends_at: endsAt.toISOString(),
        sequence: before.sequence + 1,
      });
    await trx('seats').where('session_id', sessionId).update({ reminded_at: null });
    const people = (await trx('seats')
      .join('registrations', 'registrations.id', 'seats.registration_id')
      .where('seats.session_id', sessionId)
      .andWhere('seats.status', 'confirmed')
      .select(
        'seats.id as seat_id',
        'registrations.id as registration_id',
        'registrations.email',
        'registrations.language',
      )
      .orderBy('seats.id')) as SeatPerson[];
    for (const p of people) {
      await enqueue(
        trx,
        {
          kind: 'session_changed',
          to: p.email,
          language: p.language,
          registrationId: p.registration_id,
          payload: { sessionId, seatId: p.seat_id, change: 'moved' },
        },
        now,
        ctx.mailDomain,
      );
    }
    await trx('audit_log').insert({
      actor,
      action: 'session.move',
      target_type: 'session',
      target_id: String(sessionId),
      before: JSON.stringify({ startsAt: before.startsAt, endsAt: before.endsAt, sequence: before.sequence }),
      after: JSON.stringify({
        startsAt: startsAt.toISOString(),
        endsAt: endsAt.toISOString(),
        sequence: before.sequence + 1,
      }),
      at: now.toISOString(),
    });
    return people.length;
  });
  return { session: await loadSession(ctx, sessionId), notified };
}

/**
 * Cancels a session: every seat in it is cancelled and told (a calendar CANCEL where a
 * place had been confirmed); places it held in shared pools go to the waitlist.
 */
export async function cancelSession(
  ctx: ServiceContext,
  sessionId: number,
  actor: string,
): Promise<{ session: Session; notified: number; promoted: Promotion[] }> {
  const before = await loadSession(ctx, sessionId);
  if (before.status !== 'scheduled') throw new AppError('not_allowed');
  const coverage = coverageOf(await quotasOfEvent(ctx.db, before.eventId));
  const freed = coverage.get(sessionId) ?? [];
  const lockIds = promotionClosure(coverage, freed);
  const now = ctx.clock();
  const at = now.toISOString();

  const outcome = await capacityTransaction(ctx.db, lockIds, async (trx) => {
    await trx('sessions')
      .where('id', sessionId)
      .update({ status: 'cancelled', sequence: before.sequence + 1 });
    const people = (await trx('seats')
      .join('registrations', 'registrations.id', 'seats.registration_id')
      .where('seats.session_id', sessionId)
      .whereIn('seats.status', ['confirmed', 'waitlisted'])
      .select(
        'seats.id as seat_id',
        'seats.status',
        'registrations.id as registration_id',
        'registrations.email',
        'registrations.language',
      )
      .orderBy('seats.id')) as SeatPerson[];
    const quotasBefore = await loadQuotaStates(trx, lockIds);
    const availability = new Availability(quotasBefore, coverage);
    for (const p of people) if (p.status === 'confirmed') availability.release(sessionId);
    await setSeatStatus(
      trx,
      people.map((p) => p.seat_id),
      'cancelled',
      at,
    );
    // The cancelled session is out of the running: only the others' waitlists move up.
    const others = new Map([...coverage].filter(([s]) => s !== sessionId));
    const promoted = await promoteWaiting(ctx, trx, availability, others, freed);
    await saveUsage(trx, availability, quotasBefore);
    for (const p of people) {
      await enqueue(
        trx,
        {
          kind: 'session_changed',
          to: p.email,
          language: p.language,
          registrationId: p.registration_id,
          payload: { sessionId, seatId: p.seat_id, change: 'cancelled' },
        },
        now,
        ctx.mailDomain,
      );
    }
    await trx('audit_log').insert({
      actor,
      action: 'session.cancel',
      target_type: 'session',
      target_id: String(sessionId),
      before: JSON.stringify({ status: before.status, seats: people.length }),
      after: JSON.stringify({ status: 'cancelled', promotedSeatIds: promoted.map((p) => p.seatId) }),
      at,
    });
    return { notified: people.length, promoted };
  });
  return { session: await loadSession(ctx, sessionId), ...outcome };
}
