import request from 'supertest';
import { beforeAll, describe, expect, it } from 'vitest';
import { person } from '../support/app.js';
import { conference, type BuiltConference } from '../support/build.js';
import { useTestApp } from '../support/fixtures.js';

const SLUG = 'konference';

/**
 * Event page, public calendar feed and events API are kept between requests with their
 * ETag: the same answer while nothing they show changed, 304 for a browser that has it,
 * and a new answer (and ETag) as soon as places, texts or sessions change.
 */
describe('kept public responses', () => {
  const { t } = useTestApp({ seed: false });
  let event: BuiltConference;
  beforeAll(async () => {
    event = await conference(t.db, t.clock.now(), { slug: SLUG, regions: ['kurzeme', 'zemgale', 'latgale'] });
  });

  const urls = [`/events/${SLUG}?lang=en`, `/events/${SLUG}/calendar.ics`, '/api/v1/events', `/api/v1/events/${SLUG}`];

  it.each(urls)('%s: asked again, the same body and ETag; with If-None-Match, 304', async (url) => {
    const first = await request(t.app).get(url).expect(200);
    const second = await request(t.app).get(url).expect(200);
    expect(first.headers.etag).toMatch(/^W\/"/);
    expect(second.headers.etag).toBe(first.headers.etag);
    expect(second.text).toBe(first.text);
    expect(Number(second.headers['content-length'])).toBe(Buffer.byteLength(second.text));
    await request(t.app).get(url).set('If-None-Match', String(first.headers.etag)).expect(304);
  });

  it('when someone registers, then the places left change in the API and on the page at once', async () => {
    const api = await request(t.app).get(`/api/v1/events/${SLUG}`).expect(200);
    const page = await request(t.app).get(`/events/${SLUG}?lang=en`).expect(200);
    const [workshop] = event.workshops.kurzeme ?? [];
    await request(t.app)
      .post(`/api/v1/events/${SLUG}/registrations`)
      .send(person({ regionId: 'kurzeme', municipality: 'talsi', sessionIds: [workshop] }))
      .expect(201);
    const apiAfter = await request(t.app)
      .get(`/api/v1/events/${SLUG}`)
      .set('If-None-Match', String(api.headers.etag))
      .expect(200);
    const left = (body: { event: { quotas: { id: number; left: number }[] } }) =>
      body.event.quotas.find((q) => q.id === event.quota.kurzeme)?.left;
    expect(left(apiAfter.body as never)).toBe((left(api.body as never) ?? 0) - 1);
    const pageAfter = await request(t.app).get(`/events/${SLUG}?lang=en`).expect(200);
    expect(pageAfter.headers.etag).not.toBe(page.headers.etag);
  });

  it('when someone registers, then the events list shows the places left at once, though it is kept whole between commits', async () => {
    const leftInList = (body: { events: { slug: string; quotas: { id: number; left: number }[] }[] }) =>
      body.events.find((e) => e.slug === SLUG)?.quotas.find((q) => q.id === event.quota.latgale)?.left;
    const list = await request(t.app).get('/api/v1/events').expect(200);
    const again = await request(t.app).get('/api/v1/events').expect(200);
    expect(again.headers.etag).toBe(list.headers.etag);
    const [workshop] = event.workshops.latgale ?? [];
    await request(t.app)
      .post(`/api/v1/events/${SLUG}/registrations`)
      .send(person({ regionId: 'latgale', municipality: 'daugavpils', sessionIds: [workshop] }))
      .expect(201);
    const after = await request(t.app)
      .get('/api/v1/events')
      .set('If-None-Match', String(list.headers.etag))
      .expect(200);
    expect(leftInList(after.body as never)).toBe((leftInList(list.body as never) ?? 0) - 1);
  });

  it('when a session is renamed, then the feed and the events list show the new title', async () => {
    const feed = await request(t.app).get(`/events/${SLUG}/calendar.ics`).expect(200);
    const list = await request(t.app).get('/api/v1/events?lang=en').expect(200);
    const [workshop] = event.workshops.zemgale ?? [];
    await t
      .db('sessions')
      .where('id', workshop)
      .update({ title_lv: 'Pārdēvēta darbnīca', title_en: 'Renamed workshop' });
    const feedAfter = await request(t.app).get(`/events/${SLUG}/calendar.ics`).expect(200);
    expect(feedAfter.headers.etag).not.toBe(feed.headers.etag);
    expect(feedAfter.text).toContain('Pārdēvēta darbnīca');
    const listAfter = await request(t.app).get('/api/v1/events?lang=en').expect(200);
    expect(listAfter.headers.etag).not.toBe(list.headers.etag);
    expect(listAfter.text).toContain('Renamed workshop');
  });
});
