import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Organizer } from '../../server/domain/organizers.js';
import {
  createEvent,
  createQuota,
  createSession,
  setEventStatus,
  type SessionInput,
} from '../../server/features/programme/programmeAdmin.js';
import { cancelSeat, register, switchSeat } from '../../server/features/registration/register.js';
import { listen, person } from '../support/app.js';
import { conference, course, seminarSeries, single } from '../support/build.js';
import { useTestApp } from '../support/fixtures.js';
import { formAgent } from '../support/forms.js';
import { capacityViolations } from '../support/invariants.js';

interface Item {
  sessionId: number;
  status: string;
  waitlistPosition: number | null;
}
interface RegistrationJson {
  id: number;
  items: Item[];
  manageUrl: string;
}

const admin: Organizer = { id: 0, email: 'admin@example.lv', name: 'Admin', role: 'admin', regionIds: [] };
const SLUG = 'kurss-steidzami';
/** The course built beside the one made here (seeds/course.ts has the demo's). */
const COURSE_SLUG = 'kurss-konsultesana';
const PLACES = 25;
const N = 100;

const session = (day: number, title: string): SessionInput => ({
  kind: 'seminar',
  regionId: null,
  titleLv: title,
  titleEn: title,
  descriptionLv: '',
  descriptionEn: '',
  startsAt: `2027-02-${String(day).padStart(2, '0')}T08:00:00.000Z`,
  endsAt: `2027-02-${String(day).padStart(2, '0')}T12:00:00.000Z`,
  streamUrl: null,
  joinUrl: null,
  place: 'Rīga',
  address: null,
  speakersLv: '',
  speakersEn: '',
  embedOrigins: null,
  audience: null,
});

const tokenOf = (r: RegistrationJson): string => decodeURIComponent(r.manageUrl.split('/').pop() ?? '');

/**
 * A course of three sessions with one pool of 25 places: a registration holds
 * a place in every session or waits for all of them, and the pool counts people.
 */
describe('a rush of 100 people at a 25-place course of three sessions', () => {
  const { t } = useTestApp({ now: new Date('2027-01-10T10:00:00.000Z'), seed: false });
  beforeAll(async () => {
    // One event of every kind beside the course this block makes.
    const now = t.clock.now();
    await conference(t.db, now);
    await seminarSeries(t.db, now);
    await course(t.db, now, { slug: COURSE_SLUG });
    await single(t.db, now, { place: 'Salaspils 1. vidusskola' });
  });
  let server: { url: string; close: () => Promise<void> };
  let sessionIds: number[] = [];
  let quotaId = 0;
  const results: RegistrationJson[] = [];

  /** Every active registration of the course with its seats, as the database holds them. */
  async function seatsByRegistration(): Promise<Map<number, { sessionId: number; status: string }[]>> {
    const rows = (await t
      .db('seats')
      .join('registrations', 'registrations.id', 'seats.registration_id')
      .join('events', 'events.id', 'registrations.event_id')
      .where('events.slug', SLUG)
      .andWhere('registrations.status', 'active')
      .orderBy('seats.id')
      .select('seats.registration_id', 'seats.session_id', 'seats.status')) as {
      registration_id: number;
      session_id: number;
      status: string;
    }[];
    const by = new Map<number, { sessionId: number; status: string }[]>();
    for (const r of rows) {
      const list = by.get(Number(r.registration_id)) ?? [];
      list.push({ sessionId: Number(r.session_id), status: r.status });
      by.set(Number(r.registration_id), list);
    }
    return by;
  }

  /** No registration holds only part of the course: three seats, all of one status. */
  async function expectWholeCourses(): Promise<void> {
    expect(await capacityViolations(t.db)).toEqual([]);
    for (const [id, seats] of await seatsByRegistration()) {
      expect({ id, sessions: seats.map((s) => s.sessionId).sort((a, b) => a - b) }).toEqual({
        id,
        sessions: sessionIds,
      });
      expect({ id, statuses: new Set(seats.map((s) => s.status)).size }).toEqual({ id, statuses: 1 });
    }
  }

  const confirmedIn = async (sessionId: number): Promise<number> =>
    Number(
      (
        (await t.db('seats').where({ session_id: sessionId, status: 'confirmed' }).count({ n: '*' }).first()) as {
          n: number | string;
        }
      ).n,
    );

  beforeAll(async () => {
    await createEvent(t.ctx, admin, {
      slug: SLUG,
      kind: 'course',
      titleLv: 'Individuālās un grupu konsultēšanas kurss',
      titleEn: 'Course on individual and group counselling',
      descriptionLv: '',
      descriptionEn: '',
      opensAt: '2027-01-01T08:00:00.000Z',
      closesAt: '2027-02-01T08:00:00.000Z',
      reminderHours: 24,
      retentionDays: 365,
      joinLinkMinutes: 30,
    });
    for (const [day, title] of [
      [3, 'Pirmā nodarbība'],
      [10, 'Otrā nodarbība'],
      [17, 'Trešā nodarbība'],
    ] as const) {
      await createSession(t.ctx, admin, SLUG, session(day, title));
    }
    const event = (await t.db('events').where('slug', SLUG).first('id')) as { id: number };
    sessionIds = ((await t.db('sessions').where('event_id', event.id).orderBy('id').select('id')) as { id: number }[])
      .map((s) => Number(s.id))
      .sort((a, b) => a - b);
    quotaId = await createQuota(t.ctx, admin, SLUG, { name: 'Kurss', size: PLACES, sessionIds });
    await setEventStatus(t.ctx, admin, SLUG, 'published');

    server = await listen(t.app);
    // Some name no session, some one session only: a course is taken whole either way.
    const responses = await Promise.all(
      Array.from({ length: N }, (_, i) =>
        fetch(`${server.url}/api/v1/events/${SLUG}/registrations`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify(person({ sessionIds: i % 3 === 0 ? [] : [sessionIds[i % 3]] })),
        }),
      ),
    );
    for (const r of responses) {
      if (r.status !== 201) throw new Error(`${r.status}: ${await r.text()}`);
      results.push(((await r.json()) as { registration: RegistrationJson }).registration);
    }
  });

  afterAll(async () => {
    await server.close();
  });

  it('when 100 register at once, then exactly 25 people are seated in every session and the pool counts 25', async () => {
    const confirmed = results.filter((r) => r.items.every((i) => i.status === 'confirmed'));
    expect(confirmed).toHaveLength(PLACES);
    for (const id of sessionIds) expect(await confirmedIn(id)).toBe(PLACES);
    const quota = (await t.db('quotas').where('id', quotaId).first('used', 'size')) as { used: number; size: number };
    expect(Number(quota.used)).toBe(PLACES);
  });

  it('then every answer holds all three sessions, all confirmed or all waiting at one exact position', () => {
    for (const r of results) {
      expect(r.items.map((i) => i.sessionId).sort((a, b) => a - b)).toEqual(sessionIds);
      expect(new Set(r.items.map((i) => i.status)).size).toBe(1);
      expect(new Set(r.items.map((i) => i.waitlistPosition)).size).toBe(1);
    }
    const positions = results
      .filter((r) => r.items[0]?.status === 'waitlisted')
      .map((r) => r.items[0]?.waitlistPosition ?? 0)
      .sort((a, b) => a - b);
    expect(positions).toEqual(Array.from({ length: N - PLACES }, (_, i) => i + 1));
  });

  it('then the positions shown later are the same, and nobody holds part of the course', async () => {
    await expectWholeCourses();
    const later = await Promise.all(
      results.map(async (r) => {
        const res = await fetch(`${server.url}/api/v1/registrations/${encodeURIComponent(tokenOf(r))}`);
        expect(res.status).toBe(200);
        return ((await res.json()) as { registration: RegistrationJson }).registration;
      }),
    );
    expect(later.map((r) => r.items.map((i) => i.waitlistPosition))).toEqual(
      results.map((r) => r.items.map((i) => i.waitlistPosition)),
    );
  });

  it('when a seated person gives up one session, then their whole course goes and position 1 is seated in every session at once', async () => {
    const leaving = results.find((r) => r.items[0]?.status === 'confirmed');
    const first = results.find((r) => r.items[0]?.waitlistPosition === 1);
    const second = results.find((r) => r.items[0]?.waitlistPosition === 2);
    if (!leaving || !first || !second) throw new Error('no one to test with');

    const seat = (await t
      .db('seats')
      .where({ registration_id: leaving.id, session_id: sessionIds[1] })
      .first('id')) as { id: number };
    const change = await cancelSeat(t.ctx, tokenOf(leaving), Number(seat.id));
    expect(change.registration.status).toBe('cancelled');
    expect(change.seats.every((s) => s.status === 'cancelled')).toBe(true);
    // Promoted in the same transaction, into every session, as one unit.
    expect(change.promoted.map((p) => p.registrationId)).toEqual([first.id, first.id, first.id]);
    expect(change.promoted.map((p) => p.sessionId).sort((a, b) => a - b)).toEqual(sessionIds);

    const seats = (await seatsByRegistration()).get(first.id) ?? [];
    expect(seats.map((s) => s.status)).toEqual(['confirmed', 'confirmed', 'confirmed']);
    for (const id of sessionIds) expect(await confirmedIn(id)).toBe(PLACES);
    const quota = (await t.db('quotas').where('id', quotaId).first('used')) as { used: number };
    expect(Number(quota.used)).toBe(PLACES);

    // One message for the whole course, and everyone behind moved up by one.
    const mails = (await t.db('outbox').where({ kind: 'promoted', registration_id: first.id })) as unknown[];
    expect(mails).toHaveLength(1);
    const res = await fetch(`${server.url}/api/v1/registrations/${encodeURIComponent(tokenOf(second))}`);
    const moved = ((await res.json()) as { registration: RegistrationJson }).registration;
    expect(moved.items.map((i) => i.waitlistPosition)).toEqual([1, 1, 1]);
    await expectWholeCourses();
  });

  it('when a waiting person cancels, then nobody is promoted and the others behind move up', async () => {
    const waiting = results.filter((r) => r.items[0]?.status === 'waitlisted');
    const third = waiting.find((r) => r.items[0]?.waitlistPosition === 3);
    const fourth = waiting.find((r) => r.items[0]?.waitlistPosition === 4);
    if (!third || !fourth) throw new Error('no one to test with');
    const res = await fetch(`${server.url}/api/v1/registrations/${encodeURIComponent(tokenOf(third))}`, {
      method: 'DELETE',
    });
    expect(res.status).toBeLessThan(300);
    for (const id of sessionIds) expect(await confirmedIn(id)).toBe(PLACES);
    const after = await fetch(`${server.url}/api/v1/registrations/${encodeURIComponent(tokenOf(fourth))}`);
    const moved = ((await after.json()) as { registration: RegistrationJson }).registration;
    // Position 1 was seated earlier and position 3 left: 4 is now 2, in every session.
    expect(moved.items.map((i) => i.waitlistPosition)).toEqual([2, 2, 2]);
    await expectWholeCourses();
  });

  it('when a person tries to switch a course session, then it is refused and nothing changes', async () => {
    const someone = results.find((r) => r.items[0]?.status === 'confirmed');
    if (!someone) throw new Error('no one to test with');
    const seat = (await t
      .db('seats')
      .where({ registration_id: someone.id, session_id: sessionIds[0] })
      .first('id')) as { id: number };
    await expect(switchSeat(t.ctx, tokenOf(someone), Number(seat.id), sessionIds[1] ?? 0)).rejects.toMatchObject({
      code: 'not_allowed',
    });
    await expectWholeCourses();
  });

  it('when the event list is asked for courses, then it lists the course only, with its kind', async () => {
    const res = await fetch(`${server.url}/api/v1/events?kind=course`);
    expect(res.status).toBe(200);
    const { events } = (await res.json()) as { events: { slug: string; kind: string }[] };
    // The course built and this one.
    expect(events.map((e) => e.slug).sort()).toEqual([COURSE_SLUG, SLUG].sort());
    expect(events.every((e) => e.kind === 'course')).toBe(true);
    const all = (await (await fetch(`${server.url}/api/v1/events`)).json()) as { events: { kind: string }[] };
    expect(new Set(all.events.map((e) => e.kind))).toEqual(
      new Set(['conference', 'seminar_series', 'course', 'single']),
    );
    const conferences = (await (await fetch(`${server.url}/api/v1/events?kind=conference`)).json()) as {
      events: { kind: string }[];
    };
    expect(conferences.events.length).toBeGreaterThan(0);
    expect(conferences.events.every((e) => e.kind === 'conference')).toBe(true);
  });

  it('when the event list is asked for an unknown kind, then it answers 400 with a localized field error', async () => {
    const res = await fetch(`${server.url}/api/v1/events?kind=webinar`, { headers: { 'accept-language': 'en' } });
    expect(res.status).toBe(400);
    const body = (await res.json()) as { error: { code: string; fields: Record<string, string> } };
    expect(body.error.code).toBe('invalid_input');
    expect(body.error.fields.kind).toBe('Choose one of the options offered.');
  });

  it('when someone registers by the service naming a session of another event, then it is refused', async () => {
    await expect(
      register(t.ctx, SLUG, person({ sessionIds: [999_999] }) as unknown as Parameters<typeof register>[2]),
    ).rejects.toMatchObject({ code: 'invalid_input', fields: { sessionIds: 'unknown_session' } });
  });
});

describe('a course on the web, without JavaScript', () => {
  const { t } = useTestApp({ seed: false });
  beforeAll(() => course(t.db, t.clock.now(), { slug: COURSE_SLUG, sessions: 3, places: 25 }));

  it('when a person opens the course, then its three sessions, its places and one register button show', async () => {
    const page = await request(t.app).get(`/events/${COURSE_SLUG}`).expect(200);
    expect(page.text).toContain('Kursa nodarbības');
    expect(page.text.match(/class="session session-seminar"/g)).toHaveLength(3);
    expect(page.text).toContain('Brīvas vietas kursā: 25 no 25');
    expect(page.text).toContain(`href="/events/${COURSE_SLUG}/register"`);
  });

  it('when a person sends the form, then they hold a place in every session of the course', async () => {
    const browser = await formAgent(t, `/events/${COURSE_SLUG}/register`);
    const form = await browser.agent.get(`/events/${COURSE_SLUG}/register`).expect(200);
    expect(form.text).toContain('Jūsu reģions');
    expect(form.text).not.toContain('name="sessionIds"');
    const body: Record<string, unknown> = {
      ...person({ regionId: 'latgale', municipality: 'daugavpils' }),
      consent: 'yes',
    };
    delete body.sessionIds;
    // The course asks the grades a teacher works with (required).
    const grades = (await t
      .db('event_questions')
      .join('events', 'events.id', 'event_questions.event_id')
      .where({ 'events.slug': COURSE_SLUG, 'event_questions.type': 'multiple_choice' })
      .first('event_questions.id')) as { id: number };
    body[`q${grades.id}`] = 'o2';
    const res = await browser.post(`/events/${COURSE_SLUG}/register`, body).expect(303);
    expect(res.headers.location).toMatch(/^\/r\/.+\?welcome=1$/);
    const registration = (await t.db('registrations').where('email', String(body.email)).first('id')) as { id: number };
    const seats = (await t.db('seats').where('registration_id', registration.id)) as { status: string }[];
    expect(seats.map((s) => s.status)).toEqual(['confirmed', 'confirmed', 'confirmed']);
    const page = await request(t.app).get(`/events/${COURSE_SLUG}`).expect(200);
    expect(page.text).toContain('Brīvas vietas kursā: 24 no 25');
  });
});
