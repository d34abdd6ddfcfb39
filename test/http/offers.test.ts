import request from 'supertest';
import { beforeEach, describe, expect, it } from 'vitest';
import { isoInZone } from '../../server/domain/time.js';
import { endLapsed } from '../../server/features/registration/holds.js';
import { queueReminders } from '../../server/jobs/reminders.js';
import { person } from '../support/app.js';
import { conference, course, type BuiltConference } from '../support/build.js';
import { apiToken, organizer, signIn } from '../support/admin.js';
import { composedFor } from '../support/compose.js';
import { useTestApp } from '../support/fixtures.js';
import { capacityViolations } from '../support/invariants.js';
import { outboxKinds, press, quotaUsed, registerPath, seatsOfEmail, tokenFromMail } from '../support/places.js';
import { requiredAnswers } from '../support/questions.js';

const SLUG = 'konference';
const COURSE_SLUG = 'kurss';
const REGISTER = registerPath(SLUG);
const HOUR = 3600_000;

describe('waitlist offers: a freed place is kept for the first person waiting, to accept or decline', () => {
  const { t } = useTestApp({ perTest: true, seed: false });
  let built: BuiltConference;
  beforeEach(async () => {
    built = await conference(t.db, t.clock.now(), { slug: SLUG });
    await course(t.db, t.clock.now(), { slug: COURSE_SLUG });
  });
  const workshop = () => built.workshops.riga![0]!;

  /** The event offers freed places for `hours`, set as an admin would, through the API. */
  async function offerFor(hours: number, slug = SLUG) {
    const token = await apiToken(t, await organizer(t, 'admin@example.lv', 'admin'));
    const res = await request(t.app)
      .patch(`/api/v1/admin/events/${slug}`)
      .set('Authorization', `Bearer ${token}`)
      .send({ waitlist: { mode: 'offer', offerHours: hours } })
      .expect(200);
    expect(res.body.event.waitlist).toEqual({ mode: 'offer', offerHours: hours });
  }

  /** A full workshop of two places (anna, berta), and two waiting (cecilija 1, dace 2). */
  async function fullWorkshop() {
    await t.db('quotas').where('id', built.quota.riga!).update({ size: 2 });
    const tokens: Record<string, string> = {};
    for (const name of ['anna', 'berta', 'cecilija', 'dace']) {
      const res = await request(t.app)
        .post(REGISTER)
        .send(person({ email: `${name}@skola.lv`, sessionIds: [workshop()] }))
        .expect(201);
      tokens[name] = String(res.body.registration.manageUrl).split('/r/')[1] ?? '';
    }
    return tokens;
  }

  const item = async (token: string) => {
    const res = await request(t.app).get(`/api/v1/registrations/${token}`).expect(200);
    return (res.body.registration.items as { sessionId: number; status: string }[]).find(
      (i) => i.sessionId === workshop(),
    );
  };

  it('when a place comes free, the first person waiting is offered it until the deadline, nobody else can take it, and accepting makes it theirs', async () => {
    await offerFor(24);
    const tokens = await fullWorkshop();
    await request(t.app).delete(`/api/v1/registrations/${tokens.anna}`).expect(200);

    const offered = await item(tokens.cecilija!);
    expect(offered).toEqual({
      sessionId: workshop(),
      status: 'offered',
      waitlistPosition: null,
      holdExpiresAt: null,
      offerExpiresAt: isoInZone(new Date(t.clock.now().getTime() + 24 * HOUR)),
    });
    // The offered place counts: the pool is full, and a newcomer queues behind dace.
    expect(await quotaUsed(t, built.quota.riga!)).toBe(2);
    expect(await item(tokens.dace!)).toMatchObject({ status: 'waitlisted', waitlistPosition: 1 });
    const late = await request(t.app)
      .post(REGISTER)
      .send(person({ email: 'late@skola.lv', sessionIds: [workshop()] }))
      .expect(201);
    expect(late.body.registration.items[1]).toMatchObject({ status: 'waitlisted', waitlistPosition: 2 });

    const [mail] = (await composedFor(t, 'cecilija@skola.lv')).filter((m) => m.kind === 'place_offered');
    expect(mail?.subject).toMatch(/^Atbrīvojās vieta: /);
    expect(mail?.text).toContain('Lai vietu saņemtu, atveriet saiti un nospiediet „Pieņemt vietu”.');
    expect(mail?.text).toMatch(
      /Ja neatbildēsiet, vieta 20\d\d\. gada \d+\. \S+, plkst\.\s\d{1,2}\.\d\d pāries nākamajam rindā\./,
    );
    expect(mail?.text).toContain('Pieņemt vai atteikties:');
    expect(mail?.icalEvent).toBeUndefined();
    // Reminders and join links are for confirmed places only.
    const page = await request(t.app).get(`/r/${tokens.cecilija}`).expect(200);
    expect(page.text).toContain('Pieņemt vietu');
    // The plenary's join link only: the offered workshop has none until it is accepted.
    expect(page.text.match(/join-link/g)).toHaveLength(1);

    const accepted = await request(t.app)
      .post(`/api/v1/registrations/${tokens.cecilija}/items/${workshop()}/accept`)
      .expect(200);
    expect(accepted.body.registration.items[1]).toMatchObject({ status: 'confirmed', offerExpiresAt: null });
    expect(await outboxKinds(t, 'cecilija@skola.lv')).toEqual(['registration_received', 'place_offered', 'promoted']);
    const [promoted] = (await composedFor(t, 'cecilija@skola.lv')).filter((m) => m.kind === 'promoted');
    expect(promoted?.icalEvent).toBeDefined();
    expect(await capacityViolations(t.db)).toEqual([]);
    // Accepting twice is not possible: it is no offer any more.
    await request(t.app).post(`/api/v1/registrations/${tokens.cecilija}/items/${workshop()}/accept`).expect(404);
  });

  it('when the person declines (two steps on the page), the place goes to the next person at once', async () => {
    await offerFor(24);
    const tokens = await fullWorkshop();
    await request(t.app).delete(`/api/v1/registrations/${tokens.anna}`).expect(200);
    const seat = (await seatsOfEmail(t, 'cecilija@skola.lv'))[1];
    // The first step only asks.
    const ask = await request(t.app).get(`/r/${tokens.cecilija}/seats/${seat?.id}/decline`).expect(200);
    expect(ask.text).toContain('Atteikties no piedāvātās vietas');
    expect(ask.text).toContain('Jā, atteikties no vietas');
    expect((await item(tokens.cecilija!))?.status).toBe('offered');
    const done = await press(t, tokens.cecilija!, `seats/${seat?.id}/decline`, { confirm: 'yes' });
    expect(done.headers.location).toBe(`/r/${tokens.cecilija}?done=declined`);
    expect((await item(tokens.cecilija!))?.status).toBe('cancelled');
    expect(await item(tokens.dace!)).toMatchObject({ status: 'offered' });
    expect(await quotaUsed(t, built.quota.riga!)).toBe(2);
    expect(await capacityViolations(t.db)).toEqual([]);
  });

  it('when nobody answers by the deadline, the offer passes to the next person within the job run, and a late accept is refused with a reason', async () => {
    await offerFor(2);
    const tokens = await fullWorkshop();
    await request(t.app).delete(`/api/v1/registrations/${tokens.anna}`).expect(200);
    t.clock.advance(2 * HOUR - 1000);
    expect(await endLapsed(t.ctx)).toBe(0);
    t.clock.advance(2000);
    // The deadline passed but the job has not run: the offer cannot be accepted any more.
    const refused = await request(t.app)
      .post(`/api/v1/registrations/${tokens.cecilija}/items/${workshop()}/accept?lang=en`)
      .expect(409);
    expect(refused.body.error).toMatchObject({
      code: 'offer_lapsed',
      message: 'The time to answer has run out: the place went to the next person in the queue.',
    });
    expect(await endLapsed(t.ctx)).toBe(1);
    expect((await item(tokens.cecilija!))?.status).toBe('cancelled');
    expect(await item(tokens.dace!)).toMatchObject({ status: 'offered' });
    const [lapsed] = (await composedFor(t, 'cecilija@skola.lv')).filter((m) => m.kind === 'seat_cancelled');
    expect(lapsed?.subject).toMatch(/^Piedāvātā vieta pārgāja nākamajam: /);
    expect(lapsed?.text).toContain('Jūs līdz noteiktajam laikam neatbildējāt uz piedāvājumu');
    expect(await capacityViolations(t.db)).toEqual([]);
  });

  it('then an offer never outlasts the session: it ends at its start, and with under half an hour left the place is given at once', async () => {
    await offerFor(168);
    const tokens = await fullWorkshop();
    const session = (await t.db('sessions').where('id', workshop()).first('starts_at')) as { starts_at: string };
    t.clock.set(new Date(Date.parse(session.starts_at) - 5 * HOUR));
    await request(t.app).delete(`/api/v1/registrations/${tokens.anna}`).expect(200);
    expect(await item(tokens.cecilija!)).toMatchObject({
      status: 'offered',
      offerExpiresAt: isoInZone(session.starts_at),
    });
    t.clock.set(new Date(Date.parse(session.starts_at) - 20 * 60_000));
    await request(t.app).delete(`/api/v1/registrations/${tokens.berta}`).expect(200);
    expect(await item(tokens.dace!)).toMatchObject({ status: 'confirmed' });
  });

  it('then reminders go to confirmed places only, never to an offered one', async () => {
    await offerFor(48);
    const tokens = await fullWorkshop();
    await request(t.app).delete(`/api/v1/registrations/${tokens.anna}`).expect(200);
    const session = (await t.db('sessions').where('id', workshop()).first('starts_at')) as { starts_at: string };
    t.clock.set(new Date(Date.parse(session.starts_at) - 2 * HOUR));
    await queueReminders(t.ctx);
    expect(await outboxKinds(t, 'cecilija@skola.lv')).not.toContain('reminder');
    expect(await outboxKinds(t, 'berta@skola.lv')).toContain('reminder');
  });

  it("when a course's place comes free, the first person waiting is offered every session at once and accepts them together", async () => {
    await offerFor(24, COURSE_SLUG);
    const quota = (await t
      .db('quotas')
      .join('events', 'events.id', 'quotas.event_id')
      .where('events.slug', COURSE_SLUG)
      .first('quotas.id')) as {
      id: number;
    };
    await t.db('quotas').where('id', quota.id).update({ size: 1 });
    const answers = await requiredAnswers(t.db, COURSE_SLUG);
    const url = `/api/v1/events/${COURSE_SLUG}/registrations`;
    const first = await request(t.app)
      .post(url)
      .send(person({ email: 'a@skola.lv', answers }))
      .expect(201);
    const second = await request(t.app)
      .post(url)
      .send(person({ email: 'b@skola.lv', answers }))
      .expect(201);
    await request(t.app)
      .delete(`/api/v1/registrations/${String(first.body.registration.manageUrl).split('/r/')[1]}`)
      .expect(200);
    const token = String(second.body.registration.manageUrl).split('/r/')[1] ?? '';
    const view = await request(t.app).get(`/api/v1/registrations/${token}`).expect(200);
    const items = view.body.registration.items as { sessionId: number; status: string }[];
    expect(items.length).toBeGreaterThan(1);
    expect(items.every((i) => i.status === 'offered')).toBe(true);
    expect((await composedFor(t, 'b@skola.lv')).filter((m) => m.kind === 'place_offered')).toHaveLength(1);
    const accepted = await request(t.app)
      .post(`/api/v1/registrations/${token}/items/${items[0]?.sessionId}/accept`)
      .expect(200);
    expect((accepted.body.registration.items as { status: string }[]).every((i) => i.status === 'confirmed')).toBe(
      true,
    );
    expect(await capacityViolations(t.db)).toEqual([]);
  });

  it('when the event also confirms addresses, an offer to someone still unconfirmed is accepted from the mailed link, which confirms the address too', async () => {
    await offerFor(24);
    await t.db('events').where('slug', SLUG).update({ address_confirmation: 'on' });
    await t.db('quotas').where('id', built.quota.riga!).update({ size: 1 });
    await request(t.app)
      .post(REGISTER)
      .send(person({ email: 'first@skola.lv', sessionIds: [workshop()] }))
      .expect(201);
    await request(t.app)
      .post(REGISTER)
      .send(person({ email: 'second@skola.lv', sessionIds: [workshop()] }))
      .expect(201);
    await press(t, await tokenFromMail(t, 'first@skola.lv'), 'cancel', { confirm: 'yes' });
    const token = await tokenFromMail(t, 'second@skola.lv');
    const [mail] = (await composedFor(t, 'second@skola.lv')).filter((m) => m.kind === 'place_offered');
    expect(mail?.text).toMatch(/^Labdien!/);
    const seat = (await seatsOfEmail(t, 'second@skola.lv'))[1];
    expect(seat?.status).toBe('offered');
    await press(t, token, `seats/${seat?.id}/accept`);
    expect((await seatsOfEmail(t, 'second@skola.lv')).map((s) => s.status)).toEqual(['confirmed', 'confirmed']);
    const state = (await t.db('registrations').where('email', 'second@skola.lv').first('address_state')) as {
      address_state: string;
    };
    expect(state.address_state).toBe('confirmed');
  });

  it('when the settings are wrong, the API says which and changes nothing; a coordinator may not change them', async () => {
    const admin = await apiToken(t, await organizer(t, 'admin@example.lv', 'admin'));
    const patch = (body: unknown, token = admin) =>
      request(t.app)
        .patch(`/api/v1/admin/events/${SLUG}?lang=en`)
        .set('Authorization', `Bearer ${token}`)
        .send(body as object);
    for (const body of [
      { waitlist: { mode: 'lottery' } },
      { waitlist: { offerHours: 0 } },
      { waitlist: { offerHours: 169 } },
      { addressConfirmation: { holdMinutes: 1441 } },
      { addressConfirmation: { enabled: 'yes' } },
      {},
      { colour: 'red' },
    ]) {
      const res = await patch(body).expect(400);
      expect(res.body.error.code).toBe('invalid_input');
    }
    const coordinator = await apiToken(t, await organizer(t, 'k@example.lv', 'coordinator', ['riga']));
    await patch({ waitlist: { mode: 'offer' } }, coordinator).expect(403);
    const event = (await t.db('events').where('slug', SLUG).first()) as Record<string, unknown>;
    expect(event).toMatchObject({
      waitlist_mode: 'auto',
      offer_hours: 24,
      hold_minutes: 60,
      address_confirmation: null,
    });
    const ok = await patch({ addressConfirmation: { enabled: false, holdMinutes: 30 } }).expect(200);
    expect(ok.body.event.addressConfirmation).toEqual({ enabled: false, effective: false, holdMinutes: 30 });
  });

  it('in the back office, an admin sets the same settings on the event’s "Places and queue" page; a wrong value is marked and changes nothing', async () => {
    await organizer(t, 'admin@example.lv', 'admin');
    const admin = await signIn(t, 'admin@example.lv');
    const form = await admin.agent.get(`/admin/events/${SLUG}/places`).expect(200);
    expect(form.text).toContain('Kā visā vietnē (tagad izslēgts)');
    const wrong = await admin
      .post(`/admin/events/${SLUG}/places`, {
        addressConfirmation: 'on',
        holdMinutes: '30',
        waitlistMode: 'offer',
        offerHours: '0',
      })
      .expect(400);
    expect(wrong.text).toContain('id="offerHours-error"');
    expect(await t.db('events').where('slug', SLUG).first('waitlist_mode')).toEqual({ waitlist_mode: 'auto' });
    const saved = await admin
      .post(`/admin/events/${SLUG}/places`, {
        addressConfirmation: 'on',
        holdMinutes: '30',
        waitlistMode: 'offer',
        offerHours: '12',
      })
      .expect(303);
    expect(saved.headers.location).toBe(`/admin/events/${SLUG}?done=placesSaved`);
    expect(
      await t
        .db('events')
        .where('slug', SLUG)
        .first('address_confirmation', 'hold_minutes', 'waitlist_mode', 'offer_hours'),
    ).toEqual({
      address_confirmation: 'on',
      hold_minutes: 30,
      waitlist_mode: 'offer',
      offer_hours: 12,
    });
    await organizer(t, 'k@example.lv', 'coordinator', ['riga']);
    const coordinator = await signIn(t, 'k@example.lv');
    await coordinator.agent.get(`/admin/events/${SLUG}/places`).expect(403);
  });
});
