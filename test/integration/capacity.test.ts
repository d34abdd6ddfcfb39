import { beforeEach, describe, expect, it } from 'vitest';
import { AppError } from '../../server/domain/errors.js';
import { changeCapacity } from '../../server/features/programme/quotaSize.js';
import {
  cancelRegistration,
  register,
  switchSeat,
  viewRegistration,
  type RegistrationInput,
} from '../../server/features/registration/register.js';
import { person } from '../support/app.js';
import { conference, type BuiltConference } from '../support/build.js';
import { useTestApp } from '../support/fixtures.js';
import { refuseInserts } from '../support/db.js';

const input = (over: Record<string, unknown> = {}): RegistrationInput => person(over) as unknown as RegistrationInput;

describe('capacity, promotion and overlapping quotas (services on SQLite)', () => {
  const { t } = useTestApp({ perTest: true, seed: false });
  let event: BuiltConference;
  beforeEach(async () => {
    event = await conference(t.db, t.clock.now(), { regions: ['riga', 'vidzeme', 'kurzeme'] });
  });

  const used = async (quotaId: number) =>
    Number(((await t.db('quotas').where('id', quotaId).first('used')) as { used: number }).used);

  async function fill(region: string, people: number, size: number) {
    await t.db('quotas').where('id', event.quota[region]).update({ size });
    const [a] = event.workshops[region] ?? [];
    const made = [];
    for (let i = 0; i < people; i++)
      made.push(await register(t.ctx, event.slug, input({ regionId: region, sessionIds: [a] })));
    return made;
  }

  it('when a quota is raised, then the waitlist is promoted at once in FIFO order', async () => {
    const people = await fill('riga', 7, 3);
    const waiting = people.slice(3);
    expect(waiting.map((p) => p.seats.find((s) => s.status === 'waitlisted')?.waitlistPosition)).toEqual([1, 2, 3, 4]);

    const change = await changeCapacity(t.ctx, event.quota.riga ?? 0, 5, 'organizer@example.lv');
    expect(change.quota).toMatchObject({ size: 5, used: 5 });
    expect(change.promoted.map((p) => p.registrationId)).toEqual([
      waiting[0]?.registration.id,
      waiting[1]?.registration.id,
    ]);

    const third = await viewRegistration(t.ctx, waiting[2]?.token ?? '');
    expect(third.seats.find((s) => s.sessionId !== event.plenary.riga)?.waitlistPosition).toBe(1);
    const mails = await t.db('outbox').where('kind', 'promoted').orderBy('id');
    expect(mails.map((m: { registration_id: number }) => m.registration_id)).toEqual(
      change.promoted.map((p) => p.registrationId),
    );
    const audit = (await t.db('audit_log').where('action', 'quota.resize').first()) as Record<string, string>;
    expect(audit.actor).toBe('organizer@example.lv');
    expect(JSON.parse(audit.before ?? '{}')).toEqual({ size: 3 });
  });

  it('when a quota would be cut below its confirmed seats, then it is refused and nothing changes', async () => {
    await fill('riga', 4, 4);
    await expect(changeCapacity(t.ctx, event.quota.riga ?? 0, 3, 'o@x.lv')).rejects.toMatchObject({
      code: 'invalid_input',
      fields: { size: 'below_confirmed:4' },
    });
    const quota = (await t.db('quotas').where('id', event.quota.riga).first()) as { size: number; used: number };
    expect(quota).toMatchObject({ size: 4, used: 4 });
    // a cut down to exactly the confirmed count is allowed
    await changeCapacity(t.ctx, event.quota.riga ?? 0, 4, 'o@x.lv');
  });

  it('when a whole registration is cancelled, then its place goes to the first in line in the same transaction', async () => {
    const people = await fill('vidzeme', 3, 2);
    const result = await cancelRegistration(t.ctx, people[0]?.token ?? '');
    expect(result.promoted.map((p) => p.registrationId)).toEqual([people[2]?.registration.id]);
    expect(await used(event.quota.vidzeme ?? 0)).toBe(2);
  });

  describe('a region pool of 4 plus a room cap of 2 on workshop A', () => {
    let capA: number;
    beforeEach(async () => {
      const [a] = event.workshops.kurzeme ?? [];
      await t.db('quotas').where('id', event.quota.kurzeme).update({ size: 4 });
      const [row] = (await t
        .db('quotas')
        .insert({ event_id: event.eventId, name: 'Room A', size: 2, used: 0 })
        .returning('id')) as { id: number }[];
      capA = Number(row?.id);
      await t.db('quota_sessions').insert({ quota_id: capA, session_id: a });
    });

    it('then A confirms two, waits the third, while B still confirms until the pool is full', async () => {
      const [a, b] = event.workshops.kurzeme ?? [];
      const reg = (s: number) => register(t.ctx, event.slug, input({ regionId: 'kurzeme', sessionIds: [s] }));
      const status = async (s: number) => (await reg(s)).seats.find((x) => x.sessionId === s)?.status;
      expect(await status(a ?? 0)).toBe('confirmed');
      expect(await status(a ?? 0)).toBe('confirmed');
      expect(await status(a ?? 0)).toBe('waitlisted');
      expect(await status(b ?? 0)).toBe('confirmed');
      expect(await status(b ?? 0)).toBe('confirmed');
      expect(await status(b ?? 0)).toBe('waitlisted');
      expect(await used(event.quota.kurzeme ?? 0)).toBe(4);
      expect(await used(capA)).toBe(2);
    });

    it('when a B place frees, then the first waiting person who fits gets it, skipping one blocked by the room cap', async () => {
      const [a, b] = event.workshops.kurzeme ?? [];
      const reg = (s: number) => register(t.ctx, event.slug, input({ regionId: 'kurzeme', sessionIds: [s] }));
      await reg(a ?? 0);
      await reg(a ?? 0);
      const b1 = await reg(b ?? 0);
      await reg(b ?? 0);
      const waitingA = await reg(a ?? 0); // the pool is full and so is room A
      const waitingB = await reg(b ?? 0);
      expect(waitingA.seats.find((s) => s.sessionId === a)?.waitlistPosition).toBe(1);
      expect(waitingB.seats.find((s) => s.sessionId === b)?.waitlistPosition).toBe(2);

      const result = await cancelRegistration(t.ctx, b1.token);
      expect(result.promoted.map((p) => p.registrationId)).toEqual([waitingB.registration.id]);
      expect(await used(event.quota.kurzeme ?? 0)).toBe(4);
      expect(await used(capA)).toBe(2);
    });

    it('when someone moves from B to a full A, then it is refused and their B place is kept', async () => {
      const [a, b] = event.workshops.kurzeme ?? [];
      const reg = (s: number) => register(t.ctx, event.slug, input({ regionId: 'kurzeme', sessionIds: [s] }));
      await reg(a ?? 0);
      await reg(a ?? 0);
      const mover = await reg(b ?? 0);
      const seat = mover.seats.find((s) => s.sessionId === b);
      await expect(switchSeat(t.ctx, mover.token, seat?.id ?? 0, a ?? 0)).rejects.toBeInstanceOf(AppError);
      const after = await viewRegistration(t.ctx, mover.token);
      expect(after.seats.find((s) => s.sessionId === b)?.status).toBe('confirmed');
      expect(await used(event.quota.kurzeme ?? 0)).toBe(3);
    });
  });

  it('when the registration transaction fails at its last step, then nothing is written: no person, no seat, no message', async () => {
    // The outbox insert is the last write of a registration; make the database refuse it.
    const outboxDown = await refuseInserts(t.db, 'outbox', 'outbox refused');
    const [a] = event.workshops.riga ?? [];
    await expect(register(t.ctx, event.slug, input({ sessionIds: [a] }))).rejects.toThrow('outbox refused');
    await outboxDown.restore();
    expect(await t.db('registrations').count({ n: '*' }).first()).toEqual({ n: 0 });
    expect(await t.db('seats').count({ n: '*' }).first()).toEqual({ n: 0 });
    expect(await t.db('outbox').count({ n: '*' }).first()).toEqual({ n: 0 });
    expect(await used(event.quota.riga ?? 0)).toBe(0);
  });
});
