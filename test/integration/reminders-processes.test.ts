import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase, type Database } from '../../server/db/database.js';
import { queueReminders } from '../../server/jobs/reminders.js';
import { register } from '../../server/features/registration/register.js';
import type { RegistrationInput } from '../../server/features/registration/register.js';
import { person } from '../support/app.js';
import { conference, type BuiltConference } from '../support/build.js';
import { useTestApp } from '../support/fixtures.js';
import { testDialect } from '../support/db.js';

/**
 * Reminder jobs in several processes at once (each with its own connection pool, as
 * separate app processes have) queue one reminder per seat, never two. Only on
 * PostgreSQL: in one process better-sqlite3 would wait for the other connection's write
 * lock synchronously, which is not what separate processes do.
 */
describe.runIf(testDialect === 'postgres')('reminders run by several processes at once', () => {
  const { t } = useTestApp({ seed: false });
  let event: BuiltConference;
  beforeAll(async () => {
    event = await conference(t.db, t.clock.now());
  });
  const pools: Database[] = [];

  beforeAll(async () => {
    for (let i = 0; i < 40; i++) {
      const body = person({ sessionIds: [event.workshops.riga?.[i % 2]] }) as unknown as RegistrationInput;
      await register(t.ctx, event.slug, body);
    }
    for (let i = 0; i < 3; i++) pools.push(openDatabase(t.databaseUrl));
  });

  afterAll(async () => {
    await Promise.all(pools.map((p) => p.destroy()));
  });

  it('when three processes queue reminders at the same moment, then every confirmed seat gets exactly one', async () => {
    const plenary = (await t.db('sessions').where('id', event.plenary.riga).first()) as { starts_at: string };
    t.clock.set(new Date(new Date(plenary.starts_at).getTime() - 60_000)); // the whole day in the window
    const queued = await Promise.all(pools.map((db) => queueReminders({ ...t.ctx, db })));

    const seats = (await t.db('seats').where('status', 'confirmed').select('id')) as { id: number }[];
    const reminders = (await t.db('outbox').where('kind', 'reminder').select('payload')) as { payload: string }[];
    const remindedSeats = reminders.map((r) => Number((JSON.parse(r.payload) as { seatId: number }).seatId));
    // 40 plenary seats and 40 workshop seats (2 × 100 places: all confirmed).
    expect(seats).toHaveLength(80);
    expect(queued.reduce((a, b) => a + b, 0)).toBe(80);
    expect(new Set(remindedSeats).size).toBe(remindedSeats.length);
    expect(new Set(remindedSeats)).toEqual(new Set(seats.map((s) => Number(s.id))));
  });
});
