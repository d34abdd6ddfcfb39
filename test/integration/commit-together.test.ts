import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { committingTogether } from '../../server/db/commitTogether.js';
import type { Tx } from '../../server/db/knex.js';
import { createTestApp, type TestApp } from '../support/app.js';

describe('registrations committed together on SQLite', () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await createTestApp({ seed: false });
  });
  afterAll(() => t.close());

  const note = (trx: Tx, action: string) =>
    trx('audit_log').insert({ actor: 'test', action, target_type: 'test', at: new Date().toISOString() });

  it('when units arrive together and one fails, then only that one is rolled back, the rest commit in order', async () => {
    const order: string[] = [];
    const unit = (name: string, fail = false) =>
      committingTogether(t.db).transaction(async (trx) => {
        order.push(name);
        await note(trx, name);
        if (fail) throw new Error(`${name} failed`);
        return name;
      });
    const results = await Promise.allSettled([unit('a'), unit('b'), unit('c', true), unit('d')]);

    expect(results.map((r) => r.status)).toEqual(['fulfilled', 'fulfilled', 'rejected', 'fulfilled']);
    expect(order).toEqual(['a', 'b', 'c', 'd']);
    const kept = (await t.db('audit_log').orderBy('id').pluck('action')) as string[];
    expect(kept).toEqual(['a', 'b', 'd']);
  });

  it('when the commit itself fails, then every unit in it fails and nothing stays', async () => {
    await t.db('audit_log').del();
    // A deferred foreign key is checked at COMMIT: the whole batch cannot commit.
    const unit = (name: string, breaksCommit = false) =>
      committingTogether(t.db).transaction(async (trx) => {
        await note(trx, name);
        if (breaksCommit) {
          await trx.raw('PRAGMA defer_foreign_keys = ON');
          await trx('seats').insert({
            registration_id: 999999,
            session_id: 999999,
            status: 'confirmed',
            created_at: 'x',
          });
        }
        return name;
      });
    // A unit under way holds the commit, so the next three arrive together behind it.
    let open = (): void => undefined;
    const gate = new Promise<void>((resolve) => (open = resolve));
    const first = committingTogether(t.db).transaction(() => gate.then(() => 'first'));
    const together = Promise.allSettled([unit('e'), unit('f', true), unit('g')]);
    open();
    expect(await first).toBe('first');
    const results = await together;
    expect(results.map((r) => r.status)).toEqual(['rejected', 'rejected', 'rejected']);
    expect(await t.db('audit_log').pluck('action')).toEqual([]);
  });
});
