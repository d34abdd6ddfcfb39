import request from 'supertest';
import { describe, expect, it } from 'vitest';
import { organizer, signIn } from '../support/admin.js';
import { person } from '../support/app.js';
import { useTestApp } from '../support/fixtures.js';
import { formAgent } from '../support/forms.js';

const SLUG = 'darbnicas-bez-plenara';

describe('no empty registrations, no event published without something to register for', () => {
  const { t } = useTestApp({ perTest: true, seed: false });

  /** A draft conference in Latgale with one workshop and no plenary; the admin's browser. */
  async function draftWithoutPlenary() {
    await organizer(t, 'admin@example.lv', 'admin');
    const browser = await signIn(t, 'admin@example.lv');
    await browser
      .post('/admin/events', {
        slug: SLUG,
        kind: 'conference',
        titleLv: 'Darbnīcas bez plenārsesijas',
        titleEn: 'Workshops without a plenary',
        opensAt: '2026-01-01T09:00',
        closesAt: '2099-01-01T10:00',
        reminderHours: '24',
        retentionDays: '30',
      })
      .expect(303);
    const status = (value: string) => browser.post(`/admin/events/${SLUG}/status`, { status: value });
    const statusNow = async () =>
      ((await t.db('events').where('slug', SLUG).first('status')) as { status: string }).status;
    return { browser, status, statusNow };
  }

  async function addWorkshop(browser: Awaited<ReturnType<typeof signIn>>): Promise<number> {
    await browser
      .post(`/admin/events/${SLUG}/sessions`, {
        kind: 'workshop',
        regionId: 'latgale',
        titleLv: 'Darbnīca Rēzeknē',
        titleEn: 'Workshop in Rēzekne',
        startsAt: '2098-03-12T10:00',
        endsAt: '2098-03-12T12:00',
        streamUrl: '',
        joinUrl: '',
        place: '',
        descriptionLv: '',
        descriptionEn: '',
        speakersLv: '',
        speakersEn: '',
      })
      .expect(303);
    return ((await t.db('sessions').where('title_lv', 'Darbnīca Rēzeknē').first('id')) as { id: number }).id;
  }

  it('when an event has no session, then publishing is refused with a clear message and it stays a draft', async () => {
    const { status, statusNow } = await draftWithoutPlenary();
    const res = await status('published').expect(400);
    expect(res.text).toContain('Pasākumu nevar publicēt');
    expect(res.text).toContain('Tajā nav nevienas sesijas: vispirms pievienojiet sesiju.');
    expect(await statusNow()).toBe('draft');
  });

  it('when a workshop has no pool, then publishing is refused naming it; with a pool it is published and says so', async () => {
    const { browser, status, statusNow } = await draftWithoutPlenary();
    const workshop = await addWorkshop(browser);
    const res = await status('published').expect(400);
    // named by its day and place, as the back office names every session
    expect(res.text).toContain(
      'Sesijai „Darbnīca Rēzeknē — 2098. gada 12. marts, plkst.\u00a010.00 · Tiešsaistē” nav vietu limita',
    );
    expect(await statusNow()).toBe('draft');
    await browser
      .post(`/admin/events/${SLUG}/quotas`, { name: 'Rēzekne', size: '2', sessionIds: String(workshop) })
      .expect(303);
    const done = await status('published').expect(303);
    expect(done.headers.location).toBe(`/admin/events/${SLUG}?done=eventPublished`);
    expect((await browser.agent.get(done.headers.location ?? '').expect(200)).text).toContain('Pasākums publicēts.');
    expect(await statusNow()).toBe('published');
  });

  it('when a region has no plenary, then the form offers no "plenary only", and a registration without a session is refused', async () => {
    const { browser, status } = await draftWithoutPlenary();
    const workshop = await addWorkshop(browser);
    await browser
      .post(`/admin/events/${SLUG}/quotas`, { name: 'Rēzekne', size: '2', sessionIds: String(workshop) })
      .expect(303);
    await status('published').expect(303);

    const form = await request(t.app).get(`/events/${SLUG}/register?region=latgale`).expect(200);
    expect(form.text).not.toContain('id="workshop-none"');
    expect(form.text).toContain(`id="session-${workshop}"`);
    expect(form.text).not.toMatch(/id="session-\d+"[^>]*checked/);

    const before = await t.db('registrations').count({ n: '*' }).first();
    const api = await request(t.app)
      .post(`/api/v1/events/${SLUG}/registrations`)
      .send(person({ regionId: 'latgale', municipality: 'rezekne', sessionIds: [] }))
      .expect(400);
    expect(api.body.error.fields.sessionIds).toBe(
      'Izvēlieties darbnīcu: šajā reģionā nav plenārsesijas, uz kuru reģistrēties bez tās.',
    );
    const visitor = await formAgent(t, `/events/${SLUG}/register`);
    const page = await visitor
      .post(`/events/${SLUG}/register`, {
        name: 'Bez Sesijas',
        email: 'bez@skola.lv',
        institution: 'Rēzeknes skola',
        municipality: 'rezekne',
        role: 'teacher',
        regionId: 'latgale',
        workshop: 'none',
        language: 'lv',
        consent: 'yes',
      })
      .expect(400);
    expect(page.text).toContain('Izvēlieties darbnīcu');
    expect(await t.db('registrations').count({ n: '*' }).first()).toEqual(before);

    const ok = await request(t.app)
      .post(`/api/v1/events/${SLUG}/registrations`)
      .send(person({ regionId: 'latgale', municipality: 'rezekne', sessionIds: [workshop] }))
      .expect(201);
    expect(ok.body.registration.items).toEqual([
      { sessionId: workshop, status: 'confirmed', waitlistPosition: null, holdExpiresAt: null, offerExpiresAt: null },
    ]);
  });
});
