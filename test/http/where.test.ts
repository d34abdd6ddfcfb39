import request from 'supertest';
import { beforeAll, describe, expect, it } from 'vitest';
import { person } from '../support/app.js';
import { organizer, signIn } from '../support/admin.js';
import { conference, course, seminarSeries, single, type BuiltSeminarSeries } from '../support/build.js';
import { useTestApp } from '../support/fixtures.js';
import { formAgent } from '../support/forms.js';

/**
 * Issue 28, rule 1: where a session is held shows wherever it is listed — the event list,
 * the event page, the "check your mail" page, the manage page and its "add" list, the back
 * office's selects — so that sessions sharing a title are told apart by date and place.
 */
const SCHOOL = 'Kuldīgas 2. vidusskola';
const STREET = 'Mucenieku iela 9, Kuldīga';
const NBSP = '\u00a0';

describe('where a session is held, on every page that lists it', () => {
  const { t } = useTestApp({ seed: false });
  let series: BuiltSeminarSeries;

  beforeAll(async () => {
    const now = t.clock.now();
    await conference(t.db, now, { slug: 'konference', regions: ['riga'] });
    await course(t.db, now, { slug: 'kurss' });
    await single(t.db, now, { slug: 'supervizija-kuldiga', regionId: 'kurzeme', place: SCHOOL, address: STREET });
    series = await seminarSeries(t.db, now, {
      slug: 'seminari',
      seminars: [
        { regionId: 'kurzeme', place: SCHOOL, address: STREET, title: { lv: 'Seminārs', en: 'Seminar' } },
        { regionId: 'kurzeme', title: { lv: 'Seminārs', en: 'Seminar' } },
      ],
    });
  });

  it('the event list: an event held at one place names it, an online one says so, a series at several says none', async () => {
    for (const [lang, online] of [
      ['lv', 'Tiešsaistē'],
      ['en', 'Online'],
    ] as const) {
      const page = await request(t.app).get(`/?lang=${lang}`).expect(200);
      const card = (slug: string) => {
        const at = page.text.indexOf(`href="/events/${slug}"`);
        return page.text.slice(at, page.text.indexOf('</li>', at));
      };
      expect(card('supervizija-kuldiga')).toContain(`<span class="event-where">${SCHOOL}, ${STREET}</span>`);
      expect(card('konference')).toContain(`<span class="event-where">${online}</span>`);
      expect(card('seminari')).not.toContain('event-where');
    }
  });

  it('the event page says where each session of a conference and a course is', async () => {
    const conf = await request(t.app).get('/events/konference?lang=en').expect(200);
    expect(conf.text.match(/<span class="session-where">Online<\/span>/g)?.length).toBeGreaterThanOrEqual(3);
    const lessons = await request(t.app).get('/events/kurss').expect(200);
    expect(lessons.text).toMatch(/<span class="session-where">[^<]+<\/span>/);
  });

  it('"check your mail" says when and where the held place is', async () => {
    await t.db('events').where('slug', 'seminari').update({ address_confirmation: 'on' });
    const form = await formAgent(t, `/events/seminari/register`);
    const res = await form
      .post('/events/seminari/register', {
        name: 'Ilze Ozola',
        email: 'ilze.ozola@skola.lv',
        institution: SCHOOL,
        municipality: 'kuldiga',
        role: 'teacher',
        regionId: 'kurzeme',
        sessionIds: String(series.sessions[0]),
        language: 'lv',
        consent: 'yes',
      })
      .expect(303);
    const page = await form.agent.get(String(res.headers.location)).expect(200);
    expect(page.text).toMatch(
      new RegExp(`<p class="hint session-where">[^<]*plkst\\.${NBSP}10\\.00–12\\.00 · ${SCHOOL}, ${STREET}</p>`),
    );
    await t.db('events').where('slug', 'seminari').update({ address_confirmation: null });
  });

  it('the manage page says where each of their sessions is, and where each one they may add is', async () => {
    const res = await request(t.app)
      .post('/api/v1/events/seminari/registrations')
      .send(person({ regionId: 'kurzeme', municipality: 'kuldiga', sessionIds: [series.sessions[1]] }))
      .expect(201);
    const manage = new URL((res.body as { registration: { manageUrl: string } }).registration.manageUrl).pathname;
    const lv = await request(t.app).get(`${manage}?lang=lv`).expect(200);
    expect(lv.text).toContain('<p class="session-where">Tiešsaistē</p>');
    // the other seminar of the same title, told apart by date and place
    expect(lv.text).toMatch(new RegExp(`plkst\\.${NBSP}10\\.00–12\\.00 · ${SCHOOL}, ${STREET}</p>`));
    const en = await request(t.app).get(`${manage}?lang=en`).expect(200);
    expect(en.text).toContain('<p class="session-where">Online</p>');
    expect(en.text).toContain(`10:00–12:00 · ${SCHOOL}, ${STREET}</p>`);
  });

  it('the back office tells sessions of one title apart by date and place', async () => {
    await organizer(t, 'admin@example.lv');
    const admin = await signIn(t, 'admin@example.lv');
    const page = await admin.agent.get(`/admin/events/seminari/registrations`).expect(200);
    const options = [...page.text.matchAll(/<option value="\d+"[^>]*>([^<]+)</g)].map((m) => m[1] ?? '');
    const seminars = options.filter((o) => o.startsWith('Seminārs — '));
    expect(seminars).toHaveLength(2);
    expect(seminars.some((o) => o.includes(`${SCHOOL}, ${STREET}`))).toBe(true);
    expect(seminars.some((o) => o.includes('Tiešsaistē'))).toBe(true);
    expect(new Set(seminars).size).toBe(2);
  });
});
