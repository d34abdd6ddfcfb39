import type BetterSqlite3 from 'better-sqlite3';
import type { Knex } from 'knex';
import type { Conn } from './knex.js';

export type Row = Record<string, unknown>;

/**
 * Plain SQL with `?` placeholders, for the statements of the registration rush. The
 * same text runs on both databases: through knex.raw (which numbers the placeholders for
 * PostgreSQL) or, on SQLite, straight on a better-sqlite3 connection as a prepared
 * statement, without knex's query building and connection queue in between.
 */
export interface Sql {
  all<T = Row>(sql: string, params?: readonly unknown[]): Promise<T[]>;
  run(sql: string, params?: readonly unknown[]): Promise<void>;
  /** Runs an INSERT into a table with an `id` key and returns the new row's id. */
  insert(sql: string, params?: readonly unknown[]): Promise<number>;
}

/** Plain SQL through knex: a transaction, or the database outside one. */
export function sqlOf(conn: Conn): Sql {
  const rows = (result: unknown): Row[] =>
    Array.isArray(result) ? (result as Row[]) : ((result as { rows?: Row[] } | undefined)?.rows ?? []);
  return {
    all: async <T>(sql: string, params: readonly unknown[] = []) =>
      rows(await conn.raw(sql, params as readonly Knex.RawBinding[])) as T[],
    run: async (sql: string, params: readonly unknown[] = []) => {
      await conn.raw(sql, params as readonly Knex.RawBinding[]);
    },
    insert: async (sql: string, params: readonly unknown[] = []) => {
      const [row] = rows(await conn.raw(`${sql} RETURNING id`, params as readonly Knex.RawBinding[]));
      return Number(row?.id);
    },
  };
}

/**
 * Plain SQL on a better-sqlite3 connection, through `prepare` (which keeps prepared
 * statements, capacity.ts). Each call completes synchronously; the promise only keeps
 * the shape of `Sql`.
 */
export function sqliteSql(prepare: (sql: string) => BetterSqlite3.Statement): Sql {
  return {
    all: <T>(sql: string, params: readonly unknown[] = []) => Promise.resolve(prepare(sql).all(...params) as T[]),
    run: (sql: string, params: readonly unknown[] = []) => {
      prepare(sql).run(...params);
      return Promise.resolve();
    },
    // lastInsertRowid rather than RETURNING, which costs SQLite a result set.
    insert: (sql: string, params: readonly unknown[] = []) =>
      Promise.resolve(Number(prepare(sql).run(...params).lastInsertRowid)),
  };
}

/** `?, ?, ?` for an IN list of n values (n ≥ 1). */
export const placeholders = (n: number): string => Array.from({ length: n }, () => '?').join(', ');

/** Whatever runs plain SQL: an `Sql`, or a knex database or transaction. */
export type SqlConn = Sql | Conn;

// knex instances and transactions are functions; an `Sql` is a plain object.
export const asSql = (conn: SqlConn): Sql => (typeof conn === 'function' ? sqlOf(conn) : conn);
