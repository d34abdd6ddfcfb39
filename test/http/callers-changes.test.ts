import request from 'supertest';
import { beforeEach, describe, expect, it } from 'vitest';
import { register, type RegistrationInput } from '../../server/features/registration/register.js';
import { sessionFromRow } from '../../server/db/programme.js';
import { toRigaInput } from '../../server/http/admin/schemas.js';
import { SessionMove, SessionMovesAnswer } from '../../server/http/apiSchemas.js';
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

const DAY = 24 * 3600_000;

describe('a programme change names whom no e-mail reached, with their phone', () => {
  const { t } = useTestApp({ perTest: true, seed: false });
  let event: BuiltConference;
  const workshop = (n = 0): number => event.workshops.riga?.[n] ?? 0;
  const idOf = (location: string | undefined): number => Number(/registrations\/(\d+)/.exec(location ?? '')?.[1]);
  const sessionMails = async () =>
    (await t.db('outbox').where('kind', 'session_changed').select('to_email')) as { to_email: string | null }[];

  /** Adds a caller by hand (phone only) through the back office; answers their registration id. */
  const addCaller = async (sessionId: number, over: Record<string, unknown> = {}): Promise<number> => {
    const browser = await signIn(t, 'admin@example.lv');
    const res = await browser
      .post(`/admin/events/${event.slug}/registrations/new`, caller(sessionId, over))
      .expect(303);
    return idOf(res.headers.location);
  };

  beforeEach(async () => {
    event = await conference(t.db, t.clock.now(), { regions: ['riga', 'vidzeme'] });
    await organizer(t, 'admin@example.lv', 'admin');
    await organizer(t, 'riga@example.lv', 'coordinator', ['riga']);
  });

  for (const lang of ['lv', 'en'] as const) {
    it(`when a session with a caller is cancelled (${lang}), the count is only those e-mailed and the banner names whom to phone`, async () => {
      await register(t.ctx, event.slug, input({ email: 'anna@skola.lv', sessionIds: [workshop()] }));
      const id = await addCaller(workshop());
      const browser = await signIn(t, 'admin@example.lv');
      const ask = await browser.agent.get(`/admin/sessions/${workshop()}/cancel?lang=${lang}`).expect(200);
      expect(ask.text).toContain(
        lang === 'lv'
          ? 'Bez e-pasta (pēc atcelšanas parādīsim, kam piezvanīt): 1'
          : 'Without an e-mail (after cancelling you will be shown whom to phone): 1',
      );
      const res = await browser
        .post(`/admin/sessions/${workshop()}/cancel?lang=${lang}`, { messageLv: 'Lektore saslima.' })
        .expect(303);
      expect(res.headers.location).toBe(`/admin/events/${event.slug}?call=${id}&done=sessionCancelled&n=1`);
      const page = await browser.agent.get(`${res.headers.location ?? ''}&lang=${lang}`).expect(200);
      if (lang === 'lv') {
        expect(page.text).toContain('E-pasts ar jūsu ziņu nosūtīts dalībniekiem: 1.');
        expect(page.text).toContain('Bez e-pasta — piezvaniet: Zvanītāja Ieva, +371 20 000 001');
      } else {
        expect(page.text).toContain('The e-mail with your message went to participants: 1.');
        expect(page.text).toContain('No e-mail — phone them: Zvanītāja Ieva, +371 20 000 001');
      }
      expect((await sessionMails()).map((m) => m.to_email)).toEqual(['anna@skola.lv']);
    });
  }

  it('when the cancel frees a place that goes to a caller, the banner says to phone them about it too', async () => {
    await t.db('quotas').where('id', event.quota.riga).update({ size: 1 });
    await addCaller(workshop(0));
    const second = await addCaller(workshop(1), { name: 'Otrs Zvanītājs', phone: '20000002' });
    expect(
      await t
        .db('seats')
        .where({ registration_id: second, session_id: workshop(1) })
        .first('status'),
    ).toEqual({ status: 'waitlisted' });
    const browser = await signIn(t, 'admin@example.lv');
    const res = await browser.post(`/admin/sessions/${workshop(0)}/cancel`, { messageLv: 'Atcelts.' }).expect(303);
    expect(res.headers.location).toContain('given=');
    expect(res.headers.location).toContain('&n=0');
    const page = await browser.agent.get(res.headers.location ?? '').expect(200);
    expect(page.text).toContain('Bez e-pasta — piezvaniet: Zvanītāja Ieva, +371 20 000 001');
    expect(page.text).toContain(
      'Otrs Zvanītājs: e-pasta nav — par piešķirto vietu jāpaziņo pa tālruni +371 20 000 002.',
    );
    expect(
      await t
        .db('seats')
        .where({ registration_id: second, session_id: workshop(1) })
        .first('status'),
    ).toEqual({ status: 'confirmed' });
  });

  it('when many callers are in the cancelled session, the banner counts them and links to the list of them', async () => {
    await register(t.ctx, event.slug, input({ email: 'anna@skola.lv', sessionIds: [workshop()] }));
    for (let i = 1; i <= 6; i++) await addCaller(workshop(), { name: `Zvanītājs ${i}`, phone: `2000010${i}` });
    await addCaller(workshop(1), { name: 'Citas darbnīcas zvanītājs', phone: '20000200' });
    const browser = await signIn(t, 'admin@example.lv');
    const res = await browser.post(`/admin/sessions/${workshop()}/cancel`, { messageLv: 'Atcelts.' }).expect(303);
    expect(res.headers.location).toBe(
      `/admin/events/${event.slug}?calls=6&callSession=${workshop()}&done=sessionCancelled&n=1`,
    );
    const page = await browser.agent.get(res.headers.location ?? '').expect(200);
    expect(page.text).toContain('6 dalībniekiem nav e-pasta, tāpēc ziņa viņus nesasniedza — piezvaniet.');
    const href = `/admin/events/${event.slug}/registrations?session=${workshop()}&amp;contact=phone`;
    expect(page.text).toContain(`href="${href}"`);
    const en = await browser.agent.get(`${res.headers.location ?? ''}&lang=en`).expect(200);
    expect(en.text).toContain('6 people have no e-mail, so the message did not reach them — phone them.');
    const list = await browser.agent.get(href.replace('&amp;', '&')).expect(200);
    for (let i = 1; i <= 6; i++) expect(list.text).toContain(`Zvanītājs ${i}`);
    expect(list.text).not.toContain('anna@skola.lv');
    expect(list.text).not.toContain('Citas darbnīcas zvanītājs');
  });

  it('the list filter contact=phone shows only people without an e-mail, for a coordinator too', async () => {
    await register(t.ctx, event.slug, input({ email: 'anna@skola.lv', sessionIds: [workshop()] }));
    await addCaller(workshop());
    const coordinator = await signIn(t, 'riga@example.lv');
    const list = await coordinator.agent
      .get(`/admin/events/${event.slug}/registrations?contact=phone&lang=en`)
      .expect(200);
    expect(list.text).toContain('Zvanītāja Ieva');
    expect(list.text).not.toContain('anna@skola.lv');
    expect(list.text).toContain('<option value="phone" selected>Only without an e-mail (by phone)</option>');
    const all = await coordinator.agent.get(`/admin/events/${event.slug}/registrations?contact=nonsense`).expect(200);
    expect(all.text).toContain('anna@skola.lv');
  });

  it('when a session is moved in the back office, only the e-mailed are told and the banner names the caller', async () => {
    await register(t.ctx, event.slug, input({ email: 'anna@skola.lv', sessionIds: [workshop()] }));
    await addCaller(workshop());
    const row = (await t.db('sessions').where('id', workshop()).first()) as Record<string, unknown>;
    const s = sessionFromRow(row);
    const browser = await signIn(t, 'admin@example.lv');
    const res = await browser
      .post(`/admin/sessions/${s.id}/edit`, {
        kind: s.kind,
        regionId: s.regionId ?? '',
        titleLv: s.title.lv,
        titleEn: s.title.en,
        descriptionLv: s.description.lv,
        descriptionEn: s.description.en,
        startsAt: toRigaInput(new Date(Date.parse(s.startsAt) + DAY).toISOString()),
        endsAt: toRigaInput(new Date(Date.parse(s.endsAt) + DAY).toISOString()),
        streamUrl: s.streamUrl ?? '',
        joinUrl: s.joinUrl ?? '',
        place: s.place ?? '',
        address: s.address ?? '',
        speakersLv: s.speakers.lv,
        speakersEn: s.speakers.en,
        embedOrigins: s.embedOrigins.join(' '),
        audience: s.audience ?? '',
      })
      .expect(303);
    expect(res.headers.location).toMatch(/\?call=\d+&done=sessionSaved$/);
    const page = await browser.agent.get(`${res.headers.location ?? ''}&lang=en`).expect(200);
    expect(page.text).toContain('No e-mail — phone them: Zvanītāja Ieva, +371 20 000 001');
    expect((await sessionMails()).map((m) => m.to_email)).toEqual(['anna@skola.lv']);
  });

  it('the API answers of a move carry toCall, and notified counts only the e-mailed', async () => {
    await register(t.ctx, event.slug, input({ email: 'anna@skola.lv', sessionIds: [workshop()] }));
    const id = await addCaller(workshop());
    const token = await apiToken(t, await organizer(t, 'api@example.lv', 'admin'));
    const times = async (sessionId: number) => {
      const row = (await t.db('sessions').where('id', sessionId).first('starts_at', 'ends_at')) as {
        starts_at: string;
        ends_at: string;
      };
      const shift = (iso: string) => new Date(Date.parse(iso) + DAY).toISOString().replace('Z', '+00:00');
      return { startsAt: shift(row.starts_at), endsAt: shift(row.ends_at) };
    };
    const one = await request(t.app)
      .patch(`/api/v1/admin/sessions/${workshop()}`)
      .set('Authorization', `Bearer ${token}`)
      .send(await times(workshop()))
      .expect(200);
    const moved = SessionMove.parse(one.body);
    expect(moved.notified).toBe(1);
    expect(moved.toCall).toEqual([{ registrationId: id, name: 'Zvanītāja Ieva', phone: '+37120000001' }]);
    const many = await request(t.app)
      .post(`/api/v1/admin/events/${event.slug}/sessions/moves`)
      .set('Authorization', `Bearer ${token}`)
      .send({ moves: [{ sessionId: workshop(), ...(await times(workshop())) }], messageLv: 'Pārcelts.' })
      .expect(200);
    const answer = SessionMovesAnswer.parse(many.body);
    expect(answer.notified).toBe(1);
    expect(answer.toCall).toEqual([{ registrationId: id, name: 'Zvanītāja Ieva', phone: '+37120000001' }]);
    expect((await sessionMails()).filter((m) => m.to_email === null)).toEqual([]);
  });
});

describe('the same caller entered twice: a warning, not a refusal', () => {
  const { t } = useTestApp({ perTest: true, seed: false });
  let event: BuiltConference;
  const workshop = (): number => event.workshops.riga?.[0] ?? 0;
  const count = async () => Number(((await t.db('registrations').count({ n: '*' }).first()) as { n: number }).n);

  beforeEach(async () => {
    event = await conference(t.db, t.clock.now(), { regions: ['riga', 'vidzeme'] });
    await organizer(t, 'admin@example.lv', 'admin');
    await organizer(t, 'riga@example.lv', 'coordinator', ['riga']);
  });

  for (const [who, lang] of [
    ['admin@example.lv', 'lv'],
    ['riga@example.lv', 'en'],
  ] as const) {
    it(`${who} (${lang}) adding a phone already registered sees who has it and adds only when confirming`, async () => {
      const browser = await signIn(t, who);
      const url = `/admin/events/${event.slug}/registrations/new?lang=${lang}`;
      await browser.post(url, caller(workshop())).expect(303);
      const before = await count();
      // The same number written another way is the same number.
      const again = await browser
        .post(url, caller(workshop(), { name: 'Ieva Otrreiz', phone: '20000001' }))
        .expect(409);
      expect(again.text).toContain(
        lang === 'lv'
          ? 'Šis tālruņa numurs jau ir reģistrēts: Zvanītāja Ieva. Vai tiešām pievienot vēl vienu?'
          : 'This phone number is already registered: Zvanītāja Ieva. Add another person anyway?',
      );
      expect(again.text).toContain('name="allowSamePhone"');
      expect(again.text).toContain('value="Ieva Otrreiz"');
      expect(await count()).toBe(before);
      await browser
        .post(url, caller(workshop(), { name: 'Ieva Otrreiz', phone: '20000001', allowSamePhone: 'yes' }))
        .expect(303);
      expect(await count()).toBe(before + 1);
    });
  }

  it('a coordinator is not told the name of someone outside their regions; a cancelled registration does not count', async () => {
    const admin = await signIn(t, 'admin@example.lv');
    const vidzeme = event.workshops.vidzeme?.[0] ?? 0;
    await admin
      .post(
        `/admin/events/${event.slug}/registrations/new`,
        caller(vidzeme, { name: 'Vidzemes Zvanītājs', regionId: 'vidzeme', municipality: 'cesis' }),
      )
      .expect(303);
    const coordinator = await signIn(t, 'riga@example.lv');
    const res = await coordinator.post(`/admin/events/${event.slug}/registrations/new`, caller(workshop())).expect(409);
    expect(res.text).toContain('Šis tālruņa numurs jau ir reģistrēts šajā pasākumā citā reģionā.');
    expect(res.text).not.toContain('Vidzemes Zvanītājs');
    await t.db('registrations').update({ status: 'cancelled' });
    await coordinator.post(`/admin/events/${event.slug}/registrations/new`, caller(workshop())).expect(303);
  });

  it('the API answers 409 phone_registered unless allowSamePhone is true', async () => {
    const token = await apiToken(t, await organizer(t, 'api@example.lv', 'coordinator', ['riga']));
    const body = (over: Record<string, unknown> = {}) => {
      const { email: _email, ...rest } = person({ regionId: 'riga', sessionIds: [workshop()] }) as Record<
        string,
        unknown
      >;
      return { ...rest, phone: '+371 20000001', consentSource: 'phone', ...over };
    };
    const post = (b: object, lang = 'lv') =>
      request(t.app)
        .post(`/api/v1/admin/events/${event.slug}/registrations?lang=${lang}`)
        .set('Authorization', `Bearer ${token}`)
        .send(b);
    await post(body()).expect(201);
    const before = await count();
    const refused = await post(body({ name: 'Otrs' })).expect(409);
    expect((refused.body as { error: { code: string; reason: string; message: string } }).error).toMatchObject({
      code: 'not_allowed',
      reason: 'phone_registered',
      message: expect.stringContaining('Šis tālruņa numurs jau ir reģistrēts') as unknown,
    });
    const en = await post(body({ name: 'Otrs' }), 'en').expect(409);
    expect((en.body as { error: { message: string } }).error.message).toContain('already registered for this event');
    expect(await count()).toBe(before);
    await post(body({ name: 'Otrs', allowSamePhone: true })).expect(201);
    await post(body({ name: 'Trešais', allowSamePhone: 'yes' })).expect(400);
    expect(await count()).toBe(before + 1);
  });
});
