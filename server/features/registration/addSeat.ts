import { findRegistrationById } from '../../db/registrations.js';
import { insertSeat } from '../../db/capacityWrites.js';
import { positionOfNewest } from '../../db/waitlistPositions.js';
import { Availability } from '../../domain/availability.js';
import { AppError, invalid } from '../../domain/errors.js';
import { quotasCovering } from '../../domain/quotas.js';
import {
  coverageOf,
  takenWhole,
  registrationOpen,
  type Programme,
  type Registration,
  type Session,
} from '../../domain/types.js';
import { enqueue } from '../../mail/outbox.js';
import { audit } from '../../db/audit.js';
import type { ServiceContext } from '../../context.js';
import { loadQuotaStates, saveUsage } from './promotion.js';
import { choosableSessions, viewRegistration, type RegistrationView } from './register.js';

const overlaps = (a: Session, b: Session): boolean => a.startsAt < b.endsAt && b.startsAt < a.endsAt;

export interface AddedSeat {
  seatId: number;
  sessionId: number;
  status: 'confirmed' | 'waitlisted';
  /** Exact, when waitlisted. */
  waitlistPosition: number | null;
}

/**
 * Why a session cannot be added to a registration that holds `held`, on this programme:
 * a field error (unknown, already chosen, begun, overlapping one held), or nothing.
 */
export function refusalToAdd(
  programme: Programme,
  registration: Registration,
  held: readonly number[],
  sessionId: number,
  now: Date,
): string | null {
  const session = choosableSessions(programme, registration.regionId).find((s) => s.id === sessionId);
  if (!session) return 'unknown_session';
  if (held.includes(sessionId)) return 'already_chosen';
  if (session.startsAt <= now.toISOString()) return 'session_started';
  const heldSessions = programme.sessions.filter((s) => held.includes(s.id));
  if (heldSessions.some((s) => overlaps(s, session))) return 'sessions_overlap';
  return null;
}

/**
 * Adds a workshop or seminar to an active registration by the capacity rule every
 * registration follows: a confirmed place where every pool covering it has room, else the
 * end of its waitlist (an exact position). A participant adds only while registration is
 * open; an organizer (`actor`) also afterwards, and the change is audited. The person is
 * e-mailed what they now hold (with a calendar invitation for a confirmed place).
 */
export async function addSeat(
  ctx: ServiceContext,
  registrationId: number,
  sessionId: number,
  by: { actor: string; organizer: boolean },
): Promise<AddedSeat> {
  const registration = await findRegistrationById(ctx.db.knex, registrationId);
  if (!registration) throw new AppError('not_found');
  if (registration.status !== 'active') throw new AppError('not_allowed');
  // Until its address confirms it, a registration holds what it asked for, and nothing more.
  if (registration.addressState === 'pending' && !by.organizer) throw new AppError('not_allowed');
  const now = ctx.clock();
  const at = now.toISOString();
  return ctx.db.capacity.run({ id: registration.eventId }, (programme) => {
    if (!by.organizer && !registrationOpen(programme.event, now)) throw new AppError('registration_closed');
    // A course registration already holds every session of the course.
    if (takenWhole(programme.event)) throw new AppError('not_allowed');
    const coverage = coverageOf(programme.quotas);
    const quotaIds = quotasCovering(coverage, [sessionId]);
    return {
      quotaIds,
      work: async (tx) => {
        const { sql, trx } = tx;
        // Read under the locks: two adds of one session at once give one seat.
        const [current] = await sql.all<{ status: string }>('SELECT status FROM registrations WHERE id = ?', [
          registrationId,
        ]);
        if (current?.status !== 'active') throw new AppError('not_allowed');
        const seats = await sql.all<{ session_id: number; status: string }>(
          'SELECT session_id, status FROM seats WHERE registration_id = ?',
          [registrationId],
        );
        const held = seats.filter((s) => s.status !== 'cancelled').map((s) => Number(s.session_id));
        const refusal = refusalToAdd(programme, registration, held, sessionId, now);
        if (refusal) throw invalid({ sessionId: refusal });
        const before = await loadQuotaStates(sql, quotaIds);
        const availability = new Availability(before, coverage);
        const confirmed = availability.take(sessionId);
        const seat = await insertSeat(tx, {
          registrationId,
          sessionId,
          status: confirmed ? 'confirmed' : 'waitlisted',
          createdAt: at,
          confirmedAt: confirmed ? at : null,
        });
        const waitlistPosition = confirmed ? null : await positionOfNewest(sql, sessionId, coverage);
        await saveUsage(tx, availability, before);
        await enqueue(
          sql,
          {
            kind: 'seat_added',
            to: registration.email,
            language: registration.language,
            registrationId,
            payload: { seatId: seat.id, byOrganizer: by.organizer },
          },
          now,
          ctx.mailDomain,
        );
        if (by.organizer) {
          await audit(
            trx,
            {
              actor: by.actor,
              action: 'seat.add',
              targetType: 'registration',
              targetId: registrationId,
              before: { sessions: held },
              after: { sessions: [...held, sessionId], seatId: seat.id, status: seat.status, waitlistPosition },
            },
            now,
          );
        }
        return { seatId: seat.id, sessionId, status: confirmed ? 'confirmed' : 'waitlisted', waitlistPosition };
      },
    };
  });
}

/** A person adds a workshop or seminar from their manage link; the answer is their registration now. */
export async function addSeatByToken(
  ctx: ServiceContext,
  token: string,
  sessionId: number,
): Promise<RegistrationView & { added: AddedSeat }> {
  const { registration } = await viewRegistration(ctx, token);
  const added = await addSeat(ctx, registration.id, sessionId, { actor: 'participant', organizer: false });
  return { ...(await viewRegistration(ctx, token)), added };
}
