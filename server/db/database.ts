import type { Knex } from 'knex';
import { PostgresCapacity, SqliteCapacity, SqliteConnection, type CapacityRunner } from './capacity.js';
import { dialectOfUrl, openKnex, type Dialect } from './knex.js';
import { loadProgramme } from './programme.js';
import { ProgrammeCache } from './programmeCache.js';
import { SqliteReader } from './reader.js';

export const DEFAULT_LOCK_TIMEOUT_MS = 5_000;

export interface DatabaseOptions {
  /**
   * How long a capacity transaction waits for a lock before giving up with 'busy':
   * PostgreSQL's lock_timeout, SQLite's busy_timeout. A short wait and a clear "try
   * again" beat a request that hangs while a queue builds up behind it.
   */
  lockTimeoutMs?: number;
  /** Connections per process (PostgreSQL); SQLite always uses one. */
  poolMax?: number;
}

/**
 * The app's one handle on its database, built once in main.ts and handed to every use
 * case: knex, which database it is, SQLite's read connection, the programme cache and the
 * capacity runner (SQLite group commit or PostgreSQL row locks, one interface).
 */
export class Database {
  readonly knex: Knex;
  readonly dialect: Dialect;
  readonly lockTimeoutMs: number;
  /** A second SQLite connection for small reads on the hot paths (reader.ts); null on PostgreSQL. */
  readonly reader: SqliteReader | null;
  readonly programmes: ProgrammeCache;
  /** The only way to run a use case that uses or frees capacity (LOCKING.md). */
  readonly capacity: CapacityRunner;

  constructor(
    readonly url: string,
    options: DatabaseOptions = {},
  ) {
    this.dialect = dialectOfUrl(url);
    this.lockTimeoutMs = Math.max(1, Math.round(options.lockTimeoutMs ?? DEFAULT_LOCK_TIMEOUT_MS));
    const filename = this.dialect === 'sqlite' ? url.slice('file:'.length) : null;
    this.reader = filename !== null && filename !== ':memory:' ? new SqliteReader(filename, this.lockTimeoutMs) : null;
    const connection = new SqliteConnection();
    this.knex = openKnex(url, {
      lockTimeoutMs: this.lockTimeoutMs,
      poolMax: options.poolMax ?? 10,
      onSqliteConnection: (conn) => connection.adopt(conn),
    });
    const reader = this.reader;
    if (reader) {
      // What this process commits through knex moves the data version at once, not only
      // from the next turn of the event loop (reader.ts).
      this.knex.on('query-response', () => reader.forget());
      this.knex.on('query-error', () => reader.forget());
    }
    this.programmes = new ProgrammeCache(this.knex, this.reader);
    const load = (event: { id: number } | { slug: string }) => loadProgramme(this, event);
    this.capacity =
      this.dialect === 'sqlite'
        ? new SqliteCapacity(this.knex, connection, load)
        : new PostgresCapacity(this.knex, this.lockTimeoutMs, load);
  }

  /** SQLite's data version (reader.ts), or null where there is none to ask. */
  dataVersion(): number | null {
    return this.reader?.dataVersion() ?? null;
  }

  async destroy(): Promise<void> {
    this.reader?.close();
    await this.knex.destroy();
  }
}

export function openDatabase(url: string, options: DatabaseOptions = {}): Database {
  return new Database(url, options);
}
