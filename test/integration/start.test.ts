import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../server/config.js';
import { start } from '../../server/main.js';

describe('starting the app on its embedded defaults', () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'start-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  const env = { DATA_DIR: dir, DATABASE_URL: `file:${path.join(dir, 'app.sqlite')}`, PORT: '0', LOG_LEVEL: 'silent' };

  it('when started on an empty SQLite file, then it migrates, loads the demo programme once and serves it', async () => {
    const first = await start(loadConfig(env));
    try {
      const health = await fetch(`${first.url}/healthz`);
      expect(await health.json()).toEqual({ status: 'ok' });
      const events = (await (await fetch(`${first.url}/api/v1/events`)).json()) as { events: unknown[] };
      // The conference, the seminar series, the course, five supervisions and four municipal workshops.
      expect(events.events).toHaveLength(12);
      const municipalities = await first.db.knex('municipalities').count({ n: '*' }).first();
      expect(municipalities).toEqual({ n: 43 });
    } finally {
      await first.stop();
    }
    const second = await start(loadConfig(env));
    try {
      expect(await second.db.knex('events').count({ n: '*' }).first()).toEqual({ n: 12 });
    } finally {
      await second.stop();
    }
  });

  it('when DEMO=off, then the database starts empty of events', async () => {
    const empty = await start(
      loadConfig({ ...env, DEMO: 'off', DATABASE_URL: `file:${path.join(dir, 'empty.sqlite')}` }),
    );
    try {
      expect(await empty.db.knex('events').count({ n: '*' }).first()).toEqual({ n: 0 });
    } finally {
      await empty.stop();
    }
  });
});
