import { mkdirSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import knexFactory, { type Knex } from 'knex';
import pg from 'pg';
import { attachReader, SqliteReader } from './reader.js';

export type Db = Knex;
export type Tx = Knex.Transaction;
export type Dialect = 'sqlite' | 'postgres';

const MIGRATIONS_DIR = fileURLToPath(new URL('../../migrations/', import.meta.url));

// COUNT(*) and bigint come back from pg as strings; every count here fits a JS number.
pg.types.setTypeParser(20, (v) => Number(v));

export function dialectOf(db: Db): Dialect {
  return db.client.config.client === 'pg' ? 'postgres' : 'sqlite';
}

interface SqliteConnection {
  pragma: (s: string) => unknown;
  prepare: (sql: string) => unknown;
}

/** Enough for every distinct statement the app issues; `whereIn` lists vary in length. */
const PREPARED_STATEMENTS_KEPT = 500;

/**
 * knex prepares every query anew on better-sqlite3, which cost more than running it in
 * the profile of the registration rush. The same SQL text is the same statement, so the
 * connection keeps its prepared statements (knex runs each to completion with all() or
 * run(), so a statement is never in use twice at once), the least recently used going
 * first when the cache is full.
 */
function reusePreparedStatements(conn: SqliteConnection, beforeStatement: () => void): void {
  const prepare = conn.prepare.bind(conn);
  const kept = new Map<string, unknown>();
  conn.prepare = (sql: string): unknown => {
    beforeStatement();
    let statement = kept.get(sql);
    if (statement === undefined) {
      statement = prepare(sql);
      if (kept.size >= PREPARED_STATEMENTS_KEPT) kept.delete(kept.keys().next().value ?? '');
    } else {
      kept.delete(sql);
    }
    kept.set(sql, statement);
    return statement;
  };
}

export interface DbOptions {
  /**
   * How long a capacity transaction waits for a lock before giving up with 'busy':
   * PostgreSQL's lock_timeout, SQLite's busy_timeout. A short wait and a clear "try
   * again" beat a request that hangs while a queue builds up behind it.
   */
  lockTimeoutMs?: number;
  /** Connections per process (PostgreSQL); SQLite always uses one. */
  poolMax?: number;
}

export const DEFAULT_LOCK_TIMEOUT_MS = 5_000;

// The knex instance cannot carry our options, and a transaction object is not the
// instance, so they are looked up by instance when needed.
const settings = new WeakMap<Db, { url: string; lockTimeoutMs: number }>();

export function createDb(databaseUrl: string, options: DbOptions = {}): Db {
  const lockTimeoutMs = Math.max(1, Math.round(options.lockTimeoutMs ?? DEFAULT_LOCK_TIMEOUT_MS));
  const filename = databaseUrl.startsWith('file:') ? databaseUrl.slice('file:'.length) : null;
  const reader = filename !== null && filename !== ':memory:' ? new SqliteReader(filename, lockTimeoutMs) : null;
  // Every statement of this process's own connection may change what the reader saw.
  const db = openDb(databaseUrl, lockTimeoutMs, options.poolMax ?? 10, () => reader?.forget());
  settings.set(db, { url: databaseUrl, lockTimeoutMs });
  if (reader) {
    attachReader(db, reader);
    // db.destroy() ends in client.destroy(): the side connection closes with the pool.
    const client = db.client as { destroy: (...args: unknown[]) => Promise<void> };
    const destroy = client.destroy.bind(client);
    client.destroy = (...args: unknown[]) => {
      reader.close();
      return destroy(...args);
    };
  }
  return db;
}

function openDb(databaseUrl: string, lockTimeoutMs: number, poolMax: number, beforeStatement: () => void): Db {
  if (databaseUrl.startsWith('file:')) {
    const filename = databaseUrl.slice('file:'.length);
    if (filename !== ':memory:') mkdirSync(path.dirname(path.resolve(filename)), { recursive: true });
    return knexFactory({
      client: 'better-sqlite3',
      connection: { filename },
      useNullAsDefault: true,
      pool: {
        min: 1,
        max: 1,
        afterCreate(conn: SqliteConnection, done: (err: Error | null, conn: unknown) => void) {
          reusePreparedStatements(conn, beforeStatement);
          conn.pragma('journal_mode = WAL');
          conn.pragma('synchronous = NORMAL');
          conn.pragma('foreign_keys = ON');
          conn.pragma(`busy_timeout = ${lockTimeoutMs}`);
          done(null, conn);
        },
      },
    });
  }
  return knexFactory({
    client: 'pg',
    connection: databaseUrl,
    pool: { min: 0, max: poolMax },
  });
}

export function lockTimeoutOf(db: Db): number {
  return settings.get(db)?.lockTimeoutMs ?? DEFAULT_LOCK_TIMEOUT_MS;
}

/**
 * Knex migration source reading `migrations/*.ts` (one change a file, in name order), or
 * their compiled `dist/migrations/*.js` when the app runs compiled. A migration keeps its
 * `.ts` name in knex_migrations either way, so one database serves both.
 */
class MigrationSource implements Knex.MigrationSource<string> {
  getMigrations(): Promise<string[]> {
    return Promise.resolve(
      readdirSync(MIGRATIONS_DIR)
        .filter((f) => /^\d{14}_[\w-]+\.[jt]s$/.test(f))
        .sort(),
    );
  }
  getMigrationName(file: string): string {
    return file.replace(/\.js$/, '.ts');
  }
  async getMigration(file: string): Promise<Knex.Migration> {
    return (await import(pathToFileURL(path.join(MIGRATIONS_DIR, file)).href)) as Knex.Migration;
  }
}

export async function migrate(db: Db): Promise<void> {
  await db.migrate.latest({ migrationSource: new MigrationSource() });
}

/**
 * Runs start-up work (migrations, the demo seed) in one process at a time. Several
 * processes or hosts may start at once against PostgreSQL: an advisory lock held by a
 * session of its own makes the others wait for the first one, instead of failing on
 * knex's migration lock table or seeding twice. SQLite serialises through its write lock.
 */
export async function exclusiveStartup<T>(db: Db, work: () => Promise<T>): Promise<T> {
  if (dialectOf(db) !== 'postgres') return work();
  const url = settings.get(db)?.url;
  if (!url) throw new Error('exclusiveStartup needs a database opened with createDb');
  const session = new pg.Client({ connectionString: url });
  await session.connect();
  try {
    await session.query('SELECT pg_advisory_lock($1)', [STARTUP_LOCK_KEY]);
    return await work();
  } finally {
    await session.query('SELECT pg_advisory_unlock($1)', [STARTUP_LOCK_KEY]).catch(() => undefined);
    await session.end();
  }
}

/** An arbitrary constant: the advisory lock key that serialises start-up. */
const STARTUP_LOCK_KEY = 7_301_122;

/**
 * Takes the capacity lock of the given quotas for the rest of the transaction, in a
 * fixed (ascending id) order so that two transactions never wait on each other in a
 * cycle. On SQLite the first write takes the database's single write lock (with the
 * busy timeout), which serialises every capacity change, across processes too.
 */
export async function lockQuotas(trx: Tx, quotaIds: readonly number[]): Promise<void> {
  const ids = [...new Set(quotaIds)].sort((a, b) => a - b);
  if (dialectOf(trx) === 'postgres') {
    if (ids.length > 0) await trx('quotas').whereIn('id', ids).orderBy('id').forUpdate().select('id');
    return;
  }
  // An empty write still upgrades SQLite's lock to RESERVED, up front.
  await trx('quotas')
    .whereIn('id', ids.length > 0 ? ids : [-1])
    .update({ used: trx.ref('used') });
}

export function isUniqueViolation(err: unknown): boolean {
  const e = err as { code?: string; message?: string };
  return (
    e.code === '23505' || e.code === 'SQLITE_CONSTRAINT_UNIQUE' || /UNIQUE constraint failed/.test(e.message ?? '')
  );
}

export function nowIso(): string {
  return new Date().toISOString();
}
