import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { smtpTransport, type MailTransport } from '../../server/mail/transport.js';
import { register, type RegistrationInput } from '../../server/features/registration/register.js';
import { person } from '../support/app.js';
import { conference, type BuiltConference } from '../support/build.js';
import { useTestApp } from '../support/fixtures.js';
import { refuseInserts } from '../support/db.js';
import { dispatcherFor } from '../support/mail.js';
import { SmtpSink } from '../support/smtp.js';

const input = (over: Record<string, unknown> = {}): RegistrationInput => person(over) as unknown as RegistrationInput;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function until(check: () => Promise<boolean>, timeoutMs = 15_000): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > end) throw new Error('condition not met in time');
    await sleep(25);
  }
}

describe('when the mail server misbehaves', () => {
  const { t } = useTestApp({ perTest: true, seed: false });
  let event: BuiltConference;
  beforeEach(async () => {
    event = await conference(t.db, t.clock.now());
  });
  let sink: SmtpSink;
  let transport: MailTransport;

  beforeEach(async () => {
    sink = new SmtpSink();
    await sink.up();
    transport = smtpTransport(sink.url, { maxConnections: 3 });
  });
  afterEach(async () => {
    transport.close();
    await sink.down();
  });

  const outbox = async (status: string) =>
    Number(((await t.db('outbox').where('status', status).count({ n: '*' }).first()) as { n: number }).n);

  it('when SMTP refuses connections for a while and then recovers, then every message arrives exactly once', async () => {
    // The dispatcher runs in real time here: its backoff must actually elapse.
    const dispatcher = dispatcherFor(
      t,
      transport,
      { maxAttempts: 100, baseDelayMs: 30, maxDelayMs: 150, pollMs: 20 },
      () => new Date(),
    );
    dispatcher.start();
    try {
      // Open pooled connections first, so the outage has live sockets to cut.
      for (let i = 0; i < 5; i++) await register(t.ctx, event.slug, input());
      await sink.waitFor(5);
      expect(sink.received).toHaveLength(5);

      await sink.down();
      for (let i = 0; i < 25; i++) await register(t.ctx, event.slug, input());
      await until(async () => Number(((await t.db('outbox').max({ a: 'attempts' }).first()) as { a: number }).a) >= 3);
      expect(sink.received).toHaveLength(5);
      expect(await outbox('pending')).toBe(25);
      const failing = (await t
        .db('outbox')
        .where('status', 'pending')
        .whereNotNull('last_error')
        .count({ n: '*' })
        .first()) as {
        n: number;
      };
      expect(Number(failing.n)).toBeGreaterThan(0);

      await sink.up();
      await until(async () => (await outbox('sent')) === 30);
      await sleep(300); // anything sent twice would have arrived by now
      await sink.waitFor(30);
    } finally {
      await dispatcher.stop();
    }
    const ids = sink.received.map((r) => r.mail.messageId);
    expect(ids).toHaveLength(30);
    expect(new Set(ids).size).toBe(30);
    const expected = (await t.db('outbox').select('message_id')) as { message_id: string }[];
    expect(ids.sort()).toEqual(expected.map((e) => e.message_id).sort());
    expect(await outbox('failed')).toBe(0);
  });

  it('when SMTP stays down, then a message is retried with backoff and finally marked failed with its last error', async () => {
    const dispatcher = dispatcherFor(t, transport, { maxAttempts: 3, baseDelayMs: 10, maxDelayMs: 40 });
    await sink.down();
    await register(t.ctx, event.slug, input());
    const seen: number[] = [];
    for (let round = 0; round < 50 && (await outbox('failed')) === 0; round++) {
      const r = await dispatcher.runOnce();
      if (r.retried + r.failed > 0) {
        const row = (await t.db('outbox').first('attempts', 'next_attempt_at', 'last_error')) as {
          attempts: number;
          next_attempt_at: string;
          last_error: string;
        };
        seen.push(row.attempts);
        expect(row.last_error).toMatch(/ECONNREFUSED|connect/i);
      }
      t.clock.advance(50); // past any backoff of at most 40 ms (+20 % jitter)
    }
    expect(seen).toEqual([1, 2, 3]);
    const row = (await t.db('outbox').first()) as { status: string; attempts: number; sent_at: string | null };
    expect(row).toMatchObject({ status: 'failed', attempts: 3, sent_at: null });
    expect(sink.received).toHaveLength(0);
  });

  it('when a registration rolls back, then nothing is sent for it', async () => {
    const dispatcher = dispatcherFor(t, transport);
    const seatsDown = await refuseInserts(t.db, 'seats', 'seats refused');
    await expect(
      register(t.ctx, event.slug, input({ email: 'rollback@skola.lv', sessionIds: [event.workshops.riga?.[0]] })),
    ).rejects.toThrow('seats refused');
    await seatsDown.restore();
    await register(t.ctx, event.slug, input({ email: 'committed@skola.lv' }));
    expect((await dispatcher.drain()).sent).toBe(1);
    await sink.waitFor(1);
    await sleep(100);
    expect(sink.received.map((r) => r.rcptTo)).toEqual([['committed@skola.lv']]);
  });
});
