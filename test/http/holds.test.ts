import request from 'supertest';
import { beforeEach, describe, expect, it } from 'vitest';
import { CreateRegistrationAnswer, PendingRegistration } from '../../server/http/apiSchemas.js';
import { isoInZone } from '../../server/domain/time.js';
import { endLapsed } from '../../server/features/registration/holds.js';
import { person } from '../support/app.js';
import { conference, PROGRAMME_TITLE, type BuiltConference } from '../support/build.js';
import { composedFor } from '../support/compose.js';
import { useTestApp } from '../support/fixtures.js';
import { capacityViolations } from '../support/invariants.js';
import { outboxKinds, press, quotaUsed, registerPath, seatsOfEmail, tokenFromMail } from '../support/places.js';

const SLUG = 'konference';
const REGISTER = registerPath(SLUG);

const HOUR = 3600_000;

describe('address confirmation: a scarce place is held until its address answers', () => {
  const { t } = useTestApp({ addressConfirmation: true, perTest: true, seed: false });
  let built: BuiltConference;
  beforeEach(async () => {
    built = await conference(t.db, t.clock.now(), { slug: SLUG, title: PROGRAMME_TITLE, regions: ['riga', 'kurzeme'] });
  });
  const workshop = (region = 'riga') => built.workshops[region]![0];

  it('when a teacher registers, then the workshop place is held, counted, and the answer hands over no link', async () => {
    const res = await request(t.app)
      .post(REGISTER)
      .send(person({ name: 'Anna Bērziņa', email: 'anna@skola.lv', sessionIds: [workshop()] }))
      .expect(201);
    const { registration } = CreateRegistrationAnswer.parse(res.body);
    const pending = PendingRegistration.parse(registration);
    const until = isoInZone(new Date(t.clock.now().getTime() + HOUR));
    expect(pending).toEqual({
      id: null,
      status: 'active',
      regionId: 'riga',
      email: 'anna@skola.lv',
      items: [
        {
          sessionId: built.plenary.riga,
          status: 'confirmed',
          waitlistPosition: null,
          holdExpiresAt: null,
          offerExpiresAt: null,
        },
        { sessionId: workshop(), status: 'held', waitlistPosition: null, holdExpiresAt: until, offerExpiresAt: null },
      ],
      manageUrl: null,
      confirmation: { sentTo: 'anna@skola.lv', confirmBy: until },
    });
    // The held place counts against the pool exactly like a confirmed one.
    expect(await quotaUsed(t, built.quota.riga!)).toBe(1);
    // Nothing in the answer opens the registration: its token is nowhere in it.
    const row = (await t.db('registrations').where('email', 'anna@skola.lv').first()) as { token_sealed: string };
    expect(JSON.stringify(res.body)).not.toContain(t.ctx.tokens.unseal(row.token_sealed) ?? '—');
  });

  it('then the message to the address is fixed text: no name, nothing typed, only the event, the deadline and the link', async () => {
    await request(t.app)
      .post(REGISTER)
      .send(
        person({
          name: 'Zvaigzne Pārbaudītāja',
          email: 'z@skola.lv',
          institution: 'Iestāde X',
          sessionIds: [workshop()],
        }),
      )
      .expect(201);
    const [mail, ...more] = await composedFor(t, 'z@skola.lv');
    expect(more).toHaveLength(0);
    expect(mail?.kind).toBe('address_confirm');
    expect(mail?.subject).toBe('Apstipriniet reģistrāciju: Skola. Vecāki. Bērni — reģionālās konferences');
    expect(mail?.to).toBe('z@skola.lv');
    for (const typed of ['Zvaigzne', 'Pārbaudītāja', 'Iestāde X']) {
      expect(mail?.text).not.toContain(typed);
      expect(String(mail?.html)).not.toContain(typed);
    }
    expect(mail?.text).toMatch(/^Labdien!/);
    expect(mail?.text).toContain('Vieta ir rezervēta. Lai to paturētu, apstipriniet reģistrāciju');
    expect(mail?.text).toMatch(/rezervācija beigsies 20\d\d\. gada \d+\. \S+, plkst\.\s\d{1,2}\.\d\d/);
    expect(mail?.text).toMatch(/Apstiprināt reģistrāciju:\nhttp:\/\/localhost:3000\/r\/[\w-]{32}\?lang=lv/);
    expect(mail?.icalEvent).toBeUndefined();
  });

  it('when the link is opened, nothing changes (a mail scanner opens every link); when its button is pressed, the place is confirmed and the usual confirmation follows', async () => {
    await request(t.app)
      .post(REGISTER)
      .send(person({ name: 'Anna Bērziņa', email: 'anna@skola.lv', sessionIds: [workshop()] }))
      .expect(201);
    const token = await tokenFromMail(t, 'anna@skola.lv', 'address_confirm');
    const page = await request(t.app).get(`/r/${token}`).expect(200);
    expect(page.text).toContain('Apstipriniet reģistrāciju');
    expect(page.text).toContain(`action="/r/${token}/confirm-address"`);
    // Until it confirms, a registration can be confirmed or cancelled, nothing more.
    expect(page.text).not.toContain(`/r/${token}/items`);
    expect((await seatsOfEmail(t, 'anna@skola.lv')).map((s) => s.status)).toEqual(['confirmed', 'held']);

    const done = await press(t, token, 'confirm-address');
    expect(done.headers.location).toBe(`/r/${token}?done=confirmed`);
    expect((await seatsOfEmail(t, 'anna@skola.lv')).map((s) => [s.status, s.expires_at])).toEqual([
      ['confirmed', null],
      ['confirmed', null],
    ]);
    const after = await request(t.app)
      .get(done.headers.location as string)
      .expect(200);
    expect(after.text).toContain('Paldies, reģistrācija apstiprināta!');
    expect(after.text).not.toContain('confirm-address');
    expect(await outboxKinds(t, 'anna@skola.lv')).toEqual(['address_confirm', 'registration_received']);
    // Once confirmed, the request to confirm is not sent any more (were it still waiting), but the confirmation is.
    const [confirmation, ...none] = await composedFor(t, 'anna@skola.lv');
    expect(none).toHaveLength(0);
    expect(confirmation?.text).toMatch(/^Labdien, Anna Bērziņa!/);
    expect(confirmation?.icalEvent).toBeDefined();
    // Pressing again (a second tab) changes nothing and sends nothing.
    await press(t, token, 'confirm-address');
    expect(await outboxKinds(t, 'anna@skola.lv')).toHaveLength(2);
    expect(await quotaUsed(t, built.quota.riga!)).toBe(1);
  });

  it('when 100 made-up addresses take every Kurzeme workshop place, the next real teacher waits at number 1; when the holds lapse, every place returns to the queue and the teacher gets one', async () => {
    const [a, b] = built.workshops.kurzeme!;
    const kurzeme = { regionId: 'kurzeme', municipality: 'talsi' };
    for (let i = 0; i < 100; i++) {
      const res = await request(t.app)
        .post(REGISTER)
        .send(person({ ...kurzeme, email: `fake${i}@example.invalid`, sessionIds: [i % 2 ? a : b] }))
        .expect(201);
      expect(res.body.registration.items[1].status).toBe('held');
    }
    expect(await quotaUsed(t, built.quota.kurzeme!)).toBe(100);
    const teacher = await request(t.app)
      .post(REGISTER)
      .send(person({ ...kurzeme, email: 'skolotaja@talsi.lv', sessionIds: [a] }))
      .expect(201);
    expect(teacher.body.registration.items[1]).toMatchObject({ status: 'waitlisted', waitlistPosition: 1 });
    // The teacher answers at her address (while waiting): her place in the queue is hers.
    await press(t, await tokenFromMail(t, 'skolotaja@talsi.lv'), 'confirm-address');

    // A minute before the deadline nothing ends; after it, every hold does.
    t.clock.advance(HOUR - 60_000);
    expect(await endLapsed(t.ctx)).toBe(0);
    t.clock.advance(61_000);
    expect(await endLapsed(t.ctx)).toBe(100);
    const held = await t.db('seats').where('status', 'held').count({ n: '*' }).first();
    expect(Number(held?.n)).toBe(0);
    expect(await seatsOfEmail(t, 'skolotaja@talsi.lv')).toMatchObject([
      { status: 'confirmed' },
      { status: 'confirmed' },
    ]);
    expect(await quotaUsed(t, built.quota.kurzeme!)).toBe(1);
    expect(await capacityViolations(t.db)).toEqual([]);
    expect(await outboxKinds(t, 'skolotaja@talsi.lv')).toEqual([
      'address_confirm',
      'registration_received',
      'promoted',
    ]);
    // The made-up addresses were sent nothing more: no mail goes to an address that never answered.
    expect(await composedFor(t, 'fake1@example.invalid')).toHaveLength(1);
    // A second run finds nothing left to end.
    expect(await endLapsed(t.ctx)).toBe(0);
  });

  it('when an address registers again, the answer is the very same as for a new one (nothing is made), and the address is told', async () => {
    const one = [workshop()];
    await request(t.app)
      .post(REGISTER)
      .send(person({ email: 'owner@skola.lv', sessionIds: one }))
      .expect(201);
    // Room left: the address already registered and a new one are told the same.
    const again = await request(t.app)
      .post(REGISTER)
      .send(person({ email: 'owner@skola.lv', name: 'Kāds Cits', sessionIds: one }))
      .expect(201);
    const fresh = await request(t.app)
      .post(REGISTER)
      .send(person({ email: 'fresh@skola.lv', sessionIds: one }))
      .expect(201);
    expect(again.body).toEqual({
      registration: {
        ...fresh.body.registration,
        email: 'owner@skola.lv',
        confirmation: { ...fresh.body.registration.confirmation, sentTo: 'owner@skola.lv' },
      },
    });
    expect(again.headers['content-type']).toBe(fresh.headers['content-type']);

    // No room: the answer to the address already registered gives the position a new one
    // gets next — it took none itself.
    await t.db('quotas').where('id', built.quota.riga!).update({ size: 2 });
    const againFull = await request(t.app)
      .post(REGISTER)
      .send(person({ email: 'owner@skola.lv', sessionIds: one }))
      .expect(201);
    const freshFull = await request(t.app)
      .post(REGISTER)
      .send(person({ email: 'new@skola.lv', sessionIds: one }))
      .expect(201);
    expect(againFull.body.registration.items).toEqual(freshFull.body.registration.items);
    expect(freshFull.body.registration.items[1]).toMatchObject({ status: 'waitlisted', waitlistPosition: 1 });

    const rows = await t.db('registrations').where('email', 'owner@skola.lv');
    expect(rows).toHaveLength(1);
    expect((await composedFor(t, 'owner@skola.lv')).map((m) => m.kind)).toEqual([
      'address_confirm',
      'registered_again',
      'registered_again',
    ]);
    const [, told] = await composedFor(t, 'owner@skola.lv');
    expect(told?.subject).toBe('Jūsu e-pasta adrese reģistrēta vēlreiz: Skola. Vecāki. Bērni — reģionālās konferences');
    expect(told?.text).not.toContain('Kāds Cits');
    expect(told?.text).toContain('tāpēc jauna netika izveidota un esošā nav mainīta');
    // The link only ever went to the address: it stays as it was (a person's link changes by their own choice).
    expect(told?.text).toContain('tā nav mainījusies');
  });

  it.each([
    'SVARĪGI: apstipriniet šeit https://skola-lv.example/confirm',
    'Apmeklējiet www.piedavajums.lv',
    'anna@skola.lv',
    'bit.ly/2abc',
    'Jānis skola.lv',
  ])('when the name is "%s", then it is refused with a clear message and nothing is made', async (name) => {
    const en = await request(t.app).post(`${REGISTER}?lang=en`).send(person({ name })).expect(400);
    expect(en.body.error.fields).toEqual({
      name: 'Enter your first and last name, without a web or e-mail address.',
    });
    const lv = await request(t.app).post(REGISTER).send(person({ name })).expect(400);
    expect(lv.body.error.fields).toEqual({ name: 'Ierakstiet vārdu un uzvārdu bez tīmekļa vai e-pasta adreses.' });
    expect(await t.db('registrations').count({ n: '*' }).first()).toMatchObject({ n: 0 });
  });

  it.each(['J.Kalniņš', 'Anna-Marija Ozoliņa', 'Ирина Петрова', 'Dr. Ilze Zariņa', "O'Brien Līga"])(
    'when the name is "%s", then it is a name',
    async (name) => {
      await request(t.app).post(REGISTER).send(person({ name })).expect(201);
    },
  );

  it('when the form is used, the person lands on "check your mail" with what is held and until when, and where the demo keeps its mail', async () => {
    const browser = request.agent(t.app);
    const form = await browser.get(`/events/${SLUG}/register`).expect(200);
    const csrf = /name="_csrf" value="([^"]+)"/.exec(form.text)?.[1] ?? '';
    const res = await browser
      .post(`/events/${SLUG}/register`)
      .type('form')
      .send({
        _csrf: csrf,
        name: 'Anna Bērziņa',
        email: 'anna@skola.lv',
        institution: 'Rīgas 1. pamatskola',
        municipality: 'riga',
        role: 'teacher',
        regionId: 'riga',
        workshop: String(workshop()),
        language: 'lv',
        consent: 'yes',
      })
      .expect(303);
    const location = String(res.headers.location);
    expect(location).toMatch(new RegExp(`^/events/${SLUG}/check-mail\\?r=`));
    expect(location).not.toContain('/r/');
    const page = await browser.get(location).expect(200);
    expect(page.text).toContain('Pārbaudiet e-pastu');
    expect(page.text).toContain('Nosūtījām vēstuli uz anna@skola.lv.');
    expect(page.text).toMatch(/Vieta sesijā „[^”]+” ir rezervēta jums\./);
    expect(page.text).toMatch(/Rezervācija beigsies 20\d\d\. gada/);
    expect(page.headers['cache-control']).toBe('no-store');
    // An altered address shows no one's details.
    const forged = await browser.get(`/events/${SLUG}/check-mail?r=${location.slice(-20)}`).expect(200);
    expect(forged.text).not.toContain('anna@skola.lv');
    expect(forged.text).toContain('Pārbaudiet e-pastu');
  });

  it('when a held registration is cancelled from its link, the place goes on at once', async () => {
    await t.db('quotas').where('id', built.quota.riga!).update({ size: 1 });
    await request(t.app)
      .post(REGISTER)
      .send(person({ email: 'first@skola.lv', sessionIds: [workshop()] }))
      .expect(201);
    await request(t.app)
      .post(REGISTER)
      .send(person({ email: 'second@skola.lv', sessionIds: [workshop()] }))
      .expect(201);
    const second = await tokenFromMail(t, 'second@skola.lv');
    await press(t, second, 'confirm-address');
    await press(t, await tokenFromMail(t, 'first@skola.lv'), 'cancel', { confirm: 'yes' });
    expect((await seatsOfEmail(t, 'second@skola.lv')).map((s) => s.status)).toEqual(['confirmed', 'confirmed']);
    expect(await capacityViolations(t.db)).toEqual([]);
  });

  it('when the place comes free for someone still unconfirmed, it is held for them to their deadline and they are told in fixed text', async () => {
    await t.db('quotas').where('id', built.quota.riga!).update({ size: 1 });
    await request(t.app)
      .post(REGISTER)
      .send(person({ email: 'first@skola.lv', sessionIds: [workshop()] }))
      .expect(201);
    t.clock.advance(10 * 60_000);
    await request(t.app)
      .post(REGISTER)
      .send(person({ name: 'Otrā Persona', email: 'second@skola.lv', sessionIds: [workshop()] }))
      .expect(201);
    await press(t, await tokenFromMail(t, 'first@skola.lv'), 'cancel', { confirm: 'yes' });
    const [, seat] = await seatsOfEmail(t, 'second@skola.lv');
    expect(seat?.status).toBe('held');
    const deadline = (await t.db('registrations').where('email', 'second@skola.lv').first('confirm_by')) as {
      confirm_by: string;
    };
    expect(seat?.expires_at).toBe(deadline.confirm_by);
    const mails = await composedFor(t, 'second@skola.lv');
    expect(mails.map((m) => m.kind)).toEqual(['address_confirm', 'address_confirm']);
    expect(mails[1]?.text).toContain('Atbrīvojās vieta, un tā ir rezervēta jums.');
    expect(mails[1]?.text).not.toContain('Otrā');
    expect(await capacityViolations(t.db)).toEqual([]);
  });

  it('when the hold lapses before the button is pressed, the address is still confirmed and the page says the places went on', async () => {
    await request(t.app)
      .post(REGISTER)
      .send(person({ email: 'late@skola.lv', sessionIds: [workshop()] }))
      .expect(201);
    const token = await tokenFromMail(t, 'late@skola.lv');
    t.clock.advance(HOUR + 1000);
    expect(await endLapsed(t.ctx)).toBe(1);
    const done = await press(t, token, 'confirm-address');
    expect(done.headers.location).toBe(`/r/${token}?done=confirmedLapsed`);
    const page = await request(t.app).get(String(done.headers.location)).expect(200);
    expect(page.text).toContain('rezervācijas laiks bija beidzies');
    // The plenary stays; the workshop can be chosen again.
    expect(page.text).toContain(`/r/${token}/items`);
  });
});

describe('an event that does not confirm addresses: whoever typed an address never keeps its link against its owner', () => {
  const { t } = useTestApp({ addressConfirmation: true, perTest: true, seed: false });
  let built: BuiltConference;
  beforeEach(async () => {
    built = await conference(t.db, t.clock.now(), { slug: SLUG, title: PROGRAMME_TITLE, regions: ['riga', 'kurzeme'] });
  });

  it("when a stranger registers a teacher's address and the teacher then registers, the stranger's link ends and the new one goes to the address alone", async () => {
    await t.db('events').where('slug', SLUG).update({ address_confirmation: 'off' });
    const squatter = await request(t.app)
      .post(REGISTER)
      .send(person({ email: 'skolotaja@skola.lv', name: 'Svešinieks', sessionIds: [built.workshops.riga![0]] }))
      .expect(201);
    const stolen = String(squatter.body.registration.manageUrl).split('/r/')[1] ?? '';
    await request(t.app).get(`/api/v1/registrations/${stolen}`).expect(200);

    const teacher = await request(t.app)
      .post(REGISTER)
      .send(person({ email: 'skolotaja@skola.lv' }))
      .expect(409);
    expect(teacher.body.error.code).toBe('already_registered');
    await request(t.app).get(`/api/v1/registrations/${stolen}`).expect(404);
    await request(t.app).get(`/r/${stolen}`).expect(404);
    const mails = await composedFor(t, 'skolotaja@skola.lv');
    const told = mails[mails.length - 1];
    expect(told?.kind).toBe('registered_again');
    expect(told?.text).toContain('iepriekšējā reģistrācijas saite vairs nedarbojas');
    expect(told?.text).not.toContain('Svešinieks');
    const renewed = await tokenFromMail(t, 'skolotaja@skola.lv', 'registered_again');
    const own = await request(t.app).get(`/api/v1/registrations/${renewed}`).expect(200);
    expect(own.body.registration.email).toBe('skolotaja@skola.lv');
    // From the page the owner can undo what the stranger did.
    await press(t, renewed, 'cancel', { confirm: 'yes' });
  });
});
