import request from 'supertest';
import { pino } from 'pino';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createApp } from '../../server/app.js';
import { openDatabase, type Database } from '../../server/db/database.js';
import { requestRegistration, type RegistrationInput } from '../../server/features/registration/register.js';
import { endLapsed } from '../../server/features/registration/holds.js';
import { smtpTransport } from '../../server/mail/transport.js';
import type { ServiceContext } from '../../server/context.js';
import { person } from '../support/app.js';
import { conference, type BuiltConference } from '../support/build.js';
import { refuseInserts } from '../support/db.js';
import { useTestApp } from '../support/fixtures.js';
import { capacityViolations } from '../support/invariants.js';
import { dispatcherFor } from '../support/mail.js';
import { registerPath } from '../support/places.js';
import { SmtpSink } from '../support/smtp.js';

const HOUR = 3600_000;
const input = (over: Record<string, unknown> = {}): RegistrationInput => person(over) as unknown as RegistrationInput;

describe('holds survive what happens to a process, and their counts stay exact under concurrency', () => {
  const { t } = useTestApp({ addressConfirmation: true, perTest: true, seed: false });
  let event: BuiltConference;
  beforeEach(async () => {
    event = await conference(t.db, t.clock.now());
  });
  const closing: (() => Promise<void>)[] = [];
  afterEach(async () => {
    for (const close of closing.splice(0)) await close();
  });

  it('when the process dies between the hold and its message, another process sends the message, and its link confirms the place', async () => {
    await request(t.app)
      .post(registerPath(event.slug))
      .send(person({ email: 'anna@skola.lv', sessionIds: [event.workshops.riga![0]] }))
      .expect(201);
    // The hold and its message committed together; this process never sent it (it "died").
    const queued = (await t.db('outbox').where('to_email', 'anna@skola.lv').first()) as {
      status: string;
      kind: string;
    };
    expect(queued).toMatchObject({ status: 'pending', kind: 'address_confirm' });

    // Another process starts on the same database and its dispatcher sends what is due.
    const db: Database = openDatabase(t.databaseUrl);
    closing.push(() => db.destroy());
    const ctx: ServiceContext = { ...t.ctx, db };
    const sink = new SmtpSink();
    await sink.up();
    closing.push(() => sink.down());
    const transport = smtpTransport(`smtp://127.0.0.1:${sink.port}`);
    closing.push(() => Promise.resolve(transport.close()));
    const dispatcher = dispatcherFor({ ...t, ctx }, transport);
    await dispatcher.runOnce();
    const [received] = await sink.waitFor(1);
    expect(received?.rcptTo).toEqual(['anna@skola.lv']);
    const token = /\/r\/([\w-]{32})/.exec(received?.mail.text ?? '')?.[1] ?? '';
    expect(token).not.toBe('');

    const other = createApp({ ctx, logger: pino({ level: 'silent' }) });
    const browser = request.agent(other);
    const page = await browser.get(`/r/${token}`).expect(200);
    const csrf = /name="_csrf" value="([^"]+)"/.exec(page.text)?.[1] ?? '';
    await browser.post(`/r/${token}/confirm-address`).type('form').send({ _csrf: csrf }).expect(303);
    const seats = (await t.db('seats').orderBy('id').select('status')) as { status: string }[];
    expect(seats.map((s) => s.status)).toEqual(['confirmed', 'confirmed']);
  });

  it('when the hold cannot be written, nothing is: no person, no place, no message', async () => {
    const refused = await refuseInserts(t.db, 'outbox', 'disk full');
    await expect(
      requestRegistration(t.ctx, event.slug, input({ email: 'x@skola.lv', sessionIds: [event.workshops.riga![0]] })),
    ).rejects.toThrow();
    await refused.restore();
    for (const table of ['registrations', 'seats', 'outbox']) {
      expect(await t.db(table).count({ n: '*' }).first()).toMatchObject({ n: 0 });
    }
    expect(Number(((await t.db('quotas').where('id', event.quota.riga!).first('used')) as { used: number }).used)).toBe(
      0,
    );
  });

  it('when confirmations, cancellations, new registrations and the lapse job race each other, every counter equals its count and every queue is 1..n', async () => {
    const [a, b] = event.workshops.riga! as [number, number];
    await t.db('quotas').where('id', event.quota.riga!).update({ size: 20 });
    const first = await Promise.all(
      Array.from({ length: 40 }, (_, i) =>
        request(t.app)
          .post(registerPath(event.slug))
          .send(person({ email: `p${i}@skola.lv`, sessionIds: [i % 2 ? a : b] }))
          .expect(201),
      ),
    );
    expect(first.filter((r) => r.body.registration.items[1].status === 'held')).toHaveLength(20);
    const tokens = new Map<string, string>();
    for (const row of (await t.db('registrations').select('email', 'token_sealed')) as Record<string, string>[]) {
      tokens.set(String(row.email), t.ctx.tokens.unseal(String(row.token_sealed)) ?? '');
    }
    const confirm = async (email: string) => {
      const browser = request.agent(t.app);
      const token = tokens.get(email) ?? '';
      const page = await browser.get(`/r/${token}`).expect(200);
      const csrf = /name="_csrf" value="([^"]+)"/.exec(page.text)?.[1] ?? '';
      await browser.post(`/r/${token}/confirm-address`).type('form').send({ _csrf: csrf }).expect(303);
    };
    // Half the addresses answer in time; then the deadline passes while everything else happens at once.
    await Promise.all(Array.from({ length: 10 }, (_, i) => confirm(`p${i * 3}@skola.lv`)));
    t.clock.advance(HOUR + 1000);
    await Promise.all([
      endLapsed(t.ctx),
      ...Array.from({ length: 8 }, (_, i) => confirm(`p${i * 3 + 1}@skola.lv`)),
      ...Array.from({ length: 8 }, (_, i) =>
        request(t.app)
          .delete(`/api/v1/registrations/${tokens.get(`p${i * 5 + 2}@skola.lv`) ?? ''}`)
          .expect(200),
      ),
      ...Array.from({ length: 20 }, (_, i) =>
        request(t.app)
          .post(registerPath(event.slug))
          .send(person({ email: `late${i}@skola.lv`, sessionIds: [i % 2 ? a : b] }))
          .expect(201),
      ),
      endLapsed(t.ctx),
    ]);
    await endLapsed(t.ctx);
    expect(await capacityViolations(t.db)).toEqual([]);
    // Every queue is 1..n in FIFO order, as the people in it are told.
    for (const session of [a, b]) {
      const waiting = (await t.db('seats').where({ session_id: session, status: 'waitlisted' }).orderBy('id')) as {
        registration_id: number;
      }[];
      const tokensInQueue = await Promise.all(
        waiting.map(async (w) => {
          const row = (await t.db('registrations').where('id', w.registration_id).first('token_sealed')) as {
            token_sealed: string;
          };
          return t.ctx.tokens.unseal(row.token_sealed) ?? '';
        }),
      );
      const positions = [];
      for (const token of tokensInQueue) {
        const view = await request(t.app).get(`/api/v1/registrations/${token}`).expect(200);
        positions.push(
          view.body.registration.items.find((i: { sessionId: number }) => i.sessionId === session).waitlistPosition,
        );
      }
      // Pools are shared by both workshops: positions count both queues, so each one rises strictly.
      expect(positions).toEqual([...positions].sort((x, y) => x - y));
      expect(new Set(positions).size).toBe(positions.length);
    }
    const waitingAll = await t
      .db('seats')
      .whereIn('session_id', [a, b])
      .andWhere('status', 'waitlisted')
      .count({ n: '*' })
      .first();
    const held = await t
      .db('seats')
      .whereIn('session_id', [a, b])
      .whereIn('status', ['confirmed', 'held'])
      .count({ n: '*' })
      .first();
    // The pool is full whenever anyone waits.
    if (Number(waitingAll?.n) > 0) expect(Number(held?.n)).toBe(20);
  });
});
