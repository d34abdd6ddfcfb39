import { PlanOutdated } from '../../db/capacity.js';
import type { Tx } from '../../db/knex.js';
import { findRegistrationByTokenHash, seatsOf } from '../../db/registrations.js';
import { setSeatStatus } from '../../db/capacityWrites.js';
import { Availability } from '../../domain/availability.js';
import { AppError } from '../../domain/errors.js';
import { promotionClosure, quotasCovering } from '../../domain/quotas.js';
import { coverageOf, takenWhole, usesPlace, type Programme, type Seat } from '../../domain/types.js';
import { enqueue } from '../../mail/outbox.js';
import { TokenVault } from '../../security/tokens.js';
import type { ServiceContext } from '../../context.js';
import { loadQuotaStates, promoteWaiting, saveUsage } from './promotion.js';

/**
 * Holds: a registration made where the event confirms addresses keeps its limited places
 * "held" until the address confirms it from the link in its e-mail. A held place counts
 * against the pools like a confirmed one; a hold not confirmed by its deadline ends and the
 * place goes to the next in the queue (`endLapsed`, run by a job every few seconds).
 */

export interface AddressConfirmed {
  /** The places that became the person's. */
  confirmed: number;
  /** The registration's held places had already ended (the deadline passed and the queue moved on). */
  lapsed: boolean;
}

/**
 * The address behind a manage link confirms its registration: the held places become
 * confirmed, the person is sent the usual confirmation with the calendar invitation, and
 * from now on the e-mails may carry what the person typed. A place still held after its
 * deadline (the job has not ended it yet) is kept: nobody else was told it was free.
 * Confirming twice changes nothing.
 */
export async function confirmAddress(ctx: ServiceContext, token: string): Promise<AddressConfirmed> {
  if (!TokenVault.looksValid(token)) throw new AppError('not_found');
  const registration = await findRegistrationByTokenHash(ctx.db.knex, TokenVault.hash(token));
  if (!registration) throw new AppError('not_found');
  if (registration.addressState !== 'pending') return { confirmed: 0, lapsed: false };
  const now = ctx.clock();
  const at = now.toISOString();
  return ctx.db.capacity.run({ id: registration.eventId }, async (programme) => {
    const planned = (await seatsOf(ctx.db.knex, registration.id)).filter((s) => s.status === 'held');
    const quotaIds = quotasCovering(
      coverageOf(programme.quotas),
      planned.map((s) => s.sessionId),
    );
    return {
      quotaIds,
      work: async (tx) => {
        const { sql, trx } = tx;
        const [row] = await sql.all<{ address_state: string; status: string }>(
          'SELECT address_state, status FROM registrations WHERE id = ?',
          [registration.id],
        );
        if (row?.address_state !== 'pending') return { confirmed: 0, lapsed: false };
        const seats = await seatsOf(trx, registration.id);
        const held = seats.filter((s) => s.status === 'held');
        if (held.some((s) => !planned.some((p) => p.id === s.id))) throw new PlanOutdated('a place was held since');
        await setSeatStatus(
          tx,
          held.map((s) => s.id),
          'confirmed',
          at,
        );
        await sql.run(
          `UPDATE registrations SET address_state = 'confirmed', address_confirmed_at = ?, confirm_by = NULL,
                  updated_at = ? WHERE id = ?`,
          [at, at, registration.id],
        );
        const active = row.status === 'active' && seats.some((s) => s.status !== 'cancelled');
        const lapsed = held.length === 0 && seats.some((s) => s.status === 'cancelled' && s.confirmedAt === null);
        if (active) {
          await enqueue(
            sql,
            {
              kind: 'registration_received',
              to: registration.email,
              language: registration.language,
              registrationId: registration.id,
              payload: { confirmedAddress: true },
            },
            now,
            ctx.mailDomain,
          );
        }
        return { confirmed: held.length, lapsed };
      },
    };
  });
}

interface Lapsed {
  eventId: number;
  /** Pending registrations whose deadline passed. */
  registrationIds: number[];
  /** Offered places whose deadline passed. */
  offerSeatIds: number[];
}

/** What is due at `at`: lapsed holds and offers, by event, at most `limit` of each. */
async function dueAt(ctx: ServiceContext, at: string, limit: number): Promise<Lapsed[]> {
  const knex = ctx.db.knex;
  const holds = (await knex('registrations')
    .where('address_state', 'pending')
    .whereNotNull('confirm_by')
    .andWhere('confirm_by', '<=', at)
    .andWhere('status', 'active')
    .orderBy('confirm_by')
    .limit(limit)
    .select('id', 'event_id')) as { id: number; event_id: number }[];
  const offers = (await knex('seats')
    .join('registrations', 'registrations.id', 'seats.registration_id')
    .where('seats.status', 'offered')
    .andWhere('seats.expires_at', '<=', at)
    .orderBy('seats.expires_at')
    .limit(limit)
    .select('seats.id', 'registrations.event_id')) as { id: number; event_id: number }[];
  const byEvent = new Map<number, Lapsed>();
  const of = (eventId: number): Lapsed => {
    const entry = byEvent.get(eventId) ?? { eventId, registrationIds: [], offerSeatIds: [] };
    byEvent.set(eventId, entry);
    return entry;
  };
  for (const h of holds) of(Number(h.event_id)).registrationIds.push(Number(h.id));
  for (const o of offers) of(Number(o.event_id)).offerSeatIds.push(Number(o.id));
  return [...byEvent.values()];
}

/** The seats a lapse ends: a lapsed registration's held and waiting ones, and lapsed offers (a course's whole). */
async function seatsToEnd(trx: Tx | ServiceContext['db']['knex'], due: Lapsed, whole: boolean): Promise<Seat[]> {
  const ended: Seat[] = [];
  for (const id of due.registrationIds) {
    ended.push(...(await seatsOf(trx, id)).filter((s) => s.status === 'held' || s.status === 'waitlisted'));
  }
  if (due.offerSeatIds.length > 0) {
    const offered = (await trx('seats').whereIn('id', due.offerSeatIds).select('registration_id')) as {
      registration_id: number;
    }[];
    for (const registrationId of new Set(offered.map((o) => Number(o.registration_id)))) {
      const seats = (await seatsOf(trx, registrationId)).filter((s) => s.status === 'offered');
      // A course's offer is one offer: all its seats lapse together.
      ended.push(...(whole ? seats : seats.filter((s) => due.offerSeatIds.includes(s.id))));
    }
  }
  return ended;
}

/**
 * Ends the holds and offers whose deadline passed, event by event, each event in one
 * capacity use case (LOCKING.md): under the pools' locks the deadlines are read again, so
 * a confirmation or an acceptance that came first wins, and two processes running this at
 * once end each place once. The places go to the next in the queue in the same
 * transaction. A lapsed hold says nothing to the address (it never answered; it may not
 * exist); a lapsed offer tells its person that the place went on. Returns how many places
 * came free.
 */
export async function endLapsed(ctx: ServiceContext, limit = 200): Promise<number> {
  const now = ctx.clock();
  const at = now.toISOString();
  let freed = 0;
  for (const due of await dueAt(ctx, at, limit)) {
    freed += await ctx.db.capacity.run({ id: due.eventId }, async (programme) => {
      const whole = takenWhole(programme.event);
      const planned = await seatsToEnd(ctx.db.knex, due, whole);
      const coverage = coverageOf(programme.quotas);
      const freedQuotas = quotasCovering(
        coverage,
        planned.filter((s) => usesPlace(s.status)).map((s) => s.sessionId),
      );
      const lockIds = promotionClosure(coverage, freedQuotas);
      return {
        quotaIds: lockIds,
        work: async (tx) => {
          const { trx } = tx;
          const still = await stillLapsed(trx, due, at);
          const seats = await seatsToEnd(trx, still, whole);
          // A seat promoted or moved since the plan may need other locks: plan again.
          const same = (s: Seat) =>
            planned.some((p) => p.id === s.id && p.status === s.status && p.sessionId === s.sessionId);
          if (!seats.every(same)) throw new PlanOutdated('the seats changed');
          const before = await loadQuotaStates(trx, lockIds);
          const availability = new Availability(before, coverage);
          const placed = seats.filter((s) => usesPlace(s.status));
          if (whole) releaseCourses(availability, placed);
          else for (const s of placed) availability.release(s.sessionId);
          await setSeatStatus(
            tx,
            seats.map((s) => s.id),
            'cancelled',
            at,
          );
          if (still.registrationIds.length > 0) {
            await trx('registrations')
              .whereIn('id', still.registrationIds)
              .update({ confirm_by: null, updated_at: at });
          }
          await closeEmptied(trx, [...new Set(seats.map((s) => s.registrationId))], at);
          await tellLapsedOffers(ctx, trx, programme, seats, now);
          await promoteWaiting(ctx, tx, programme, availability, coverage, freedQuotas);
          await saveUsage(tx, availability, before);
          return placed.length;
        },
      };
    });
  }
  return freed;
}

/** The part of `due` still lapsed under the locks (a confirmation or an acceptance may have come first). */
async function stillLapsed(trx: Tx, due: Lapsed, at: string): Promise<Lapsed> {
  const regs = (await trx('registrations')
    .whereIn('id', due.registrationIds)
    .andWhere('address_state', 'pending')
    .whereNotNull('confirm_by')
    .andWhere('confirm_by', '<=', at)
    .andWhere('status', 'active')
    .select('id')) as { id: number }[];
  const offers = (await trx('seats')
    .whereIn('id', due.offerSeatIds)
    .andWhere('status', 'offered')
    .andWhere('expires_at', '<=', at)
    .select('id')) as { id: number }[];
  return {
    eventId: due.eventId,
    registrationIds: regs.map((r) => Number(r.id)),
    offerSeatIds: offers.map((o) => Number(o.id)),
  };
}

/** A course's places are one a person, whatever the number of its sessions. */
function releaseCourses(availability: Availability, placed: readonly Seat[]): void {
  const byPerson = new Map<number, number[]>();
  for (const s of placed) byPerson.set(s.registrationId, [...(byPerson.get(s.registrationId) ?? []), s.sessionId]);
  for (const sessions of byPerson.values()) availability.releaseAll(sessions);
}

/** A registration left with no seat at all is cancelled: nothing of it remains. */
async function closeEmptied(trx: Tx, registrationIds: readonly number[], at: string): Promise<void> {
  for (const id of registrationIds) {
    const left = await trx('seats').where('registration_id', id).whereNot('status', 'cancelled').first('id');
    if (!left) {
      await trx('registrations')
        .where({ id, status: 'active' })
        .update({ status: 'cancelled', cancelled_at: at, confirm_by: null, updated_at: at });
    }
  }
}

/** Each person whose offer lapsed is told the place went to the next in the queue. */
async function tellLapsedOffers(
  ctx: ServiceContext,
  trx: Tx,
  programme: Programme,
  seats: readonly Seat[],
  now: Date,
): Promise<void> {
  const offered = seats.filter((s) => s.status === 'offered');
  for (const registrationId of new Set(offered.map((s) => s.registrationId))) {
    const person = (await trx('registrations').where('id', registrationId).first('email', 'language')) as
      { email: string | null; language: 'lv' | 'en' } | undefined;
    if (!person) continue;
    await enqueue(
      trx,
      {
        kind: 'seat_cancelled',
        to: person.email,
        language: person.language,
        registrationId,
        payload: {
          seatIds: offered.filter((s) => s.registrationId === registrationId).map((s) => s.id),
          reason: 'offer_lapsed',
          event: programme.event.id,
        },
      },
      now,
      ctx.mailDomain,
    );
  }
}

/** How many places of an event are held or offered now, in the organizer's regions (null: all). */
export async function holdCounts(
  ctx: ServiceContext,
  eventId: number,
  regions: readonly string[] | undefined,
): Promise<{ held: number; offered: number }> {
  const q = ctx.db
    .knex('seats')
    .join('registrations', 'registrations.id', 'seats.registration_id')
    .where('registrations.event_id', eventId)
    .whereIn('seats.status', ['held', 'offered'])
    .groupBy('seats.status')
    .select('seats.status')
    .count({ n: '*' });
  if (regions) void q.whereIn('registrations.region_id', regions);
  const rows = (await q) as { status: string; n: number | string }[];
  const of = (status: string) => Number(rows.find((r) => r.status === status)?.n ?? 0);
  return { held: of('held'), offered: of('offered') };
}
