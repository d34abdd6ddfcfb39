import type { Db, Tx } from './knex.js';
import { toIso } from '../domain/time.js';
import type { Registration, Seat, SeatStatus } from '../domain/types.js';

type Row = Record<string, unknown>;
type Conn = Db | Tx;

const optIso = (v: unknown): string | null => (v === null || v === undefined ? null : toIso(String(v)));

export function registrationFromRow(r: Row): Registration {
  return {
    id: Number(r.id),
    eventId: Number(r.event_id),
    name: String(r.name),
    email: String(r.email),
    institution: String(r.institution),
    municipalityId: String(r.municipality_id),
    role: String(r.role) as Registration['role'],
    regionId: String(r.region_id),
    language: String(r.language) as Registration['language'],
    consentAt: toIso(String(r.consent_at)),
    status: String(r.status) as Registration['status'],
    createdAt: toIso(String(r.created_at)),
    cancelledAt: optIso(r.cancelled_at),
  };
}

export function seatFromRow(r: Row): Seat {
  return {
    id: Number(r.id),
    registrationId: Number(r.registration_id),
    sessionId: Number(r.session_id),
    status: String(r.status) as SeatStatus,
    createdAt: toIso(String(r.created_at)),
    confirmedAt: optIso(r.confirmed_at),
    cancelledAt: optIso(r.cancelled_at),
  };
}

export async function findRegistrationByTokenHash(
  db: Conn,
  hash: string,
): Promise<(Registration & { tokenSealed: string }) | null> {
  const row: Row | undefined = await db('registrations').where('token_hash', hash).first();
  return row ? { ...registrationFromRow(row), tokenSealed: String(row.token_sealed) } : null;
}

export async function findRegistrationById(
  db: Conn,
  id: number,
): Promise<(Registration & { tokenSealed: string }) | null> {
  const row: Row | undefined = await db('registrations').where('id', id).first();
  return row ? { ...registrationFromRow(row), tokenSealed: String(row.token_sealed) } : null;
}

export async function findActiveByEmail(
  db: Conn,
  eventId: number,
  emailNormalized: string,
): Promise<(Registration & { tokenSealed: string }) | null> {
  const row: Row | undefined = await db('registrations')
    .where({ event_id: eventId, email_normalized: emailNormalized, status: 'active' })
    .first();
  return row ? { ...registrationFromRow(row), tokenSealed: String(row.token_sealed) } : null;
}

export async function seatsOf(db: Conn, registrationId: number): Promise<Seat[]> {
  const rows: Row[] = await db('seats').where('registration_id', registrationId).orderBy('id');
  return rows.map(seatFromRow);
}

/** Seats in FIFO order that wait for one of the given sessions. */
export async function waitlistOf(db: Conn, sessionIds: readonly number[]): Promise<Seat[]> {
  if (sessionIds.length === 0) return [];
  const rows: Row[] = await db('seats')
    .whereIn('session_id', sessionIds)
    .andWhere('status', 'waitlisted')
    .orderBy('id');
  return rows.map(seatFromRow);
}

/** How many waiting seats of the given sessions are ahead of a seat in the FIFO order. */
export async function countWaitingAhead(db: Conn, seatId: number, sessionIds: readonly number[]): Promise<number> {
  const row = (await db('seats')
    .whereIn('session_id', sessionIds)
    .andWhere('status', 'waitlisted')
    .andWhere('id', '<', seatId)
    .count({ n: '*' })
    .first()) as { n: number | string } | undefined;
  return Number(row?.n ?? 0);
}

export async function insertSeat(trx: Tx, seat: Omit<Seat, 'id' | 'cancelledAt'>): Promise<Seat> {
  const [row] = (await trx('seats')
    .insert({
      registration_id: seat.registrationId,
      session_id: seat.sessionId,
      status: seat.status,
      created_at: seat.createdAt,
      confirmed_at: seat.confirmedAt,
    })
    .returning('id')) as { id: number }[];
  return { ...seat, id: Number(row?.id), cancelledAt: null };
}

export async function setSeatStatus(
  trx: Tx,
  seatIds: readonly number[],
  status: SeatStatus,
  at: string,
): Promise<void> {
  if (seatIds.length === 0) return;
  const stamp = status === 'confirmed' ? { confirmed_at: at } : status === 'cancelled' ? { cancelled_at: at } : {};
  await trx('seats')
    .whereIn('id', seatIds)
    .update({ status, ...stamp });
}

export async function writeQuotaUsage(trx: Tx, quotas: readonly { id: number; used: number }[]): Promise<void> {
  for (const q of quotas) await trx('quotas').where('id', q.id).update({ used: q.used });
}
