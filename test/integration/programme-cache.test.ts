import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadProgramme } from '../../server/db/programme.js';
import { createTestApp, demoIds, DEMO_SLUG, person, type DemoIds, type TestApp } from '../support/app.js';

const version = async (t: TestApp): Promise<number> =>
  Number(((await t.db('programme_version').first('version')) as { version: number }).version);

describe('the programme cache', () => {
  let t: TestApp;
  let ids: DemoIds;

  beforeAll(async () => {
    t = await createTestApp();
    ids = await demoIds(t.db);
  });
  afterAll(() => t.close());

  it('when nothing changed, then the static programme is served from the cache', async () => {
    const a = await loadProgramme(t.db, { slug: DEMO_SLUG });
    const b = await loadProgramme(t.db, { slug: DEMO_SLUG });
    expect(b?.sessions).toBe(a?.sessions);
    expect(Object.isFrozen(a?.sessions)).toBe(true);
  });

  it('when people register, then the programme version stays and the places left are live', async () => {
    const before = await version(t);
    const [workshop] = ids.workshops.latgale ?? [];
    await request(t.app)
      .post(`/api/v1/events/${DEMO_SLUG}/registrations`)
      .send(person({ regionId: 'latgale', municipality: 'ludza', sessionIds: [workshop] }))
      .expect(201);
    expect(await version(t)).toBe(before);
    const programme = await loadProgramme(t.db, { slug: DEMO_SLUG });
    expect(programme?.quotas.find((q) => q.id === ids.quota.latgale)?.used).toBe(1);
  });

  it('when a session is changed behind the app’s back, then the next load shows it', async () => {
    await loadProgramme(t.db, { slug: DEMO_SLUG });
    const [workshop] = ids.workshops.riga ?? [];
    await t.db('sessions').where('id', workshop).update({ title_en: 'Renamed by a script' });
    const programme = await loadProgramme(t.db, { slug: DEMO_SLUG });
    expect(programme?.sessions.find((s) => s.id === workshop)?.title.en).toBe('Renamed by a script');
  });

  it('when a quota starts covering another session, then the next load covers it too', async () => {
    await loadProgramme(t.db, { id: ids.eventId });
    const plenary = ids.plenary.zemgale ?? 0;
    await t.db('quota_sessions').insert({ quota_id: ids.quota.zemgale, session_id: plenary });
    const programme = await loadProgramme(t.db, { id: ids.eventId });
    expect(programme?.quotas.find((q) => q.id === ids.quota.zemgale)?.sessionIds).toContain(plenary);
  });

  it('when the event page is asked twice, then a change in places left shows at once', async () => {
    const first = await request(t.app).get(`/events/${DEMO_SLUG}?lang=en`).expect(200);
    await t.db('quotas').where('id', ids.quota.kurzeme).update({ size: 7 });
    const second = await request(t.app).get(`/events/${DEMO_SLUG}?lang=en`).expect(200);
    expect(second.text).not.toBe(first.text);
    expect(second.text).toMatch(/\b7\b/);
  });
});
