import type BetterSqlite3 from 'better-sqlite3';
import { AppError } from '../domain/errors.js';
import { dialectOf, lockQuotas, lockTimeoutOf, type Db, type Tx } from './knex.js';
import { sqliteSql, sqlOf, type Sql } from './sql.js';

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

/** knex's pool of better-sqlite3 connections (one), as capacitySql borrows from it. */
interface SqlitePool {
  acquireConnection(): Promise<BetterSqlite3.Database>;
  releaseConnection(conn: BetterSqlite3.Database): Promise<void>;
}

interface Job {
  work: (sql: Sql) => Promise<unknown>;
  settle: (outcome: { ok: true; value: unknown } | { ok: false; error: unknown }) => void;
}

/** How many use cases at most share one SQLite transaction. */
const MAX_GROUP = 64;

/**
 * Group commit for SQLite: the capacity use cases that queue up while one transaction
 * runs are run together in the next, one after another in arrival order, each in a
 * savepoint of its own. A use case that fails is rolled back to its savepoint alone;
 * every caller hears back only after the COMMIT that made its change durable (or the
 * failure of that COMMIT, which undoes the whole group). Writing the WAL once for many
 * registrations is what lets one process keep up with a registration rush.
 */
class SqliteGroupCommit {
  private readonly queue: Job[] = [];
  private draining = false;

  constructor(private readonly pool: SqlitePool) {}

  run<T>(work: (sql: Sql) => Promise<T>): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      this.queue.push({
        work,
        settle: (outcome) => (outcome.ok ? resolve(outcome.value as T) : reject(translateDbError(outcome.error))),
      });
      // The group starts once the requests read in this turn of the event loop are queued.
      if (!this.draining) {
        this.draining = true;
        setImmediate(() => void this.drain());
      }
    });
  }

  private async drain(): Promise<void> {
    try {
      while (this.queue.length > 0) await this.runGroup(this.queue.splice(0, MAX_GROUP));
    } finally {
      this.draining = false;
    }
  }

  /** Never throws: every job of the group is settled, whatever happens. */
  private async runGroup(group: Job[]): Promise<void> {
    const outcomes: ({ ok: true; value: unknown } | { ok: false; error: unknown })[] = [];
    let conn: BetterSqlite3.Database | undefined;
    // The first failure of a job, which may have undone the whole transaction (SQLite
    // does so on some errors, such as a full disk): what callers hear if the group fails.
    let firstError: unknown;
    try {
      conn = await this.pool.acquireConnection();
      // BEGIN IMMEDIATE takes the write lock up front, waiting up to busy_timeout for
      // other processes (what lockQuotas does for knex transactions).
      conn.prepare('BEGIN IMMEDIATE').run();
      const sql = sqliteSql(conn);
      for (const job of group) {
        conn.prepare('SAVEPOINT capacity_use_case').run();
        try {
          outcomes.push({ ok: true, value: await job.work(sql) });
        } catch (error) {
          firstError ??= error;
          conn.prepare('ROLLBACK TO capacity_use_case').run();
          outcomes.push({ ok: false, error });
        }
        conn.prepare('RELEASE capacity_use_case').run();
      }
      conn.prepare('COMMIT').run();
    } catch (error) {
      try {
        if (conn?.inTransaction) conn.prepare('ROLLBACK').run();
      } catch {
        // The connection is in no state to roll back (SQLite may have done so itself);
        // nothing of the group was committed either way.
      }
      outcomes.length = 0;
      for (let i = 0; i < group.length; i++) outcomes.push({ ok: false, error: firstError ?? error });
    } finally {
      if (conn) await this.pool.releaseConnection(conn).catch(() => undefined);
      group.forEach((job, i) => job.settle(outcomes[i] ?? { ok: false, error: new Error('not run') }));
    }
  }
}

const groupCommits = new WeakMap<Db, SqliteGroupCommit>();

/**
 * A capacity use case in plain SQL (see sql.ts), for the hot path of the registration
 * rush. On PostgreSQL it is a capacityTransaction of its own. On SQLite it runs on knex's
 * one connection, borrowed so that no other query runs in between, as part of a group
 * commit (SqliteGroupCommit): no query building, no knex transaction, every statement a
 * kept prepared statement, one WAL write for the whole group. `work` must do all its
 * database work through the `sql` it is given: knex's connection is in use meanwhile.
 */
export function capacitySql<T>(db: Db, quotaIds: readonly number[], work: (sql: Sql) => Promise<T>): Promise<T> {
  if (dialectOf(db) === 'postgres') return capacityTransaction(db, quotaIds, (trx) => work(sqlOf(trx)));
  let group = groupCommits.get(db);
  if (!group) {
    group = new SqliteGroupCommit(db.client as unknown as SqlitePool);
    groupCommits.set(db, group);
  }
  return group.run(work);
}
