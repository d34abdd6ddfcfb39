import request from 'supertest';
import { beforeEach, describe, expect, it } from 'vitest';
import { cancelByOrganizer } from '../../server/features/registrants/actions.js';
import { register, requestRegistration, type RegistrationInput } from '../../server/features/registration/register.js';
import { organizer } from '../support/admin.js';
import { person } from '../support/app.js';
import { conference, type BuiltConference } from '../support/build.js';
import { composedFor } from '../support/compose.js';
import { useTestApp } from '../support/fixtures.js';
import { formAgent } from '../support/forms.js';

/**
 * Issue 28: every message tells the person what they need, and nothing false — the lost
 * link, a new link, a switch, the way back after a cancellation, the form's workshop choice.
 */
const input = (over: Record<string, unknown> = {}): RegistrationInput => person(over) as unknown as RegistrationInput;

const LANGS = [
  {
    lang: 'lv',
    q: '',
    lostIntro: 'nosūtīsim uz to jūsu esošo saiti',
    lostSent: 'Tā ir tā pati saite, kas jums jau bija, un abonētais kalendārs turpina darboties.',
    mailSubject: 'Jūsu saite reģistrācijas pārvaldībai: Pārbaudes konference',
    mailIntro: 'Jūsu saite reģistrācijas pārvaldībai pasākumā „Pārbaudes konference” ir zemāk.',
    mailSame: 'Tā ir tā pati saite, kas jums jau bija: tā un abonētais kalendārs turpina darboties.',
    duplicate: 'mēģināja vēlreiz reģistrēties',
    newLinkHeading: 'Izveidot jaunu saiti reģistrācijas pārvaldībai?',
    newLinkFeed: 'Kalendārs, kas abonēts šajā lapā, vairs neatjaunosies',
    newLinkMail: 'kalendārs, kas abonēts ar to, vairs neatjaunojas',
    switchHeading: (from: string, to: string) => `Pāriet no „${from}” uz „${to}”?`,
    switchBanner: (from: string, to: string) =>
      `Jūs pārgājāt no „${from}” uz „${to}”; jūsu vieta jaunajā sesijā ir apstiprināta.`,
    switchMail: (from: string, to: string) => `Jūs pārgājāt no sesijas „${from}” uz „${to}”`,
    registerAgain: 'Reģistrēties vēlreiz',
    eventPage: 'Pasākuma lapa',
    seatAgain: 'sesiju varat izvēlēties no jauna',
    byOrganizer: 'Organizatori atcēla jūsu reģistrāciju pasākumam „Pārbaudes konference”.',
    chooseError: 'Izvēlieties darbnīcu vai iespēju „Tikai plenārdaļa (bez darbnīcas)”.',
    workshop: (n: number) => `Darbnīca ${n} (riga)`,
  },
  {
    lang: 'en',
    q: '?lang=en',
    lostIntro: 'we will send the link you already have',
    lostSent: 'It is the same link you had, and your subscribed calendar keeps working.',
    mailSubject: 'Your link for managing your registration: Test conference',
    mailIntro: 'Your link for managing your registration for “Test conference” is below.',
    mailSame: 'It is the same link you had: it and your subscribed calendar keep working.',
    duplicate: 'tried to register again',
    newLinkHeading: 'Make a new link for managing your registration?',
    newLinkFeed: 'A calendar subscribed from this page will stop updating',
    newLinkMail: 'a calendar subscribed with it no longer updates',
    switchHeading: (from: string, to: string) => `Switch from “${from}” to “${to}”?`,
    switchBanner: (from: string, to: string) =>
      `You switched from “${from}” to “${to}”; your place in the new session is confirmed.`,
    switchMail: (from: string, to: string) => `You switched from “${from}” to “${to}”`,
    registerAgain: 'Register again',
    eventPage: 'Event page',
    seatAgain: 'you can choose a session again',
    byOrganizer: 'The organizers cancelled your registration for “Test conference”.',
    chooseError: 'Choose a workshop or “Plenary only (no workshop)”.',
    workshop: (n: number) => `Workshop ${n} (riga)`,
  },
] as const;

/** Text as the page shows it: entities decoded (ejs escapes quotes). */
const decoded = (html: string): string =>
  html
    .replace(/&#34;|&quot;/g, '"')
    .replace(/&#39;/g, "'")
    .replace(/&amp;/g, '&');

describe('messages that tell the person what they need: lost and new links, a way back, the stream link, no chosen workshop', () => {
  const { t } = useTestApp({ perTest: true, seed: false });
  let event: BuiltConference;
  beforeEach(async () => {
    event = await conference(t.db, t.clock.now(), { regions: ['riga'] });
  });

  const tokenHash = async (id: number) =>
    ((await t.db('registrations').where('id', id).first('token_hash')) as { token_hash: string }).token_hash;

  for (const L of LANGS) {
    describe(`in ${L.lang}`, () => {
      it('the lost-link page and its e-mail say the same link is sent again; the link and the feed keep working', async () => {
        const email = `lost-${L.lang}@skola.lv`;
        const r = await register(t.ctx, event.slug, input({ email, language: L.lang }));
        const page = `/events/${event.slug}/lost-link${L.q}`;
        const lost = await formAgent(t, page);
        const form = await lost.agent.get(page).expect(200);
        expect(decoded(form.text)).toContain(L.lostIntro);
        const hash = await tokenHash(r.registration.id);

        const stranger = await lost.post(`/events/${event.slug}/lost-link${L.q}`, { email: 'nobody@skola.lv' });
        const known = await lost.post(`/events/${event.slug}/lost-link${L.q}`, { email: email.toUpperCase() });
        expect(known.status).toBe(200);
        expect(known.text).toBe(stranger.text); // enumeration-safe: the same page either way
        expect(decoded(known.text)).toContain(L.lostSent);

        // Nothing changed: the same link opens the manage page, the subscribed feed still answers.
        expect(await tokenHash(r.registration.id)).toBe(hash);
        await request(t.app).get(`/r/${r.token}`).expect(200);
        await request(t.app).get(`/r/${r.token}/calendar.ics`).expect(200);

        // The e-mail is its own message, not the duplicate-registration warning.
        const kinds = (await t.db('outbox').where('to_email', email).select('kind')) as { kind: string }[];
        expect(kinds.map((k) => k.kind)).toEqual(['registration_received', 'manage_link']);
        const mail = (await composedFor(t, email)).find((m) => m.kind === 'manage_link');
        expect(mail?.subject).toBe(L.mailSubject);
        expect(mail?.text).toContain(L.mailIntro);
        expect(mail?.text).toContain(L.mailSame);
        expect(mail?.text).toContain(`/r/${r.token}?lang=${L.lang}`);
        expect(mail?.text).not.toContain(L.duplicate);
      });

      it('"send me a new link" takes two steps: the first changes nothing and says the link and the feed stop working', async () => {
        const email = `rotate-${L.lang}@skola.lv`;
        const r = await register(t.ctx, event.slug, input({ email, language: L.lang }));
        const browser = await formAgent(t, `/r/${r.token}${L.q}`);
        const hash = await tokenHash(r.registration.id);

        // The manage page's button (a POST without the confirmation) and a GET: both only ask.
        for (const first of [
          await browser.post(`/r/${r.token}/new-link${L.q}`),
          await browser.agent.get(`/r/${r.token}/new-link${L.q}`),
        ]) {
          expect(first.status).toBe(200);
          const text = decoded(first.text);
          expect(text).toContain(L.newLinkHeading);
          expect(text).toContain(L.newLinkFeed);
          expect(text).toContain(email);
          expect(text).toContain(`action="/r/${r.token}/new-link"`);
          expect(text).toContain('name="confirm" value="yes"');
        }
        expect(await tokenHash(r.registration.id)).toBe(hash);
        await request(t.app).get(`/r/${r.token}`).expect(200);
        await request(t.app).get(`/r/${r.token}/calendar.ics`).expect(200);
        expect(await t.db('outbox').where({ to_email: email, kind: 'manage_link' }).first()).toBeUndefined();

        // The second step renews it: the old link and its feed end, the e-mail says so.
        await browser.post(`/r/${r.token}/new-link${L.q}`, { confirm: 'yes' }).expect(200);
        await request(t.app).get(`/r/${r.token}`).expect(404);
        await request(t.app).get(`/r/${r.token}/calendar.ics`).expect(404);
        const mail = (await composedFor(t, email)).find((m) => m.kind === 'manage_link');
        expect(mail?.text).toContain(L.newLinkMail);
        expect(mail?.text).not.toContain(`/r/${r.token}`);
      });

      it('a switch takes two steps, and the banner and the e-mail name the old and the new workshop', async () => {
        const [a, b] = event.workshops.riga ?? [0, 0];
        const email = `switch-${L.lang}@skola.lv`;
        const r = await register(t.ctx, event.slug, input({ email, language: L.lang, sessionIds: [a] }));
        const seat = r.seats.find((s) => s.sessionId === a)?.id ?? 0;
        const browser = await formAgent(t, `/r/${r.token}${L.q}`);
        const [from, to] = [L.workshop(1), L.workshop(2)];

        for (const first of [
          await browser.post(`/r/${r.token}/seats/${seat}/switch${L.q}`, { sessionId: String(b) }),
          await browser.agent.get(`/r/${r.token}/seats/${seat}/switch?sessionId=${b}${L.q ? '&lang=en' : ''}`),
        ]) {
          expect(first.status).toBe(200);
          const text = decoded(first.text);
          expect(text).toContain(L.switchHeading(from, to));
          expect(text).toContain(`name="sessionId" value="${b}"`);
          expect(text).toContain('name="confirm" value="yes"');
        }
        // Nothing changed yet.
        const seats = async () =>
          (await t
            .db('seats')
            .where('registration_id', r.registration.id)
            .orderBy('id')
            .select('session_id', 'status')) as {
            session_id: number;
            status: string;
          }[];
        expect((await seats()).find((s) => s.session_id === a)?.status).toBe('confirmed');
        expect((await seats()).some((s) => s.session_id === b)).toBe(false);

        const done = await browser
          .post(`/r/${r.token}/seats/${seat}/switch${L.q}`, { sessionId: String(b), confirm: 'yes' })
          .expect(303);
        expect((await seats()).find((s) => s.session_id === b)?.status).toBe('confirmed');
        const banner = await browser.agent.get(`${done.headers.location}${L.q ? '&lang=en' : ''}`).expect(200);
        expect(decoded(banner.text)).toContain(L.switchBanner(from, to));
        const mail = (await composedFor(t, email)).find((m) => m.kind === 'seat_switched');
        expect(mail?.text).toContain(L.switchMail(from, to));
      });

      it('cancellation e-mails lead back: to register again, or to choose a session again', async () => {
        const [a] = event.workshops.riga ?? [0];
        const eventUrl = `${t.ctx.baseUrl}/events/${event.slug}?lang=${L.lang}`;
        // The person's own seat.
        const seatEmail = `seat-${L.lang}@skola.lv`;
        const r = await register(t.ctx, event.slug, input({ email: seatEmail, language: L.lang, sessionIds: [a] }));
        const seat = r.seats.find((s) => s.sessionId === a)?.id ?? 0;
        const browser = await formAgent(t, `/r/${r.token}`);
        await browser.post(`/r/${r.token}/seats/${seat}/cancel`, { confirm: 'yes' }).expect(303);
        const seatMail = (await composedFor(t, seatEmail)).find((m) => m.kind === 'seat_cancelled');
        expect(seatMail?.text).toContain(L.seatAgain);
        expect(seatMail?.text).toContain(`${L.eventPage}:\n${eventUrl}`);
        expect(seatMail?.text).toContain(`/r/${r.token}?lang=${L.lang}`);

        // The person's whole registration.
        await browser.post(`/r/${r.token}/cancel`, { confirm: 'yes' }).expect(303);
        const own = (await composedFor(t, seatEmail)).find((m) => m.kind === 'registration_cancelled');
        expect(own?.text).toContain(`${L.registerAgain}:\n${eventUrl}`);
        expect(own?.html).toContain(`href="${eventUrl.replace(/&/g, '&amp;')}"`);

        // An organizer's cancellation says who cancelled, and the way back.
        const byEmail = `org-${L.lang}@skola.lv`;
        const other = await register(t.ctx, event.slug, input({ email: byEmail, language: L.lang }));
        await cancelByOrganizer(t.ctx, await organizer(t, `admin-${L.lang}@example.lv`), other.registration.id);
        const org = (await composedFor(t, byEmail)).find((m) => m.kind === 'registration_cancelled');
        expect(org?.text).toContain(L.byOrganizer);
        expect(org?.text).toContain(`${L.registerAgain}:\n${eventUrl}`);
      });

      it('the conference form pre-selects no workshop; sent without a choice, it says so and keeps what was typed', async () => {
        const formPath = `/events/${event.slug}/register${L.q}`;
        const browser = await formAgent(t, formPath);
        const fresh = await browser.agent.get(formPath).expect(200);
        expect(fresh.text).not.toMatch(/name="workshop"[^>]*checked/);
        expect(fresh.text).toContain('id="workshop-none"');

        const before = Number(((await t.db('registrations').count({ n: '*' }).first()) as { n: number }).n);
        const typed = {
          name: 'Ilze Kalniņa',
          email: `form-${L.lang}@skola.lv`,
          institution: 'Rīgas 2. vidusskola',
          municipality: 'riga',
          role: 'teacher',
          regionId: 'riga',
          language: L.lang,
          consent: 'yes',
        };
        const refused = await browser.post(`/events/${event.slug}/register${L.q}`, typed).expect(400);
        const text = decoded(refused.text);
        expect(text).toContain(L.chooseError);
        expect(text).toContain('id="sessionIds-error"');
        expect(text).toContain('value="Ilze Kalniņa"');
        expect(text).toContain(`value="form-${L.lang}@skola.lv"`);
        expect(text).toContain('value="Rīgas 2. vidusskola"');
        expect(Number(((await t.db('registrations').count({ n: '*' }).first()) as { n: number }).n)).toBe(before);

        // "Plenary only", chosen knowingly, registers.
        await browser.post(`/events/${event.slug}/register${L.q}`, { ...typed, workshop: 'none' }).expect(303);
      });
    });
  }

  it('the JSON API keeps its meaning: no sessions is the plenary only', async () => {
    const res = await request(t.app)
      .post(`/api/v1/events/${event.slug}/registrations`)
      .send(person({ sessionIds: [] }))
      .expect(201);
    const items = res.body.registration.items as { sessionId: number }[];
    expect(items.map((i) => i.sessionId)).toEqual([event.plenary.riga]);
  });

  it('an address that has not confirmed its registration gets its link too, as fixed text that asks it to confirm', async () => {
    const pendingEvent = await conference(t.db, t.clock.now(), { slug: 'apstiprina', addressConfirmation: 'on' });
    const email = 'pending@skola.lv';
    const [a] = pendingEvent.workshops.riga ?? [0];
    const asked = await requestRegistration(
      t.ctx,
      pendingEvent.slug,
      input({ email, name: 'Svešinieka Vārds', sessionIds: [a] }),
    );
    expect(asked.kind).toBe('pending');
    const lost = await formAgent(t, `/events/${pendingEvent.slug}/lost-link`);
    await lost.post(`/events/${pendingEvent.slug}/lost-link`, { email }).expect(200);
    // Before, the composer dropped it (only fixed-text kinds reach a pending address) while the page said it was sent.
    const mail = (await composedFor(t, email)).find((m) => m.kind === 'manage_link');
    expect(mail?.text).toContain('Jūsu saite reģistrācijas pārvaldībai pasākumā');
    expect(mail?.text).toContain('Reģistrācija vēl nav apstiprināta: atveriet saiti un apstipriniet to līdz');
    expect(mail?.text).toContain('Apstiprināt reģistrāciju:');
    expect(mail?.text).not.toContain('Svešinieka Vārds');
  });

  it('a stranger asking for the link again and again never breaks or locks out the owner', async () => {
    const email = 'owner@skola.lv';
    const r = await register(t.ctx, event.slug, input({ email }));
    const lost = await formAgent(t, `/events/${event.slug}/lost-link`);
    for (let i = 0; i < 6; i++) await lost.post(`/events/${event.slug}/lost-link`, { email }).expect(200);
    // At most three link e-mails an hour; the link never changed and still works.
    expect(await t.db('outbox').where({ to_email: email, kind: 'manage_link' })).toHaveLength(3);
    await request(t.app).get(`/r/${r.token}`).expect(200);
    // The owner, from another client, is answered as anyone is.
    const owner = await formAgent(t, `/events/${event.slug}/lost-link`);
    await owner.post(`/events/${event.slug}/lost-link`, { email }).expect(200);
  });
});
