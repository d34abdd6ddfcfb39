import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Knex } from 'knex';
import { openKnex } from '../../server/db/knex.js';
import { DEMO_SLUG, person } from '../support/app.js';
import { createTestDatabase, testDialect, type TestDatabase } from '../support/db.js';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));

/** A port that was free a moment ago (the cluster needs a fixed one to share). */
function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const port = (s.address() as { port: number }).port;
      s.close(() => resolve(port));
    });
  });
}

describe.runIf(testDialect === 'postgres')('npm run start:cluster on an empty PostgreSQL database', () => {
  let database: TestDatabase;
  let db: Knex;
  const dataDir = mkdtempSync(path.join(tmpdir(), 'reg-cluster-'));

  beforeAll(async () => {
    database = await createTestDatabase();
    db = openKnex(database.url, { lockTimeoutMs: 5_000, poolMax: 10 });
  });

  afterAll(async () => {
    await db.destroy();
    await database.drop();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('when started with WORKERS=2, then the primary prepares the database once, both workers serve the port and SIGTERM stops them all', async () => {
    const port = await freePort();
    const cluster = spawn(process.execPath, ['--import', 'tsx', 'server/cluster.ts'], {
      cwd: ROOT,
      stdio: ['ignore', 'pipe', 'pipe'],
      env: {
        ...process.env,
        WORKERS: '2',
        PORT: String(port),
        DATABASE_URL: database.url,
        DATA_DIR: dataDir,
        LOG_LEVEL: 'warn',
        RATE_LIMIT: 'off',
        // Load tests take places for made-up people: no address confirms them.
        ADDRESS_CONFIRMATION: 'off',
        // Vitest puts Vite's BASE_URL ('/') into the environment: not ours.
        BASE_URL: `http://127.0.0.1:${port}`,
      },
    });
    let out = '';
    let err = '';
    cluster.stdout.on('data', (c: Buffer) => (out += c.toString('utf8')));
    cluster.stderr.on('data', (c: Buffer) => (err += c.toString('utf8')));
    const exited = new Promise<number | null>((resolve) => cluster.once('exit', (code) => resolve(code)));
    try {
      const until = Date.now() + 60_000;
      while ((out.match(/is serving http/g) ?? []).length < 2) {
        if (Date.now() > until || cluster.exitCode !== null) throw new Error(`cluster did not start:\n${out}\n${err}`);
        await new Promise((r) => setTimeout(r, 100));
      }
      expect(out).toContain('2 workers');
      expect(out).toContain('jobs in every worker, leased');

      const url = `http://127.0.0.1:${port}`;
      expect(await (await fetch(`${url}/healthz`)).json()).toEqual({ status: 'ok' });
      const answers = await Promise.all(
        Array.from({ length: 20 }, () =>
          fetch(`${url}/api/v1/events/${DEMO_SLUG}/registrations`, {
            method: 'POST',
            headers: { 'content-type': 'application/json' },
            body: JSON.stringify(person()),
          }),
        ),
      );
      expect(answers.map((a) => a.status)).toEqual(Array.from({ length: 20 }, () => 201));
      // the demo once: conference, seminar series, course, five supervisions, four municipal workshops
      expect(await db('events').count({ n: '*' }).first()).toEqual({ n: 12 });
      expect(await db('registrations').count({ n: '*' }).first()).toEqual({ n: 20 });
    } finally {
      cluster.kill('SIGTERM');
    }
    expect(await exited).toBe(0);
  }, 120_000);
});
