import request from 'supertest';
import { beforeAll, describe, expect, it } from 'vitest';
import type { MailTransport } from '../../server/mail/transport.js';
import { person } from '../support/app.js';
import { conference, type BuiltConference } from '../support/build.js';
import { useTestApp } from '../support/fixtures.js';
import { dispatcherFor } from '../support/mail.js';

/**
 * During a registration rush the dispatcher makes way for live requests: messages wait
 * in the outbox while the process is busy, but never longer than maxYieldMs at a time.
 */
describe('the mail dispatcher under live traffic', () => {
  const { t } = useTestApp({ seed: false });
  let event: BuiltConference;
  beforeAll(async () => {
    event = await conference(t.db, t.clock.now());
  });
  const sent: string[] = [];
  const transport: MailTransport = {
    kind: 'maildrop',
    send: (message) => {
      const to = message.to as string | { address: string };
      sent.push(typeof to === 'string' ? to : to.address);
      return Promise.resolve();
    },
    close: () => undefined,
  };

  beforeAll(async () => {
    const [workshop] = event.workshops.riga ?? [];
    await request(t.app)
      .post(`/api/v1/events/${event.slug}/registrations`)
      .send(person({ email: 'rush-mail@skola.lv', sessionIds: [workshop] }))
      .expect(201);
  });

  const until = async (done: () => boolean, ms: number): Promise<void> => {
    const end = Date.now() + ms;
    while (!done() && Date.now() < end) await new Promise((r) => setTimeout(r, 10));
  };

  it('when the process stays busy, then mail waits, and goes out once the longest wait is over', async () => {
    let looks = 0;
    const dispatcher = dispatcherFor(t, transport, { pollMs: 20, maxYieldMs: 600 }, t.ctx.clock, () => {
      looks += 1;
      return true;
    });
    const started = Date.now();
    dispatcher.start();
    try {
      await new Promise((r) => setTimeout(r, 300));
      expect(looks).toBeGreaterThan(1);
      expect(sent).toEqual([]);
      expect(await t.db('outbox').where('status', 'pending').count({ n: '*' }).first()).toEqual({ n: 1 });

      await until(() => sent.length > 0, 5_000);
      expect(sent).toEqual(['rush-mail@skola.lv']);
      expect(Date.now() - started).toBeGreaterThanOrEqual(600);
    } finally {
      await dispatcher.stop();
    }
  });

  it('when the process is not busy, then mail goes out at once', async () => {
    await request(t.app)
      .post(`/api/v1/events/${event.slug}/registrations`)
      .send(person({ email: 'quiet-mail@skola.lv' }))
      .expect(201);
    const dispatcher = dispatcherFor(t, transport, { pollMs: 20, maxYieldMs: 60_000 }, t.ctx.clock, () => false);
    dispatcher.start();
    try {
      await until(() => sent.includes('quiet-mail@skola.lv'), 5_000);
      expect(sent).toContain('quiet-mail@skola.lv');
    } finally {
      await dispatcher.stop();
    }
  });
});
