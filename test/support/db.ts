import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import pg from 'pg';
import type { Knex } from 'knex';
import type { Dialect } from '../../server/db/knex.js';

/**
 * Which database the suite runs on: TEST_DB=postgres runs it against the PostgreSQL
 * server named by TEST_PG_URL (default: the machine's, trust auth); anything else, or
 * nothing, runs it on SQLite files.
 */
export const testDialect: Dialect = process.env.TEST_DB === 'postgres' ? 'postgres' : 'sqlite';

/** A database that CREATE DATABASE may be run from (not the one we create). */
export const adminPgUrl = process.env.TEST_PG_URL ?? 'postgres://postgres@127.0.0.1:5432/test';

export interface TestDatabase {
  url: string;
  drop: () => Promise<void>;
}

async function withAdmin<T>(work: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: adminPgUrl, connectionTimeoutMillis: 5_000 });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

/** A fresh, empty database of the suite's dialect; `drop()` removes it without a trace. */
export async function createTestDatabase(): Promise<TestDatabase> {
  if (testDialect === 'sqlite') {
    const dir = mkdtempSync(path.join(tmpdir(), 'reg-test-'));
    return {
      url: `file:${path.join(dir, 'test.sqlite')}`,
      drop: () => {
        rmSync(dir, { recursive: true, force: true });
        return Promise.resolve();
      },
    };
  }
  // Unique per test file and call, so parallel test workers never share a database.
  const name = `reg_test_${process.pid}_${randomBytes(4).toString('hex')}`;
  await withAdmin((c) => c.query(`CREATE DATABASE ${name}`));
  const url = new URL(adminPgUrl);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    // FORCE ends connections a failed test may have left open (PostgreSQL 13+).
    drop: () => withAdmin((c) => c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`)).then(() => undefined),
  };
}

/**
 * Makes every INSERT into `table` fail until `restore()` is called, to force a rollback
 * in the middle of a use case: an SQLite trigger with RAISE(ABORT), or on PostgreSQL a
 * plpgsql trigger function that raises.
 */
export async function refuseInserts(
  db: Knex,
  table: string,
  message: string,
): Promise<{ restore: () => Promise<void> }> {
  const name = `${table}_refused`;
  if (testDialect === 'sqlite') {
    await db.raw(`CREATE TRIGGER ${name} BEFORE INSERT ON ${table} BEGIN SELECT RAISE(ABORT, '${message}'); END`);
    return { restore: async () => void (await db.raw(`DROP TRIGGER ${name}`)) };
  }
  await db.raw(
    `CREATE FUNCTION ${name}() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RAISE EXCEPTION '${message}'; END $$`,
  );
  await db.raw(`CREATE TRIGGER ${name} BEFORE INSERT ON ${table} FOR EACH ROW EXECUTE FUNCTION ${name}()`);
  return {
    restore: async () => {
      await db.raw(`DROP TRIGGER ${name} ON ${table}`);
      await db.raw(`DROP FUNCTION ${name}()`);
    },
  };
}
