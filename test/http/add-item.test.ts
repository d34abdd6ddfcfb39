import request from 'supertest';
import { beforeEach, describe, expect, it } from 'vitest';
import { Registration, RegistrationAnswer } from '../../server/http/apiSchemas.js';
import { person } from '../support/app.js';
import { conference, type BuiltConference } from '../support/build.js';
import { composedFor } from '../support/compose.js';
import { useTestApp } from '../support/fixtures.js';
import { formAgent } from '../support/forms.js';

type Item = { sessionId: number; status: string; waitlistPosition: number | null };

describe('POST /api/v1/registrations/:token/items: a workshop added again, by the same capacity rule', () => {
  const { t } = useTestApp({ perTest: true, seed: false });
  let event: BuiltConference;
  beforeEach(async () => {
    event = await conference(t.db, t.clock.now(), { regions: ['riga', 'kurzeme'] });
  });
  const [a, b] = [() => event.workshops.riga?.[0] ?? 0, () => event.workshops.riga?.[1] ?? 0];

  async function registered(over: Record<string, unknown> = {}) {
    const res = await request(t.app).post(`/api/v1/events/${event.slug}/registrations`).send(person(over)).expect(201);
    const registration = RegistrationAnswer.parse(res.body).registration;
    return { ...registration, token: registration.manageUrl.split('/r/')[1] ?? '' };
  }
  const add = (token: string, body: unknown) =>
    request(t.app)
      .post(`/api/v1/registrations/${token}/items`)
      .send(body as object);

  it('when a person who gave up a workshop chooses one again, then 200 with a confirmed item and one e-mail saying so', async () => {
    const anna = await registered({ email: 'anna@skola.lv', sessionIds: [a()] });
    const seat = (await t
      .db('seats')
      .where({ session_id: a(), status: 'confirmed' })
      .orderBy('id', 'desc')
      .first('id')) as {
      id: number;
    };
    const browser = await formAgent(t, `/r/${anna.token}`);
    await browser.post(`/r/${anna.token}/seats/${seat.id}/cancel`, { confirm: 'yes' }).expect(303);

    const res = await add(anna.token, { sessionId: b() }).expect(200);
    const items = Registration.parse(RegistrationAnswer.parse(res.body).registration).items as Item[];
    expect(items.find((i) => i.sessionId === b())).toEqual({
      sessionId: b(),
      status: 'confirmed',
      waitlistPosition: null,
      holdExpiresAt: null,
      offerExpiresAt: null,
    });
    expect(items.find((i) => i.sessionId === a())?.status).toBe('cancelled');
    const mail = (await composedFor(t, 'anna@skola.lv')).filter((m) => m.kind === 'seat_added');
    expect(mail).toHaveLength(1);
    expect(mail[0]?.subject).toMatch(/^Vieta apstiprināta: /);
    expect(mail[0]?.text).toContain('Jūs pievienojāt savai reģistrācijai sesiju „');
  });

  it('when the pool is full, then the item is waitlisted with its exact position', async () => {
    await t.db('quotas').where('id', event.quota.riga).update({ size: 1 });
    await registered({ sessionIds: [a()] }); // takes the one place
    await registered({ sessionIds: [b()] }); // waitlisted, number 1
    const late = await registered({ email: 'late@skola.lv' }); // plenary only
    const res = await add(late.token, { sessionId: a() }).expect(200);
    const item = (res.body.registration.items as Item[]).find((i) => i.sessionId === a());
    expect(item).toEqual({
      sessionId: a(),
      status: 'waitlisted',
      waitlistPosition: 2,
      holdExpiresAt: null,
      offerExpiresAt: null,
    });
    const quota = (await t.db('quotas').where('id', event.quota.riga).first('used')) as { used: number };
    expect(quota.used).toBe(1);
    const mail = (await composedFor(t, 'late@skola.lv')).find((m) => m.kind === 'seat_added');
    expect(mail?.subject).toMatch(/^Jūs esat rindā: /);
    expect(mail?.text).toContain('rindā 2. vietā');
  });

  it('answers the documented 4xx codes and changes nothing', async () => {
    const anna = await registered({ sessionIds: [a()] });
    const seatsBefore = await t.db('seats').count({ n: '*' }).first();
    const fieldOf = async (body: unknown, status: number): Promise<string | undefined> => {
      const res = await add(anna.token, body).expect(status);
      return (res.body as { error: { code: string; fields?: Record<string, string> } }).error.fields?.sessionId;
    };
    expect(await fieldOf({ sessionId: 99999 }, 400)).toBe('Izvēlētā sesija nav pieejama šajā reģionā.');
    expect(await fieldOf({ sessionId: event.workshops.kurzeme?.[0] }, 400)).toBe(
      'Izvēlētā sesija nav pieejama šajā reģionā.',
    );
    expect(await fieldOf({ sessionId: event.plenary.riga }, 400)).toBe('Izvēlētā sesija nav pieejama šajā reģionā.');
    expect(await fieldOf({ sessionId: a() }, 400)).toBe('Šī sesija jau ir jūsu reģistrācijā.');
    expect(await fieldOf({ sessionId: b() }, 400)).toBe('Izvēlētās sesijas notiek vienlaikus; izvēlieties vienu.');
    expect(await fieldOf({ sessionId: '5' }, 400)).toBeDefined();
    await add(anna.token, { sessionId: b(), extra: 1 }).expect(400);
    await request(t.app).post(`/api/v1/registrations/${anna.token}/items`).send('sessionId=5').expect(400);
    await add('x'.repeat(43), { sessionId: b() }).expect(404);
    expect(await t.db('seats').count({ n: '*' }).first()).toEqual(seatsBefore);

    // a begun session
    const plain = await registered();
    const now = t.clock.now();
    const session = (await t.db('sessions').where('id', b()).first('starts_at')) as { starts_at: string };
    const closes = (await t.db('events').where('id', event.eventId).first('registration_closes_at')) as {
      registration_closes_at: string;
    };
    await t.db('events').where('id', event.eventId).update({ registration_closes_at: '2999-01-01T00:00:00.000Z' });
    t.clock.set(new Date(new Date(session.starts_at).getTime() + 60_000));
    try {
      const res = await add(plain.token, { sessionId: b() }).expect(400);
      expect(res.body.error.fields.sessionId).toBe('Izvēlētā sesija jau ir sākusies; izvēlieties citu.');
    } finally {
      t.clock.set(now);
      await t.db('events').where('id', event.eventId).update(closes);
    }

    // closed registration, then a cancelled registration
    t.clock.advance(60 * 24 * 3600 * 1000);
    try {
      expect((await add(plain.token, { sessionId: b() }).expect(409)).body.error.code).toBe('registration_closed');
    } finally {
      t.clock.set(now);
    }
    await request(t.app).delete(`/api/v1/registrations/${plain.token}`).expect(200);
    expect((await add(plain.token, { sessionId: b() }).expect(409)).body.error.code).toBe('not_allowed');
  });

  it('is in the OpenAPI document with its request schema and error codes', async () => {
    const doc = (await request(t.app).get('/api/v1/openapi.json').expect(200)).body as {
      paths: Record<
        string,
        Record<string, { requestBody: unknown; responses: Record<string, { description: string }> }>
      >;
      components: { schemas: Record<string, { properties: Record<string, unknown> }> };
    };
    const op = doc.paths['/registrations/{token}/items']?.post;
    expect(op).toBeDefined();
    expect(Object.keys(op?.responses ?? {})).toEqual(expect.arrayContaining(['200', '400', '404', '409']));
    expect(op?.responses['400']?.description).toContain('session_started');
    expect(op?.responses['400']?.description).toContain('sessions_overlap');
    expect(op?.responses['400']?.description).toContain('unknown_session');
    expect(Object.keys(doc.components.schemas.AddItemInput?.properties ?? {})).toEqual(['sessionId']);
  });
});
