import { sessionFromRow } from '../../db/programme.js';
import type { Tx } from '../../db/knex.js';
import { setSeatStatus } from '../../db/capacityWrites.js';
import { Availability } from '../../domain/availability.js';
import { AppError, invalid } from '../../domain/errors.js';
import { promotionClosure } from '../../domain/quotas.js';
import { coverageOf, takenWhole, usesPlace, type SeatStatus, type Session } from '../../domain/types.js';
import { enqueue } from '../../mail/outbox.js';
import { audit } from '../../db/audit.js';
import type { ServiceContext } from '../../context.js';
import type { Organizer } from '../../domain/organizers.js';
import { loadQuotaStates, promoteWaiting, saveUsage, type Promotion } from '../registration/index.js';

/** What an organizer writes to the people of a session: Latvian, and English if given. */
export interface OrganizerMessage {
  lv: string;
  en: string;
}

interface SeatPerson {
  seat_id: number;
  status: string;
  registration_id: number;
  /** Null for a person without an e-mail: enqueue queues nothing for them. */
  email: string | null;
  language: 'lv' | 'en';
  name: string;
  phone: string | null;
}

/**
 * A person a change could not reach by e-mail (registered by phone, no address): the
 * organizer is told to phone them. `phone` as kept ("+37120000001"); null where none was noted.
 */
export interface ToCall {
  registrationId: number;
  name: string;
  phone: string | null;
}

/** Whom a change reached: how many were e-mailed, and whom the organizer must phone. */
export interface Told {
  notified: number;
  toCall: ToCall[];
}

/** The people a change tells, split into those e-mailed (counted) and those to phone. */
function toldOf(people: readonly SeatPerson[]): Told {
  const emailed = new Set<number>();
  const toCall = new Map<number, ToCall>();
  for (const p of people) {
    if (p.email !== null) emailed.add(p.registration_id);
    else toCall.set(p.registration_id, { registrationId: p.registration_id, name: p.name, phone: p.phone });
  }
  return { notified: emailed.size, toCall: [...toCall.values()] };
}

async function loadSession(ctx: ServiceContext, sessionId: number): Promise<Session> {
  const row = (await ctx.db.knex('sessions').where('id', sessionId).first()) as Record<string, unknown> | undefined;
  if (!row) throw new AppError('not_found');
  return sessionFromRow(row);
}

/** The people holding seats of the given statuses in a session, in FIFO order. */
function seatsInSession(trx: Tx, sessionId: number, statuses: string[]): Promise<SeatPerson[]> {
  return trx('seats')
    .join('registrations', 'registrations.id', 'seats.registration_id')
    .where('seats.session_id', sessionId)
    .whereIn('seats.status', statuses)
    .select(
      'seats.id as seat_id',
      'seats.status',
      'registrations.id as registration_id',
      'registrations.email',
      'registrations.language',
      'registrations.name',
      'registrations.phone',
    )
    .orderBy('seats.id') as Promise<SeatPerson[]>;
}

/** Tells each person their session was cancelled (the composer adds the calendar CANCEL). */
async function tellSessionCancelled(
  ctx: ServiceContext,
  trx: Tx,
  people: SeatPerson[],
  sessionId: number,
  now: Date,
  message?: OrganizerMessage,
): Promise<void> {
  for (const p of people) {
    const note = messageFor(p, message);
    await enqueue(
      trx,
      {
        kind: 'session_changed',
        to: p.email,
        language: p.language,
        registrationId: p.registration_id,
        payload: { sessionId, seatId: p.seat_id, change: 'cancelled', ...(note ? { message: note } : {}) },
      },
      now,
      ctx.mailDomain,
    );
  }
}

/** The organizer's words in the person's language; Latvian where no English was given. */
const messageFor = (p: Pick<SeatPerson, 'language'>, message?: OrganizerMessage): string | undefined =>
  message ? (p.language === 'en' && message.en ? message.en : message.lv) || undefined : undefined;

/**
 * What a moved seat was before the change, kept in the message: the message is composed
 * later from the database as it is then, which knows only the new times and place.
 * `place` and `address` are there only where the place changed.
 */
export interface MovedSeat {
  seatId: number;
  sessionId: number;
  was: { startsAt: string; endsAt: string; place?: string | null; address?: string | null };
}

/** One session of an organizer's action: its new times, and the session as it was before the action. */
export interface SessionMove {
  sessionId: number;
  startsAt: string;
  endsAt: string;
  /** Where the action has already written the session's other fields (a session edit: its place). */
  before?: Session;
}

/**
 * Tells each person, in ONE message, every one of their seats the action moved, with what
 * each was before (the composer adds one calendar update per seat).
 */
async function tellSessionsMoved(
  ctx: ServiceContext,
  trx: Tx,
  moved: readonly (SeatPerson & { seat: MovedSeat })[],
  now: Date,
  message?: OrganizerMessage,
): Promise<Told> {
  const byRegistration = new Map<number, (SeatPerson & { seat: MovedSeat })[]>();
  for (const m of moved) byRegistration.set(m.registration_id, [...(byRegistration.get(m.registration_id) ?? []), m]);
  for (const [registrationId, seats] of byRegistration) {
    const p = seats[0] as SeatPerson;
    const note = messageFor(p, message);
    await enqueue(
      trx,
      {
        kind: 'session_changed',
        to: p.email,
        language: p.language,
        registrationId,
        payload: { change: 'moved', seats: seats.map((m) => m.seat), ...(note ? { message: note } : {}) },
      },
      now,
      ctx.mailDomain,
    );
  }
  return toldOf(moved);
}

/**
 * Moves a session. Its change counter goes up, so every confirmed person gets a
 * calendar update (same UID, higher SEQUENCE) and a fresh reminder. A programme change:
 * no capacity use case of the event runs meanwhile (LOCKING.md).
 */
export async function moveSession(
  ctx: ServiceContext,
  sessionId: number,
  times: { startsAt: string; endsAt: string },
  actor: string,
): Promise<{ session: Session } & Told> {
  const found = await loadSession(ctx, sessionId);
  const now = ctx.clock();
  const told = await ctx.db.capacity.changeProgramme(found.eventId, (trx) =>
    moveSessionsIn(ctx, trx, [{ sessionId, ...times }], actor, now),
  );
  return { session: await loadSession(ctx, sessionId), ...told };
}

/**
 * Moves several sessions of one event in one action (one programme change): each person
 * gets one message naming every one of their sessions that moved, old and new.
 */
export async function moveSessions(
  ctx: ServiceContext,
  eventId: number,
  moves: readonly SessionMove[],
  actor: string,
  message?: OrganizerMessage,
): Promise<Told> {
  const ids = moves.map((m) => m.sessionId);
  if (ids.length === 0 || new Set(ids).size !== ids.length) throw invalid({ sessionIds: 'invalid' });
  const now = ctx.clock();
  return ctx.db.capacity.changeProgramme(eventId, async (trx) => {
    const found = (await trx('sessions').whereIn('id', ids).select('event_id')) as { event_id: number }[];
    if (found.length !== ids.length || found.some((r) => Number(r.event_id) !== eventId)) {
      throw new AppError('not_found');
    }
    return moveSessionsIn(ctx, trx, moves, actor, now, message);
  });
}

/**
 * An organizer moves a session (the organizer API's PATCH): admins only, as in the back
 * office; the same move, with calendar updates to everyone confirmed.
 */
export async function moveSessionAs(
  ctx: ServiceContext,
  organizer: Organizer,
  sessionId: number,
  times: { startsAt: string; endsAt: string },
): Promise<{ session: Session; timezone: string } & Told> {
  const found = await loadSession(ctx, sessionId);
  if (organizer.role !== 'admin') throw new AppError('forbidden');
  const moved = await moveSession(ctx, found.id, times, organizer.email);
  const event = (await ctx.db.knex('events').where('id', found.eventId).first('timezone')) as { timezone: string };
  return { ...moved, timezone: event.timezone };
}

/**
 * An organizer moves several sessions of an event in one action (the organizer API): admins
 * only; each person told in one message naming every one of their sessions that moved.
 */
export async function moveSessionsAs(
  ctx: ServiceContext,
  organizer: Organizer,
  slug: string,
  moves: readonly SessionMove[],
  message: OrganizerMessage,
): Promise<{ sessions: Session[]; timezone: string } & Told> {
  if (organizer.role !== 'admin') throw new AppError('forbidden');
  const event = (await ctx.db.knex('events').where('slug', slug).first('id', 'timezone')) as
    { id: number; timezone: string } | undefined;
  if (!event) throw new AppError('not_found');
  const said = message.lv.trim() !== '' ? message : undefined;
  const told = await moveSessions(ctx, Number(event.id), moves, organizer.email, said);
  const sessions = await Promise.all(moves.map((m) => loadSession(ctx, m.sessionId)));
  return { sessions, ...told, timezone: event.timezone };
}

/** moveSession's work, inside the caller's programme change (a session edit moves it too). */
export async function moveSessionIn(
  ctx: ServiceContext,
  trx: Tx,
  sessionId: number,
  times: { startsAt: string; endsAt: string },
  actor: string,
  now: Date,
): Promise<Told> {
  return moveSessionsIn(ctx, trx, [{ sessionId, ...times }], actor, now);
}

const samePlace = (a: Session, b: Session): boolean =>
  (a.place ?? '') === (b.place ?? '') && (a.address ?? '') === (b.address ?? '');

/**
 * The sessions' moves, inside the caller's programme change: each session whose time or
 * place changed gets a higher change counter (its time: fresh reminders too), and each
 * confirmed person ONE message naming every one of their seats that moved, with what it
 * was. A session with nothing changed is left alone and tells nobody. Answers how many
 * people are e-mailed, and whom (no e-mail) the organizer must phone.
 */
export async function moveSessionsIn(
  ctx: ServiceContext,
  trx: Tx,
  moves: readonly SessionMove[],
  actor: string,
  now: Date,
  message?: OrganizerMessage,
): Promise<Told> {
  const moved: (SeatPerson & { seat: MovedSeat })[] = [];
  for (const move of moves) {
    const { sessionId } = move;
    const row = (await trx('sessions').where('id', sessionId).first()) as Record<string, unknown> | undefined;
    if (!row) throw new AppError('not_found');
    const current = sessionFromRow(row);
    const before = move.before ?? current;
    const startsAt = new Date(move.startsAt);
    const endsAt = new Date(move.endsAt);
    if (Number.isNaN(startsAt.getTime())) throw invalid({ startsAt: 'invalid' });
    if (Number.isNaN(endsAt.getTime()) || endsAt <= startsAt) throw invalid({ endsAt: 'invalid' });
    if (current.status !== 'scheduled') throw new AppError('not_allowed');
    const timeChanged =
      startsAt.getTime() !== new Date(before.startsAt).getTime() ||
      endsAt.getTime() !== new Date(before.endsAt).getTime();
    const placeChanged = !samePlace(before, current);
    if (!timeChanged && !placeChanged) continue;
    await trx('sessions')
      .where('id', sessionId)
      .update({
        starts_at: startsAt.toISOString(),
        ends_at: endsAt.toISOString(),
        sequence: current.sequence + 1,
      });
    if (timeChanged) await trx('seats').where('session_id', sessionId).update({ reminded_at: null });
    const was: MovedSeat['was'] = {
      startsAt: before.startsAt,
      endsAt: before.endsAt,
      ...(placeChanged ? { place: before.place ?? null, address: before.address ?? null } : {}),
    };
    for (const p of await seatsInSession(trx, sessionId, ['confirmed'])) {
      moved.push({ ...p, seat: { seatId: p.seat_id, sessionId, was } });
    }
    await audit(
      trx,
      {
        actor,
        action: 'session.move',
        targetType: 'session',
        targetId: sessionId,
        before: {
          startsAt: before.startsAt,
          endsAt: before.endsAt,
          sequence: current.sequence,
          ...(placeChanged ? { place: before.place, address: before.address } : {}),
        },
        after: {
          startsAt: startsAt.toISOString(),
          endsAt: endsAt.toISOString(),
          sequence: current.sequence + 1,
          ...(placeChanged ? { place: current.place, address: current.address } : {}),
        },
      },
      now,
    );
  }
  return tellSessionsMoved(ctx, trx, moved, now, message);
}

/**
 * Cancels a session: every seat in it is cancelled and told (a calendar CANCEL where a
 * place had been confirmed); places it held in shared pools go to the waitlist. Answers
 * how many were e-mailed and whom, without an e-mail, the organizer must phone.
 */
export async function cancelSession(
  ctx: ServiceContext,
  sessionId: number,
  actor: string,
  message?: OrganizerMessage,
): Promise<{ session: Session; promoted: Promotion[] } & Told> {
  const before = await loadSession(ctx, sessionId);
  if (before.status !== 'scheduled') throw new AppError('not_allowed');
  const now = ctx.clock();
  const at = now.toISOString();

  const outcome = await ctx.db.capacity.run(
    { id: before.eventId },
    (programme) => {
      // Its people would keep the rest of the course; not (yet) a thing a course does.
      if (takenWhole(programme.event)) throw new AppError('not_allowed');
      const coverage = coverageOf(programme.quotas);
      const freed = coverage.get(sessionId) ?? [];
      const lockIds = promotionClosure(coverage, freed);
      return {
        quotaIds: lockIds,
        work: async (tx) => {
          const { trx } = tx;
          const current = (await trx('sessions').where('id', sessionId).first('status', 'sequence')) as
            { status: string; sequence: number } | undefined;
          if (current?.status !== 'scheduled') throw new AppError('not_allowed');
          await trx('sessions')
            .where('id', sessionId)
            .update({ status: 'cancelled', sequence: Number(current.sequence) + 1 });
          const people = await seatsInSession(trx, sessionId, ['confirmed', 'held', 'offered', 'waitlisted']);
          const quotasBefore = await loadQuotaStates(trx, lockIds);
          const availability = new Availability(quotasBefore, coverage);
          for (const p of people) if (usesPlace(p.status as SeatStatus)) availability.release(sessionId);
          await setSeatStatus(
            tx,
            people.map((p) => p.seat_id),
            'cancelled',
            at,
          );
          // The cancelled session is out of the running: only the others' waitlists move up.
          const others = new Map([...coverage].filter(([s]) => s !== sessionId));
          const promoted = await promoteWaiting(ctx, tx, programme, availability, others, freed);
          await saveUsage(tx, availability, quotasBefore);
          await tellSessionCancelled(ctx, trx, people, sessionId, now, message);
          await audit(
            trx,
            {
              actor,
              action: 'session.cancel',
              targetType: 'session',
              targetId: sessionId,
              before: { status: before.status, seats: people.length },
              after: {
                status: 'cancelled',
                promotedSeatIds: promoted.map((p) => p.seatId),
                ...(message ? { message } : {}),
              },
            },
            now,
          );
          return { ...toldOf(people), promoted };
        },
      };
    },
    { changesProgramme: true },
  );
  return { session: await loadSession(ctx, sessionId), ...outcome };
}

/**
 * How many people a session's cancellation would reach: those holding a place (confirmed,
 * held for their address or offered to them) and those waiting; of them, how many have no
 * e-mail (the organizer will be shown whom to phone).
 */
export async function sessionHeadcount(
  ctx: ServiceContext,
  sessionId: number,
): Promise<{ confirmed: number; waitlisted: number; noEmail: number }> {
  const rows = (await ctx.db
    .knex('seats')
    .join('registrations', 'registrations.id', 'seats.registration_id')
    .where('seats.session_id', sessionId)
    .where('registrations.status', 'active')
    .whereIn('seats.status', ['confirmed', 'held', 'offered', 'waitlisted'])
    .groupBy('seats.status')
    .select('seats.status')
    .count({ n: '*' })
    .count({ noEmail: ctx.db.knex.raw('registrations.email') })) as {
    status: string;
    n: number | string;
    noEmail: number | string;
  }[];
  const of = (status: string): number => Number(rows.find((r) => r.status === status)?.n ?? 0);
  // count(email) counts the addresses; the rest have none and are phoned, not e-mailed.
  const noEmail = rows.reduce((sum, r) => sum + Number(r.n) - Number(r.noEmail), 0);
  return { confirmed: of('confirmed') + of('held') + of('offered'), waitlisted: of('waitlisted'), noEmail };
}

/**
 * Restores a cancelled session: it is scheduled again (a higher SEQUENCE) and can be
 * chosen again. Nobody is re-seated: the people it had were told it was cancelled and may
 * have made other plans; they choose it again themselves. A programme change (LOCKING.md).
 */
/**
 * A published single-session event keeps its one session: a second scheduled one (new, or
 * a cancelled one restored) is refused, as publishing it with two would be (publishProblems).
 */
export async function refuseSecondSession(trx: Tx, eventId: number): Promise<void> {
  const event = (await trx('events').where('id', eventId).first('kind', 'status')) as
    { kind: string; status: string } | undefined;
  if (event?.kind !== 'single' || event.status !== 'published') return;
  const scheduled = await trx('sessions').where({ event_id: eventId, status: 'scheduled' }).first('id');
  if (scheduled) throw invalid({ startsAt: 'single_second_session' });
}

export async function restoreSession(ctx: ServiceContext, sessionId: number, actor: string): Promise<Session> {
  const found = await loadSession(ctx, sessionId);
  if (found.status !== 'cancelled') throw new AppError('not_allowed');
  const now = ctx.clock();
  await ctx.db.capacity.changeProgramme(found.eventId, async (trx) => {
    const current = (await trx('sessions').where('id', sessionId).first('status', 'sequence')) as
      { status: string; sequence: number } | undefined;
    if (current?.status !== 'cancelled') throw new AppError('not_allowed');
    await refuseSecondSession(trx, found.eventId);
    await trx('sessions')
      .where('id', sessionId)
      .update({ status: 'scheduled', sequence: Number(current.sequence) + 1 });
    await audit(
      trx,
      {
        actor,
        action: 'session.restore',
        targetType: 'session',
        targetId: sessionId,
        before: { status: 'cancelled' },
        after: { status: 'scheduled', reseated: 0 },
      },
      now,
    );
  });
  return loadSession(ctx, sessionId);
}
