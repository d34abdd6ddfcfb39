import request from 'supertest';
import { beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { person } from '../support/app.js';
import { conference, PROGRAMME_TITLE, type BuiltConference } from '../support/build.js';
import { useTestApp } from '../support/fixtures.js';

const SLUG = 'konference';
const REGISTER = `/api/v1/events/${SLUG}/registrations`;

describe('JSON API v1', () => {
  const { t } = useTestApp({ seed: false });
  let built: BuiltConference;
  beforeAll(async () => {
    built = await conference(t.db, t.clock.now(), {
      slug: SLUG,
      title: PROGRAMME_TITLE,
      regions: ['riga', 'vidzeme', 'kurzeme', 'zemgale', 'latgale'],
    });
  });

  const counts = async () => ({
    registrations: Number(((await t.db('registrations').count({ n: '*' }).first()) as { n: number }).n),
    seats: Number(((await t.db('seats').count({ n: '*' }).first()) as { n: number }).n),
    outbox: Number(((await t.db('outbox').count({ n: '*' }).first()) as { n: number }).n),
  });

  describe('reading', () => {
    it('GET /healthz answers ok once the database answers', async () => {
      const res = await request(t.app).get('/healthz').expect(200);
      expect(res.body).toEqual({ status: 'ok' });
    });

    it('GET /api/v1/events lists the published programme with times in Riga offset', async () => {
      const res = await request(t.app).get('/api/v1/events').expect(200);
      const [event] = res.body.events;
      expect(event.slug).toBe(SLUG);
      expect(event.kind).toBe('conference');
      expect(event.timezone).toBe('Europe/Riga');
      expect(event.registration.open).toBe(true);
      expect(event.regions.map((r: { id: string }) => r.id)).toEqual([
        'riga',
        'vidzeme',
        'kurzeme',
        'zemgale',
        'latgale',
      ]);
      expect(event.sessions).toHaveLength(15);
      for (const s of event.sessions) expect(s.startsAt).toMatch(/T\d\d:\d\d:\d\d\.\d{3}\+0[23]:00$/);
      const plenary = event.sessions.find((s: { kind: string }) => s.kind === 'plenary');
      expect(plenary.capacityLeft).toBeNull();
      expect(plenary.startsAt).toMatch(/T10:00:00\.000\+0[23]:00$/);
      expect(event.quotas).toHaveLength(5);
      expect(event.quotas[0]).toMatchObject({ size: 100, left: 100 });
      expect(event.quotas[0].sessionIds).toHaveLength(2);
    });

    it('GET /api/v1/events/:slug shows one event, 404 with a code for an unknown one', async () => {
      const ok = await request(t.app).get(`/api/v1/events/${SLUG}`).expect(200);
      expect(ok.body.event.slug).toBe(SLUG);
      const missing = await request(t.app).get('/api/v1/events/nav-tada').expect(404);
      expect(missing.body.error.code).toBe('not_found');
      expect(missing.body.error.message).toBeTruthy();
    });

    it('the titles follow the language asked for', async () => {
      const en = await request(t.app).get(`/api/v1/events/${SLUG}`).set('Accept-Language', 'en').expect(200);
      expect(en.body.event.title).toMatch(/^School\. Parents\. Children/);
      const lv = await request(t.app).get(`/api/v1/events/${SLUG}?lang=lv`).expect(200);
      expect(lv.body.event.title).toMatch(/^Skola\. Vecāki\. Bērni/);
    });

    it('GET /api/v1/openapi.json describes the API', async () => {
      const res = await request(t.app).get('/api/v1/openapi.json').expect(200);
      expect(res.body.openapi).toMatch(/^3\./);
      expect(Object.keys(res.body.paths)).toContain('/events/{slug}/registrations');
    });
  });

  describe('registering', () => {
    it('when a person registers for a workshop with room, then the workshop and the plenary are confirmed', async () => {
      const [a] = built.workshops.riga ?? [];
      const res = await request(t.app)
        .post(REGISTER)
        .send(person({ sessionIds: [a] }))
        .expect(201);
      const r = res.body.registration;
      expect(r.status).toBe('active');
      expect(r.regionId).toBe('riga');
      expect(r.items).toEqual([
        {
          sessionId: built.plenary.riga,
          status: 'confirmed',
          waitlistPosition: null,
          holdExpiresAt: null,
          offerExpiresAt: null,
        },
        { sessionId: a, status: 'confirmed', waitlistPosition: null, holdExpiresAt: null, offerExpiresAt: null },
      ]);
      expect(r.manageUrl).toMatch(/^http:\/\/localhost:3000\/r\/[A-Za-z0-9_-]{32}$/);
      const token = r.manageUrl.split('/r/')[1];
      const again = await request(t.app).get(`/api/v1/registrations/${token}`).expect(200);
      expect(again.body.registration.id).toBe(r.id);
      expect(again.headers['cache-control']).toBe('no-store');
    });

    it('when a person chooses plenary only, then only the plenary seat is made', async () => {
      const res = await request(t.app)
        .post(REGISTER)
        .send(person({ regionId: 'latgale', municipality: 'ludza' }))
        .expect(201);
      expect(res.body.registration.items).toEqual([
        {
          sessionId: built.plenary.latgale,
          status: 'confirmed',
          waitlistPosition: null,
          holdExpiresAt: null,
          offerExpiresAt: null,
        },
      ]);
    });

    it('when the token is stored, then only its hash and a sealed copy are kept', async () => {
      const res = await request(t.app).post(REGISTER).send(person()).expect(201);
      const token = res.body.registration.manageUrl.split('/r/')[1];
      const row = (await t.db('registrations').where('id', res.body.registration.id).first()) as Record<string, string>;
      expect(JSON.stringify(row)).not.toContain(token);
      expect(t.ctx.tokens.unseal(row.token_sealed ?? '')).toBe(token);
    });

    it('when the same email registers again in any letter case, then 409 already_registered, nothing new, and the address alone gets a new link that ends the one the first answer handed out', async () => {
      const body = person({ email: 'Liga.Ozola@Skola.LV' });
      const first = await request(t.app).post(REGISTER).send(body).expect(201);
      const before = await counts();
      const res = await request(t.app)
        .post(REGISTER)
        .send({ ...body, email: '  liga.ozola@skola.lv ', name: 'Someone Else' })
        .expect(409);
      expect(res.body.error.code).toBe('already_registered');
      expect(JSON.stringify(res.body)).not.toContain(String(first.body.registration.id));
      const after = await counts();
      expect(after.registrations).toBe(before.registrations);
      expect(after.seats).toBe(before.seats);
      expect(after.outbox).toBe(before.outbox + 1);
      const mail = (await t.db('outbox').orderBy('id', 'desc').first()) as Record<string, string>;
      expect(mail.kind).toBe('registered_again');
      expect(mail.to_email).toBe('Liga.Ozola@Skola.LV');
      // The link in the first answer went to whoever sent it: it ends, and the address gets its own.
      const old = String(first.body.registration.manageUrl).split('/r/')[1];
      await request(t.app).get(`/api/v1/registrations/${old}`).expect(404);
      const row = (await t.db('registrations').where('id', first.body.registration.id).first()) as Record<
        string,
        string
      >;
      const renewed = t.ctx.tokens.unseal(String(row.token_sealed)) ?? '';
      expect(renewed).not.toBe(old);
      await request(t.app).get(`/api/v1/registrations/${renewed}`).expect(200);
      // A second request within the hour keeps that link: it was only ever e-mailed to the address.
      await request(t.app).post(REGISTER).send(body).expect(409);
      await request(t.app).get(`/api/v1/registrations/${renewed}`).expect(200);
    });

    it('when a cancelled person registers again, then a new registration is accepted', async () => {
      const body = person();
      const first = await request(t.app).post(REGISTER).send(body).expect(201);
      const token = first.body.registration.manageUrl.split('/r/')[1];
      const del = await request(t.app).delete(`/api/v1/registrations/${token}`).expect(200);
      expect(del.body.registration.status).toBe('cancelled');
      expect(del.body.registration.items.every((i: { status: string }) => i.status === 'cancelled')).toBe(true);
      await request(t.app).delete(`/api/v1/registrations/${token}`).expect(200);
      await request(t.app).post(REGISTER).send(body).expect(201);
    });
  });

  describe('bad input changes nothing', () => {
    let before: Awaited<ReturnType<typeof counts>>;
    beforeEach(async () => {
      before = await counts();
    });
    const unchanged = async () => expect(await counts()).toEqual(before);

    const cases: [string, Record<string, unknown>, string][] = [
      ['missing name', { name: '' }, 'name'],
      ['blank name', { name: '   ' }, 'name'],
      ['name with a line break', { name: 'Anna\r\nBcc: x@y.lv' }, 'name'],
      ['name too long', { name: 'x'.repeat(201) }, 'name'],
      ['email without @', { email: 'anna.skola.lv' }, 'email'],
      ['email too long', { email: `${'a'.repeat(250)}@x.lv` }, 'email'],
      ['email of the wrong type', { email: 42 }, 'email'],
      ['missing institution', { institution: undefined }, 'institution'],
      ['unknown municipality', { municipality: 'atlantis' }, 'municipality'],
      ['unknown role', { role: 'astronaut' }, 'role'],
      ['unknown region', { regionId: 'atlantis' }, 'regionId'],
      ['a session that does not exist', { sessionIds: [999999] }, 'sessionIds'],
      ['session ids that are not numbers', { sessionIds: ['1'] }, 'sessionIds'],
      ['too many sessions', { sessionIds: Array.from({ length: 31 }, (_, i) => i + 1) }, 'sessionIds'],
      ['unknown language', { language: 'de' }, 'language'],
      ['no consent', { consent: false }, 'consent'],
      ['an unknown field', { admin: true }, 'admin'],
    ];
    for (const [what, over, field] of cases) {
      it(`when the body has ${what}, then 400 invalid_input names ${field}`, async () => {
        const res = await request(t.app).post(REGISTER).set('Accept-Language', 'en').send(person(over)).expect(400);
        expect(res.body.error.code).toBe('invalid_input');
        expect(res.body.error.fields[field]).toEqual(expect.any(String));
        await unchanged();
      });
    }

    it('when the workshop belongs to another region, then 400 names sessionIds', async () => {
      const [vidzemeWorkshop] = built.workshops.vidzeme ?? [];
      const res = await request(t.app)
        .post(REGISTER)
        .send(person({ sessionIds: [vidzemeWorkshop] }))
        .expect(400);
      expect(res.body.error.fields.sessionIds).toBeTruthy();
      await unchanged();
    });

    it('when both parallel workshops are chosen, then 400 says they overlap', async () => {
      const res = await request(t.app)
        .post(REGISTER)
        .set('Accept-Language', 'en')
        .send(person({ sessionIds: built.workshops.riga }))
        .expect(400);
      expect(res.body.error.fields.sessionIds).toMatch(/same time/);
      await unchanged();
    });

    it('when the messages are asked for in Latvian, then they are Latvian', async () => {
      const res = await request(t.app)
        .post(REGISTER)
        .send(person({ name: '' }))
        .expect(400);
      expect(res.body.error.fields.name).toBe('Šis lauks ir obligāts.');
      await unchanged();
    });

    it('when the body is not JSON, then 400 invalid_input', async () => {
      const res = await request(t.app)
        .post(REGISTER)
        .set('Content-Type', 'application/json')
        .send('{"name":')
        .expect(400);
      expect(res.body.error.code).toBe('invalid_input');
      await unchanged();
    });

    it('when the body is huge, then 413', async () => {
      const res = await request(t.app)
        .post(REGISTER)
        .send(person({ name: 'x'.repeat(100_000) }))
        .expect(413);
      expect(res.body.error.code).toBe('payload_too_large');
      await unchanged();
    });

    it('when the event does not exist, then 404 not_found', async () => {
      const res = await request(t.app).post('/api/v1/events/nav-tada/registrations').send(person()).expect(404);
      expect(res.body.error.code).toBe('not_found');
      await unchanged();
    });

    it('when the token is unknown or malformed, then 404', async () => {
      await request(t.app).get('/api/v1/registrations/abc').expect(404);
      await request(t.app)
        .get(`/api/v1/registrations/${'A'.repeat(32)}`)
        .expect(404);
      await request(t.app)
        .delete(`/api/v1/registrations/${'A'.repeat(32)}`)
        .expect(404);
      await unchanged();
    });
  });

  describe('the registration window', () => {
    it('when registration has closed, then 409 registration_closed and nothing is written', async () => {
      const before = await counts();
      const closes = (await t.db('events').where('slug', SLUG).first('registration_closes_at')) as {
        registration_closes_at: string;
      };
      const now = t.clock.now();
      t.clock.set(closes.registration_closes_at);
      try {
        const res = await request(t.app).post(REGISTER).send(person()).expect(409);
        expect(res.body.error.code).toBe('registration_closed');
        const event = await request(t.app).get(`/api/v1/events/${SLUG}`).expect(200);
        expect(event.body.event.registration.open).toBe(false);
      } finally {
        t.clock.set(now);
      }
      expect(await counts()).toEqual(before);
    });

    it('when registration has not opened yet, then 409 registration_closed', async () => {
      const now = t.clock.now();
      t.clock.advance(-24 * 3600 * 1000);
      try {
        const res = await request(t.app).post(REGISTER).send(person()).expect(409);
        expect(res.body.error.code).toBe('registration_closed');
      } finally {
        t.clock.set(now);
      }
    });
  });
});
