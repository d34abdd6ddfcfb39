import request from 'supertest';
import { beforeAll, describe, expect, it } from 'vitest';
import { formAgent } from '../support/forms.js';
import { conference, PROGRAMME_WORKSHOPS, type BuiltConference } from '../support/build.js';
import { useTestApp } from '../support/fixtures.js';

const SLUG = 'konference';
const FORM = `/events/${SLUG}/register`;

let n = 0;
function form(over: Record<string, string | string[] | undefined> = {}): Record<string, string | string[]> {
  n += 1;
  const base: Record<string, string | string[] | undefined> = {
    name: `Jānis Bērziņš ${n}`,
    email: `janis${n}@skola.lv`,
    institution: 'Cēsu Valsts ģimnāzija',
    municipality: 'cesis',
    role: 'teacher',
    regionId: 'vidzeme',
    workshop: 'none',
    language: 'lv',
    consent: 'yes',
    ...over,
  };
  return Object.fromEntries(Object.entries(base).filter(([, v]) => v !== undefined)) as Record<
    string,
    string | string[]
  >;
}

describe('registration form and manage page', () => {
  const { t } = useTestApp({ seed: false });
  let built: BuiltConference;
  beforeAll(async () => {
    built = await conference(t.db, t.clock.now(), {
      slug: SLUG,
      regions: ['riga', 'vidzeme', 'kurzeme', 'zemgale'],
      weekdays: true,
      workshopTitles: PROGRAMME_WORKSHOPS,
    });
  });
  let browser: Awaited<ReturnType<typeof formAgent>>;

  beforeAll(async () => {
    browser = await formAgent(t, FORM);
  });

  const registrations = async () =>
    Number(((await t.db('registrations').count({ n: '*' }).first()) as { n: number }).n);

  it('the event list and event page are in Latvian by default with places per region', async () => {
    const list = await request(t.app).get('/').expect(200);
    expect(list.text).toContain('<html lang="lv">');
    expect(list.text).toContain(`/events/${SLUG}`);
    const page = await request(t.app).get(`/events/${SLUG}`).expect(200);
    expect(page.text).toContain('Brīvas darbnīcu vietas: 100 no 100');
    expect(page.text).toContain('<meter');
    expect(page.text).toMatch(/pirmdiena|otrdiena|trešdiena|ceturtdiena|piektdiena/);
    expect(page.text).toContain('10.00–11.30');
    expect(page.headers['content-security-policy']).toContain("script-src 'self'");
  });

  it('when a place is taken, then the event page shows it at once (a kept page never goes stale)', async () => {
    const before = await request(t.app).get(`/events/${SLUG}`).expect(200);
    const left = Number(/Brīvas darbnīcu vietas: (\d+) no 100/.exec(before.text)?.[1]);
    await browser
      .post(FORM, form({ regionId: 'riga', municipality: 'riga', workshop: String(built.workshops.riga?.[0]) }))
      .expect(303);
    const after = await request(t.app).get(`/events/${SLUG}`).expect(200);
    expect(after.text).toContain(`Brīvas darbnīcu vietas: ${left - 1} no 100`);
    const english = await request(t.app).get(`/events/${SLUG}?lang=en`).expect(200);
    expect(english.text).toContain(`Workshop places left: ${left - 1} of 100`);
  });

  it('when English is chosen, then it is remembered in a cookie', async () => {
    const agent = request.agent(t.app);
    const first = await agent.get(`/events/${SLUG}?lang=en`).expect(200);
    expect(first.text).toContain('<html lang="en">');
    expect(first.text).toContain('Workshop places left: 100 of 100');
    const next = await agent.get('/').expect(200);
    expect(next.text).toContain('<html lang="en">');
    expect(next.text).toMatch(/Monday|Tuesday|Wednesday|Thursday|Friday|Programme and registration/);
  });

  it('the form offers municipalities with their region, roles, regions and workshops', async () => {
    const res = await request(t.app).get(`${FORM}?region=kurzeme`).expect(200);
    expect(res.text).toContain('data-region="kurzeme"');
    expect((res.text.match(/<option value="[a-z-]+" data-region=/g) ?? []).length).toBe(43);
    expect(res.text).toMatch(/<option value="kurzeme" selected>/);
    expect(res.text).toContain('Tikai plenārdaļa');
    expect(res.text).toContain('Atpazīsti signālus!');
    expect(res.text).toContain('/static/js/register.js');
  });

  it('when every field is wrong, then each error is shown next to its field, in a summary, and nothing is written', async () => {
    const before = await registrations();
    const res = await browser
      .post(FORM, {
        name: '',
        email: 'nav-epasts',
        institution: 'Skola',
        municipality: 'x',
        role: 'x',
        regionId: '',
        language: 'lv',
      })
      .expect(400);
    expect(res.text).toContain('class="error-summary"');
    expect(res.text).toContain('Šis lauks ir obligāts.');
    expect(res.text).toContain('Ievadiet derīgu e-pasta adresi');
    expect(res.text).toContain('jāpiekrīt privātuma paziņojumam');
    expect(res.text).toContain('id="email-error"');
    expect(res.text).toMatch(/aria-describedby="email-hint email-error"/);
    expect(res.text).toContain('href="#name"');
    // what was typed stays in the form
    expect(res.text).toContain('value="nav-epasts"');
    expect(res.text).toContain('value="Skola"');
    expect(await registrations()).toBe(before);
  });

  it('when the form is in English, then the errors are in English', async () => {
    const english = await formAgent(t, FORM); // its own cookies: ?lang=en is remembered
    const res = await english.post(`${FORM}?lang=en`, form({ email: 'bad' })).expect(400);
    expect(res.text).toContain('Enter a valid email address');
    expect(res.text).toContain('Please correct the errors');
  });

  it('when the workshop is from another region, then the form says so next to the workshops', async () => {
    const [rigaWorkshop] = built.workshops.riga ?? [];
    const res = await browser.post(FORM, form({ workshop: String(rigaWorkshop) })).expect(400);
    expect(res.text).toContain('id="sessionIds-error"');
    expect(res.text).toContain('nav pieejama šajā reģionā');
  });

  it('when a person registers with a free workshop place, then the result page says it is confirmed', async () => {
    const [a] = built.workshops.vidzeme ?? [];
    const res = await browser.post(FORM, form({ workshop: String(a) })).expect(303);
    expect(res.headers.location).toMatch(/^\/r\/[A-Za-z0-9_-]{32}\?welcome=1$/);
    const page = await request(t.app)
      .get(res.headers.location ?? '')
      .expect(200);
    expect(page.text).toContain('Paldies, reģistrācija saņemta!');
    expect(page.text).toContain('Jūsu vieta darbnīcā „Pieaugušo sadarbība');
    expect(page.text).toContain('ir apstiprināta');
    expect(page.headers['cache-control']).toBe('no-store');
  });

  it('when the workshops are full, then the result page gives the waitlist number', async () => {
    const [a, b] = built.workshops.zemgale ?? [];
    await t.db('quotas').where('id', built.quota.zemgale).update({ size: 1 });
    const reg = (over: Record<string, string>) =>
      browser.post(FORM, form({ regionId: 'zemgale', municipality: 'bauska', ...over }));
    await reg({ workshop: String(a) }).expect(303);
    await reg({ workshop: String(b) }).expect(303);
    const third = await reg({ workshop: String(a), language: 'en' }).expect(303);
    const page = await request(t.app)
      .get(`${third.headers.location ?? ''}&lang=lv`)
      .expect(200);
    expect(page.text).toContain('Darbnīcā „Pieaugušo sadarbība');
    // a cookie-less request opens the person's own page in the language they registered in
    const en = await request(t.app)
      .get(third.headers.location ?? '')
      .expect(200);
    expect(en.text).toContain('you are number 2 on the waitlist');
    expect(en.text).toContain('Number 2 on the waitlist');
  });

  it('when the email is already registered, then the form answers 409 and says the link was sent again', async () => {
    const body = form();
    await browser.post(FORM, body).expect(303);
    const res = await browser.post(FORM, { ...body, email: String(body.email).toUpperCase() }).expect(409);
    expect(res.text).toContain('jau ir reģistrācija');
  });

  it('when registration is closed, then the form says so and writes nothing', async () => {
    const before = await registrations();
    const now = t.clock.now();
    t.clock.advance(60 * 24 * 3600 * 1000);
    try {
      const page = await request(t.app).get(FORM).expect(200);
      expect(page.text).toContain('Reģistrācija šim pasākumam ir slēgta.');
      const res = await browser.post(FORM, form()).expect(409);
      expect(res.text).toContain('Reģistrācija šim pasākumam ir slēgta.');
    } finally {
      t.clock.set(now);
    }
    expect(await registrations()).toBe(before);
  });

  describe('the manage page', () => {
    it('when a person switches to the other workshop with room, then the new seat is confirmed', async () => {
      const [a, b] = built.workshops.kurzeme ?? [];
      const res = await browser
        .post(FORM, form({ regionId: 'kurzeme', municipality: 'talsi', workshop: String(a) }))
        .expect(303);
      const url = (res.headers.location ?? '').replace('?welcome=1', '');
      const page = await request(t.app).get(url).expect(200);
      expect(page.text).toContain('Pāriet uz „Atpazīsti signālus!');
      const seat = page.text.match(/\/seats\/(\d+)\/switch/)?.[1];
      await browser.post(`${url}/seats/${seat}/switch`, { sessionId: String(b), confirm: 'yes' }).expect(303);
      const after = await request(t.app)
        .get(`/api/v1/registrations/${url.split('/r/')[1]}`)
        .expect(200);
      const items = after.body.registration.items as { sessionId: number; status: string }[];
      expect(items.find((i) => i.sessionId === a)?.status).toBe('cancelled');
      expect(items.find((i) => i.sessionId === b)?.status).toBe('confirmed');
      const quota = (await t.db('quotas').where('id', built.quota.kurzeme).first()) as { used: number };
      expect(quota.used).toBe(1);
    });

    it('when a person cancels everything, then the page says so and offers to register again', async () => {
      const res = await browser.post(FORM, form()).expect(303);
      const url = (res.headers.location ?? '').replace('?welcome=1', '');
      await browser.post(`${url}/cancel`, { confirm: 'yes' }).expect(303);
      const page = await request(t.app).get(`${url}?done=cancelAll`).expect(200);
      expect(page.text).toContain('Reģistrācija atcelta.');
      expect(page.text).toContain('Šī reģistrācija ir atcelta.');
      await browser.post(`${url}/cancel`, { confirm: 'yes' }).expect(409);
    });

    it('when the link is wrong, then 404 in the person’s language', async () => {
      const res = await request(t.app).get('/r/not-a-token?lang=en').expect(404);
      expect(res.text).toContain('This link no longer works');
      expect(res.text).toContain(`href="/events/${SLUG}/lost-link"`);
    });

    it('the plenary seat cannot be cancelled on its own', async () => {
      const res = await browser.post(FORM, form()).expect(303);
      const url = (res.headers.location ?? '').replace('?welcome=1', '');
      const seat = (await t.db('seats').orderBy('id', 'desc').first('id')) as { id: number };
      await browser.post(`${url}/seats/${seat.id}/cancel`).expect(409);
    });
  });
});
