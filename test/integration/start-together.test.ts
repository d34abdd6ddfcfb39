import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../server/config.js';
import { start, type Running } from '../../server/main.js';
import { createTestDatabase, testDialect, type TestDatabase } from '../support/db.js';

/**
 * Hosts that start at the same moment against one empty PostgreSQL database: start-up
 * work is serialised by an advisory lock, so the migrations run once and the demo
 * programme is loaded once, and every process comes up. (SQLite is one host's file and
 * serialises through its write lock; two instances in one process would block each
 * other synchronously, so this runs on PostgreSQL only.)
 */
describe.runIf(testDialect === 'postgres')('three processes starting together on an empty database', () => {
  let database: TestDatabase;
  const dir = mkdtempSync(path.join(tmpdir(), 'start-together-'));

  beforeAll(async () => {
    database = await createTestDatabase();
  });

  afterAll(async () => {
    await database.drop();
    rmSync(dir, { recursive: true, force: true });
  });

  it('when they all start at once with the demo on, then the schema and the programme exist once and all serve', async () => {
    const config = loadConfig({
      DATA_DIR: dir,
      DATABASE_URL: database.url,
      PORT: '0',
      LOG_LEVEL: 'silent',
      BASE_URL: 'http://127.0.0.1:3000',
      SESSION_SECRET: 'start-together-secret-long-enough-000000',
      JOBS: 'off',
    });
    const running: Running[] = await Promise.all([start(config), start(config), start(config)]);
    try {
      for (const r of running) {
        const port = new URL(r.url).port;
        expect(await (await fetch(`http://127.0.0.1:${port}/healthz`)).json()).toEqual({ status: 'ok' });
      }
      const db = running[0]?.db.knex;
      if (!db) throw new Error('not started');
      // the demo, each event once: the conference, the seminar series, the course, five
      // supervisions and four municipal workshops
      expect(await db('events').count({ n: '*' }).first()).toEqual({ n: 12 });
      expect(await db('regions').count({ n: '*' }).first()).toEqual({ n: 5 });
      const migrations = readdirSync(new URL('../../migrations/', import.meta.url)).filter((f) =>
        /^\d{14}_.+\.ts$/.test(f),
      );
      expect(await db('knex_migrations').count({ n: '*' }).first()).toEqual({ n: migrations.length });
    } finally {
      await Promise.all(running.map((r) => r.stop()));
    }
  });
});
