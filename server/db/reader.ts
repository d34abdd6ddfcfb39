import Database from 'better-sqlite3';
import type { Row } from './sql.js';

/**
 * A second connection to an SQLite database file, for small reads on the hot paths,
 * answered synchronously without waiting for knex's one connection (which a group of
 * registrations may be holding). It sees committed data only, as any other process
 * would, so nothing it reads can be undone by a rollback.
 *
 * `dataVersion()` is SQLite's PRAGMA data_version: it changes whenever another
 * connection (knex's, another process's, the CLI's) commits a change to the file, so a
 * value computed from the database under one data version is still exact as long as the
 * data version is the same.
 */
export class SqliteReader {
  private conn: Database.Database | null = null;
  private readonly statements = new Map<string, Database.Statement>();
  private turnVersion: number | null = null;
  private forgetScheduled = false;
  private closed = false;

  constructor(
    private readonly filename: string,
    private readonly busyTimeoutMs: number,
  ) {}

  /** Opened on first use: the file exists by then (migrations ran on the writer). */
  private open(): Database.Database {
    // After db.destroy() a late request must not open a connection nobody closes.
    if (this.closed) throw new Error('the database is closed');
    if (!this.conn) {
      const conn = new Database(this.filename, { fileMustExist: true });
      conn.pragma(`busy_timeout = ${this.busyTimeoutMs}`);
      this.conn = conn;
    }
    return this.conn;
  }

  /** A kept prepared statement: the reader runs a handful of fixed queries. */
  private statement(sql: string): Database.Statement {
    let statement = this.statements.get(sql);
    if (!statement) {
      statement = this.open().prepare(sql);
      this.statements.set(sql, statement);
    }
    return statement;
  }

  all<T = Row>(sql: string, params: readonly unknown[] = []): T[] {
    return this.statement(sql).all(...params) as T[];
  }

  /**
   * Asking SQLite takes a read lock on the WAL index (system calls), so the answer is
   * kept for the rest of this turn of the event loop, or until this process's own
   * connection runs a statement (forget). What other processes commit meanwhile shows
   * from the next turn on, as if the request had come a moment earlier.
   */
  dataVersion(): number {
    if (this.turnVersion === null) {
      this.turnVersion = Number(this.statement('PRAGMA data_version').pluck().get());
      if (!this.forgetScheduled) {
        this.forgetScheduled = true;
        setImmediate(() => {
          this.forgetScheduled = false;
          this.turnVersion = null;
        });
      }
    }
    return this.turnVersion;
  }

  forget(): void {
    this.turnVersion = null;
  }

  close(): void {
    this.closed = true;
    this.statements.clear();
    this.conn?.close();
    this.conn = null;
  }
}
