import request from 'supertest';
import { beforeAll, describe, expect, it } from 'vitest';
import { person } from '../support/app.js';
import { conference, seminarSeries, type BuiltConference } from '../support/build.js';
import { useTestApp } from '../support/fixtures.js';

const SEMINARS_SLUG = 'ievadseminari';
const MINUTE = 60_000;
const REGIONS = ['riga', 'vidzeme', 'kurzeme', 'zemgale', 'latgale'];

/**
 * Workshop and online-seminar join links are private (docs/ARCHITECTURE.md, rule 7): this walks
 * every public page and API payload, and everything an anonymous or a waitlisted person
 * can open, at the moments a leak would be most likely (before, during and after each
 * plenary and while the join window of the sessions is open).
 */
describe('private join links', () => {
  const { t } = useTestApp({ now: new Date('2026-11-02T08:00:00Z'), seed: false });
  let event: BuiltConference;
  beforeAll(async () => {
    event = await conference(t.db, t.clock.now(), { regions: REGIONS });
    await seminarSeries(t.db, t.clock.now(), {
      slug: SEMINARS_SLUG,
      seminars: [
        { regionId: 'zemgale', audience: 'school_staff', place: 'Jelgavas 1. pamatskola' },
        { regionId: 'zemgale' },
        { regionId: 'riga' },
      ],
    });
  });
  let joinUrls: string[];
  let waitlisted: { token: string; sessionId: number };
  let confirmed: { token: string; sessionId: number };
  let seminarWaiting: { token: string; sessionId: number };

  const tokenOf = (body: { registration: { manageUrl: string } }) => body.registration.manageUrl.split('/r/')[1] ?? '';

  beforeAll(async () => {
    joinUrls = ((await t.db('sessions').whereNotNull('join_url').select('join_url')) as { join_url: string }[]).map(
      (r) => r.join_url,
    );

    // Riga's workshop pool holds one person: the next one waits.
    await t.db('quotas').where('id', event.quota.riga).update({ size: 1 });
    const [workshop] = event.workshops.riga ?? [];
    if (!workshop) throw new Error('no Riga workshop');
    const first = await request(t.app)
      .post(`/api/v1/events/${event.slug}/registrations`)
      .send(person({ sessionIds: [workshop] }))
      .expect(201);
    confirmed = { token: tokenOf(first.body), sessionId: workshop };
    const second = await request(t.app)
      .post(`/api/v1/events/${event.slug}/registrations`)
      .send(person({ sessionIds: [workshop] }))
      .expect(201);
    expect(second.body.registration.items[1].status).toBe('waitlisted');
    waitlisted = { token: tokenOf(second.body), sessionId: workshop };

    // The same for an online seminar (its link is as private as a workshop's).
    const online = (await t
      .db('sessions')
      .where({ kind: 'seminar', region_id: 'zemgale' })
      .whereNotNull('join_url')
      .first('id')) as { id: number };
    const link = (await t.db('quota_sessions').where('session_id', online.id).first()) as { quota_id: number };
    await t.db('quotas').where('id', link.quota_id).update({ size: 0 });
    const seminar = await request(t.app)
      .post(`/api/v1/events/${SEMINARS_SLUG}/registrations`)
      .send(person({ regionId: 'zemgale', municipality: 'jelgava', sessionIds: [online.id] }))
      .expect(201);
    expect(seminar.body.registration.items[0].status).toBe('waitlisted');
    seminarWaiting = { token: tokenOf(seminar.body), sessionId: online.id };
  });

  function expectNoJoinUrl(what: string, body: string): void {
    expect(joinUrls.length).toBeGreaterThan(10);
    for (const url of joinUrls) {
      if (body.includes(url)) throw new Error(`${what} contains the join link ${url}`);
    }
    expect(body, what).not.toContain('videokonference.example.lv');
  }

  async function anonymousPaths(): Promise<string[]> {
    const paths = [
      '/',
      '/?lang=en',
      '/?kind=conference',
      '/?region=zemgale',
      '/privacy',
      `/events/${event.slug}`,
      `/events/${event.slug}?lang=en`,
      `/events/${event.slug}/register`,
      `/events/${event.slug}/register?region=riga`,
      `/events/${SEMINARS_SLUG}`,
      `/events/${SEMINARS_SLUG}?lang=en`,
      `/events/${SEMINARS_SLUG}?region=zemgale`,
      `/events/${SEMINARS_SLUG}/register`,
      `/events/${SEMINARS_SLUG}/register?region=zemgale&session=${seminarWaiting.sessionId}`,
      `/events/${event.slug}/calendar.ics`,
      `/events/${SEMINARS_SLUG}/calendar.ics`,
      '/api/v1/events',
      `/api/v1/events/${event.slug}`,
      `/api/v1/events/${SEMINARS_SLUG}`,
      '/api/v1/openapi.json',
    ];
    for (const r of REGIONS) paths.push(`/events/${event.slug}/live/${r}`, `/events/${event.slug}/live/${r}?lang=en`);
    return paths;
  }

  const waitlistedPaths = () =>
    // Since personal join links, the confirmed person's own pages carry no meeting URL either.
    [waitlisted.token, seminarWaiting.token, confirmed.token].flatMap((token) => [
      `/r/${token}`,
      `/r/${token}?welcome=1`,
      `/r/${token}?lang=en`,
      `/r/${token}/calendar.ics`,
      `/r/${token}/data.json`,
      `/api/v1/registrations/${token}`,
    ]);

  async function sweep(moment: string): Promise<number> {
    let checked = 0;
    for (const path of [...(await anonymousPaths()), ...waitlistedPaths()]) {
      const res = await request(t.app).get(path);
      expect(res.status, `${moment} ${path}`).toBe(200);
      expectNoJoinUrl(`${moment} ${path}`, res.text);
      checked += 1;
    }
    return checked;
  }

  it('no page or payload shows one, before, during and after every plenary and in the join windows', async () => {
    const sessions = (await t.db('sessions').select('id', 'kind', 'starts_at', 'ends_at')) as {
      id: number;
      kind: string;
      starts_at: string;
      ends_at: string;
    }[];
    const moments: [string, Date][] = [['at seeding', new Date('2026-11-02T08:00:00Z')]];
    for (const s of sessions.filter(
      (x) => x.kind === 'plenary' || x.id === waitlisted.sessionId || x.id === seminarWaiting.sessionId,
    )) {
      const start = Date.parse(s.starts_at);
      moments.push(
        [`before ${s.id}`, new Date(start - 10 * MINUTE)],
        [`during ${s.id}`, new Date(start + 10 * MINUTE)],
        [`after ${s.id}`, new Date(Date.parse(s.ends_at) + MINUTE)],
      );
    }
    let checked = 0;
    for (const [label, at] of moments) {
      t.clock.set(at);
      checked += await sweep(label);
    }
    expect(checked).toBeGreaterThan(700);
  });

  it('the registration answers for a waitlisted person carry no join link either', async () => {
    t.clock.set(new Date('2026-11-02T08:00:00Z'));
    const [workshop] = event.workshops.riga ?? [];
    const res = await request(t.app)
      .post(`/api/v1/events/${event.slug}/registrations`)
      .send(person({ sessionIds: [workshop] }))
      .expect(201);
    expectNoJoinUrl('POST registration', res.text);
    const cancelled = await request(t.app)
      .delete(`/api/v1/registrations/${tokenOf(res.body)}`)
      .expect(200);
    expectNoJoinUrl('DELETE registration', cancelled.text);
  });

  /** The personal join link of the confirmed person's workshop seat, from their manage page. */
  async function workshopJoinPath(): Promise<string> {
    const page = await request(t.app).get(`/r/${confirmed.token}`).expect(200);
    const paths = [...page.text.matchAll(/\/j\/[A-Za-z0-9_-]{32}/g)].map((m) => m[0]);
    expect(paths).toHaveLength(2); // the plenary's and the workshop's
    return paths[1] ?? '';
  }

  it('the sweep would notice: a confirmed person reaches the meeting only through the personal link, from 30 minutes before the start until the end', async () => {
    const session = (await t.db('sessions').where('id', confirmed.sessionId).first()) as {
      starts_at: string;
      ends_at: string;
      join_url: string;
    };
    const start = Date.parse(session.starts_at);
    t.clock.set(new Date(start - 31 * MINUTE));
    const path = await workshopJoinPath();
    const early = await request(t.app).get(`/r/${confirmed.token}`).expect(200);
    expectNoJoinUrl('manage page, early', early.text);
    expect((await request(t.app).get(path).expect(200)).text).not.toContain(session.join_url);

    t.clock.set(new Date(start - 30 * MINUTE));
    const onTime = await request(t.app).get(`/r/${confirmed.token}`).expect(200);
    expectNoJoinUrl('manage page, in the window', onTime.text);
    expect((await request(t.app).get(path).expect(303)).headers.location).toBe(session.join_url);
    // …and the waitlisted person of the same workshop at the same moment has no link to it.
    const waiting = await request(t.app).get(`/r/${waitlisted.token}`).expect(200);
    expectNoJoinUrl('waitlisted manage page', waiting.text);
    const api = await request(t.app).get(`/api/v1/registrations/${confirmed.token}`).expect(200);
    expectNoJoinUrl('API', api.text);

    t.clock.set(new Date(Date.parse(session.ends_at)));
    expect((await request(t.app).get(path).expect(200)).text).not.toContain(session.join_url);
  });

  it('the join lead time is an event setting', async () => {
    await t.db('events').where('slug', event.slug).update({ join_link_minutes: 60 });
    const session = (await t.db('sessions').where('id', confirmed.sessionId).first()) as {
      starts_at: string;
      join_url: string;
    };
    t.clock.set(new Date(Date.parse(session.starts_at) - 45 * MINUTE));
    const res = await request(t.app)
      .get(await workshopJoinPath())
      .expect(303);
    expect(res.headers.location).toBe(session.join_url);
  });
});
