import { describe, expect, it } from 'vitest';
import { testDialect } from '../support/db.js';
import { useTestApp } from '../support/fixtures.js';

/**
 * An acknowledged registration survives a power loss, not only a crash of the process:
 * on SQLite every commit is synced to disk before it is answered (synchronous = FULL;
 * NORMAL in WAL mode syncs at checkpoints only). (PostgreSQL does so with its defaults,
 * synchronous_commit = on: the server's setting, not the app's.)
 */
describe.runIf(testDialect === 'sqlite')('durability of what the app acknowledges on SQLite', () => {
  const { t } = useTestApp({ seed: false });

  it('the app’s SQLite connection syncs every commit (synchronous = FULL) in WAL mode', async () => {
    const sync = (await t.ctx.db.knex.raw('PRAGMA synchronous')) as { synchronous: number }[];
    expect(sync).toEqual([{ synchronous: 2 }]);
    const journal = (await t.ctx.db.knex.raw('PRAGMA journal_mode')) as { journal_mode: string }[];
    expect(journal).toEqual([{ journal_mode: 'wal' }]);
  });
});
