import request from 'supertest';
import { beforeEach, describe, expect, it } from 'vitest';
import { person } from '../support/app.js';
import { conference, PROGRAMME_TITLE, type BuiltConference } from '../support/build.js';
import { apiToken, organizer } from '../support/admin.js';
import { composedFor } from '../support/compose.js';
import { useTestApp } from '../support/fixtures.js';
import { outboxKinds, press, registerPath } from '../support/places.js';
import { csrfOf } from '../support/forms.js';
import { DEMO_CERTIFICATES } from '../../seeds/certificates.js';

describe('a registration that holds a certificate ends only on its address’s word', () => {
  const { t } = useTestApp({ perTest: true, seed: false });
  let event: BuiltConference;
  beforeEach(async () => {
    event = await conference(t.db, t.clock.now(), {
      title: PROGRAMME_TITLE,
      hoursTenths: { plenary: 15, workshop: 20 },
      certificates: DEMO_CERTIFICATES,
    });
  });

  /** Anna registered, attended the Riga day, and was issued a certificate; her link. */
  async function certified(email = 'anna@skola.lv'): Promise<string> {
    const workshop = event.workshops.riga![0]!;
    const res = await request(t.app)
      .post(registerPath(event.slug))
      .send(person({ name: 'Anna Bērziņa', email, sessionIds: [workshop] }))
      .expect(201);
    const token = String(res.body.registration.manageUrl).split('/r/')[1] ?? '';
    const admin = await apiToken(t, await organizer(t, `admin-${email}`, 'admin'));
    const ends = (await t
      .db('sessions')
      .whereIn('id', [event.plenary.riga!, workshop])
      .max({ end: 'ends_at' })
      .first()) as {
      end: string;
    };
    t.clock.set(new Date(Date.parse(ends.end) + 3600_000));
    for (const sessionId of [event.plenary.riga!, workshop]) {
      await request(t.app)
        .post(`/api/v1/admin/events/${event.slug}/attendance`)
        .set('Authorization', `Bearer ${admin}`)
        .send({ sessionId, emails: [email] })
        .expect(200);
    }
    const issued = await request(t.app)
      .post(`/api/v1/admin/events/${event.slug}/certificates`)
      .set('Authorization', `Bearer ${admin}`)
      .expect(200);
    expect(issued.body.issued).toBeGreaterThan(0);
    return token;
  }

  const status = async (email: string) =>
    ((await t.db('registrations').where('email', email).first('status')) as { status: string } | undefined)?.status;

  it('when the link asks to cancel, nothing happens but a message to the address; its link and button cancel, once', async () => {
    const token = await certified();
    const asked = await press(t, token, 'cancel', { confirm: 'yes' }, 200);
    expect(asked.text).toContain('nosūtījām saiti uz anna@skola.lv');
    expect(await status('anna@skola.lv')).toBe('active');
    expect((await outboxKinds(t, 'anna@skola.lv')).at(-1)).toBe('address_action');
    const [mail] = (await composedFor(t, 'anna@skola.lv')).filter((m) => m.kind === 'address_action');
    expect(mail?.subject).toBe('Apstipriniet reģistrācijas atcelšanu: Skola. Vecāki. Bērni — reģionālās konferences');
    expect(mail?.text).not.toContain('Anna');
    const action = /\/a\/([\w-]{32})/.exec(mail?.text ?? '')?.[1] ?? '';

    // Opening the link (a mail scanner does) changes nothing.
    const browser = request.agent(t.app);
    const page = await browser.get(`/a/${action}`).expect(200);
    expect(page.text).toContain('Jā, atcelt reģistrāciju');
    expect(page.text).toContain('Izsniegtā apliecība paliek derīga.');
    expect(await status('anna@skola.lv')).toBe('active');
    await browser
      .post(`/a/${action}`)
      .type('form')
      .send({ _csrf: csrfOf(page.text), confirm: 'yes' })
      .expect(200);
    expect(await status('anna@skola.lv')).toBe('cancelled');
    await request(t.app).get(`/a/${action}`).expect(404);
    const certificate = (await t.db('certificates').first('status')) as { status: string };
    expect(certificate.status).toBe('valid');
  });

  it('when the API is asked to cancel, it answers 202 and the address confirms; erasure asked from the page goes the same way', async () => {
    const token = await certified();
    const res = await request(t.app).delete(`/api/v1/registrations/${token}`).expect(202);
    expect(res.body).toEqual({ confirmation: { sentTo: 'anna@skola.lv', action: 'cancel' } });
    expect(await status('anna@skola.lv')).toBe('active');
    await press(t, token, 'delete', { confirm: 'yes' }, 200);
    const mails = (await composedFor(t, 'anna@skola.lv')).filter((m) => m.kind === 'address_action');
    expect(mails.map((m) => m.subject)).toEqual([
      'Apstipriniet reģistrācijas atcelšanu: Skola. Vecāki. Bērni — reģionālās konferences',
      'Apstipriniet datu dzēšanu: Skola. Vecāki. Bērni — reģionālās konferences',
    ]);
    const erase = /\/a\/([\w-]{32})/.exec(mails[1]?.text ?? '')?.[1] ?? '';
    const browser = request.agent(t.app);
    const page = await browser.get(`/a/${erase}`).expect(200);
    await browser
      .post(`/a/${erase}`)
      .type('form')
      .send({ _csrf: csrfOf(page.text), confirm: 'yes' })
      .expect(200);
    expect(await t.db('registrations').where('email', 'anna@skola.lv').first()).toBeUndefined();
  });

  it('then a registration without a certificate is cancelled from its link at once, as before', async () => {
    const res = await request(t.app)
      .post(registerPath(event.slug))
      .send(person({ email: 'plain@skola.lv' }))
      .expect(201);
    const token = String(res.body.registration.manageUrl).split('/r/')[1] ?? '';
    await press(t, token, 'cancel', { confirm: 'yes' });
    expect(await status('plain@skola.lv')).toBe('cancelled');
  });

  it('then an expired or made-up confirmation link is a 404', async () => {
    const token = await certified();
    await press(t, token, 'cancel', { confirm: 'yes' }, 200);
    const [mail] = (await composedFor(t, 'anna@skola.lv')).filter((m) => m.kind === 'address_action');
    const action = /\/a\/([\w-]{32})/.exec(mail?.text ?? '')?.[1] ?? '';
    t.clock.advance(24 * 3600_000 + 1000);
    await request(t.app).get(`/a/${action}`).expect(404);
    await request(t.app)
      .get(`/a/${'x'.repeat(32)}`)
      .expect(404);
    await request(t.app).get('/a/short').expect(404);
  });
});
