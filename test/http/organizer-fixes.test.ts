import { listRegistrants } from '../../server/db/registrants.js';
import request from 'supertest';
import { beforeEach, describe, expect, it } from 'vitest';
import { OrganizerRegistrationAnswer } from '../../server/http/apiSchemas.js';
import { register, type RegistrationInput } from '../../server/features/registration/register.js';
import { apiToken, organizer, signIn } from '../support/admin.js';
import { person } from '../support/app.js';
import { conference, type BuiltConference } from '../support/build.js';
import { composedFor } from '../support/compose.js';
import { useTestApp } from '../support/fixtures.js';

const input = (over: Record<string, unknown> = {}): RegistrationInput => person(over) as unknown as RegistrationInput;

describe('organizers fix things: edit details, add people and sessions by hand', () => {
  const { t } = useTestApp({ perTest: true, seed: false });
  let event: BuiltConference;
  beforeEach(async () => {
    event = await conference(t.db, t.clock.now(), { regions: ['riga', 'vidzeme', 'kurzeme'] });
  });
  const workshop = (): number => event.workshops.riga?.[0] ?? 0;
  const lastAudit = async (action: string) =>
    (await t.db('audit_log').where('action', action).orderBy('id', 'desc').first()) as
      { actor: string; before: string | null; after: string | null } | undefined;

  beforeEach(async () => {
    await organizer(t, 'admin@example.lv', 'admin');
    await organizer(t, 'vidzeme@example.lv', 'coordinator', ['vidzeme']);
  });

  describe('editing a registrant', () => {
    it('when an organizer corrects the name and e-mail, then they are saved, the page says so and the audit keeps before and after', async () => {
      const anna = await register(t.ctx, event.slug, input({ name: 'Ana Berzina', email: 'ana@skola.lv' }));
      const browser = await signIn(t, 'admin@example.lv');
      const form = await browser.agent.get(`/admin/registrations/${anna.registration.id}/edit`).expect(200);
      expect(form.text).toContain('value="Ana Berzina"');
      const res = await browser
        .post(`/admin/registrations/${anna.registration.id}/edit`, {
          name: 'Anna Bērziņa',
          email: 'anna.berzina@skola.lv',
          institution: 'Rīgas Valsts 1. ģimnāzija',
          municipality: 'riga',
          role: 'teacher',
          language: 'lv',
        })
        .expect(303);
      expect(res.headers.location).toBe(`/admin/registrations/${anna.registration.id}?done=registrantEdited`);
      const page = await browser.agent.get(res.headers.location ?? '').expect(200);
      expect(page.text).toContain('Dalībnieka dati saglabāti.');
      const row = (await t.db('registrations').where('id', anna.registration.id).first()) as Record<string, string>;
      expect(row).toMatchObject({
        name: 'Anna Bērziņa',
        email: 'anna.berzina@skola.lv',
        email_normalized: 'anna.berzina@skola.lv',
      });
      const entry = await lastAudit('registration.edit');
      expect(entry?.actor).toBe('admin@example.lv');
      expect(JSON.parse(entry?.before ?? '{}')).toEqual({ name: 'Ana Berzina', email: 'ana@skola.lv' });
      expect(JSON.parse(entry?.after ?? '{}')).toEqual({ name: 'Anna Bērziņa', email: 'anna.berzina@skola.lv' });
      // The organizers' search finds the person by the corrected name, in any case and without diacritics.
      for (const q of ['ANNA BĒRZ', 'anna berz', 'anna.berzina@']) {
        const found = await listRegistrants(t.db, { eventId: event.eventId, q }, { limit: 10, offset: 0 }, 'lv');
        expect(
          found.map((r) => r.name),
          q,
        ).toContain('Anna Bērziņa');
      }
    });

    it('when the new e-mail belongs to another registration of the event (in other case), then it is refused and nothing changes', async () => {
      const anna = await register(t.ctx, event.slug, input({ email: 'anna@skola.lv' }));
      await register(t.ctx, event.slug, input({ email: 'janis@skola.lv' }));
      const browser = await signIn(t, 'admin@example.lv');
      const res = await browser
        .post(`/admin/registrations/${anna.registration.id}/edit`, {
          name: 'Anna',
          email: 'Janis@Skola.lv',
          institution: 'Skola',
          municipality: 'riga',
          role: 'teacher',
          language: 'lv',
        })
        .expect(400);
      expect(res.text).toContain('Ar šo e-pasta adresi šim pasākumam jau ir reģistrācija.');
      const row = (await t.db('registrations').where('id', anna.registration.id).first('email')) as { email: string };
      expect(row.email).toBe('anna@skola.lv');
      expect(await lastAudit('registration.edit')).toBeUndefined();
    });

    it('PATCH /api/v1/admin/registrations/:id: 200 with the registration; 400 for a taken e-mail or unknown field; 404; 401; 403 outside the region', async () => {
      const token = await apiToken(t, await organizer(t, 'api@example.lv', 'admin'));
      const anna = await register(t.ctx, event.slug, input({ email: 'anna@skola.lv' }));
      await register(t.ctx, event.slug, input({ email: 'janis@skola.lv' }));
      const patch = (id: number, body: unknown, bearer = token) =>
        request(t.app)
          .patch(`/api/v1/admin/registrations/${id}`)
          .set('Authorization', `Bearer ${bearer}`)
          .send(body as object);
      const ok = await patch(anna.registration.id, { institution: 'Jaunā skola', language: 'en' }).expect(200);
      const registration = OrganizerRegistrationAnswer.parse(ok.body).registration;
      expect(registration).toMatchObject({ institution: 'Jaunā skola', language: 'en', consentSource: null });
      expect(
        (await patch(anna.registration.id, { email: 'JANIS@skola.lv' }).expect(400)).body.error.fields,
      ).toHaveProperty('email');
      await patch(anna.registration.id, { regionId: 'vidzeme' }).expect(400);
      await patch(anna.registration.id, { name: '' }).expect(400);
      await patch(999999, { name: 'X' }).expect(404);
      await request(t.app).patch(`/api/v1/admin/registrations/${anna.registration.id}`).send({ name: 'X' }).expect(401);
      const coordinator = await apiToken(t, await organizer(t, 'kurzeme@example.lv', 'coordinator', ['kurzeme']));
      await patch(anna.registration.id, { name: 'X' }, coordinator).expect(403);
      const entry = await lastAudit('registration.edit');
      expect(JSON.parse(entry?.before ?? '{}')).toEqual({ institution: 'Rīgas Valsts 1. ģimnāzija', language: 'lv' });
    });
  });

  describe('adding a person by hand', () => {
    it('when the pool is full, then the person added from the back office waits at the exact position, gets the same e-mail, and the consent source is kept', async () => {
      await t.db('quotas').where('id', event.quota.riga).update({ size: 1 });
      await register(t.ctx, event.slug, input({ sessionIds: [workshop()] })); // the one place
      await register(t.ctx, event.slug, input({ sessionIds: [workshop()] })); // waitlist 1
      const browser = await signIn(t, 'admin@example.lv');
      const form = await browser.agent.get(`/admin/events/${event.slug}/registrations/new`).expect(200);
      expect(form.text).toContain('name="consentSource"');
      const res = await browser
        .post(`/admin/events/${event.slug}/registrations/new`, {
          name: 'Pa Tālruni',
          email: 'talrunis@skola.lv',
          institution: 'Rīgas skola',
          municipality: 'riga',
          role: 'parent',
          regionId: 'riga',
          sessionIds: String(workshop()),
          language: 'lv',
          consentSource: 'phone',
        })
        .expect(303);
      expect(res.headers.location).toMatch(/^\/admin\/registrations\/\d+\?done=queuePosition&n=2$/);
      const id = Number(/registrations\/(\d+)/.exec(res.headers.location ?? '')?.[1]);
      const page = await browser.agent.get(res.headers.location ?? '').expect(200);
      expect(page.text).toContain('Rindā 2. vietā: brīvu vietu nebija, dalībnieks pievienots rindai.');
      expect(page.text).toContain('Rindā 2. vietā');
      expect(page.text).toContain('Pa tālruni');
      const row = (await t.db('registrations').where('id', id).first('consent_source')) as { consent_source: string };
      expect(row.consent_source).toBe('phone');
      const mail = (await composedFor(t, 'talrunis@skola.lv')).find((m) => m.kind === 'registration_received');
      expect(mail?.text).toContain('rindā 2. vietā');
      const entry = await lastAudit('registration.create');
      expect(entry?.actor).toBe('admin@example.lv');
      expect(JSON.parse(entry?.after ?? '{}')).toMatchObject({ consentSource: 'phone', email: 'talrunis@skola.lv' });
    });

    it('without a consent source the form refuses and nothing is written; a registered address is refused on the form', async () => {
      const browser = await signIn(t, 'admin@example.lv');
      const before = await t.db('registrations').count({ n: '*' }).first();
      const body = {
        name: 'Bez Piekrišanas',
        email: 'bez@skola.lv',
        institution: 'Skola',
        municipality: 'riga',
        role: 'parent',
        regionId: 'riga',
        language: 'lv',
      };
      const res = await browser.post(`/admin/events/${event.slug}/registrations/new`, body).expect(400);
      expect(res.text).toContain('Izvēlieties vienu no piedāvātajām iespējām.');
      expect(await t.db('registrations').count({ n: '*' }).first()).toEqual(before);
      await register(t.ctx, event.slug, input({ email: 'jau@skola.lv' }));
      const twice = await browser
        .post(`/admin/events/${event.slug}/registrations/new`, {
          ...body,
          email: 'JAU@skola.lv',
          consentSource: 'paper',
        })
        .expect(400);
      expect(twice.text).toContain('Ar šo e-pasta adresi šim pasākumam jau ir reģistrācija.');
    });

    it('POST /api/v1/admin/events/:slug/registrations: 201 waitlisted at the exact position; 400 without consentSource; 409 twice; 403 outside the region', async () => {
      await t.db('quotas').where('id', event.quota.riga).update({ size: 0 });
      const token = await apiToken(t, await organizer(t, 'api@example.lv', 'admin'));
      const post = (body: unknown, bearer = token) =>
        request(t.app)
          .post(`/api/v1/admin/events/${event.slug}/registrations`)
          .set('Authorization', `Bearer ${bearer}`)
          .send(body as object);
      await register(t.ctx, event.slug, input({ sessionIds: [workshop()] })); // waitlist 1
      const body = person({ email: 'papirs@skola.lv', sessionIds: [workshop()], consentSource: 'paper' });
      const made = await post(body).expect(201);
      const registration = OrganizerRegistrationAnswer.parse(made.body).registration;
      expect(registration.consentSource).toBe('paper');
      expect(registration.items.find((i) => i.sessionId === workshop())).toEqual({
        sessionId: workshop(),
        status: 'waitlisted',
        waitlistPosition: 2,
        holdExpiresAt: null,
        offerExpiresAt: null,
      });
      await post(body).expect(409);
      const { consentSource: _none, ...withoutSource } = body;
      expect((await post({ ...withoutSource, email: 'x@skola.lv' }).expect(400)).body.error.fields).toHaveProperty(
        'consentSource',
      );
      const coordinator = await apiToken(t, await organizer(t, 'k@example.lv', 'coordinator', ['kurzeme']));
      await post({ ...body, email: 'y@skola.lv' }, coordinator).expect(403);
    });
  });

  describe('adding and removing a session for a registrant', () => {
    it('when an organizer adds a workshop, then the page tells the result; removing it takes a second step and frees the place', async () => {
      const anna = await register(t.ctx, event.slug, input({ email: 'anna@skola.lv' }));
      const browser = await signIn(t, 'admin@example.lv');
      const page = await browser.agent.get(`/admin/registrations/${anna.registration.id}`).expect(200);
      expect(page.text).toContain(`action="/admin/registrations/${anna.registration.id}/items"`);
      const added = await browser
        .post(`/admin/registrations/${anna.registration.id}/items`, { sessionId: String(workshop()) })
        .expect(303);
      expect(added.headers.location).toBe(`/admin/registrations/${anna.registration.id}?done=sessionAddedConfirmed`);
      expect((await browser.agent.get(added.headers.location ?? '')).text).toContain(
        'Sesija pievienota; vieta apstiprināta.',
      );
      const seat = (await t
        .db('seats')
        .where({ registration_id: anna.registration.id, session_id: workshop() })
        .first()) as {
        id: number;
        status: string;
      };
      expect(seat.status).toBe('confirmed');
      expect(JSON.parse((await lastAudit('seat.add'))?.after ?? '{}')).toMatchObject({ status: 'confirmed' });
      const mail = (await composedFor(t, 'anna@skola.lv')).find((m) => m.kind === 'seat_added');
      expect(mail?.text).toContain('Organizatori pievienoja jūsu reģistrācijai sesiju');

      // first step: a page, nothing changes
      const confirm = await browser.agent.get(`/admin/seats/${seat.id}/remove`).expect(200);
      expect(confirm.text).toContain('Noņemt sesiju „');
      await browser.post(`/admin/seats/${seat.id}/remove`).expect(303);
      expect(((await t.db('seats').where('id', seat.id).first('status')) as { status: string }).status).toBe(
        'confirmed',
      );
      const removed = await browser.post(`/admin/seats/${seat.id}/remove`, { confirm: 'yes' }).expect(303);
      expect(removed.headers.location).toBe(`/admin/registrations/${anna.registration.id}?done=sessionRemoved`);
      expect(((await t.db('seats').where('id', seat.id).first('status')) as { status: string }).status).toBe(
        'cancelled',
      );
      expect((await lastAudit('seat.remove'))?.actor).toBe('admin@example.lv');
      const quota = (await t.db('quotas').where('id', event.quota.riga).first('used')) as { used: number };
      expect(quota.used).toBe(0);
    });

    it('when the pool is full, then the added workshop is waitlisted and the notice gives the exact position', async () => {
      await t.db('quotas').where('id', event.quota.riga).update({ size: 0 });
      await register(t.ctx, event.slug, input({ sessionIds: [workshop()] }));
      const anna = await register(t.ctx, event.slug, input());
      const browser = await signIn(t, 'admin@example.lv');
      const added = await browser
        .post(`/admin/registrations/${anna.registration.id}/items`, { sessionId: String(workshop()) })
        .expect(303);
      expect(added.headers.location).toBe(
        `/admin/registrations/${anna.registration.id}?done=sessionAddedWaitlisted&n=2`,
      );
      expect((await browser.agent.get(added.headers.location ?? '')).text).toContain('dalībnieks ir rindā 2. vietā');
    });
  });
});
