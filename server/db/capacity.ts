import type BetterSqlite3 from 'better-sqlite3';
import type { Knex } from 'knex';
import { AppError } from '../domain/errors.js';
import type { Programme } from '../domain/types.js';
import type { Tx } from './knex.js';
import { sqliteSql, sqlOf, type Sql } from './sql.js';

/**
 * Capacity use cases and programme changes, under the locking rule of LOCKING.md: every
 * use case that uses or frees capacity runs through `CapacityRunner.run`, every change to
 * what an event's capacity rests on (pools, coverage, session times) through
 * `changeProgramme`, and the two never interleave for one event.
 */

/**
 * Database errors that mean "try again shortly" rather than a bug: the database is busy
 * (others hold the lock) or out of reach for a moment (a restart, a refused or lost
 * connection). Busy: PostgreSQL lock_not_available (lock_timeout ran out),
 * deadlock_detected and serialization_failure; SQLite's SQLITE_BUSY (busy_timeout ran
 * out, e.g. another process held the write lock); a knex pool that had no connection to
 * give in time. Out of reach: a refused, reset or timed-out connection, PostgreSQL's
 * connection exceptions (class 08) and shutdowns (57P01–57P03), a connection that ended
 * under a query.
 */
export function isBusyError(err: unknown): boolean {
  if (typeof err !== 'object' || err === null) return false;
  const e = err as { code?: unknown; name?: unknown; message?: unknown };
  const code = typeof e.code === 'string' ? e.code : '';
  if (code === '55P03' || code === '40P01' || code === '40001') return true;
  if (code.startsWith('SQLITE_BUSY') || code.startsWith('SQLITE_LOCKED')) return true;
  if (e.name === 'KnexTimeoutError') return true;
  return isUnreachable(code, typeof e.message === 'string' ? e.message : '');
}

const UNREACHABLE_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EPIPE', 'ENOTFOUND', 'EHOSTUNREACH']);

function isUnreachable(code: string, message: string): boolean {
  if (UNREACHABLE_CODES.has(code) || code.startsWith('08') || /^57P0[123]$/.test(code)) return true;
  return /Connection terminated|connection ended|Client has encountered a connection error/i.test(message);
}

/** Turns a busy database into AppError('busy') (HTTP 503 with Retry-After); others pass. */
export function translateDbError(err: unknown): unknown {
  return isBusyError(err) ? new AppError('busy', undefined, err instanceof Error ? err.message : String(err)) : err;
}

/** Only this module makes a CapacityTx or a ProgrammeTx (see `capacityTx`); the brand says so to the compiler. */
declare const capacityBrand: unique symbol;
declare const programmeBrand: unique symbol;

/**
 * What a capacity use case works with: its own transaction, as plain SQL (the hot path)
 * and as knex's query builder on the same transaction. Nothing else of the database.
 *
 * Branded: only the runner makes one, under the locks, so a function that takes a
 * CapacityTx (every write to seats and pool counters, db/capacityWrites.ts) can only be called from
 * a use case's work. ESLint refuses `as CapacityTx` elsewhere (eslint.config.js).
 */
export interface CapacityTx {
  readonly sql: Sql;
  readonly trx: Tx;
  readonly [capacityBrand]: true;
}

/** The transaction of a programme change (`changeProgramme`), under the event's exclusive lock: a pool may be created in it. */
export type ProgrammeTx = Tx & { readonly [programmeBrand]: true };

const capacityTx = (sql: Sql, trx: Tx): CapacityTx => ({ sql, trx }) as CapacityTx;
const programmeTx = (trx: Tx): ProgrammeTx => trx as ProgrammeTx;

/** What a use case decided from the programme: the pools it touches and its work. */
export interface CapacityPlan<T> {
  quotaIds: readonly number[];
  work: (tx: CapacityTx) => Promise<T>;
}

export type Planner<T> = (programme: Programme) => CapacityPlan<T> | Promise<CapacityPlan<T>>;
export type EventRef = { id: number } | { slug: string };
export type ProgrammeLoader = (event: EventRef) => Promise<Programme | null>;

export interface RunOptions {
  /** The use case also changes the programme (cancelling a session): it locks the event exclusively. */
  changesProgramme?: boolean;
}

export interface CapacityRunner {
  /**
   * Runs one capacity use case: loads the event's programme, lets `plan` decide what it
   * locks and does, then runs the work under the event's lock and the pools' locks. If
   * the programme changed between the plan and the lock, nothing is done and the use case
   * is planned again on the new programme.
   */
  run<T>(event: EventRef, plan: Planner<T>, options?: RunOptions): Promise<T>;
  /** A change to an event's programme, which no capacity use case of that event overlaps. */
  changeProgramme<T>(eventId: number, work: (trx: ProgrammeTx) => Promise<T>): Promise<T>;
}

/**
 * Thrown by a use case's work when what it finds under the locks is not what it planned
 * on (say, its seats moved to another session meanwhile): nothing of it stays, and it is
 * planned again, as when the programme version moved.
 */
export class PlanOutdated extends Error {
  constructor(why: string) {
    super(`the plan is outdated: ${why}`);
    this.name = 'PlanOutdated';
  }
}

/** How often a use case is planned again when the programme keeps changing under it. */
const MAX_PLANS = 5;

const STALE: unique symbol = Symbol('programme changed');

async function planned<T>(load: ProgrammeLoader, event: EventRef, plan: Planner<T>) {
  const programme = await load(event);
  if (!programme) throw new AppError('not_found');
  return { programme, plan: await plan(programme) };
}

/** The statement every use case reads the current programme version with, under its locks. */
const PROGRAMME_VERSION = 'SELECT version FROM programme_version WHERE id = 1';

/**
 * PostgreSQL: each use case is a transaction of its own. It takes the event's advisory
 * lock (shared for capacity use cases, exclusive for programme changes), then the row
 * locks of its pools in ascending id order, then checks the programme version. A lock
 * that cannot be had within the lock timeout rolls everything back as 'busy'.
 */
export class PostgresCapacity implements CapacityRunner {
  constructor(
    private readonly knex: Knex,
    private readonly lockTimeoutMs: number,
    private readonly load: ProgrammeLoader,
  ) {}

  private async begin(trx: Tx, eventId: number, exclusive: boolean): Promise<void> {
    // SET takes no bind parameters; the value is an integer we computed.
    await trx.raw(`SET LOCAL lock_timeout = ${Math.round(this.lockTimeoutMs)}`);
    const lock = exclusive ? 'pg_advisory_xact_lock' : 'pg_advisory_xact_lock_shared';
    await trx.raw(`SELECT ${lock}(?, ?)`, [EVENT_LOCK_SPACE, eventId]);
  }

  async run<T>(event: EventRef, plan: Planner<T>, options: RunOptions = {}): Promise<T> {
    for (let attempt = 1; ; attempt++) {
      const { programme, plan: chosen } = await planned(this.load, event, plan);
      const ids = [...new Set(chosen.quotaIds)].sort((a, b) => a - b);
      const outcome = await this.knex
        .transaction(async (trx): Promise<typeof STALE | { value: T }> => {
          await this.begin(trx, programme.event.id, options.changesProgramme === true);
          const sql = sqlOf(trx);
          if (ids.length > 0) {
            await sql.all(
              `SELECT id FROM quotas WHERE id IN (${ids.map(() => '?').join(', ')}) ORDER BY id FOR UPDATE`,
              ids,
            );
          }
          const [row] = await sql.all<{ version: number }>(PROGRAMME_VERSION);
          if (Number(row?.version) !== programme.version) return STALE;
          return { value: await chosen.work(capacityTx(sql, trx)) };
        })
        .catch((err: unknown): typeof STALE => {
          if (err instanceof PlanOutdated) return STALE;
          throw translateDbError(err);
        });
      if (outcome !== STALE) return outcome.value;
      if (attempt >= MAX_PLANS) throw new AppError('busy');
    }
  }

  changeProgramme<T>(eventId: number, work: (trx: ProgrammeTx) => Promise<T>): Promise<T> {
    return this.knex
      .transaction(async (trx) => {
        await this.begin(trx, eventId, true);
        return work(programmeTx(trx));
      })
      .catch((err: unknown) => {
        throw translateDbError(err);
      });
  }
}

/** The first key of the two-key advisory locks that stand for events. */
const EVENT_LOCK_SPACE = 7_301;

/**
 * The one connection knex keeps to an SQLite file (pool of one), as knex hands it to its
 * `afterCreate` hook, with the statements prepared on it kept by their SQL text.
 */
export class SqliteConnection {
  private conn: BetterSqlite3.Database | null = null;
  private readonly statements = new Map<string, BetterSqlite3.Statement>();

  adopt(conn: BetterSqlite3.Database): void {
    this.conn = conn;
    this.statements.clear();
  }

  /** The connection; inside a knex transaction it is the one that transaction holds. */
  current(): BetterSqlite3.Database {
    if (!this.conn) throw new Error('the SQLite connection is not open');
    return this.conn;
  }

  prepare(sql: string): BetterSqlite3.Statement {
    let statement = this.statements.get(sql);
    if (!statement) {
      statement = this.current().prepare(sql);
      if (this.statements.size >= PREPARED_STATEMENTS_KEPT)
        this.statements.delete(this.statements.keys().next().value ?? '');
      this.statements.set(sql, statement);
    }
    return statement;
  }
}

/** Enough for every distinct statement of the capacity use cases; IN lists vary in length. */
const PREPARED_STATEMENTS_KEPT = 500;

type Outcome = { ok: true; value: unknown } | { ok: false; error: unknown } | { ok: 'stale' };

interface Job {
  version: number;
  work: (tx: CapacityTx) => Promise<unknown>;
  settle: (outcome: Outcome) => void;
}

/** How many use cases at most share one SQLite transaction. */
const MAX_GROUP = 64;

/**
 * SQLite, with group commit: the capacity use cases that queue up while one transaction
 * runs are run together in the next, one after another in arrival order, each in a
 * savepoint of its own. The transaction takes SQLite's single write lock first, which
 * serialises every capacity use case and programme change of every process; each use
 * case then checks the programme version it was planned on. A use case that fails is
 * rolled back to its savepoint alone; every caller hears back only after the COMMIT that
 * made its change durable (or the failure of that COMMIT, which undoes the whole group).
 * Writing the WAL once for many registrations is what lets one process keep up with a
 * registration rush.
 */
export class SqliteCapacity implements CapacityRunner {
  private readonly queue: Job[] = [];
  private draining = false;

  constructor(
    private readonly knex: Knex,
    private readonly connection: SqliteConnection,
    private readonly load: ProgrammeLoader,
  ) {}

  async run<T>(event: EventRef, plan: Planner<T>): Promise<T> {
    for (let attempt = 1; ; attempt++) {
      const { programme, plan: chosen } = await planned(this.load, event, plan);
      const outcome = await this.enqueue(programme.version, chosen.work);
      if (outcome.ok === true) return outcome.value as T;
      if (outcome.ok === false) throw translateDbError(outcome.error);
      if (attempt >= MAX_PLANS) throw new AppError('busy');
    }
  }

  changeProgramme<T>(_eventId: number, work: (trx: ProgrammeTx) => Promise<T>): Promise<T> {
    return this.knex
      .transaction(async (trx) => {
        await takeWriteLock(trx);
        return work(programmeTx(trx));
      })
      .catch((err: unknown) => {
        throw translateDbError(err);
      });
  }

  private enqueue(version: number, work: (tx: CapacityTx) => Promise<unknown>): Promise<Outcome> {
    return new Promise<Outcome>((settle) => {
      this.queue.push({ version, work, settle });
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
    const outcomes: Outcome[] = [];
    // The failure of a job that undid the whole transaction (SQLite does so on some
    // errors, such as a full disk): what the others hear then.
    let fatal: unknown;
    try {
      await this.knex.transaction(async (trx) => {
        await takeWriteLock(trx);
        const statement = (sql: string) => this.connection.prepare(sql);
        const sql = sqliteSql(statement);
        const tx = capacityTx(sql, trx);
        for (const job of group) {
          const current = Number(statement(PROGRAMME_VERSION).pluck().get());
          if (current !== job.version) {
            outcomes.push({ ok: 'stale' });
            continue;
          }
          statement('SAVEPOINT capacity_use_case').run();
          try {
            outcomes.push({ ok: true, value: await job.work(tx) });
          } catch (error) {
            try {
              statement('ROLLBACK TO capacity_use_case').run();
            } catch (rollbackError) {
              // SQLite undid the whole transaction itself (a full disk, an I/O error):
              // this job's error is what ends the group.
              fatal = error;
              throw rollbackError;
            }
            outcomes.push(error instanceof PlanOutdated ? { ok: 'stale' } : { ok: false, error });
          }
          statement('RELEASE capacity_use_case').run();
        }
      });
    } catch (error) {
      // Nothing of the group was committed. A job that failed on its own keeps its own
      // error; the others hear what ended the transaction.
      const ended = fatal ?? error;
      for (let i = 0; i < group.length; i++) {
        const own = outcomes[i];
        outcomes[i] = own && own.ok === false && own.error !== fatal ? own : { ok: false, error: ended };
      }
    } finally {
      group.forEach((job, i) => job.settle(outcomes[i] ?? { ok: false, error: new Error('not run') }));
    }
  }
}

/**
 * SQLite's write lock, taken up front: a transaction that read first and wrote later
 * could fail at the write (SQLITE_BUSY_SNAPSHOT) when another process wrote meanwhile.
 * An UPDATE that matches no row takes the lock, waiting up to the busy timeout.
 */
async function takeWriteLock(trx: Tx): Promise<void> {
  await trx.raw('UPDATE quotas SET used = used WHERE id = -1');
}
