import request from 'supertest';
import { beforeEach, describe, expect, it } from 'vitest';
import { cancelRegistration, register, type RegistrationInput } from '../../server/features/registration/register.js';
import { OrganizerRegistrationAnswer, RegistrantList } from '../../server/http/apiSchemas.js';
import { findRegistrationById } from '../../server/db/registrations.js';
import { registrationFacts } from '../../server/db/reportFacts.js';
import { queueReminders } from '../../server/jobs/reminders.js';
import { cancelSession } from '../../server/features/programme/sessions.js';
import { recipientCount, sendAnnouncement } from '../../server/features/registrants/announcements.js';
import { eraseRegistrationOf } from '../../server/features/registration/erasure.js';
import { apiToken, organizer, signIn } from '../support/admin.js';
import { person } from '../support/app.js';
import { conference, type BuiltConference } from '../support/build.js';
import { useTestApp } from '../support/fixtures.js';

const input = (over: Record<string, unknown> = {}): RegistrationInput => person(over) as unknown as RegistrationInput;

/** The back office's add-a-person form for someone who called and has no e-mail. */
const caller = (sessionId: number, over: Record<string, unknown> = {}) => ({
  name: 'Zvanītāja Ieva',
  email: '',
  phone: '+371 2000 0001',
  institution: 'Rīgas skola',
  municipality: 'riga',
  role: 'parent',
  regionId: 'riga',
  sessionIds: String(sessionId),
  language: 'lv',
  consentSource: 'phone',
  ...over,
});

describe('people who register by phone and have no e-mail', () => {
  const { t } = useTestApp({ perTest: true, seed: false });
  let event: BuiltConference;
  const workshop = (): number => event.workshops.riga?.[0] ?? 0;
  const outboxOf = async (registrationId: number) =>
    (await t.db('outbox').where('registration_id', registrationId).select('kind', 'to_email')) as {
      kind: string;
      to_email: string;
    }[];

  beforeEach(async () => {
    event = await conference(t.db, t.clock.now(), { regions: ['riga', 'vidzeme'] });
    await organizer(t, 'admin@example.lv', 'admin');
    await organizer(t, 'riga@example.lv', 'coordinator', ['riga']);
  });

  for (const [who, lang] of [
    ['admin@example.lv', 'lv'],
    ['riga@example.lv', 'en'],
  ] as const) {
    it(`${who} (${lang}) adds a caller by phone only: the place-given banner, what to tell them, and no message queued`, async () => {
      const browser = await signIn(t, who);
      const form = await browser.agent.get(`/admin/events/${event.slug}/registrations/new?lang=${lang}`).expect(200);
      expect(form.text).toContain('name="phone"');
      const res = await browser
        .post(`/admin/events/${event.slug}/registrations/new?lang=${lang}`, caller(workshop()))
        .expect(303);
      expect(res.headers.location).toMatch(/^\/admin\/registrations\/\d+\/caller\?done=placeGiven$/);
      const id = Number(/registrations\/(\d+)/.exec(res.headers.location ?? '')?.[1]);
      const page = await browser.agent.get(`${res.headers.location ?? ''}&lang=${lang}`).expect(200);
      if (lang === 'lv') {
        expect(page.text).toContain('Vieta piešķirta. Dalībnieks pievienots.');
        expect(page.text).toContain('Ko pateikt zvanītājam: Zvanītāja Ieva');
        expect(page.text).toContain('nekas netika nosūtīts');
        expect(page.text).toContain('Drukāt apstiprinājumu');
      } else {
        expect(page.text).toContain('Place given. Registrant added.');
        expect(page.text).toContain('What to tell the caller: Zvanītāja Ieva');
        expect(page.text).toContain('Print the confirmation');
      }
      // The session's date, time and place, as every page says them.
      expect(page.text).toContain('class="printable"');
      expect(page.text).toMatch(/\d{1,2}[.:]\d{2}–\d{1,2}[.:]\d{2}/);
      const row = (await t.db('registrations').where('id', id).first('email', 'phone')) as {
        email: string | null;
        phone: string;
      };
      expect(row).toEqual({ email: null, phone: '+37120000001' });
      expect(await outboxOf(id)).toEqual([]);
      // The registrant's page shows the phone and offers to add an e-mail; no "resend".
      const record = await browser.agent.get(`/admin/registrations/${id}?lang=${lang}`).expect(200);
      expect(record.text).toContain('+371 20 000 001');
      expect(record.text).toContain(`action="/admin/registrations/${id}/email"`);
      expect(record.text).not.toContain(`/admin/registrations/${id}/resend`);
    });
  }

  it('when no place is free, the banner says the queue position in plain words, and the caller page what happens next', async () => {
    await t.db('quotas').where('id', event.quota.riga).update({ size: 1 });
    await register(t.ctx, event.slug, input({ sessionIds: [workshop()] })); // the one place
    await register(t.ctx, event.slug, input({ sessionIds: [workshop()] })); // waitlist 1
    const browser = await signIn(t, 'admin@example.lv');
    const res = await browser.post(`/admin/events/${event.slug}/registrations/new`, caller(workshop())).expect(303);
    expect(res.headers.location).toMatch(/\/caller\?done=queuePosition&n=2$/);
    const page = await browser.agent.get(res.headers.location ?? '').expect(200);
    expect(page.text).toContain('Rindā 2. vietā: brīvu vietu nebija');
    expect(page.text).toContain('Rindā 2. vietā</p>');
    expect(page.text).toContain('organizatori par to piezvanīs uz tālruni +371 20 000 001');
    const en = await browser.agent.get(`${res.headers.location ?? ''}&lang=en`).expect(200);
    expect(en.text).toContain('On the waitlist, number 2');
  });

  it('with an e-mail the person is added as before: the confirmation goes, the banner says the place', async () => {
    const browser = await signIn(t, 'riga@example.lv');
    const res = await browser
      .post(`/admin/events/${event.slug}/registrations/new`, caller(workshop(), { email: 'ieva@skola.lv', phone: '' }))
      .expect(303);
    expect(res.headers.location).toMatch(/^\/admin\/registrations\/\d+\?done=placeGiven$/);
    const id = Number(/registrations\/(\d+)/.exec(res.headers.location ?? '')?.[1]);
    expect(await outboxOf(id)).toEqual([{ kind: 'registration_received', to_email: 'ieva@skola.lv' }]);
  });

  it('the form refuses neither e-mail nor phone, and a bad phone, with a localized message; nothing is written', async () => {
    const browser = await signIn(t, 'admin@example.lv');
    const before = await t.db('registrations').count({ n: '*' }).first();
    const neither = await browser
      .post(`/admin/events/${event.slug}/registrations/new`, caller(workshop(), { phone: '' }))
      .expect(400);
    expect(neither.text).toContain('Norādiet e-pasta adresi vai tālruņa numuru.');
    const bad = await browser
      .post(`/admin/events/${event.slug}/registrations/new?lang=en`, caller(workshop(), { phone: '+371 2000' }))
      .expect(400);
    expect(bad.text).toContain('Enter a phone number in digits');
    expect(await t.db('registrations').count({ n: '*' }).first()).toEqual(before);
  });

  it('adding an e-mail later saves it and sends the normal confirmation with the manage link', async () => {
    const browser = await signIn(t, 'riga@example.lv');
    const res = await browser.post(`/admin/events/${event.slug}/registrations/new`, caller(workshop())).expect(303);
    const id = Number(/registrations\/(\d+)/.exec(res.headers.location ?? '')?.[1]);
    const wrong = await browser.post(`/admin/registrations/${id}/email`, { email: 'nav-adrese' }).expect(400);
    expect(wrong.text).toContain('Ievadiet derīgu e-pasta adresi');
    expect(await outboxOf(id)).toEqual([]);
    const added = await browser.post(`/admin/registrations/${id}/email`, { email: 'Ieva@Skola.lv' }).expect(303);
    expect(added.headers.location).toBe(`/admin/registrations/${id}?done=emailAdded`);
    const page = await browser.agent.get(added.headers.location ?? '').expect(200);
    expect(page.text).toContain('E-pasts pievienots; apstiprinājums');
    expect(await outboxOf(id)).toEqual([{ kind: 'registration_received', to_email: 'Ieva@Skola.lv' }]);
    const row = (await t.db('registrations').where('id', id).first('email_normalized')) as { email_normalized: string };
    expect(row.email_normalized).toBe('ieva@skola.lv');
    // Once there is an address, the form is gone and a second add is refused.
    expect(page.text).not.toContain(`action="/admin/registrations/${id}/email"`);
    await browser.post(`/admin/registrations/${id}/email`, { email: 'cits@skola.lv' }).expect(409);
  });

  it('an address already registered for the event is refused when added later', async () => {
    await register(t.ctx, event.slug, input({ email: 'aiznemts@skola.lv' }));
    const browser = await signIn(t, 'admin@example.lv');
    const res = await browser.post(`/admin/events/${event.slug}/registrations/new`, caller(workshop())).expect(303);
    const id = Number(/registrations\/(\d+)/.exec(res.headers.location ?? '')?.[1]);
    const taken = await browser.post(`/admin/registrations/${id}/email`, { email: 'AIZNEMTS@skola.lv' }).expect(400);
    expect(taken.text).toContain('Ar šo e-pasta adresi šim pasākumam jau ir reģistrācija.');
    expect(await outboxOf(id)).toEqual([]);
  });

  describe('the organizer API', () => {
    const post = (token: string, body: unknown, lang = 'lv') =>
      request(t.app)
        .post(`/api/v1/admin/events/${event.slug}/registrations?lang=${lang}`)
        .set('Authorization', `Bearer ${token}`)
        .send(body as object);

    for (const [who, role, lang] of [
      ['api-admin@example.lv', 'admin', 'lv'],
      ['api-riga@example.lv', 'coordinator', 'en'],
    ] as const) {
      it(`as ${role} (${lang}): phone only is 201 with no message; neither is 400 on both fields; a bad phone is 400`, async () => {
        const token = await apiToken(t, await organizer(t, who, role, ['riga']));
        const base = person({ sessionIds: [workshop()], consentSource: 'phone' });
        const { email: _email, ...noEmail } = base;
        const made = await post(token, { ...noEmail, phone: '20000002' }, lang).expect(201);
        const registration = OrganizerRegistrationAnswer.parse(made.body).registration;
        expect(registration).toMatchObject({ email: null, phone: '+37120000002' });
        expect(registration.items.find((i) => i.sessionId === workshop())?.status).toBe('confirmed');
        expect(await outboxOf(registration.id)).toEqual([]);

        const neither = await post(token, noEmail, lang).expect(400);
        const required =
          lang === 'lv' ? 'Norādiet e-pasta adresi vai tālruņa numuru.' : 'Enter an e-mail address or a phone number.';
        expect(neither.body.error.fields).toEqual({ email: required, phone: required });
        const bad = await post(token, { ...noEmail, phone: '+371 2000 00a' }, lang).expect(400);
        expect(Object.keys(bad.body.error.fields)).toEqual(['phone']);
        expect(bad.body.error.fields.phone).toContain(
          lang === 'lv' ? 'Ievadiet tālruņa numuru' : 'Enter a phone number',
        );
        const nullEmail = await post(token, { ...noEmail, email: null, phone: '+44 20 7946 0958' }, lang).expect(201);
        expect(nullEmail.body.registration.phone).toBe('+442079460958');
        // An e-mail given later through the API sends the confirmation then.
        await request(t.app)
          .patch(`/api/v1/admin/registrations/${registration.id}`)
          .set('Authorization', `Bearer ${token}`)
          .send({ email: `later-${role}@skola.lv` })
          .expect(200);
        expect(await outboxOf(registration.id)).toEqual([
          { kind: 'registration_received', to_email: `later-${role}@skola.lv` },
        ]);
      });
    }

    it('the public API still requires an e-mail and takes no phone', async () => {
      const { email: _email, ...noEmail } = person({ sessionIds: [workshop()] });
      const res = await request(t.app)
        .post(`/api/v1/events/${event.slug}/registrations`)
        .send({ ...noEmail, phone: '20000003' })
        .expect(400);
      expect(Object.keys(res.body.error.fields).sort()).toEqual(['email', 'phone']);
    });
  });

  it('a phone-only person promoted from the waitlist gets the place without a crash or a message, and the organizers see to call them', async () => {
    await t.db('quotas').where('id', event.quota.riga).update({ size: 1 });
    const first = await register(t.ctx, event.slug, input({ sessionIds: [workshop()] }));
    const browser = await signIn(t, 'riga@example.lv');
    const res = await browser.post(`/admin/events/${event.slug}/registrations/new`, caller(workshop())).expect(303);
    const id = Number(/registrations\/(\d+)/.exec(res.headers.location ?? '')?.[1]);
    const before = await browser.agent.get(`/admin/registrations/${id}`).expect(200);
    expect(before.text).not.toContain('Piezvanīt');
    t.clock.advance(60_000);
    const freed = await cancelRegistration(t.ctx, first.token);
    expect(freed.promoted.map((p) => p.registrationId)).toEqual([id]);
    const seat = (await t.db('seats').where({ registration_id: id, session_id: workshop() }).first('status')) as {
      status: string;
    };
    expect(seat.status).toBe('confirmed');
    expect(await outboxOf(id)).toEqual([]);
    const page = await browser.agent.get(`/admin/registrations/${id}`).expect(200);
    expect(page.text).toContain(
      'Piezvanīt: vieta piešķirta no rindas. E-pasta nav, tāpēc jāpaziņo pa tālruni +371 20 000 001.',
    );
    const list = await browser.agent.get(`/admin/events/${event.slug}/registrations?lang=en`).expect(200);
    expect(list.text).toContain('call: place given');
    // The organizer API's list says the same, with the phone.
    const token = await apiToken(t, await organizer(t, 'api-list@example.lv', 'coordinator', ['riga']));
    const api = await request(t.app)
      .get(`/api/v1/admin/events/${event.slug}/registrations`)
      .set('Authorization', `Bearer ${token}`)
      .expect(200);
    const listed = RegistrantList.parse(api.body).registrations.find((r) => r.id === id);
    expect(listed).toMatchObject({ email: null, phone: '+37120000001', needsCall: true });
  });

  it('when an organizer cancels someone and the place goes to a caller, the banner says to phone them', async () => {
    await t.db('quotas').where('id', event.quota.riga).update({ size: 1 });
    const first = await register(t.ctx, event.slug, input({ sessionIds: [workshop()] }));
    const browser = await signIn(t, 'admin@example.lv');
    await browser.post(`/admin/events/${event.slug}/registrations/new`, caller(workshop())).expect(303);
    const cancelled = await browser
      .post(`/admin/registrations/${first.registration.id}/cancel`, { confirm: 'yes' })
      .expect(303);
    const page = await browser.agent.get(cancelled.headers.location ?? '').expect(200);
    expect(page.text).toContain(
      'Zvanītāja Ieva: e-pasta nav — par piešķirto vietu jāpaziņo pa tālruni +371 20 000 001.',
    );
  });

  it('reminders, announcements and a cancelled session skip a person without an e-mail, and nothing breaks', async () => {
    const browser = await signIn(t, 'admin@example.lv');
    const res = await browser.post(`/admin/events/${event.slug}/registrations/new`, caller(workshop())).expect(303);
    const id = Number(/registrations\/(\d+)/.exec(res.headers.location ?? '')?.[1]);
    const withEmail = await register(t.ctx, event.slug, input({ sessionIds: [workshop()] }));
    // An announcement reaches only the person with an address.
    expect(await recipientCount(t.ctx, { eventId: event.eventId })).toBe(1);
    const sent = await sendAnnouncement(
      t.ctx,
      await organizer(t, 'ann@example.lv', 'admin'),
      { eventId: event.eventId },
      {
        subject: 'Izmaiņas',
        text: 'Darbnīca sāksies vēlāk.',
      },
    );
    expect(sent).toBe(1);
    // The reminder: the caller's seat is marked as reminded, no message is queued for them.
    const session = (await t.db('sessions').where('id', workshop()).first('starts_at')) as { starts_at: string };
    t.clock.set(new Date(Date.parse(session.starts_at) - 3600_000));
    await queueReminders(t.ctx);
    expect((await outboxOf(withEmail.registration.id)).map((m) => m.kind)).toContain('reminder');
    const seat = (await t.db('seats').where({ registration_id: id, session_id: workshop() }).first('reminded_at')) as {
      reminded_at: string | null;
    };
    expect(seat.reminded_at).not.toBeNull();
    // The session cancelled: the person with an address is told, the caller gets nothing queued.
    await cancelSession(t.ctx, workshop(), 'admin@example.lv');
    expect((await outboxOf(withEmail.registration.id)).map((m) => m.kind)).toContain('session_changed');
    expect(await outboxOf(id)).toEqual([]);
    expect(await t.db('outbox').whereNull('to_email').count({ n: '*' }).first()).toEqual({ n: 0 });
  });

  it('two callers without an e-mail count as two people in the reports', async () => {
    const browser = await signIn(t, 'admin@example.lv');
    await browser.post(`/admin/events/${event.slug}/registrations/new`, caller(workshop())).expect(303);
    await browser
      .post(
        `/admin/events/${event.slug}/registrations/new`,
        caller(workshop(), { name: 'Otrs Zvanītājs', phone: '20000009' }),
      )
      .expect(303);
    const facts = await registrationFacts(t.db, event.eventId);
    expect(new Set(facts.map((f) => f.person)).size).toBe(2);
  });

  it('on an event that offers freed places, a phone-only person gets the place at once (an offer could never reach them)', async () => {
    await t.db('events').where('id', event.eventId).update({ waitlist_mode: 'offer', offer_hours: 24 });
    await t.db('quotas').where('id', event.quota.riga).update({ size: 1 });
    const first = await register(t.ctx, event.slug, input({ sessionIds: [workshop()] }));
    const browser = await signIn(t, 'admin@example.lv');
    const res = await browser.post(`/admin/events/${event.slug}/registrations/new`, caller(workshop())).expect(303);
    const id = Number(/registrations\/(\d+)/.exec(res.headers.location ?? '')?.[1]);
    t.clock.advance(60_000);
    await cancelRegistration(t.ctx, first.token);
    const seat = (await t.db('seats').where({ registration_id: id, session_id: workshop() }).first('status')) as {
      status: string;
    };
    expect(seat.status).toBe('confirmed');
  });

  it('the export has the phone for admins and coordinators, the search finds the caller by it, erasure removes it', async () => {
    const browser = await signIn(t, 'admin@example.lv');
    const res = await browser.post(`/admin/events/${event.slug}/registrations/new`, caller(workshop())).expect(303);
    const id = Number(/registrations\/(\d+)/.exec(res.headers.location ?? '')?.[1]);
    const csv = await browser.agent
      .get(`/admin/events/${event.slug}/registrations?format=csv`)
      .buffer(true)
      .expect(200);
    const text = String(csv.text ?? (csv.body as Buffer).toString('utf8'));
    expect(text).toContain('Tālruņa numurs');
    expect(text).toContain('+371 20 000 001');
    const coordinator = await signIn(t, 'riga@example.lv');
    const scoped = await coordinator.agent
      .get(`/admin/events/${event.slug}/registrations?format=csv`)
      .buffer(true)
      .expect(200);
    expect(String(scoped.text ?? '')).toContain('+371 20 000 001');
    // Search finds the caller by the digits of the phone.
    const found = await browser.agent.get(`/admin/events/${event.slug}/registrations?q=20000001`).expect(200);
    expect(found.text).toContain('Zvanītāja Ieva');
    // Erased, the phone goes with the name (the retention job erases the same way).
    const registration = await findRegistrationById(t.db, id);
    if (!registration) throw new Error('no registration');
    await eraseRegistrationOf(t.ctx, registration);
    const erased = (await t.db('registrations').where('id', id).first('phone', 'search_text')) as {
      phone: string | null;
      search_text: string;
    };
    expect(erased.phone).toBeNull();
    expect(erased.search_text).not.toContain('20000001');
  });
});
