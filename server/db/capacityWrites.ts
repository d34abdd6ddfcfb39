import type { CapacityTx, ProgrammeTx } from './capacity.js';
import type { Tx } from './knex.js';
import { placeholders } from './sql.js';
import type { Seat, SeatStatus } from '../domain/types.js';

/**
 * Every write to seats (rows and their status) and to pool counters (a quota's `used` and
 * `size`): the only module that makes them. Each one takes the transaction of a capacity use
 * case (`CapacityTx`), which only the capacity runner makes, under the locks of LOCKING.md,
 * so the compiler refuses a write that does not run inside `db.capacity.run`; a pool is
 * created inside a programme change (`ProgrammeTx`). ESLint refuses such writes in any other
 * file (eslint/house.js, `house/pool-writes`). Marks on a seat that decide no place —
 * attendance, reminders, join codes, a switched seat's calendar entry — are written where
 * they belong.
 */

/** A new seat of a registration, in its status (a waiting seat's id is its place in the FIFO order). */
export async function insertSeat(
  tx: CapacityTx,
  seat: Omit<Seat, 'id' | 'cancelledAt' | 'expiresAt'> & { expiresAt?: string | null },
): Promise<Seat> {
  const expiresAt = seat.expiresAt ?? null;
  const id = await tx.sql.insert(
    `INSERT INTO seats (registration_id, session_id, status, created_at, confirmed_at, expires_at)
     VALUES (?, ?, ?, ?, ?, ?)`,
    [seat.registrationId, seat.sessionId, seat.status, seat.createdAt, seat.confirmedAt, expiresAt],
  );
  return { ...seat, id, cancelledAt: null, expiresAt };
}

/**
 * Sets the status of seats, with the moment that goes with it (confirmed_at, cancelled_at)
 * and the deadline of a held or offered place (`expiresAt`; cleared for other statuses).
 */
export async function setSeatStatus(
  tx: CapacityTx,
  seatIds: readonly number[],
  status: SeatStatus,
  at: string,
  expiresAt: string | null = null,
): Promise<void> {
  if (seatIds.length === 0) return;
  const stamp = status === 'confirmed' ? ', confirmed_at = ?' : status === 'cancelled' ? ', cancelled_at = ?' : '';
  const keeps = status === 'held' || status === 'offered';
  await tx.sql.run(
    `UPDATE seats SET status = ?, expires_at = ?${stamp} WHERE id IN (${placeholders(seatIds.length)})`,
    [status, keeps ? expiresAt : null, ...(stamp ? [at] : []), ...seatIds],
  );
}

/** Writes back the `used` counters an Availability changed (promotion.ts, saveUsage). */
export async function writeQuotaUsage(tx: CapacityTx, quotas: readonly { id: number; used: number }[]): Promise<void> {
  for (const q of quotas) await tx.sql.run('UPDATE quotas SET used = ? WHERE id = ?', [q.used, q.id]);
}

/**
 * A pool's new size (never below its `used`: the caller checks under the same locks). The
 * first change keeps the size the pool was made with as `initial_size` (its template).
 */
export async function setQuotaSize(tx: CapacityTx, quotaId: number, size: number): Promise<void> {
  await tx.sql.run('UPDATE quotas SET initial_size = COALESCE(initial_size, size), size = ? WHERE id = ?', [
    size,
    quotaId,
  ]);
}

/**
 * A pool created inside a programme change, counting the places its sessions already hold
 * (`used`); returns its id.
 */
export async function insertQuota(
  trx: ProgrammeTx,
  quota: { eventId: number; name: string; nameEn: string | null; size: number; used: number },
): Promise<number> {
  const [row] = (await trx('quotas')
    .insert({
      event_id: quota.eventId,
      name: quota.name,
      name_en: quota.nameEn,
      size: quota.size,
      initial_size: quota.size,
      used: quota.used,
    })
    .returning('id')) as { id: number }[];
  return Number(row?.id);
}

/** A pool of an event made just now (a clone, as a draft): nothing of it is used yet. */
export async function insertEmptyQuota(trx: Tx, quota: Record<string, unknown> & { used: 0 }): Promise<number> {
  const [row] = (await trx('quotas').insert(quota).returning('id')) as { id: number }[];
  return Number(row?.id);
}
