import request from 'supertest';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { KeptAnswers } from '../../server/http/keptLane.js';
import { createTestApp, demoIds, DEMO_SLUG, person, type DemoIds, type TestApp } from '../support/app.js';
import { testDialect } from '../support/db.js';

const URLS = [
  `/events/${DEMO_SLUG}`,
  `/events/${DEMO_SLUG}/calendar.ics`,
  '/api/v1/events',
  `/api/v1/events/${DEMO_SLUG}`,
];

/** Everything of an answer but its date. */
const answerOf = (res: request.Response) => ({
  status: res.status,
  headers: Object.fromEntries(Object.entries(res.headers).filter(([name]) => name !== 'date')),
  body: res.text,
});

/**
 * The kept lane serves public answers before Express while the database is unchanged
 * (SQLite's data version) and time has not moved them on. A cookie sends the same request
 * Express's way, for comparison. On PostgreSQL nothing is kept (no data version to watch):
 * there only "Express answers every time" is checked.
 */
describe('the kept lane', () => {
  let t: TestApp;
  let ids: DemoIds;
  const find = vi.spyOn(KeptAnswers.prototype, 'find');
  /** Whether the lane served the latest request. */
  const servedByLane = () => find.mock.results.at(-1)?.value != null;

  beforeAll(async () => {
    t = await createTestApp();
    ids = await demoIds(t.db);
  });
  afterAll(() => t.close());
  afterEach(() => find.mockClear());

  const kept = testDialect === 'sqlite';

  it.each(URLS)('%s: asked again, served by the lane exactly as Express serves it', async (url) => {
    await request(t.app).get(url).expect(200);
    const lane = await request(t.app).get(url).expect(200);
    expect(servedByLane()).toBe(kept);
    const express = await request(t.app).get(url).set('Cookie', 'seen=1').expect(200);
    expect(answerOf(lane)).toEqual(answerOf(express));
    expect(lane.headers['content-security-policy']).toContain("default-src 'self'");
  });

  it.each(URLS)('%s: with If-None-Match, 304 as Express gives it', async (url) => {
    const first = await request(t.app).get(url).expect(200);
    const etag = String(first.headers.etag);
    const lane = await request(t.app).get(url).set('If-None-Match', etag).expect(304);
    expect(servedByLane()).toBe(kept);
    const express = await request(t.app).get(url).set('If-None-Match', etag).set('Cookie', 'seen=1').expect(304);
    expect(answerOf(lane)).toEqual(answerOf(express));
    expect(lane.text).toBe('');
  });

  it('keeps the API per language asked for', async () => {
    await request(t.app).get('/api/v1/events').set('Accept-Language', 'en').expect(200);
    const en = await request(t.app).get('/api/v1/events').set('Accept-Language', 'en').expect(200);
    expect(servedByLane()).toBe(kept);
    const lv = await request(t.app).get('/api/v1/events').expect(200);
    expect(en.text).not.toBe(lv.text);
    const express = await request(t.app).get('/api/v1/events').set('Accept-Language', 'en').set('Cookie', 'a=1');
    expect(en.text).toBe(express.text);
  });

  it('when someone registers, then the next request goes to Express and shows the places left', async () => {
    const url = `/api/v1/events/${DEMO_SLUG}`;
    await request(t.app).get(url).expect(200);
    const before = await request(t.app).get(url).expect(200);
    const [workshop] = ids.workshops.latgale ?? [];
    await request(t.app)
      .post(`/api/v1/events/${DEMO_SLUG}/registrations`)
      .send(person({ regionId: 'latgale', municipality: 'ludza', sessionIds: [workshop] }))
      .expect(201);
    const after = await request(t.app).get(url).expect(200);
    expect(servedByLane()).toBe(false);
    const left = (res: request.Response) =>
      (res.body as { event: { quotas: { id: number; left: number }[] } }).event.quotas.find(
        (q) => q.id === ids.quota.latgale,
      )?.left;
    expect(left(after)).toBe((left(before) ?? 0) - 1);
    const again = await request(t.app).get(url).expect(200);
    expect(servedByLane()).toBe(kept);
    expect(again.text).toBe(after.text);
  });

  it('when the minute turns, then the event page is built again (sessions that began)', async () => {
    const url = `/events/${DEMO_SLUG}`;
    await request(t.app).get(url).expect(200);
    await request(t.app).get(url).expect(200);
    expect(servedByLane()).toBe(kept);
    t.clock.advance(60_000);
    await request(t.app).get(url).expect(200);
    expect(servedByLane()).toBe(false);
  });

  it('keeps only the canonical URL: other spellings Express routes take no place of their own', async () => {
    const odd = [`/EVENTS/${DEMO_SLUG}`, `/events/${DEMO_SLUG}/`, `/api/v1/events/${DEMO_SLUG.replace('s', '%73')}`];
    for (const url of odd) {
      await request(t.app).get(url).expect(200);
      await request(t.app).get(url).expect(200);
      expect(servedByLane()).toBe(false);
    }
  });

  it('when the lane cannot read the database, then Express answers instead', async () => {
    const url = '/api/v1/events';
    await request(t.app).get(url).expect(200);
    find.mockImplementationOnce(() => {
      throw new Error('the database connection is not open');
    });
    const res = await request(t.app).get(url).expect(200);
    expect(res.body).toHaveProperty('events');
  });

  it('leaves requests with a query string, a cookie or another method to Express', async () => {
    const url = `/events/${DEMO_SLUG}`;
    await request(t.app).get(url).expect(200);
    find.mockClear();
    await request(t.app).get(`${url}?lang=en`).expect(200);
    await request(t.app).get(url).set('Cookie', 'lang=en').expect(200);
    await request(t.app).head(url).expect(200);
    expect(find.mock.results.map((r) => r.value as unknown)).toEqual([null, null, null]);
  });
});
