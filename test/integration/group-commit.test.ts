import { beforeAll, describe, expect, it } from 'vitest';
import type { CapacityTx } from '../../server/db/capacity.js';
import { AppError } from '../../server/domain/errors.js';
import { enqueue } from '../../server/mail/outbox.js';
import { conference } from '../support/build.js';
import { useTestApp } from '../support/fixtures.js';
import { testDialect } from '../support/db.js';

const SLUG = 'konference';

/**
 * The capacity runner (db/capacity.ts) that every capacity use case goes through. On SQLite the
 * use cases that arrive together share one transaction (group commit), each in a
 * savepoint of its own; on PostgreSQL each has a transaction of its own. Either way every
 * use case commits or fails alone, in the order they arrived.
 */
describe('capacity use cases in plain SQL', () => {
  const { t } = useTestApp({ seed: false });
  beforeAll(() => conference(t.db, t.clock.now(), { slug: SLUG }));
  const now = new Date('2026-11-22T10:00:00Z');

  /** A use case of the demo event that locks no pool. */
  const useCase = <T>(work: (tx: CapacityTx) => Promise<T>): Promise<T> =>
    t.ctx.db.capacity.run({ slug: SLUG }, () => ({ quotaIds: [], work }));

  const queueMail = (to: string, fail = false) =>
    useCase(async ({ sql }) => {
      await enqueue(sql, { kind: 'manage_link', to, language: 'lv', registrationId: null, payload: {} }, now, 'x.lv');
      if (fail) throw new Error(`refused ${to}`);
      const [row] = await sql.all<{ id: number }>('SELECT MAX(id) AS id FROM outbox');
      return Number(row?.id);
    });

  const outboxOf = async (prefix: string): Promise<string[]> =>
    (
      (await t.db('outbox').where('to_email', 'like', `${prefix}%`).orderBy('id').select('to_email')) as {
        to_email: string;
      }[]
    ).map((r) => r.to_email);

  it('when one of many use cases fails, then only its changes are undone and the others commit in arrival order', async () => {
    const names = Array.from({ length: 12 }, (_, i) => `group-${String(i).padStart(2, '0')}@skola.lv`);
    const outcomes = await Promise.allSettled(names.map((to, i) => queueMail(to, i === 5)));

    expect(outcomes.map((o) => o.status)).toEqual(names.map((_, i) => (i === 5 ? 'rejected' : 'fulfilled')));
    const failed = outcomes[5];
    expect(failed?.status === 'rejected' && String(failed.reason)).toMatch(/refused group-05/);
    const committed = names.filter((_, i) => i !== 5);
    if (testDialect === 'sqlite') {
      // One after another in arrival order: each saw the rows of those before it. (On
      // PostgreSQL use cases that lock nothing in common run side by side in any order.)
      const ids = outcomes.flatMap((o) => (o.status === 'fulfilled' ? [o.value] : []));
      expect([...ids].sort((a, b) => a - b)).toEqual(ids);
      expect(await outboxOf('group-')).toEqual(committed);
    } else {
      expect((await outboxOf('group-')).sort()).toEqual(committed);
    }
  });

  it.runIf(testDialect === 'sqlite')(
    'when use cases arrive together on SQLite, then one COMMIT makes them all durable',
    async () => {
      const reader = t.ctx.db.reader;
      expect(reader).not.toBeNull();
      const before = reader?.dataVersion() ?? 0;
      const names = Array.from({ length: 20 }, (_, i) => `together-${i}@skola.lv`);
      await Promise.all(names.map((to) => queueMail(to)));
      // data_version moves once per commit of another connection: one commit for twenty.
      expect((reader?.dataVersion() ?? 0) - before).toBe(1);
      expect(await outboxOf('together-')).toHaveLength(20);
    },
  );

  it('when a use case fails at the database, then the error reaches its caller and nothing of it stays', async () => {
    const outcome = useCase(({ sql }) => sql.run('INSERT INTO no_such_table VALUES (1)'));
    const alongside = queueMail('alongside@skola.lv');
    await expect(outcome).rejects.toThrow(/no_such_table/);
    await expect(alongside).resolves.toBeGreaterThan(0);
    expect(await outboxOf('alongside@')).toEqual(['alongside@skola.lv']);
  });
});

describe.runIf(testDialect === 'sqlite')('an SQLite group that fails as a whole', () => {
  const { t } = useTestApp({ seed: false });
  beforeAll(() => conference(t.db, t.clock.now(), { slug: SLUG }));
  const useCase = <T>(work: (tx: CapacityTx) => Promise<T>): Promise<T> =>
    t.ctx.db.capacity.run({ slug: SLUG }, () => ({ quotaIds: [], work }));

  it("when one use case ends the whole transaction, then the others hear that, not an earlier use case's own error", async () => {
    // A use case refused on its own, then one whose failure undoes the transaction (as a
    // full disk would), then one that had done nothing wrong.
    const refused = useCase(() => Promise.reject(new AppError('not_allowed')));
    const ending = useCase(async ({ sql }) => {
      await sql.run('ROLLBACK');
      throw new Error('database or disk is full');
    });
    const innocent = useCase(async ({ sql }) => {
      await sql.run('SELECT 1');
      return 'done';
    });
    const [a, b, c] = await Promise.allSettled([refused, ending, innocent]);
    expect(a?.status === 'rejected' && (a.reason as AppError).code).toBe('not_allowed');
    expect(b?.status === 'rejected' && String(b.reason)).toMatch(/disk is full/);
    // Before: every caller heard the first use case's 'not_allowed'.
    expect(c?.status === 'rejected' && String(c.reason)).toMatch(/disk is full/);
  });
});
