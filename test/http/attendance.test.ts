import request from 'supertest';
import { beforeAll, describe, expect, it } from 'vitest';
import { AttendanceResult, ErrorBody, SessionMove } from '../../server/http/apiSchemas.js';
import { person } from '../support/app.js';
import { conference, seminarSeries, type BuiltConference } from '../support/build.js';
import { apiToken, auditActions, organizer, signIn } from '../support/admin.js';
import { useTestApp } from '../support/fixtures.js';

const MINUTE = 60_000;

/**
 * Attendance: a personal link followed inside the window is a join, not attendance; a seat
 * counts as attended when an organizer confirms the joined list, marks it by hand, from a
 * CSV or through the API (or the meeting's report names it: attendance-report.test.ts);
 * each mark keeps its source, and the attendance page shows it.
 */
describe('attendance and its sources', () => {
  const { t } = useTestApp({ now: new Date('2026-11-02T08:00:00Z'), seed: false });
  let event: BuiltConference;
  beforeAll(async () => {
    event = await conference(t.db, t.clock.now());
    // Another event's session, which this event's attendance does not reach.
    await seminarSeries(t.db, t.clock.now());
  });
  let admin: string;
  let coordinator: string;
  let workshop: number;
  const people: { email: string; token: string }[] = [];

  const api = () => ({
    post: (path: string, body: unknown, token = admin) =>
      request(t.app)
        .post(path)
        .set('Authorization', `Bearer ${token}`)
        .send(body as object),
    patch: (path: string, body: unknown, token = admin) =>
      request(t.app)
        .patch(path)
        .set('Authorization', `Bearer ${token}`)
        .send(body as object),
  });
  const seatOf = async (email: string) =>
    (await t
      .db('seats')
      .join('registrations', 'registrations.id', 'seats.registration_id')
      .where('registrations.email_normalized', email.toLowerCase())
      .andWhere('seats.session_id', workshop)
      .first('seats.attended_at', 'seats.attended_source')) as { attended_at: string | null; attended_source: string };

  beforeAll(async () => {
    admin = await apiToken(t, await organizer(t, 'admin@example.lv'));
    coordinator = await apiToken(t, await organizer(t, 'latgale@example.lv', 'coordinator', ['latgale']));
    workshop = Number(event.workshops.riga?.[0]);
    for (let i = 0; i < 4; i++) {
      const body = person({ sessionIds: [workshop], email: `Dalibnieks.${i}@Skola.lv` });
      const res = await request(t.app).post(`/api/v1/events/${event.slug}/registrations`).send(body).expect(201);
      people.push({ email: String(body.email), token: String(res.body.registration.manageUrl).split('/r/')[1] ?? '' });
    }
  });

  it('a confirmed join, a hand mark, a CSV and the API each mark with their own source, shown on the attendance page', async () => {
    const [byLink, byHand, byCsv, byApi] = people;
    if (!byLink || !byHand || !byCsv || !byApi) throw new Error('four people');
    const session = (await t.db('sessions').where('id', workshop).first()) as { starts_at: string };
    // The personal link inside the window.
    const page = await request(t.app).get(`/r/${byLink.token}`).expect(200);
    const path = [...page.text.matchAll(/\/j\/[A-Za-z0-9_-]{32}/g)].map((m) => m[0])[1] ?? '';
    t.clock.set(new Date(Date.parse(session.starts_at) + 5 * MINUTE));
    await request(t.app).get(path).expect(303);
    expect(await seatOf(byLink.email)).toMatchObject({ attended_at: null, attended_source: null });

    // The organizer confirms the joined list: the join becomes attendance.
    const browser = await signIn(t, 'admin@example.lv');
    await browser.post(`/admin/sessions/${workshop}/attendance/confirm-joined`).expect(303);
    expect((await seatOf(byLink.email)).attended_source).toBe('confirm');

    // By hand: the confirmed mark stays (still ticked), the new one is the organizer's.
    const seatIds = (await t
      .db('seats')
      .where('session_id', workshop)
      .andWhere('status', 'confirmed')
      .orderBy('id')
      .select('id')) as {
      id: number;
    }[];
    await browser
      .post(`/admin/sessions/${workshop}/attendance`, { present: [String(seatIds[0]?.id), String(seatIds[1]?.id)] })
      .expect(303);
    // A CSV pasted from a video call's export (an unknown address among them).
    await browser
      .post(`/admin/sessions/${workshop}/attendance/import`, {
        csv: `Name,Email\n"X","${byCsv.email.toUpperCase()}"\n"Y",stranger@example.lv\n`,
      })
      .expect(200);
    // The organizer API.
    const res = await api()
      .post(`/api/v1/admin/events/${event.slug}/attendance`, {
        sessionId: workshop,
        emails: [byApi.email, 'nobody@example.lv', byCsv.email],
      })
      .expect(200);
    const answer = AttendanceResult.parse(res.body);
    expect(answer).toEqual({ marked: 2, unknown: ['nobody@example.lv'] });

    expect((await seatOf(byLink.email)).attended_source).toBe('confirm');
    expect((await seatOf(byHand.email)).attended_source).toBe('hand');
    expect((await seatOf(byCsv.email)).attended_source).toBe('csv'); // the API call kept the CSV's mark
    expect((await seatOf(byApi.email)).attended_source).toBe('api');

    const shown = await browser.agent.get(`/admin/sessions/${workshop}/attendance`).expect(200);
    for (const label of ['Apstiprināts pievienojušos saraksts', 'Organizators', 'CSV saraksts', 'API'])
      expect(shown.text).toContain(label);
    expect(await auditActions(t)).toEqual(
      expect.arrayContaining(['attendance.mark', 'attendance.import', 'attendance.api']),
    );

    // Unticking by hand clears the mark and its source.
    await browser.post(`/admin/sessions/${workshop}/attendance`, { present: [String(seatIds[1]?.id)] }).expect(303);
    expect(await seatOf(byLink.email)).toMatchObject({ attended_at: null, attended_source: null });
  });

  it("the attendance API refuses bad input with fields, a session of another event, and sessions outside a coordinator's regions", async () => {
    const bad = [
      [{}, ['sessionId', 'emails']],
      [{ sessionId: 'x', emails: [] }, ['sessionId', 'emails']],
      [{ sessionId: workshop, emails: [1] }, ['emails.0']],
      [{ sessionId: workshop, emails: ['a@b.lv'], extra: 1 }, ['_']],
      [{ sessionId: workshop, emails: Array.from({ length: 2001 }, () => 'a@b.lv') }, ['emails']],
    ] as const;
    for (const [body, fields] of bad) {
      const res = await api().post(`/api/v1/admin/events/${event.slug}/attendance`, body);
      if (res.status === 413) continue; // the 2,001 addresses are over the body limit itself
      expect(res.status, JSON.stringify(body).slice(0, 80)).toBe(400);
      const error = ErrorBody.parse(res.body).error;
      expect(error.code).toBe('invalid_input');
      for (const f of fields)
        if (f !== '_') expect(Object.keys(error.fields ?? {}).join(',')).toContain(f.split('.')[0]);
    }
    const seminar = (await t.db('sessions').where('kind', 'seminar').first('id')) as { id: number };
    await api()
      .post(`/api/v1/admin/events/${event.slug}/attendance`, { sessionId: seminar.id, emails: ['a@b.lv'] })
      .expect(404);
    await api()
      .post(`/api/v1/admin/events/nope/attendance`, { sessionId: workshop, emails: ['a@b.lv'] })
      .expect(404);
    await api()
      .post(`/api/v1/admin/events/${event.slug}/attendance`, { sessionId: workshop, emails: ['a@b.lv'] }, coordinator)
      .expect(403);
    await request(t.app)
      .post(`/api/v1/admin/events/${event.slug}/attendance`)
      .send({ sessionId: workshop, emails: ['a@b.lv'] })
      .expect(401);
  });

  it('PATCH a session moves it like the back office: calendar updates to everyone confirmed, times in Riga', async () => {
    const before = (await t.db('outbox').where('kind', 'session_changed').count({ n: '*' }).first()) as { n: number };
    const res = await api()
      .patch(`/api/v1/admin/sessions/${workshop}`, {
        startsAt: '2026-12-07T13:00:00+02:00',
        endsAt: '2026-12-07T15:00:00+02:00',
      })
      .expect(200);
    const moved = SessionMove.parse(res.body);
    expect(moved.session.id).toBe(workshop);
    expect(moved.session.startsAt).toMatch(/^2026-12-07T13:00:00(\.000)?\+02:00$/);
    expect(moved.session.endsAt).toMatch(/^2026-12-07T15:00:00(\.000)?\+02:00$/);
    expect(moved.notified).toBe(4);
    const after = (await t.db('outbox').where('kind', 'session_changed').count({ n: '*' }).first()) as { n: number };
    expect(Number(after.n) - Number(before.n)).toBe(4);
    const row = (await t.db('sessions').where('id', workshop).first('starts_at', 'sequence')) as {
      starts_at: string;
      sequence: number;
    };
    expect(new Date(row.starts_at).toISOString()).toBe('2026-12-07T11:00:00.000Z');
    expect(Number(row.sequence)).toBeGreaterThan(0);

    for (const body of [
      { startsAt: '2026-12-07T15:00:00+02:00', endsAt: '2026-12-07T13:00:00+02:00' },
      { startsAt: 'tomorrow', endsAt: '2026-12-07T13:00:00+02:00' },
      { startsAt: '2026-12-07T13:00:00', endsAt: '2026-12-07T15:00:00' },
      { startsAt: '2026-12-07T13:00:00+02:00' },
    ]) {
      const bad = await api().patch(`/api/v1/admin/sessions/${workshop}`, body);
      expect(bad.status, JSON.stringify(body)).toBe(400);
      expect(ErrorBody.parse(bad.body).error.code).toBe('invalid_input');
    }
    await api()
      .patch(`/api/v1/admin/sessions/999999`, {
        startsAt: '2026-12-07T13:00:00+02:00',
        endsAt: '2026-12-07T15:00:00+02:00',
      })
      .expect(404);
    await api()
      .patch(
        `/api/v1/admin/sessions/${workshop}`,
        { startsAt: '2026-12-07T13:00:00+02:00', endsAt: '2026-12-07T15:00:00+02:00' },
        coordinator,
      )
      .expect(403);
  });
});
