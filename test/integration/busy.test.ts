import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Knex } from 'knex';
import { openKnex, type Tx } from '../../server/db/knex.js';
import { listen, person } from '../support/app.js';
import { conference, type BuiltConference } from '../support/build.js';
import { useTestApp } from '../support/fixtures.js';
import { testDialect } from '../support/db.js';

/**
 * Another process holding a quota's capacity lock for too long must not hang a request:
 * after the lock timeout the request answers 503 "busy, try again" with Retry-After,
 * having changed nothing. The lock is held by a second, independent connection, as
 * another app process would (PostgreSQL: SELECT … FOR UPDATE; SQLite: the write lock).
 */
describe('a capacity change that cannot get its lock in time', () => {
  const { t } = useTestApp({ lockTimeoutMs: 1_000, perTest: true, seed: false });
  let event: BuiltConference;
  beforeEach(async () => {
    event = await conference(t.db, t.clock.now());
  });
  let server: { url: string; close: () => Promise<void> };
  let other: Knex;

  beforeEach(async () => {
    server = await listen(t.app);
    other = openKnex(t.databaseUrl, { lockTimeoutMs: 5_000, poolMax: 10 });
  });

  afterEach(async () => {
    await other.destroy();
    await server.close();
  });

  /** Takes the lock of a region's quota in another connection and keeps it until released. */
  async function holdQuota(quotaId: number): Promise<Tx> {
    const trx = await other.transaction();
    if (testDialect === 'postgres') await trx('quotas').where('id', quotaId).forUpdate().select('id');
    else
      await trx('quotas')
        .where('id', quotaId)
        .update({ used: trx.ref('used') });
    return trx;
  }

  const register = (body: Record<string, unknown>, language = 'lv'): Promise<Response> =>
    fetch(`${server.url}/api/v1/events/${event.slug}/registrations`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'accept-language': language },
      body: JSON.stringify(body),
    });

  it('when the quota stays locked past the timeout, then the answer is 503 with Retry-After, a localized message and nothing written', async () => {
    const [workshop] = event.workshops.riga ?? [];
    const holder = await holdQuota(event.quota.riga ?? 0);
    try {
      const started = Date.now();
      const res = await register(person({ email: 'waiting@skola.lv', sessionIds: [workshop] }));
      expect(res.status).toBe(503);
      expect(res.headers.get('retry-after')).toBe('1');
      const body = (await res.json()) as { error: { code: string; message: string } };
      expect(body.error.code).toBe('busy');
      expect(body.error.message).toMatch(/mēģiniet vēlreiz/);
      // It gave up after about the lock timeout, not the default 5 s.
      expect(Date.now() - started).toBeLessThan(4_000);

      const english = await register(person({ sessionIds: [workshop] }), 'en');
      expect(english.status).toBe(503);
      expect(((await english.json()) as { error: { message: string } }).error.message).toMatch(/try again/);
    } finally {
      await holder.rollback();
    }
    expect(await t.db('registrations').count({ n: '*' }).first()).toEqual({ n: 0 });
    expect(await t.db('outbox').count({ n: '*' }).first()).toEqual({ n: 0 });

    // Once the lock is free, the same request goes through.
    const retry = await register(person({ email: 'waiting@skola.lv', sessionIds: [workshop] }));
    expect(retry.status).toBe(201);
  });

  // Only on PostgreSQL: better-sqlite3 waits for a busy lock synchronously, so a holder in
  // this same process could not release it while the request waits (another process can).
  it.runIf(testDialect === 'postgres')(
    'when the lock is released within the timeout, then the request waits for it and succeeds',
    async () => {
      const [workshop] = event.workshops.riga ?? [];
      const holder = await holdQuota(event.quota.riga ?? 0);
      const pending = register(person({ sessionIds: [workshop] }));
      await new Promise((r) => setTimeout(r, 200));
      await holder.commit();
      expect((await pending).status).toBe(201);
    },
  );
});
