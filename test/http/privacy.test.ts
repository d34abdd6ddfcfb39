import { Writable } from 'node:stream';
import { composedFor } from '../support/compose.js';
import { pino } from 'pino';
import request from 'supertest';
import { beforeEach, describe, expect, it } from 'vitest';
import { createApp } from '../../server/app.js';
import { loadProgramme } from '../../server/db/programme.js';
import { reportFor } from '../../server/features/registrants/reports.js';
import { applyRetention } from '../../server/jobs/retention.js';
import { eraseRegistration } from '../../server/features/registration/erasure.js';
import { register, type RegistrationInput } from '../../server/features/registration/register.js';
import { organizer, signIn } from '../support/admin.js';
import { person } from '../support/app.js';
import { conference, privacyNotice, seminarSeries, type BuiltConference } from '../support/build.js';
import { useTestApp } from '../support/fixtures.js';
import { refuseInserts } from '../support/db.js';
import { formAgent } from '../support/forms.js';

const input = (over: Record<string, unknown> = {}): RegistrationInput => person(over) as unknown as RegistrationInput;

describe('security and privacy', () => {
  const { t } = useTestApp({ perTest: true, seed: false });
  let event: BuiltConference;
  beforeEach(async () => {
    event = await conference(t.db, t.clock.now(), { regions: ['riga', 'latgale'] });
    await seminarSeries(t.db, t.clock.now(), { slug: 'ievadseminari' });
    await privacyNotice(t.db, t.clock.now());
  });

  it('a registrant named <script>alert(1)</script> is escaped on every page that shows names', async () => {
    const evil = '<script>alert(1)</script>';
    await t.db('quotas').where('id', event.quota.riga).update({ size: 1 });
    const [a] = event.workshops.riga ?? [];
    await register(t.ctx, event.slug, input({ sessionIds: [a] }));
    const r = await register(t.ctx, event.slug, input({ name: evil, institution: `${evil} skola`, sessionIds: [a] }));
    const seat = r.seats.find((s) => s.sessionId === a)?.id ?? 0;
    await organizer(t, 'admin@example.lv');
    const { agent, post } = await signIn(t, 'admin@example.lv');
    const pages = [
      await request(t.app).get(`/r/${r.token}?welcome=1`),
      await agent.get(`/admin/events/${event.slug}/registrations`),
      await agent.get(`/admin/registrations/${r.registration.id}`),
      await agent.get(`/admin/sessions/${a}/waitlist`),
      await post(`/admin/quotas/${event.quota.riga}/size`, { size: 2 }),
      await agent.get(`/admin/sessions/${a}/attendance`),
    ];
    void seat;
    for (const page of pages) {
      expect(page.status).toBe(200);
      expect(page.text).not.toContain(evil);
      expect(page.text).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
    }
  });

  it('every HTML response carries a strict Content-Security-Policy', async () => {
    const r = await register(t.ctx, event.slug, input());
    await organizer(t, 'admin@example.lv');
    const { agent } = await signIn(t, 'admin@example.lv');
    const anonymous = [
      '/',
      `/events/${event.slug}`,
      `/events/${event.slug}/register`,
      `/events/${event.slug}/live/riga`,
      '/events/ievadseminari',
      `/r/${r.token}`,
      '/privacy',
      '/accessibility',
      `/events/${event.slug}/lost-link`,
      '/admin/login',
      '/nope',
    ];
    const signedIn = [
      '/admin',
      `/admin/events/${event.slug}`,
      `/admin/events/${event.slug}/registrations`,
      '/admin/outbox',
      '/admin/audit',
      '/admin/account',
    ];
    const responses = [
      ...(await Promise.all(anonymous.map((p) => request(t.app).get(p)))),
      ...(await Promise.all(signedIn.map((p) => agent.get(p)))),
    ];
    for (const res of responses) {
      expect(res.headers['content-type']).toMatch(/text\/html/);
      const csp = String(res.headers['content-security-policy']);
      expect(csp).toContain("default-src 'self'");
      expect(csp).toContain("script-src 'self'");
      expect(csp).toContain("frame-ancestors 'none'");
      expect(csp).not.toContain('unsafe-inline');
    }
  });

  it('no e-mail address or token appears in the logs of a full registration flow', async () => {
    const lines: string[] = [];
    const sink = new Writable({
      write(chunk: Buffer, _enc, done) {
        lines.push(chunk.toString());
        done();
      },
    });
    const app = createApp({ ctx: t.ctx, logger: pino({ level: 'trace' }, sink) });
    const email = 'Privata.Persona@Skola.lv';
    const browser = await formAgent({ ...t, app }, `/events/${event.slug}/register`);
    const form = await browser.post(`/events/${event.slug}/register`, {
      name: 'Privāta Persona',
      email,
      institution: 'Skola',
      municipality: 'riga',
      role: 'teacher',
      regionId: 'riga',
      workshop: String(event.workshops.riga?.[0]),
      language: 'lv',
      consent: 'yes',
    });
    expect(form.status).toBe(303);
    const token = String(form.headers.location).split('/r/')[1]?.split('?')[0] ?? '';
    await browser.agent.get(`/r/${token}`).expect(200);
    await request(app).get(`/r/${token}/calendar.ics`).expect(200);
    await request(app).get(`/api/v1/registrations/${token}`).expect(200);
    await request(app).get(`/r/${token}/data.json`).expect(200);
    await request(app).post(`/api/v1/events/${event.slug}/registrations`).send(person({ email })).expect(409);
    await browser.post(`/events/${event.slug}/lost-link`, { email }).expect(200);
    const log = lines.join('');
    expect(lines.length).toBeGreaterThan(5);
    expect(log).toMatch(/"url":"\/r\/:token"/);
    // One line per request, with its status.
    expect(log).toMatch(new RegExp(`"url":"/api/v1/events/${event.slug}/registrations","status":409`));
    expect(log.toLowerCase()).not.toContain(email.toLowerCase());
    expect(log).not.toContain(token);
  });

  it("when someone sends invalid registrations carrying a person's address, then that person still registers", async () => {
    // Before: ten refused POSTs with the address made the owner's real registration 429 for an hour.
    const victim = 'victim@skola.lv';
    for (let i = 0; i < 12; i++) {
      await request(t.app)
        .post(`/api/v1/events/${event.slug}/registrations`)
        .send(person({ email: victim, regionId: 'atlantis' }))
        .expect(400);
    }
    const own = await request(t.app)
      .post(`/api/v1/events/${event.slug}/registrations`)
      .send(person({ email: victim }));
    expect(own.status).toBe(201);
  });

  it('when a registered address is sent again and again, then at most three link e-mails an hour reach it', async () => {
    const body = person({ email: 'again@skola.lv' });
    await request(t.app).post(`/api/v1/events/${event.slug}/registrations`).send(body).expect(201);
    for (let i = 0; i < 6; i++) {
      await request(t.app).post(`/api/v1/events/${event.slug}/registrations`).send(body).expect(409);
    }
    const lost = await formAgent(t, `/events/${event.slug}/lost-link`);
    await lost.post(`/events/${event.slug}/lost-link`, { email: 'again@skola.lv' }).expect(200);
    const linkMails = async () =>
      Number(
        (
          (await t
            .db('outbox')
            .where('to_email', 'again@skola.lv')
            .whereIn('kind', ['manage_link', 'registered_again'])
            .count({ n: '*' })
            .first()) as { n: number }
        ).n,
      );
    expect(await linkMails()).toBe(3);
    t.clock.advance(61 * 60_000);
    await request(t.app).post(`/api/v1/events/${event.slug}/registrations`).send(body).expect(409);
    expect(await linkMails()).toBe(4);
  });

  it('link e-mails are limited per client address with 429, Retry-After and a localized message; RATE_LIMIT=off lifts it', async () => {
    const lost = await formAgent(t, `/events/${event.slug}/lost-link`);
    for (let i = 0; i < 30; i++) {
      await lost.post(`/events/${event.slug}/lost-link`, { email: `nobody${i}@skola.lv` }).expect(200);
    }
    const limited = await lost.post(`/events/${event.slug}/lost-link`, { email: 'one-more@skola.lv' }).expect(429);
    expect(Number(limited.headers['retry-after'])).toBeGreaterThan(0);
    expect(limited.text).toContain('Pārāk daudz pieprasījumu');
    const open = createApp({ ctx: t.ctx, logger: pino({ level: 'silent' }), rateLimits: false });
    const body = person({ regionId: 'atlantis' });
    for (let i = 0; i < 12; i++)
      await request(open).post(`/api/v1/events/${event.slug}/registrations`).send(body).expect(400);
  });

  it('a new link invalidates the old one; a lost link answers the same for strangers', async () => {
    const r = await register(t.ctx, event.slug, input({ email: 'own@skola.lv' }));
    const browser = await formAgent(t, `/r/${r.token}`);
    // The manage page's button only asks (issue 28: no one-tap loss); the confirmation renews.
    await browser.post(`/r/${r.token}/new-link`).expect(200);
    await request(t.app).get(`/r/${r.token}`).expect(200);
    await browser.post(`/r/${r.token}/new-link`, { confirm: 'yes' }).expect(200);
    await request(t.app).get(`/r/${r.token}`).expect(404);
    const mail = (await t.db('outbox').where('kind', 'manage_link').orderBy('id', 'desc').first()) as {
      payload: string;
    };
    expect(JSON.parse(mail.payload)).toMatchObject({ rotated: true });
    const newToken = t.ctx.tokens.unseal(
      ((await t.db('registrations').where('id', r.registration.id).first('token_sealed')) as { token_sealed: string })
        .token_sealed,
    );
    await request(t.app).get(`/r/${newToken}`).expect(200);

    const lost = await formAgent(t, `/events/${event.slug}/lost-link`);
    const before = await t.db('outbox').count({ n: '*' }).first();
    const stranger = await lost.post(`/events/${event.slug}/lost-link`, { email: 'nobody@skola.lv' }).expect(200);
    expect(await t.db('outbox').count({ n: '*' }).first()).toEqual(before);
    const known = await lost.post(`/events/${event.slug}/lost-link`, { email: 'OWN@skola.lv' }).expect(200);
    expect(known.text).toBe(stranger.text); // the same page either way: nothing is revealed
    // The lost link is sent again, not replaced: whoever knows the address cannot break it.
    // (Before, the form rotated the token and the owner's link, feed and e-mails died.)
    await request(t.app).get(`/r/${newToken}`).expect(200);
    const resent = (await composedFor(t, 'own@skola.lv')).filter((m) => m.kind === 'manage_link').at(-1);
    expect(resent?.text).toContain(`/r/${newToken}`);
    // The outbox keeps no token in the clear: the message is composed from the sealed copy.
    expect(JSON.stringify(await t.db('outbox').where('to_email', 'own@skola.lv').select('payload'))).not.toContain(
      newToken ?? '—',
    );
  });

  it('a person downloads their data, then deletes it: the seat is freed, the waitlist promoted, the name gone', async () => {
    await t.db('quotas').where('id', event.quota.riga).update({ size: 1 });
    const [a] = event.workshops.riga ?? [];
    const first = await register(
      t.ctx,
      event.slug,
      input({ name: 'Dzēšamā Persona', email: 'erase@skola.lv', sessionIds: [a] }),
    );
    const next = await register(t.ctx, event.slug, input({ sessionIds: [a] }));
    const data = await request(t.app).get(`/r/${first.token}/data.json`).expect(200);
    expect(data.body.registration).toMatchObject({ name: 'Dzēšamā Persona', email: 'erase@skola.lv' });
    expect(data.body.seats).toHaveLength(2);
    expect(data.headers['content-disposition']).toContain('attachment');

    const browser = await formAgent(t, `/r/${first.token}`);
    await browser.post(`/r/${first.token}/delete`, { confirm: 'yes' }).expect(200);
    await request(t.app).get(`/r/${first.token}`).expect(404);
    const row = (await t.db('registrations').where('id', first.registration.id).first()) as Record<string, string>;
    expect(row.name).not.toContain('Dzēšamā');
    expect(row.email).not.toContain('erase@');
    expect(row.status).toBe('cancelled');
    const promoted = (await t
      .db('seats')
      .where({ registration_id: next.registration.id, session_id: a })
      .first('status')) as { status: string };
    expect(promoted.status).toBe('confirmed');
    expect(JSON.stringify(await t.db('outbox').where('registration_id', first.registration.id))).not.toContain(
      'erase@skola.lv',
    );
  });

  it('when an erasure fails on its last write, then none of it happened: the person, their seat and the waitlist stay', async () => {
    await t.db('quotas').where('id', event.quota.riga).update({ size: 1 });
    const [a] = event.workshops.riga ?? [];
    const first = await register(t.ctx, event.slug, input({ name: 'Paliekošā Persona', sessionIds: [a] }));
    const next = await register(t.ctx, event.slug, input({ sessionIds: [a] }));
    const refused = await refuseInserts(t.db, 'audit_log', 'audit refused');
    await expect(eraseRegistration(t.ctx, first.token)).rejects.toThrow();
    await refused.restore();

    const row = (await t.db('registrations').where('id', first.registration.id).first()) as Record<string, string>;
    expect(row).toMatchObject({ name: 'Paliekošā Persona', status: 'active' });
    const seatOf = async (registrationId: number) =>
      (
        (await t.db('seats').where({ registration_id: registrationId, session_id: a }).first('status')) as {
          status: string;
        }
      ).status;
    expect(await seatOf(first.registration.id)).toBe('confirmed');
    expect(await seatOf(next.registration.id)).toBe('waitlisted');
    const quota = (await t.db('quotas').where('id', event.quota.riga).first('used')) as { used: number };
    expect(Number(quota.used)).toBe(1);
    const kinds = (await t.db('outbox').where('registration_id', first.registration.id).select('kind')) as {
      kind: string;
    }[];
    expect(kinds.map((m) => m.kind)).toEqual(['registration_received']);
    await request(t.app).get(`/r/${first.token}`).expect(200);
  });

  it('the retention job anonymises an event past its retention period and the reports keep their counts', async () => {
    for (let i = 0; i < 3; i++)
      await register(
        t.ctx,
        event.slug,
        input({ name: `Vecs ${i}`, role: 'parent', sessionIds: [event.workshops.riga?.[0]] }),
      );
    await register(t.ctx, event.slug, input({ name: 'Vecs 3', regionId: 'latgale', municipality: 'ludza' }));
    const admin = await organizer(t, 'retention@example.lv');
    const programme = await loadProgramme(t.ctx.db, { id: event.eventId });
    if (!programme) throw new Error('no demo programme');
    const report = (by: 'region' | 'role') => reportFor(t.ctx, admin, programme, by, 'lv');
    const before = await report('region');
    expect(await applyRetention(t.ctx)).toBe(0); // the event has not even taken place
    const now = t.clock.now();
    t.clock.set(new Date(now.getTime() + 500 * 24 * 3600_000));
    expect(await applyRetention(t.ctx)).toBe(4);
    expect(await applyRetention(t.ctx)).toBe(0);
    const names = (await t.db('registrations').where('event_id', event.eventId).select('name', 'email')) as {
      name: string;
      email: string;
    }[];
    expect(names.every((n) => !n.name.startsWith('Vecs') && n.email.endsWith('@invalid'))).toBe(true);
    expect(await report('region')).toEqual(before);
    expect((await report('role')).rows).toEqual(
      expect.arrayContaining([expect.objectContaining({ key: 'parent', registered: 3, people: 3, workshop: 3 })]),
    );
  });
});
