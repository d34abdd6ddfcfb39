import { mkdirSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import knexFactory, { type Knex } from 'knex';
import pg from 'pg';
import type BetterSqlite3 from 'better-sqlite3';

/** Something queries run on: the knex instance, or a transaction of it. */
export type Conn = Knex | Knex.Transaction;
export type Tx = Knex.Transaction;
export type Dialect = 'sqlite' | 'postgres';

const MIGRATIONS_DIR = fileURLToPath(new URL('../../migrations/', import.meta.url));

// COUNT(*) and bigint come back from pg as strings; every count here fits a JS number.
pg.types.setTypeParser(20, (v) => Number(v));

export function dialectOfUrl(databaseUrl: string): Dialect {
  return databaseUrl.startsWith('file:') ? 'sqlite' : 'postgres';
}

export interface KnexOptions {
  lockTimeoutMs: number;
  /** Connections per process (PostgreSQL); SQLite always uses one. */
  poolMax: number;
  /** Called with each new SQLite connection, once it is set up (database.ts keeps it). */
  onSqliteConnection?: (conn: BetterSqlite3.Database) => void;
}

/** The knex instance for a database URL: `file:PATH` is SQLite, anything else PostgreSQL. */
export function openKnex(databaseUrl: string, options: KnexOptions): Knex {
  if (dialectOfUrl(databaseUrl) === 'sqlite') {
    const filename = databaseUrl.slice('file:'.length);
    if (filename !== ':memory:') mkdirSync(path.dirname(path.resolve(filename)), { recursive: true });
    return knexFactory({
      client: 'better-sqlite3',
      connection: { filename },
      useNullAsDefault: true,
      pool: {
        min: 1,
        max: 1,
        afterCreate(conn: BetterSqlite3.Database, done: (err: Error | null, conn: unknown) => void) {
          conn.pragma('journal_mode = WAL');
          // Every commit is on disk before it is answered, power loss included (docs/security.md, "Durability").
          conn.pragma('synchronous = FULL');
          conn.pragma('foreign_keys = ON');
          conn.pragma(`busy_timeout = ${options.lockTimeoutMs}`);
          options.onSqliteConnection?.(conn);
          done(null, conn);
        },
      },
    });
  }
  return knexFactory({
    client: 'pg',
    connection: databaseUrl,
    pool: { min: 0, max: options.poolMax },
  });
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

export async function migrate(db: Knex): Promise<void> {
  await db.migrate.latest({ migrationSource: new MigrationSource() });
}

/**
 * Runs start-up work (migrations, the demo seed) in one process at a time. Several
 * processes or hosts may start at once against PostgreSQL: an advisory lock held by a
 * session of its own makes the others wait for the first one, instead of failing on
 * knex's migration lock table or seeding twice. SQLite serialises through its write lock.
 */
export async function exclusiveStartup<T>(url: string, work: () => Promise<T>): Promise<T> {
  if (dialectOfUrl(url) !== 'postgres') return work();
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

export function isUniqueViolation(err: unknown): boolean {
  const e = err as { code?: string; message?: string };
  return (
    e.code === '23505' || e.code === 'SQLITE_CONSTRAINT_UNIQUE' || /UNIQUE constraint failed/.test(e.message ?? '')
  );
}

export function nowIso(): string {
  return new Date().toISOString();
}
