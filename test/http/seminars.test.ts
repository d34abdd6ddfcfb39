import request from 'supertest';
import { beforeAll, describe, expect, it } from 'vitest';
import { SEMINARS_SLUG } from '../../seeds/seminars.js';
import { formAgent } from '../support/forms.js';
import { person } from '../support/app.js';
import { useTestApp } from '../support/fixtures.js';

const LIST = `/events/${SEMINARS_SLUG}`;
const API = `/api/v1/events/${SEMINARS_SLUG}/registrations`;

interface SeminarRow {
  id: number;
  region_id: string;
  audience: string;
  place: string | null;
  starts_at: string;
}

describe('introductory seminars', () => {
  const { t } = useTestApp({ now: new Date('2026-11-02T08:00:00Z') });
  let seminars: SeminarRow[];

  beforeAll(async () => {
    seminars = (await t
      .db('sessions')
      .join('events', 'events.id', 'sessions.event_id')
      .where('events.slug', SEMINARS_SLUG)
      .orderBy('sessions.starts_at')
      .select('sessions.id', 'region_id', 'audience', 'place', 'starts_at')) as SeminarRow[];
  });

  /** A seminar's own quota, made small so the test can fill it. */
  async function shrink(sessionId: number, size: number): Promise<void> {
    const link = (await t.db('quota_sessions').where('session_id', sessionId).first()) as { quota_id: number };
    await t.db('quotas').where('id', link.quota_id).update({ size });
  }

  it('the demo seeds 8 seminars for municipality staff and 20 in schools, each with its own quota, across all regions', async () => {
    expect(seminars.filter((s) => s.audience === 'municipality_staff')).toHaveLength(8);
    expect(seminars.filter((s) => s.audience === 'school_staff')).toHaveLength(20);
    expect(new Set(seminars.map((s) => s.region_id))).toEqual(
      new Set(['riga', 'vidzeme', 'kurzeme', 'zemgale', 'latgale']),
    );
    const links = (await t
      .db('quota_sessions')
      .whereIn(
        'session_id',
        seminars.map((s) => s.id),
      )
      .select('quota_id')) as { quota_id: number }[];
    expect(new Set(links.map((l) => l.quota_id)).size).toBe(28);
    const conference = (await t.db('sessions').where('kind', 'plenary').max({ end: 'ends_at' }).first()) as {
      end: string;
    };
    expect(seminars.every((s) => s.starts_at > conference.end)).toBe(true);
  });

  it('the public list filters by audience, region and month and shows places left', async () => {
    const all = await request(t.app).get(LIST).expect(200);
    expect(all.text).toContain('Atrasti semināri: 28');
    expect(all.text).toContain('Brīvas vietas: 25 no 25');
    expect(all.text).toContain('Brīvas vietas: 30 no 30');
    expect(all.text).toContain('Tiešsaistē');
    const municipal = await request(t.app).get(`${LIST}?audience=municipality_staff`).expect(200);
    expect(municipal.text).toContain('Atrasti semināri: 8');
    const latgaleSchools = await request(t.app).get(`${LIST}?audience=school_staff&region=latgale`).expect(200);
    expect(latgaleSchools.text).toContain('Atrasti semināri: 4');
    expect(latgaleSchools.text).toContain('Daugavpils 1. pamatskola');
    expect(latgaleSchools.text).not.toContain('Cēsu 1. pamatskola');
    const month = seminars[0]?.starts_at.slice(0, 7) ?? '';
    const inMonth = seminars.filter((s) => s.starts_at.slice(0, 7) === month).length;
    const byMonth = await request(t.app).get(`${LIST}?month=${month}`).expect(200);
    expect(byMonth.text).toContain(`Atrasti semināri: ${inMonth}`);
    expect(inMonth).toBeLessThan(28);
    // Unknown filter values mean "all", not an error page.
    const odd = await request(t.app).get(`${LIST}?audience=<script>&region=x&month=13`).expect(200);
    expect(odd.text).toContain('Atrasti semināri: 28');
    expect(odd.text).not.toContain('<script>');
    const en = await request(t.app).get(`${LIST}?lang=en&audience=school_staff`).expect(200);
    expect(en.text).toContain('Seminars found: 20');
  });

  it('registration through the API: a full seminar waitlists the next person, and a cancellation promotes them', async () => {
    const small = seminars.find((s) => s.region_id === 'kurzeme' && s.audience === 'school_staff');
    if (!small) throw new Error('no Kurzeme school seminar');
    await shrink(small.id, 2);
    const body = () => person({ regionId: 'kurzeme', municipality: 'liepaja', sessionIds: [small.id] });
    const tokens: string[] = [];
    const statuses: unknown[] = [];
    for (let i = 0; i < 4; i += 1) {
      const res = await request(t.app).post(API).send(body()).expect(201);
      tokens.push(String(res.body.registration.manageUrl).split('/r/')[1] ?? '');
      statuses.push(res.body.registration.items);
    }
    expect(statuses).toEqual([
      [{ sessionId: small.id, status: 'confirmed', waitlistPosition: null, holdExpiresAt: null, offerExpiresAt: null }],
      [{ sessionId: small.id, status: 'confirmed', waitlistPosition: null, holdExpiresAt: null, offerExpiresAt: null }],
      [{ sessionId: small.id, status: 'waitlisted', waitlistPosition: 1, holdExpiresAt: null, offerExpiresAt: null }],
      [{ sessionId: small.id, status: 'waitlisted', waitlistPosition: 2, holdExpiresAt: null, offerExpiresAt: null }],
    ]);
    const list = await request(t.app).get(`${LIST}?region=kurzeme&audience=school_staff`).expect(200);
    expect(list.text).toContain('Vietu nav — reģistrējoties nonāksiet rindā');

    await request(t.app).delete(`/api/v1/registrations/${tokens[0]}`).expect(200);
    const third = await request(t.app).get(`/api/v1/registrations/${tokens[2]}`).expect(200);
    expect(third.body.registration.items).toEqual([
      { sessionId: small.id, status: 'confirmed', waitlistPosition: null, holdExpiresAt: null, offerExpiresAt: null },
    ]);
    const fourth = await request(t.app).get(`/api/v1/registrations/${tokens[3]}`).expect(200);
    expect(fourth.body.registration.items).toEqual([
      { sessionId: small.id, status: 'waitlisted', waitlistPosition: 1, holdExpiresAt: null, offerExpiresAt: null },
    ]);
    const promotedMail = await t.db('outbox').where('kind', 'promoted');
    expect(promotedMail).toHaveLength(1);
  });

  it('registration through the form: several seminars at once, then a waitlist place on a full one', async () => {
    const zemgale = seminars.filter((s) => s.region_id === 'zemgale');
    const [first, second, full] = zemgale;
    if (!first || !second || !full) throw new Error('too few Zemgale seminars');
    await shrink(full.id, 1);
    const { agent, csrf } = await formAgent(t, `${LIST}/register`);
    const form = (email: string, ids: number[]) => ({
      name: 'Anna Kalniņa',
      email,
      institution: 'Jelgavas 1. pamatskola',
      municipality: 'jelgava',
      role: 'support_specialist',
      regionId: 'zemgale',
      sessionIds: ids.map(String),
      language: 'lv',
      consent: 'yes',
      _csrf: csrf,
    });
    const a = await agent
      .post(`${LIST}/register`)
      .type('form')
      .send(form('anna.kalnina@skola.lv', [first.id, second.id, full.id]))
      .expect(303);
    const aPage = await request(t.app).get(String(a.headers.location)).expect(200);
    expect(aPage.text.match(/Vieta apstiprināta/g)).toHaveLength(3);

    const b = await agent
      .post(`${LIST}/register`)
      .type('form')
      .send(form('peteris@skola.lv', [full.id]))
      .expect(303);
    const bPage = await request(t.app).get(String(b.headers.location)).expect(200);
    expect(bPage.text).toContain('Rindā 1. vietā');

    // Choosing nothing, or a seminar of another region, is a clear message and changes nothing.
    const none = await agent.post(`${LIST}/register`).type('form').send(form('x@skola.lv', [])).expect(400);
    expect(none.text).toContain('Izvēlieties vismaz vienu semināru.');
    const other = seminars.find((s) => s.region_id === 'latgale');
    const wrong = await agent
      .post(`${LIST}/register`)
      .type('form')
      .send(form('y@skola.lv', [other?.id ?? 0]))
      .expect(400);
    expect(wrong.text).toContain('Izvēlētā sesija nav pieejama šajā reģionā.');
  });

  it('the list offers a register link that arrives with the seminar ticked', async () => {
    const target = seminars.find((s) => s.region_id === 'vidzeme');
    const list = await request(t.app).get(`${LIST}?region=vidzeme`).expect(200);
    const href = `/events/${SEMINARS_SLUG}/register?region=vidzeme&amp;session=${target?.id}`;
    expect(list.text).toContain(href);
    const formPage = await request(t.app)
      .get(`/events/${SEMINARS_SLUG}/register?region=vidzeme&session=${target?.id}`)
      .expect(200);
    expect(formPage.text).toMatch(new RegExp(`id="session-${target?.id}"[^>]*value="${target?.id}" checked`));
  });

  it('a seminar that has begun is no longer offered, though the series is still open', async () => {
    const [first, second] = seminars;
    if (!first || !second) throw new Error('no seminars');
    t.clock.set(new Date(Date.parse(first.starts_at) + 60_000));
    const res = await request(t.app)
      .post(API)
      .send(person({ regionId: first.region_id, sessionIds: [first.id] }))
      .expect(400);
    expect(res.body.error.fields).toEqual({ sessionIds: 'Izvēlētā sesija jau ir sākusies; izvēlieties citu.' });
    const formPage = await request(t.app).get(`${LIST}/register`).expect(200);
    expect(formPage.text).not.toContain(`id="session-${first.id}"`);
    expect(formPage.text).toContain(`id="session-${second.id}"`);
    const list = await request(t.app).get(LIST).expect(200);
    expect(list.text).toContain('Atrasti semināri: 27');
  });

  it('the API describes each seminar with its audience and place, never its online link', async () => {
    const res = await request(t.app).get(`/api/v1/events/${SEMINARS_SLUG}`).expect(200);
    const event = res.body.event as {
      kind: string;
      sessions: { id: number; audience: string | null; place: string | null; capacityLeft: number | null }[];
    };
    expect(event.kind).toBe('seminar_series');
    expect(event.sessions).toHaveLength(28);
    const school = event.sessions.find((s) => s.place === 'Cēsu 1. pamatskola');
    expect(school).toMatchObject({ audience: 'school_staff', capacityLeft: 25 });
    expect(event.sessions.filter((s) => s.place === null && s.audience === 'municipality_staff')).toHaveLength(2);
    expect(res.text).not.toContain('videokonference');
  });
});
