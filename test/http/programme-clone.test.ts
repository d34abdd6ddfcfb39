import { DateTime } from 'luxon';
import { describe, expect, it } from 'vitest';
import request from 'supertest';
import { CloneBatchPublishAnswer, ProgrammeCloneAnswer } from '../../server/http/admin/cloneSchemas.js';
import { apiToken, organizer, signIn } from '../support/admin.js';
import { useTestApp } from '../support/fixtures.js';

type Row = Record<string, unknown>;
const riga = (iso: unknown) => DateTime.fromISO(String(iso), { zone: 'utc' }).setZone('Europe/Riga');

/**
 * 2028's public holidays, written out by hand from the law (Easter 2028 is 16 April; 18
 * November 2028 is a Saturday, so Monday the 20th is a day off): the test does not take the
 * list from the module it checks.
 */
const HOLIDAYS_2028 = [
  '2028-01-01',
  '2028-04-14',
  '2028-04-16',
  '2028-04-17',
  '2028-05-01',
  '2028-05-04',
  '2028-05-14',
  '2028-06-04',
  '2028-06-23',
  '2028-06-24',
  '2028-11-18',
  '2028-11-20',
  '2028-12-24',
  '2028-12-25',
  '2028-12-26',
  '2028-12-31',
];

/** The demo programme's year: seeded on Monday 4 January 2027, all of it falls in 2027. */
const NOW = new Date('2027-01-04T08:00:00Z');

const reviewUrl = (slugs: string[], choices: Record<string, string> = {}) => {
  const q = new URLSearchParams();
  for (const s of slugs) q.append('events', s);
  for (const [k, v] of Object.entries({ weeks: '52', titlePattern: '{title}', replaceYear: '1', ...choices })) {
    if (v !== '') q.set(k, v);
  }
  return `/admin/programme/clone/review?${q.toString()}`;
};

const count = async (t: { db: (table: string) => { count: (c: object) => unknown } }, table: string) =>
  Number(((await t.db(table).count({ n: '*' })) as { n: number | string }[])[0]?.n);

describe('copying the whole programme for another year', () => {
  const { t, ids } = useTestApp({ now: NOW });

  const demoSlugs = async () =>
    ((await t.db('events').whereNot('status', 'cancelled').orderBy('id').select('slug')) as { slug: string }[]).map(
      (e) => e.slug,
    );

  it('when an admin copies the demo year by 52 weeks, then every session keeps its weekday and time, the one landing on a holiday is marked, pools go back to their size as made, and the drafts publish together', async () => {
    await organizer(t, 'gads@example.lv');
    const browser = await signIn(t, 'gads@example.lv');
    // Today's size differs from the template's: the Rīga pool was raised from 100 to 120.
    await browser.post(`/admin/quotas/${ids.quota.riga}/size`, { size: '120' }).expect(200);

    const slugs = await demoSlugs();
    expect(slugs).toHaveLength(12);
    const form = await browser.agent.get('/admin/programme/clone').expect(200);
    for (const slug of slugs) expect(form.text, slug).toContain(`name="events" value="${slug}" checked`);
    expect(form.text).toContain('Jaunā nosaukuma paraugs');
    // In December, before the programme starts, the coming spring's events are the ones ticked.
    const now = t.clock.now();
    t.clock.set(new Date('2026-12-08T10:00:00Z'));
    const december = await browser.agent.get('/admin/programme/clone').expect(200);
    t.clock.set(now);
    for (const slug of slugs) expect(december.text, slug).toContain(`name="events" value="${slug}" checked`);

    const eventsBefore = await count(t, 'events');
    const review = await browser.agent.get(reviewUrl(slugs)).expect(200);
    expect(review.text).toContain('Jauni pasākumi (melnraksti): 12');
    expect(review.text).toContain('Sesijas nedēļas nogalē vai svētku dienā: 1');
    // Preiļi's workshop moves from Thursday 6 May 2027 to Thursday 4 May 2028: a holiday.
    expect(review.text).toContain('ceturtdiena, 2028. gada 4. maijs');
    expect(review.text).toContain('⚠ Latvijas Republikas Neatkarības atjaunošanas diena');
    expect(review.text).not.toContain('sestdiena');
    expect(review.text).not.toContain('svētdiena');
    // capacities: the template's size beside today's
    expect(review.text).toMatch(/<td>100<\/td><td>120<\/td>/);
    expect(await count(t, 'events')).toBe(eventsBefore); // a review makes nothing

    const body = { events: slugs, weeks: '52', titlePattern: '{title}', replaceYear: '1' };
    const made = await browser.post('/admin/programme/clone', body).expect(303);
    expect(made.headers.location).toMatch(/^\/admin\/programme\/clones\/\d+\?done=programmeCloned$/);
    const batchUrl = String(made.headers.location).split('?')[0] ?? '';
    const batchPage = await browser.agent.get(String(made.headers.location)).expect(200);
    expect(batchPage.text).toContain('Programmas kopija izveidota (melnraksti).');
    expect(batchPage.text).toContain('Publicēt visus melnrakstus');

    const copies = (await t
      .db('programme_clone_events as c')
      .join('events as e', 'e.id', 'c.event_id')
      .select('e.id', 'e.slug', 'e.status', 'e.title_lv', 'c.source_event_id')) as Row[];
    expect(copies).toHaveLength(12);
    expect(copies.every((c) => c.status === 'draft')).toBe(true);
    expect(copies.map((c) => c.slug)).toContain('skola-vecaki-berni-2028');

    const onHolidays: string[] = [];
    for (const copy of copies) {
      const source = (await t
        .db('sessions')
        .where('event_id', Number(copy.source_event_id))
        .orderBy('starts_at')) as Row[];
      const copied = (await t.db('sessions').where('event_id', Number(copy.id)).orderBy('starts_at')) as Row[];
      expect(copied.length, String(copy.slug)).toBe(source.length);
      for (const [i, s] of source.entries()) {
        const was = riga(s.starts_at);
        const now = riga(copied[i]?.starts_at);
        expect(now.weekday, String(s.title_lv)).toBe(was.weekday);
        expect(now.toFormat('HH:mm'), String(s.title_lv)).toBe(was.toFormat('HH:mm'));
        expect(now.toISODate()).toBe(was.plus({ days: 364 }).toISODate());
        expect(now.weekday).toBeLessThan(6);
        if (HOLIDAYS_2028.includes(now.toISODate() ?? '')) onHolidays.push(String(copy.slug));
      }
    }
    expect(onHolidays).toEqual(['darbnica-preili-2028']);

    // The Latgale day stays on the conference's fifth weekday, a Friday.
    const conference = copies.find((c) => c.slug === 'skola-vecaki-berni-2028');
    const latgale = (await t
      .db('sessions')
      .where({ event_id: Number(conference?.id), region_id: 'latgale', kind: 'plenary' })
      .first()) as Row;
    expect(riga(latgale.starts_at).weekday).toBe(5);

    // The Rīga pool of the copy: its size as made, nothing used.
    const rigaPool = (await t.db('quotas').where('id', ids.quota.riga).first()) as Row;
    const copiedPool = (await t
      .db('quotas')
      .where({ event_id: Number(conference?.id), name: String(rigaPool.name) })
      .first()) as Row;
    expect(Number(rigaPool.size)).toBe(120);
    expect(Number(rigaPool.initial_size)).toBe(100); // the first change kept the size as made
    expect(Number(copiedPool.size)).toBe(100);
    expect(Number(copiedPool.initial_size)).toBe(100);
    expect(Number(copiedPool.used)).toBe(0);

    const published = await browser.post(`${batchUrl}/publish`).expect(303);
    expect(published.headers.location).toBe(`${batchUrl}?done=programmePublished&n=12`);
    const after = await browser.agent.get(String(published.headers.location)).expect(200);
    expect(after.text).toContain('Publicēti pasākumi: 12.');
    expect(after.text).toContain('Šajā kopijā vairs nav melnrakstu.');
    const statuses = (await t
      .db('events')
      .whereIn(
        'id',
        copies.map((c) => Number(c.id)),
      )
      .distinct('status')) as Row[];
    expect(statuses.map((s) => s.status)).toEqual(['published']);
    const actions = ((await t.db('audit_log').where('actor', 'gads@example.lv').select('action')) as Row[]).map(
      (a) => a.action,
    );
    expect(actions).toContain('programme.clone');
    expect(actions).toContain('programme.clone.publish');
  });

  it('when one draft of a batch cannot be published, then none is, and the page names it', async () => {
    const browser = await signIn(t, 'gads@example.lv');
    const made = await browser
      .post('/admin/programme/clone', {
        events: ['darbnica-cesis', 'darbnica-tukums'],
        weeks: '104',
        titlePattern: '{title}',
      })
      .expect(303);
    const batchUrl = String(made.headers.location).split('?')[0] ?? '';
    const copies = (await t
      .db('programme_clone_events as c')
      .join('events as e', 'e.id', 'c.event_id')
      .where('c.batch_id', Number(batchUrl.split('/').pop()))
      .select('e.id', 'e.slug', 'e.title_lv')) as Row[];
    expect(copies.map((c) => c.slug).sort()).toEqual(['darbnica-cesis-2029', 'darbnica-tukums-2029']);
    // the first step lists the copies made, each a way back to its batch
    const form = await browser.agent.get('/admin/programme/clone').expect(200);
    expect(form.text).toContain(`<a href="${batchUrl}">`);
    const broken = copies.find((c) => c.slug === 'darbnica-tukums-2029');
    const pools = (await t.db('quotas').where('event_id', Number(broken?.id)).select('id')) as { id: number }[];
    await t
      .db('quota_sessions')
      .whereIn(
        'quota_id',
        pools.map((p) => p.id),
      )
      .del();

    const refused = await browser.post(`${batchUrl}/publish`).expect(400);
    expect(refused.text).toContain('Neviens pasākums netika publicēts.');
    expect(refused.text).toContain(`<li>${String(broken?.title_lv)}</li>`);
    const statuses = (await t
      .db('events')
      .whereIn(
        'id',
        copies.map((c) => Number(c.id)),
      )
      .select('status')) as Row[];
    expect(statuses.map((s) => s.status)).toEqual(['draft', 'draft']);
  });

  it('in English, then the pages, the warning and the titles from the pattern read in English', async () => {
    await t.db('events').where('slug', 'darbnica-preili').update({ title_en: 'Workshop in Preiļi 2027' });
    const browser = await signIn(t, 'gads@example.lv');
    const form = await browser.agent.get('/admin/programme/clone?lang=en').expect(200);
    expect(form.text).toContain('Copy the programme');
    expect(form.text).toContain('Pattern of the new title');

    const moved = await browser.agent
      .get(`${reviewUrl(['darbnica-preili'], { titlePattern: '{title} ({year})' })}&lang=en`)
      .expect(200);
    expect(moved.text).toContain('Review of the programme’s copy');
    expect(moved.text).toContain('Workshop in Preiļi 2028 (2028)');
    expect(moved.text).toContain('Thursday, 4 May 2028');
    expect(moved.text).toContain('⚠ Restoration of Independence Day');
    expect(moved.text).toContain('In the copy (size as made)');

    const kept = await browser.agent
      .get(`${reviewUrl(['darbnica-preili'], { titlePattern: '{title} ({year})', replaceYear: '' })}&lang=en`)
      .expect(200);
    expect(kept.text).toContain('Workshop in Preiļi 2027 (2028)');

    const bad = await browser.agent.get(`${reviewUrl([], { weeks: 'x' })}&lang=en`).expect(400);
    expect(bad.text).toContain('Events: Tick at least one event.');
    expect(bad.text).toContain('Move the dates by how many weeks: Enter a whole number of weeks from 1 to 260.');
  });

  it('when the choice is wrong, then the first step says which field, in Latvian, and nothing is made', async () => {
    const browser = await signIn(t, 'gads@example.lv');
    const before = await count(t, 'events');
    const none = await browser.agent.get(reviewUrl([], { weeks: '0', titlePattern: 'Jauns' })).expect(400);
    expect(none.text).toContain('<a href="#events">Pasākumi: Atzīmējiet vismaz vienu pasākumu.</a>');
    expect(none.text).toContain(
      '<a href="#weeks">Par cik nedēļām pārcelt datumus: Ievadiet veselu nedēļu skaitu no 1 līdz 260.</a>',
    );
    expect(none.text).toContain(
      '<a href="#titlePattern">Jaunā nosaukuma paraugs: Paraugā nav vietas pasākuma nosaukumam: ierakstiet to, kā rāda piemērs.</a>',
    );
    const unknown = await browser
      .post('/admin/programme/clone', { events: ['nav-tada'], weeks: '52', titlePattern: '{title}' })
      .expect(400);
    expect(unknown.text).toContain('Kāds no izvēlētajiem pasākumiem vairs nav pieejams (atcelts vai dzēsts)');
    expect(await count(t, 'events')).toBe(before);
  });

  it('when a coordinator tries, then the back office’s 403 page and nothing is made', async () => {
    await organizer(t, 'koord-gads@example.lv', 'coordinator', ['riga']);
    const browser = await signIn(t, 'koord-gads@example.lv');
    const before = await count(t, 'programme_clone_batches');
    for (const url of ['/admin/programme/clone', reviewUrl(['darbnica-cesis']), '/admin/programme/clones/1']) {
      const res = await browser.agent.get(url).expect(403);
      expect(res.text).toContain('<body class="admin">');
    }
    await browser
      .post('/admin/programme/clone', { events: ['darbnica-cesis'], weeks: '52', titlePattern: '{title}' })
      .expect(403);
    await browser.post('/admin/programme/clones/1/publish').expect(403);
    expect(await count(t, 'programme_clone_batches')).toBe(before);
  });

  it('through the organizer API, then a dry run answers the review, a clone makes drafts, and publishing is all or nothing', async () => {
    const token = await apiToken(t, await organizer(t, 'api-gads@example.lv'));
    const api = (path: string) => request(t.app).post(path).set('Authorization', `Bearer ${token}`);
    const before = await count(t, 'events');

    const dry = await api('/api/v1/admin/programme/clones')
      .send({ events: ['darbnica-preili'], weeks: 52, titlePattern: '{title} ({year})', dryRun: true })
      .expect(200);
    const plan = ProgrammeCloneAnswer.parse(dry.body);
    expect(plan.batch.id).toBeNull();
    expect(plan.batch.warnings).toBe(1);
    expect(plan.batch.events[0]?.sessions[0]).toMatchObject({
      startsAt: '2028-05-04T10:00:00.000+03:00',
      warnings: ['independence'],
    });
    expect(await count(t, 'events')).toBe(before);

    const made = await api('/api/v1/admin/programme/clones')
      .send({ events: ['darbnica-preili', 'supervizija-rezekne'], weeks: 52 })
      .expect(201);
    const batch = ProgrammeCloneAnswer.parse(made.body).batch;
    expect(batch.id).toBeGreaterThan(0);
    expect(batch.events.map((e) => e.source)).toEqual(['darbnica-preili', 'supervizija-rezekne']);
    expect(await count(t, 'events')).toBe(before + 2);

    const broken = (await t.db('events').where('slug', batch.events[1]?.slug).first('id')) as { id: number };
    const pools = (await t.db('quotas').where('event_id', broken.id).select('id')) as { id: number }[];
    const links = (await t.db('quota_sessions').whereIn(
      'quota_id',
      pools.map((p) => p.id),
    )) as Row[];
    await t
      .db('quota_sessions')
      .whereIn(
        'quota_id',
        pools.map((p) => p.id),
      )
      .del();
    const refused = await api(`/api/v1/admin/programme/clones/${batch.id}/publish?lang=en`).expect(409);
    expect(refused.body.error.code).toBe('not_allowed');
    expect(Object.keys(refused.body.error.fields as object)).toEqual([batch.events[1]?.slug]);
    await t.db('quota_sessions').insert(links);

    const published = await api(`/api/v1/admin/programme/clones/${batch.id}/publish`).expect(200);
    expect(CloneBatchPublishAnswer.parse(published.body)).toEqual({ published: 2 });
    await api(`/api/v1/admin/programme/clones/${batch.id}/publish`).expect(200, { published: 0 });
    await api('/api/v1/admin/programme/clones/999999/publish').expect(404);

    const bad = await api('/api/v1/admin/programme/clones?lang=en').send({ events: [], weeks: 0 }).expect(400);
    expect(bad.body.error.fields).toEqual({
      events: 'Tick at least one event.',
      weeks: 'Enter a whole number of weeks from 1 to 260.',
    });

    const coordinator = await apiToken(t, await organizer(t, 'api-koord@example.lv', 'coordinator', ['riga']));
    await request(t.app)
      .post('/api/v1/admin/programme/clones')
      .set('Authorization', `Bearer ${coordinator}`)
      .send({ events: ['darbnica-preili'], weeks: 52, dryRun: true })
      .expect(403);
  });
});
