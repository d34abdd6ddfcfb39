import type { Server } from 'node:http';
import type { Express } from 'express';
import { pino } from 'pino';
import { createApp } from '../../server/app.js';
import type { Knex } from 'knex';
import { openDatabase } from '../../server/db/database.js';
import { migrate } from '../../server/db/knex.js';
import type { ServiceContext } from '../../server/context.js';
import { TokenVault } from '../../server/security/tokens.js';
import { DEMO_SLUG, seedDemo } from '../../seeds/demo.js';
import { inject } from 'vitest';
import { createTestDatabase, testDialect, type TemplateStore } from './db.js';

export { DEMO_SLUG };

/** A clock that tests move by hand. */
export class TestClock {
  constructor(public current = new Date()) {}
  now = (): Date => new Date(this.current);
  set(iso: string | Date): void {
    this.current = new Date(iso);
  }
  advance(ms: number): void {
    this.current = new Date(this.current.getTime() + ms);
  }
}

export interface TestApp {
  app: Express;
  ctx: ServiceContext;
  /** The database's knex instance, for tests' own queries (the app's handle is ctx.db). */
  db: Knex;
  /** Where the fresh database lives, for other processes or connections to open. */
  databaseUrl: string;
  clock: TestClock;
  close: () => Promise<void>;
}

export interface TestAppOptions {
  /** Load the demo programme (default true). */
  seed?: boolean;
  /** Where the test clock starts (default: now). */
  now?: Date;
  lockTimeoutMs?: number;
  rateLimits?: boolean;
  /**
   * ADDRESS_CONFIRMATION for the app (default off: most tests are about what happens once
   * a place is the person's; the tests of holds and confirmation turn it on).
   */
  addressConfirmation?: boolean;
}

/**
 * A fresh database (an SQLite file, or a new PostgreSQL database when TEST_DB=postgres)
 * with the demo programme, and the app wired to it; `close()` drops the database.
 *
 * The database is a copy of a template migrated and seeded once per run (test/support/
 * db.ts). The demo's dates follow the instant it is seeded at: `now` when the test sets
 * one, otherwise the start of the run (the clock still starts at the real now), so apps
 * without a clock of their own share one template.
 */
export async function createTestApp(opts: TestAppOptions = {}): Promise<TestApp> {
  const seedAt = opts.now ?? new Date(inject('seedNow'));
  const seeded = opts.seed !== false;
  const database = await createTestDatabase({
    store: { dir: inject('templateDir'), prefix: inject('templatePrefix') } satisfies TemplateStore,
    // The demo's dates follow the instant it is seeded at: one template per instant.
    key: `${testDialect} ${seeded ? `demo ${seedAt.toISOString()}` : 'empty'}`,
    build: async (url) => {
      const built = openDatabase(url, {});
      try {
        await migrate(built.knex);
        if (seeded) await seedDemo(built.knex, seedAt);
      } finally {
        await built.destroy();
      }
    },
  });
  const handle = openDatabase(database.url, { lockTimeoutMs: opts.lockTimeoutMs });
  const db = handle.knex;
  const clock = new TestClock(opts.now ?? new Date());
  const ctx: ServiceContext = {
    db: handle,
    clock: clock.now,
    tokens: new TokenVault('test-secret-that-is-long-enough-000000'),
    baseUrl: 'http://localhost:3000',
    mailDomain: 'localhost',
    mailFrom: 'Skola. Vecāki. Bērni <noreply@localhost>',
    replyTo: 'programma@example.lv',
    secret: 'test-secret-that-is-long-enough-000000',
    addressConfirmation: opts.addressConfirmation ?? false,
  };
  const app = createApp({ ctx, logger: pino({ level: 'silent' }), rateLimits: opts.rateLimits ?? true });
  return {
    app,
    ctx,
    db,
    databaseUrl: database.url,
    clock,
    close: async () => {
      await handle.destroy();
      await database.drop();
    },
  };
}

/** Listens on a free port, for tests that fire many requests at once. */
export async function listen(app: Express): Promise<{ url: string; close: () => Promise<void> }> {
  const server = await new Promise<Server>((resolve) => {
    const s = app.listen(0, '127.0.0.1', () => resolve(s));
  });
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  return {
    url: `http://127.0.0.1:${port}`,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

export interface DemoIds {
  eventId: number;
  plenary: Record<string, number>;
  workshops: Record<string, [number, number]>;
  quota: Record<string, number>;
}

/** Ids of the demo programme's sessions and quotas, by region. */
export async function demoIds(db: Knex): Promise<DemoIds> {
  const event = (await db('events').where('slug', DEMO_SLUG).first('id')) as { id: number };
  const sessions = (await db('sessions').where('event_id', event.id).orderBy('id')) as {
    id: number;
    kind: string;
    region_id: string;
  }[];
  const quotas = (await db('quotas')
    .join('quota_sessions', 'quota_sessions.quota_id', 'quotas.id')
    .join('sessions', 'sessions.id', 'quota_sessions.session_id')
    .where('quotas.event_id', event.id)
    .distinct('quotas.id', 'sessions.region_id')) as { id: number; region_id: string }[];
  const ids: DemoIds = { eventId: event.id, plenary: {}, workshops: {}, quota: {} };
  for (const s of sessions) {
    if (s.kind === 'plenary') ids.plenary[s.region_id] = s.id;
    else {
      const list = ids.workshops[s.region_id] ?? ([] as unknown as [number, number]);
      list.push(s.id);
      ids.workshops[s.region_id] = list;
    }
  }
  for (const q of quotas) ids.quota[q.region_id] = q.id;
  return ids;
}

let counter = 0;

/** A valid API registration body; override what the test is about. */
export function person(over: Record<string, unknown> = {}): Record<string, unknown> {
  counter += 1;
  return {
    name: `Dalībnieks ${counter}`,
    email: `person${counter}-${process.pid}@skola.lv`,
    institution: 'Rīgas Valsts 1. ģimnāzija',
    municipality: 'riga',
    role: 'teacher',
    regionId: 'riga',
    sessionIds: [],
    language: 'lv',
    consent: true,
    ...over,
  };
}
