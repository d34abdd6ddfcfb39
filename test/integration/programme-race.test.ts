import { beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { CapacityRunner } from '../../server/db/capacity.js';
import type { Database } from '../../server/db/database.js';
import { moveSeat } from '../../server/features/registration/moveSeat.js';
import { releaseSeats } from '../../server/features/registration/releaseSeats.js';
import { createQuota, updateSession } from '../../server/features/programme/programmeAdmin.js';
import type { Organizer } from '../../server/domain/organizers.js';
import { register, type RegistrationInput } from '../../server/features/registration/register.js';
import { moveSession } from '../../server/features/programme/sessions.js';
import { organizer } from '../support/admin.js';
import { person } from '../support/app.js';
import { conference, type BuiltConference } from '../support/build.js';
import { useTestApp } from '../support/fixtures.js';
import { capacityViolations } from '../support/invariants.js';

const input = (over: Record<string, unknown> = {}): RegistrationInput => person(over) as unknown as RegistrationInput;

/**
 * The locking rule (LOCKING.md): a registration decides which pools to lock from the
 * programme, so a programme change that lands between that decision and the lock (a new
 * pool over its workshop, a session moved) must not let it confirm a seat that a pool
 * never counts. Before the rule, a pool created while registrations were in flight
 * started with `used` one short of its confirmed seats for every registration that had
 * planned without it.
 */
describe('programme changes racing registrations', () => {
  const { t } = useTestApp({ perTest: true, seed: false });
  let event: BuiltConference;
  beforeEach(async () => {
    event = await conference(t.db, t.clock.now(), { regions: ['riga', 'vidzeme'] });
  });
  let admin: Organizer;

  beforeEach(async () => {
    admin = await organizer(t, 'admin@example.lv', 'admin');
  });

  const workshops = (): [number, number] => (event.workshops.riga ?? [0, 0]) as [number, number];

  /** Registrations for a Riga workshop, started together, settled whatever happens. */
  const rush = (count: number, sessionId: number) =>
    Array.from({ length: count }, () => register(t.ctx, event.slug, input({ sessionIds: [sessionId] })));

  it('when a pool is created over a workshop while registrations are in flight, then every pool counts exactly its confirmed seats', async () => {
    const [a, b] = workshops();
    for (let wave = 0; wave < 4; wave++) {
      const registrations = rush(12, wave % 2 === 0 ? a : b);
      const pool = createQuota(t.ctx, admin, event.slug, {
        name: `Telpa ${wave}`,
        size: 500,
        sessionIds: [wave % 2 === 0 ? a : b],
      });
      const settled = await Promise.allSettled([...registrations, pool]);
      expect(settled.filter((s) => s.status === 'rejected')).toEqual([]);
    }
    expect(await capacityViolations(t.db)).toEqual([]);
    const confirmed = await t
      .db('seats')
      .whereIn('session_id', [a, b])
      .andWhere('status', 'confirmed')
      .count({ n: '*' });
    expect(Number((confirmed[0] as { n: number }).n)).toBe(48);
  });

  it('when a session moves and a pool appears while registrations are in flight, then the pools still count exactly', async () => {
    const [a, b] = workshops();
    const session = (await t.db('sessions').where('id', a).first('starts_at', 'ends_at')) as {
      starts_at: string;
      ends_at: string;
    };
    const later = (iso: string, minutes: number) => new Date(new Date(iso).getTime() + minutes * 60_000).toISOString();
    for (let wave = 0; wave < 3; wave++) {
      const registrations = [...rush(6, a), ...rush(6, b)];
      const move = moveSession(
        t.ctx,
        a,
        { startsAt: later(session.starts_at, wave + 1), endsAt: later(session.ends_at, wave + 1) },
        admin.email,
      );
      const pool = createQuota(t.ctx, admin, event.slug, { name: `Zāle ${wave}`, size: 500, sessionIds: [a, b] });
      const settled = await Promise.allSettled([...registrations, move, pool]);
      expect(settled.filter((s) => s.status === 'rejected')).toEqual([]);
    }
    expect(await capacityViolations(t.db)).toEqual([]);
  });

  it('when a session edit changes its times, then the edit and the move are one change', async () => {
    const [a] = workshops();
    const row = (await t.db('sessions').where('id', a).first()) as Record<string, string | null>;
    const startsAt = new Date(new Date(String(row.starts_at)).getTime() + 3_600_000).toISOString();
    const endsAt = new Date(new Date(String(row.ends_at)).getTime() + 3_600_000).toISOString();
    const before = await t.db('audit_log').count({ n: '*' });
    await updateSession(t.ctx, admin, a, {
      kind: 'workshop',
      regionId: String(row.region_id),
      titleLv: 'Jauns nosaukums',
      titleEn: String(row.title_en),
      descriptionLv: String(row.description_lv),
      descriptionEn: String(row.description_en),
      startsAt,
      endsAt,
      streamUrl: null,
      joinUrl: row.join_url ?? null,
      place: null,
      address: null,
      speakersLv: '',
      speakersEn: '',
      embedOrigins: null,
      audience: null,
    });
    const after = (await t.db('sessions').where('id', a).first()) as Record<string, unknown>;
    expect(after).toMatchObject({ title_lv: 'Jauns nosaukums', sequence: Number(row.sequence) + 1 });
    expect(new Date(String(after.starts_at)).toISOString()).toBe(startsAt);
    const audits = await t.db('audit_log').count({ n: '*' });
    expect(Number((audits[0] as { n: number }).n) - Number((before[0] as { n: number }).n)).toBe(2);
  });
});

describe('seats that move between a plan and its lock', () => {
  const { t } = useTestApp({ seed: false });
  let event: BuiltConference;
  beforeAll(async () => {
    event = await conference(t.db, t.clock.now(), { regions: ['riga', 'vidzeme'] });
  });

  it('when an organizer moves a seat to another region while its owner cancels, then the cancel frees the moved seat', async () => {
    const [riga] = event.workshops.riga ?? [];
    const [vidzeme] = event.workshops.vidzeme ?? [];
    const mine = await register(t.ctx, event.slug, input({ sessionIds: [riga] }));
    const seat = mine.seats.find((s) => s.sessionId === riga);
    if (!seat || riga === undefined || vidzeme === undefined) throw new Error('conference without workshops');

    // The cancel plans on the seat in Rīga; the move to Vidzeme commits before its lock.
    let moving: Promise<unknown> | null = null;
    const runner = t.ctx.db.capacity;
    const capacity: CapacityRunner = {
      run: (event, plan, options) =>
        runner.run(
          event,
          async (programme) => {
            const chosen = await plan(programme);
            await (moving ??= moveSeat(t.ctx, mine.registration, seat.id, riga, vidzeme));
            return chosen;
          },
          options,
        ),
      changeProgramme: (eventId, work) => runner.changeProgramme(eventId, work),
    };
    const ctx = { ...t.ctx, db: Object.assign(Object.create(t.ctx.db) as Database, { capacity }) };

    // Before: the cancel locked Rīga's pool, found the seat in Vidzeme and failed (500).
    await releaseSeats(ctx, mine.registration, (seats) => seats.filter((s) => s.status !== 'cancelled'), {
      wholeRegistration: true,
    });
    const left = (await t.db('seats').where('registration_id', mine.registration.id).select('status')) as {
      status: string;
    }[];
    expect(left.map((s) => s.status)).toEqual(left.map(() => 'cancelled'));
    expect(await capacityViolations(t.db)).toEqual([]);
  });
});
