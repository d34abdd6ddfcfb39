import request from 'supertest';
import { beforeEach, describe, expect, it } from 'vitest';
import { register, type RegistrationInput } from '../../server/features/registration/register.js';
import { organizer, signIn } from '../support/admin.js';
import { person } from '../support/app.js';
import { conference, type BuiltConference } from '../support/build.js';
import { composedFor } from '../support/compose.js';
import { useTestApp } from '../support/fixtures.js';

const input = (over: Record<string, unknown> = {}): RegistrationInput => person(over) as unknown as RegistrationInput;

describe('an organizer cancels a session in two steps, with a message, and can restore it', () => {
  const { t } = useTestApp({ perTest: true, seed: false });
  let built: BuiltConference;
  beforeEach(async () => {
    built = await conference(t.db, t.clock.now());
  });
  const workshop = (): number => built.workshops.riga?.[0] ?? 0;
  const statusOf = async (id: number): Promise<string> =>
    ((await t.db('sessions').where('id', id).first('status')) as { status: string }).status;
  const outboxCount = async (): Promise<number> =>
    Number(((await t.db('outbox').count({ n: '*' }).first()) as { n: number | string }).n);

  beforeEach(async () => {
    await organizer(t, 'admin@example.lv', 'admin');
    await t.db('quotas').where('id', built.quota.riga).update({ size: 1 });
    await register(t.ctx, built.slug, input({ email: 'lv@skola.lv', sessionIds: [workshop()] }));
    await register(t.ctx, built.slug, input({ email: 'en@skola.lv', language: 'en', sessionIds: [workshop()] }));
  });

  it('when the organizer opens "cancel session", then a page says whom it reaches and asks for the message; nothing changes yet', async () => {
    const { agent } = await signIn(t, 'admin@example.lv');
    const event = await agent.get(`/admin/events/${built.slug}`).expect(200);
    expect(event.text).toContain(`href="/admin/sessions/${workshop()}/cancel"`);
    const before = await outboxCount();
    const page = await agent.get(`/admin/sessions/${workshop()}/cancel`).expect(200);
    expect(page.text).toContain('Atcelt sesiju „');
    expect(page.text).toContain('Apstiprinātas vietas: 1');
    expect(page.text).toContain('Rindā: 1');
    expect(page.text).toContain('name="messageLv"');
    expect(page.text).toContain('Nē, atgriezties pie pasākuma');
    expect(await statusOf(workshop())).toBe('scheduled');
    expect(await outboxCount()).toBe(before);
  });

  it('when the message is left empty, then the form says so and the session stays', async () => {
    const browser = await signIn(t, 'admin@example.lv');
    const before = await outboxCount();
    const res = await browser.post(`/admin/sessions/${workshop()}/cancel`, { messageLv: '  ' }).expect(400);
    expect(res.text).toContain('Šis lauks ir obligāts.');
    expect(await statusOf(workshop())).toBe('scheduled');
    expect(await outboxCount()).toBe(before);
  });

  it('when cancelled with a message, then everyone is told in their language, the page says it worked, and the audit keeps the message', async () => {
    const browser = await signIn(t, 'admin@example.lv');
    const res = await browser
      .post(`/admin/sessions/${workshop()}/cancel`, {
        messageLv: 'Lektore saslima. Skatiet https://example.lv/jauns',
        messageEn: 'The speaker fell ill.',
      })
      .expect(303);
    expect(res.headers.location).toBe(`/admin/events/${built.slug}?done=sessionCancelled&n=2`);
    const page = await browser.agent.get(res.headers.location ?? '').expect(200);
    expect(page.text).toContain('notification-banner-success');
    expect(page.text).toContain('Sesija atcelta. E-pasts ar jūsu ziņu nosūtīts dalībniekiem: 2.');
    expect(await statusOf(workshop())).toBe('cancelled');

    const lv = (await composedFor(t, 'lv@skola.lv')).find((m) => m.kind === 'session_changed');
    expect(lv?.subject).toMatch(/^Sesija atcelta: /);
    expect(lv?.text).toContain('Organizatoru ziņa:\n\nLektore saslima.');
    expect(lv?.text).toContain('Pielikumā ir kalendāra atcelšana');
    expect(lv?.text).not.toContain('tas atjaunosies');
    const en = (await composedFor(t, 'en@skola.lv')).find((m) => m.kind === 'session_changed');
    expect(en?.subject).toMatch(/^Session cancelled: /);
    expect(en?.text).toContain('The speaker fell ill.');
    expect(en?.text).not.toContain('Lektore');

    const entry = (await t.db('audit_log').where('action', 'session.cancel').first()) as {
      actor: string;
      after: string;
    };
    expect(entry.actor).toBe('admin@example.lv');
    expect(JSON.parse(entry.after)).toMatchObject({ message: { lv: expect.stringContaining('Lektore') } });
  });

  it('when a cancelled session is restored, then it can be chosen again, nobody is re-seated, and the audit says who did it', async () => {
    const browser = await signIn(t, 'admin@example.lv');
    await browser.post(`/admin/sessions/${workshop()}/cancel`, { messageLv: 'Atcelts.' }).expect(303);
    const event = await browser.agent.get(`/admin/events/${built.slug}`).expect(200);
    expect(event.text).toContain(`action="/admin/sessions/${workshop()}/restore"`);
    const res = await browser.post(`/admin/sessions/${workshop()}/restore`).expect(303);
    expect(res.headers.location).toBe(`/admin/events/${built.slug}?done=sessionRestored`);
    expect((await browser.agent.get(res.headers.location ?? '').expect(200)).text).toContain('Sesija atjaunota');
    expect(await statusOf(workshop())).toBe('scheduled');
    const seats = (await t.db('seats').where('session_id', workshop()).pluck('status')) as string[];
    expect(seats).toEqual(['cancelled', 'cancelled']);
    const entry = (await t.db('audit_log').where('action', 'session.restore').first()) as { actor: string };
    expect(entry.actor).toBe('admin@example.lv');
    // the session is on offer again
    const again = await request(t.app)
      .post(`/api/v1/events/${built.slug}/registrations`)
      .send(person({ sessionIds: [workshop()] }))
      .expect(201);
    expect(again.body.registration.items).toContainEqual(expect.objectContaining({ sessionId: workshop() }));
    // restoring twice is refused
    await browser.post(`/admin/sessions/${workshop()}/restore`).expect(409);
  });
});
