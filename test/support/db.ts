import { createHash, randomBytes } from 'node:crypto';
import { copyFileSync, existsSync, mkdtempSync, renameSync, rmSync } from 'node:fs';
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

/**
 * Where a run keeps its template databases: built once by whichever test asks first, then
 * copied for every test app that wants the same start (see `createTestDatabase`).
 */
export interface TemplateStore {
  /** A directory for SQLite template files. */
  dir: string;
  /** The name prefix of PostgreSQL template databases, dropped when the run ends. */
  prefix: string;
}

/** The PostgreSQL database name of a template (keys are free text: hashed). */
function templateName(store: TemplateStore, key: string): string {
  return `${store.prefix}_${createHash('sha256').update(key).digest('hex').slice(0, 12)}`;
}

/** Runs `work` while holding a PostgreSQL advisory lock: one worker builds a template, others wait. */
async function exclusively<T>(lockKey: string, work: () => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: adminPgUrl, connectionTimeoutMillis: 5_000 });
  await client.connect();
  const id = createHash('sha256').update(lockKey).digest().readInt32BE(0);
  try {
    await client.query('SELECT pg_advisory_lock($1)', [id]);
    return await work();
  } finally {
    await client.query('SELECT pg_advisory_unlock($1)', [id]).catch(() => undefined);
    await client.end();
  }
}

/**
 * Makes sure the template `key` exists, building it with `build(url)` the first time (a
 * migrated, possibly seeded database, whose connections `build` closes before returning).
 */
async function ensureTemplate(store: TemplateStore, key: string, build: (url: string) => Promise<void>): Promise<void> {
  if (testDialect === 'sqlite') {
    const file = path.join(store.dir, `${templateName(store, key)}.sqlite`);
    if (existsSync(file)) return;
    // Built aside and renamed into place: a worker never copies a half-built file.
    const aside = mkdtempSync(path.join(store.dir, 'build-'));
    try {
      await build(`file:${path.join(aside, 't.sqlite')}`);
      renameSync(path.join(aside, 't.sqlite'), file);
    } finally {
      rmSync(aside, { recursive: true, force: true });
    }
    return;
  }
  const name = templateName(store, key);
  await exclusively(name, async () => {
    const { rowCount } = await withAdmin((c) => c.query('SELECT 1 FROM pg_database WHERE datname = $1', [name]));
    if (rowCount) return;
    const building = `${name}_b`;
    await withAdmin((c) => c.query(`DROP DATABASE IF EXISTS ${building} WITH (FORCE)`));
    await withAdmin((c) => c.query(`CREATE DATABASE ${building}`));
    const url = new URL(adminPgUrl);
    url.pathname = `/${building}`;
    await build(url.toString());
    await withAdmin((c) => c.query(`ALTER DATABASE ${building} RENAME TO ${name}`));
  });
}

/**
 * CREATE DATABASE, tried again while another worker's copy of the same template is under
 * way (PostgreSQL refuses a template "being accessed by other users", 55006, meanwhile).
 */
async function createDatabase(client: pg.Client, sql: string): Promise<void> {
  for (let attempt = 1; ; attempt++) {
    try {
      await client.query(sql);
      return;
    } catch (err) {
      if ((err as { code?: string }).code !== '55006' || attempt >= 50) throw err;
      await new Promise((resolve) => setTimeout(resolve, 20 * attempt));
    }
  }
}

/** Drops the run's PostgreSQL templates (its SQLite templates go with their directory). */
export async function dropTemplates(prefix: string): Promise<void> {
  await withAdmin(async (c) => {
    const { rows } = await c.query<{ datname: string }>('SELECT datname FROM pg_database WHERE datname LIKE $1', [
      `${prefix}%`,
    ]);
    for (const { datname } of rows) await c.query(`DROP DATABASE IF EXISTS ${datname} WITH (FORCE)`);
  });
}

/**
 * A fresh database of the suite's dialect; `drop()` removes it without a trace. Empty, or
 * with `from`: a copy of the run's template `key` (an SQLite file copy, or PostgreSQL's
 * `CREATE DATABASE … TEMPLATE`), built by `build` the first time any worker asks for it —
 * migrating and seeding once per run instead of once per test app.
 */
export async function createTestDatabase(from?: {
  store: TemplateStore;
  key: string;
  build: (url: string) => Promise<void>;
}): Promise<TestDatabase> {
  if (from) await ensureTemplate(from.store, from.key, from.build);
  if (testDialect === 'sqlite') {
    const dir = mkdtempSync(path.join(tmpdir(), 'reg-test-'));
    const file = path.join(dir, 'test.sqlite');
    if (from) copyFileSync(path.join(from.store.dir, `${templateName(from.store, from.key)}.sqlite`), file);
    return {
      url: `file:${file}`,
      drop: () => {
        rmSync(dir, { recursive: true, force: true });
        return Promise.resolve();
      },
    };
  }
  // Unique per test file and call, so parallel test workers never share a database.
  const name = `reg_test_${process.pid}_${randomBytes(4).toString('hex')}`;
  const template = from ? ` TEMPLATE ${templateName(from.store, from.key)}` : '';
  await withAdmin((c) => createDatabase(c, `CREATE DATABASE ${name}${template}`));
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
