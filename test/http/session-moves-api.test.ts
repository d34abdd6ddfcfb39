import request from 'supertest';
import { beforeAll, describe, expect, it } from 'vitest';
import { SessionMovesAnswer } from '../../server/http/apiSchemas.js';
import { person } from '../support/app.js';
import { apiToken, organizer } from '../support/admin.js';
import { conference, type BuiltConference } from '../support/build.js';
import { composedFor } from '../support/compose.js';
import { useTestApp } from '../support/fixtures.js';

/**
 * Issue 28, rule 8 through the organizer API: a regional day moved in one action reaches
 * each person as ONE message naming every one of their sessions that moved, old and new,
 * with the organizers' words; refusals change nothing and tell nobody.
 */
const DAY = 24 * 3600_000;

describe('POST /api/v1/admin/events/:slug/sessions/moves', () => {
  const { t } = useTestApp({ seed: false });
  let event: BuiltConference;
  let other: BuiltConference;
  let admin = '';
  let coordinator = '';

  const later = async (id: number, by = DAY) => {
    const row = (await t.db('sessions').where('id', id).first('starts_at', 'ends_at')) as {
      starts_at: string;
      ends_at: string;
    };
    const shift = (iso: string) => new Date(Date.parse(iso) + by).toISOString().replace('Z', '+00:00');
    return { sessionId: id, startsAt: shift(row.starts_at), endsAt: shift(row.ends_at) };
  };
  const post = (token: string, body: unknown, slug = event.slug) =>
    request(t.app)
      .post(`/api/v1/admin/events/${slug}/sessions/moves`)
      .set('Authorization', `Bearer ${token}`)
      .send(body as object);
  const moveMails = async () => (await t.db('outbox').where('kind', 'session_changed').count({ n: '*' }))[0]?.n;

  beforeAll(async () => {
    const now = t.clock.now();
    event = await conference(t.db, now, { slug: 'konference', regions: ['riga'] });
    other = await conference(t.db, now, { slug: 'cita', regions: ['riga'] });
    admin = await apiToken(t, await organizer(t, 'admin@example.lv'));
    coordinator = await apiToken(t, await organizer(t, 'riga@example.lv', 'coordinator', ['riga']));
    const [workshop] = event.workshops.riga ?? [0];
    for (const [email, language] of [
      ['anna@skola.lv', 'lv'],
      ['john@skola.lv', 'en'],
    ] as const)
      await request(t.app)
        .post(`/api/v1/events/${event.slug}/registrations`)
        .send(person({ email, language, regionId: 'riga', sessionIds: [workshop] }))
        .expect(201);
  });

  it('refuses what it must, changing nothing and telling nobody', async () => {
    const before = await moveMails();
    const plenary = event.plenary.riga ?? 0;
    await post(coordinator, { moves: [await later(plenary)] }).expect(403);
    await post(admin, { moves: [] }).expect(400);
    const backwards = await later(plenary);
    await post(admin, { moves: [{ ...backwards, endsAt: backwards.startsAt }] }).expect(400);
    await post(admin, { moves: [await later(plenary), await later(plenary)] }).expect(400);
    // a session of another event
    await post(admin, { moves: [await later(plenary), await later(other.plenary.riga ?? 0)] }).expect(404);
    await post(admin, { moves: [await later(plenary)] }, 'nav-tada').expect(404);
    expect(await moveMails()).toBe(before);
    expect(((await t.db('sessions').where('id', plenary).first('sequence')) as { sequence: number }).sequence).toBe(0);
  });

  it('moves the day in one change: one message a person, naming both sessions, in their language', async () => {
    const plenary = event.plenary.riga ?? 0;
    const [workshop] = event.workshops.riga ?? [0];
    const res = await post(admin, {
      moves: [await later(plenary), await later(workshop ?? 0)],
      messageLv: 'Reģiona diena pārcelta uz nākamo dienu.',
      messageEn: 'The regional day moves to the next day.',
    }).expect(200);
    const body = SessionMovesAnswer.parse(res.body);
    expect(body.notified).toBe(2);
    expect(body.sessions.map((s) => s.id)).toEqual([plenary, workshop]);
    expect(body.sessions[0]?.startsAt).toMatch(/\+0[23]:00$/);

    const [anna] = (await composedFor(t, 'anna@skola.lv')).filter((m) => m.kind === 'session_changed');
    expect((await composedFor(t, 'anna@skola.lv')).filter((m) => m.kind === 'session_changed')).toHaveLength(1);
    expect(anna?.text.match(/bija .+ — tagad /g)).toHaveLength(2);
    expect(anna?.text).toContain('Reģiona diena pārcelta uz nākamo dienu.');
    const [john] = (await composedFor(t, 'john@skola.lv')).filter((m) => m.kind === 'session_changed');
    expect(john?.text.match(/was .+ — now /g)).toHaveLength(2);
    expect(john?.text).toContain('The regional day moves to the next day.');
    // one invite per session, each a single event
    expect(anna?.icalEvent).toBeDefined();
    expect(anna?.attachments).toHaveLength(1);
  });
});
