import { AppError } from '../domain/errors.js';
import { dialectOf, lockQuotas, lockTimeoutOf, type Db, type Tx } from './knex.js';

/**
 * Database errors that mean "others hold the lock, try again shortly" rather than a bug:
 * PostgreSQL lock_not_available (lock_timeout ran out), deadlock_detected and
 * serialization_failure; SQLite's SQLITE_BUSY (busy_timeout ran out, e.g. another
 * process held the write lock); a knex pool that had no connection to give in time.
 */
export function isBusyError(err: unknown): boolean {
  if (typeof err !== 'object' || err === null) return false;
  const e = err as { code?: unknown; name?: unknown; message?: unknown };
  const code = typeof e.code === 'string' ? e.code : '';
  if (code === '55P03' || code === '40P01' || code === '40001') return true;
  if (code.startsWith('SQLITE_BUSY') || code.startsWith('SQLITE_LOCKED')) return true;
  return e.name === 'KnexTimeoutError';
}

/** Turns a busy database into AppError('busy') (HTTP 503 with Retry-After); others pass. */
export function translateDbError(err: unknown): unknown {
  return isBusyError(err) ? new AppError('busy', undefined, err instanceof Error ? err.message : String(err)) : err;
}

/**
 * One capacity use case: a transaction that first takes the locks of `quotaIds` (in
 * ascending id order, see lockQuotas) and gives up after the lock timeout instead of
 * hanging. On PostgreSQL the timeout is `SET LOCAL lock_timeout`, so it ends with the
 * transaction and never leaks into a pooled connection; on SQLite it is the connection's
 * busy_timeout. Either way a timeout rolls everything back and surfaces as 'busy'.
 */
export async function capacityTransaction<T>(
  db: Db,
  quotaIds: readonly number[],
  work: (trx: Tx) => Promise<T>,
): Promise<T> {
  try {
    return await db.transaction(async (trx) => {
      if (dialectOf(db) === 'postgres') {
        // SET takes no bind parameters; the value is an integer we computed.
        await trx.raw(`SET LOCAL lock_timeout = ${Math.round(lockTimeoutOf(db))}`);
      }
      await lockQuotas(trx, quotaIds);
      return work(trx);
    });
  } catch (err) {
    throw translateDbError(err);
  }
}
