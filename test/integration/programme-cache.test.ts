import request from 'supertest';
import { beforeAll, describe, expect, it } from 'vitest';
import { openKnex } from '../../server/db/knex.js';
import { loadProgramme } from '../../server/db/programme.js';
import { person, type TestApp } from '../support/app.js';
import { conference, type BuiltConference } from '../support/build.js';
import { useTestApp } from '../support/fixtures.js';
import { testDialect } from '../support/db.js';

const version = async (t: TestApp): Promise<number> =>
  Number(((await t.db('programme_version').first('version')) as { version: number }).version);

describe('the programme cache', () => {
  const { t } = useTestApp({ seed: false });
  let event: BuiltConference;
  beforeAll(async () => {
    event = await conference(t.db, t.clock.now(), { regions: ['riga', 'vidzeme', 'kurzeme', 'zemgale', 'latgale'] });
  });

  it('when nothing changed, then the static programme is served from the cache', async () => {
    const a = await loadProgramme(t.ctx.db, { slug: event.slug });
    const b = await loadProgramme(t.ctx.db, { slug: event.slug });
    expect(b?.sessions).toBe(a?.sessions);
    expect(Object.isFrozen(a?.sessions)).toBe(true);
  });

  it('when people register, then the programme version stays and the places left are live', async () => {
    const before = await version(t);
    const [workshop] = event.workshops.latgale ?? [];
    await request(t.app)
      .post(`/api/v1/events/${event.slug}/registrations`)
      .send(person({ regionId: 'latgale', municipality: 'ludza', sessionIds: [workshop] }))
      .expect(201);
    expect(await version(t)).toBe(before);
    const programme = await loadProgramme(t.ctx.db, { slug: event.slug });
    expect(programme?.quotas.find((q) => q.id === event.quota.latgale)?.used).toBe(1);
  });

  it('when a session is changed behind the app’s back, then the next load shows it', async () => {
    await loadProgramme(t.ctx.db, { slug: event.slug });
    const [workshop] = event.workshops.riga ?? [];
    await t.db('sessions').where('id', workshop).update({ title_en: 'Renamed by a script' });
    const programme = await loadProgramme(t.ctx.db, { slug: event.slug });
    expect(programme?.sessions.find((s) => s.id === workshop)?.title.en).toBe('Renamed by a script');
  });

  it('when a quota starts covering another session, then the next load covers it too', async () => {
    await loadProgramme(t.ctx.db, { id: event.eventId });
    const plenary = event.plenary.zemgale ?? 0;
    await t.db('quota_sessions').insert({ quota_id: event.quota.zemgale, session_id: plenary });
    const programme = await loadProgramme(t.ctx.db, { id: event.eventId });
    expect(programme?.quotas.find((q) => q.id === event.quota.zemgale)?.sessionIds).toContain(plenary);
  });

  it('when the event page is asked twice, then a change in places left shows at once', async () => {
    const first = await request(t.app).get(`/events/${event.slug}?lang=en`).expect(200);
    await t.db('quotas').where('id', event.quota.kurzeme).update({ size: 7 });
    const second = await request(t.app).get(`/events/${event.slug}?lang=en`).expect(200);
    expect(second.text).not.toBe(first.text);
    expect(second.text).toMatch(/\b7\b/);
  });

  it.runIf(testDialect === 'sqlite')(
    'when nothing was committed since the last load on SQLite, then the whole programme comes back without a query',
    async () => {
      const first = await loadProgramme(t.ctx.db, { slug: event.slug });
      let queries = 0;
      const count = (): void => void (queries += 1);
      t.db.on('query', count);
      try {
        const again = await loadProgramme(t.ctx.db, { slug: event.slug });
        expect(again).toBe(first);
        expect(Object.isFrozen(again?.quotas)).toBe(true);
        expect(queries).toBe(0);
      } finally {
        t.db.off('query', count);
      }
    },
  );

  it('when another process changes a used counter, then the next request shows it', async () => {
    const before = await loadProgramme(t.ctx.db, { slug: event.slug });
    const used = before?.quotas.find((q) => q.id === event.quota.vidzeme)?.used ?? 0;
    const other = openKnex(t.databaseUrl, { lockTimeoutMs: 5_000, poolMax: 10 });
    try {
      await other('quotas')
        .where('id', event.quota.vidzeme)
        .update({ used: used + 3 });
    } finally {
      await other.destroy();
    }
    // Another process's commit shows from the next turn of the event loop (SqliteReader).
    await new Promise((resolve) => setImmediate(resolve));
    const after = await loadProgramme(t.ctx.db, { slug: event.slug });
    expect(after?.quotas.find((q) => q.id === event.quota.vidzeme)?.used).toBe(used + 3);
  });
});
