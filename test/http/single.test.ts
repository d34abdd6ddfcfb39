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
import { markAttendance } from '../../server/features/attendance/attendance.js';
import { resizeQuotaAs } from '../../server/features/programme/quotaSize.js';
import { issueCertificates } from '../../server/features/certificates/issue.js';
import { cancelSeat, register } from '../../server/features/registration/register.js';
import { restoreSession } from '../../server/features/programme/sessions.js';
import { MUNICIPAL_WORKSHOPS, SUPERVISIONS } from '../../seeds/singles.js';
import { signIn, organizer } from '../support/admin.js';
import { listen, person } from '../support/app.js';
import { course } from '../support/build.js';
import { composedFor } from '../support/compose.js';
import { useTestApp } from '../support/fixtures.js';
import { formAgent } from '../support/forms.js';
import { capacityViolations } from '../support/invariants.js';
import { requiredAnswers } from '../support/questions.js';

interface Item {
  sessionId: number;
  status: string;
  waitlistPosition: number | null;
}
interface RegistrationJson {
  id: number;
  email: string;
  items: Item[];
  manageUrl: string;
}

const admin: Organizer = { id: 0, email: 'admin@example.lv', name: 'Admin', role: 'admin', regionIds: [] };
const SLUG = 'supervizija-kuldiga';
const PLACES = 10;
const N = 30;

const session = (over: Partial<SessionInput> = {}): SessionInput => ({
  kind: 'workshop',
  regionId: 'kurzeme',
  titleLv: 'Grupas supervīzija: sarežģītas situācijas ar skolēniem',
  titleEn: 'Group supervision: difficult situations with learners',
  descriptionLv: '',
  descriptionEn: '',
  // 14.00–17.00 in Riga (UTC+2 in March).
  startsAt: '2027-03-03T12:00:00.000Z',
  endsAt: '2027-03-03T15:00:00.000Z',
  streamUrl: null,
  joinUrl: null,
  place: 'Kuldīgas 2. vidusskola',
  address: 'Mucenieku iela 6, Kuldīga',
  speakersLv: '',
  speakersEn: '',
  embedOrigins: null,
  audience: 'school_staff',
  ...over,
});

const event = (slug: string) => ({
  slug,
  kind: 'single' as const,
  titleLv: 'Supervīzija skolas komandai: Kuldīgas 2. vidusskola',
  titleEn: 'Supervision for the school team: Kuldīgas 2. vidusskola',
  descriptionLv: 'Grupas supervīzija skolas komandai.',
  descriptionEn: 'Group supervision for the school team.',
  opensAt: '2027-01-01T08:00:00.000Z',
  closesAt: '2027-03-02T10:00:00.000Z',
  reminderHours: 24,
  retentionDays: 365,
  joinLinkMinutes: 30,
});

/** A page's words as read on screen: no tags, no text kept for screen readers only (counts are links). */
const words = (html: string): string =>
  html.replace(/<span class="visually-hidden">[^<]*<\/span>/g, '').replace(/<[^>]+>/g, '');
const tokenOf = (r: RegistrationJson): string => decodeURIComponent(r.manageUrl.split('/').pop() ?? '');

/**
 * A single-session event: a supervision at one school, for the school's team,
 * with 10 places. Its one session is taken without choosing it; the waitlist and promotion
 * are those of every other event.
 */
describe('a rush of 30 people at a 10-place supervision', () => {
  const { t } = useTestApp({ seed: false, now: new Date('2027-01-10T10:00:00.000Z') });
  let server: { url: string; close: () => Promise<void> };
  let sessionId = 0;
  const results: RegistrationJson[] = [];

  const fetchRegistration = async (r: RegistrationJson): Promise<RegistrationJson> => {
    const res = await fetch(`${server.url}/api/v1/registrations/${encodeURIComponent(tokenOf(r))}`);
    expect(res.status).toBe(200);
    return ((await res.json()) as { registration: RegistrationJson }).registration;
  };

  beforeAll(async () => {
    await createEvent(t.ctx, admin, event(SLUG));
    sessionId = await createSession(t.ctx, admin, SLUG, session());
    await createQuota(t.ctx, admin, SLUG, { name: 'Supervīzija', size: PLACES, sessionIds: [sessionId] });
    await setEventStatus(t.ctx, admin, SLUG, 'published');
    server = await listen(t.app);
    // Some name the session, most name none: the one session is taken either way.
    const responses = await Promise.all(
      Array.from({ length: N }, (_, i) =>
        fetch(`${server.url}/api/v1/events/${SLUG}/registrations`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify(
            person({ regionId: 'kurzeme', municipality: 'kuldiga', sessionIds: i % 4 === 0 ? [sessionId] : [] }),
          ),
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

  it('when 30 register at once, then exactly 10 are confirmed and 20 wait at positions 1 to 20', async () => {
    for (const r of results) expect(r.items.map((i) => i.sessionId)).toEqual([sessionId]);
    expect(results.filter((r) => r.items[0]?.status === 'confirmed')).toHaveLength(PLACES);
    const positions = results
      .filter((r) => r.items[0]?.status === 'waitlisted')
      .map((r) => r.items[0]?.waitlistPosition)
      .sort((a, b) => (a ?? 0) - (b ?? 0));
    expect(positions).toEqual(Array.from({ length: N - PLACES }, (_, i) => i + 1));
    const confirmed = (await t
      .db('seats')
      .where({ session_id: sessionId, status: 'confirmed' })
      .count({ n: '*' })
      .first()) as { n: number | string };
    expect(Number(confirmed.n)).toBe(PLACES);
    expect(await capacityViolations(t.db)).toEqual([]);
    // Asked again later, each position is the same.
    const later = await Promise.all(results.map(fetchRegistration));
    expect(later.map((r) => r.items[0]?.waitlistPosition)).toEqual(results.map((r) => r.items[0]?.waitlistPosition));
  });

  it('when a person is confirmed or waits, then their e-mail says where it is held, and only the confirmed get an invitation', async () => {
    const confirmed = results.find((r) => r.items[0]?.status === 'confirmed');
    const waiting = results.find((r) => r.items[0]?.waitlistPosition === 3);
    if (!confirmed || !waiting) throw new Error('no one to test with');
    const [toConfirmed] = await composedFor(t, confirmed.email);
    expect(toConfirmed?.kind).toBe('registration_received');
    expect(toConfirmed?.text).toContain(
      'Paldies par reģistrāciju pasākumam „Supervīzija skolas komandai: Kuldīgas 2. vidusskola”.\n',
    );
    expect(toConfirmed?.text).not.toContain('Jūsu sesijas');
    expect(toConfirmed?.text).toContain('trešdiena, 2027. gada 3. marts, plkst.\u00a014.00–17.00 — vieta apstiprināta');
    expect(toConfirmed?.text).toContain('  Kuldīgas 2. vidusskola, Mucenieku iela 6, Kuldīga');
    expect(String(toConfirmed?.html)).toContain('Kuldīgas 2. vidusskola, Mucenieku iela 6, Kuldīga');
    expect(toConfirmed?.icalEvent).toBeTruthy();
    const [toWaiting] = await composedFor(t, waiting.email);
    expect(toWaiting?.text).toContain('rindā 3. vietā');
    expect(toWaiting?.text).toContain('Ja kāds atteiksies, vietu saņemsiet automātiski, un mēs jums paziņosim.');
    expect(toWaiting?.text).not.toContain('darbnīc');
    expect(toWaiting?.icalEvent).toBeFalsy();
  });

  it('when a confirmed person gives up their place, then position 1 gets it and is told in plain words', async () => {
    const leaving = results.find((r) => r.items[0]?.status === 'confirmed');
    const first = results.find((r) => r.items[0]?.waitlistPosition === 1);
    const second = results.find((r) => r.items[0]?.waitlistPosition === 2);
    if (!leaving || !first || !second) throw new Error('no one to test with');
    const seatId = (await t.db('seats').where({ registration_id: leaving.id }).first('id')) as { id: number };
    const change = await cancelSeat(t.ctx, tokenOf(leaving), Number(seatId.id));
    expect(change.registration.status).toBe('cancelled');
    expect(change.promoted.map((p) => p.registrationId)).toEqual([first.id]);
    expect((await fetchRegistration(first)).items.map((i) => i.status)).toEqual(['confirmed']);
    expect((await fetchRegistration(second)).items.map((i) => i.waitlistPosition)).toEqual([1]);
    expect(await capacityViolations(t.db)).toEqual([]);
    // The message of one session, with a calendar invitation: not the course's "every session".
    const promoted = (await composedFor(t, first.email)).find((m) => m.kind === 'promoted');
    expect(promoted?.subject).toContain('Grupas supervīzija');
    expect(promoted?.text).toContain('dalība sesijā „Grupas supervīzija: sarežģītas situācijas ar skolēniem”');
    expect(promoted?.text).not.toContain('kursā');
    expect(JSON.stringify(promoted?.icalEvent)).toContain('Kuldīgas 2. vidusskola');
  });

  it('when a person opens the event, then it shows the place, the audience, the date in Riga time and the places', async () => {
    const page = await request(t.app).get(`/events/${SLUG}`).expect(200);
    expect(page.text).toContain('Kuldīgas 2. vidusskola, Mucenieku iela 6, Kuldīga');
    expect(page.text).toContain('<dt>Kam paredzēts</dt><dd>Skolas komanda</dd>');
    expect(page.text).toContain('<dt>Reģions</dt><dd>Kurzeme</dd>');
    expect(page.text).toContain('trešdiena, 2027. gada 3. marts, plkst.\u00a014.00–17.00');
    expect(page.text).toContain('Vietu nav — reģistrējoties nonāksiet rindā');
    expect(page.text).toContain(`href="/events/${SLUG}/register"`);
    // No course words, no region choice of a conference.
    expect(page.text).not.toContain('Kursa nodarbības');
    const en = await request(t.app).get(`/events/${SLUG}?lang=en`).expect(200);
    expect(en.text).toContain('<dt>Who it is for</dt><dd>School team</dd>');
    expect(en.text).toContain('Wednesday, 3 March 2027, 14:00–17:00');
  });

  it('when a person fills in the form, then it has no session choice and they wait at the next position', async () => {
    const browser = await formAgent(t, `/events/${SLUG}/register`);
    const form = await browser.agent.get(`/events/${SLUG}/register`).expect(200);
    expect(form.text).not.toContain('name="sessionIds"');
    expect(form.text).not.toContain('name="workshop"');
    expect(form.text).toContain('<h2>Nodarbība, kurai reģistrējaties</h2>');
    // The one region it is held in is chosen already.
    expect(form.text).toContain('<option value="kurzeme" selected>');
    const body: Record<string, unknown> = {
      ...person({ regionId: 'kurzeme', municipality: 'kuldiga' }),
      consent: 'yes',
    };
    delete body.sessionIds;
    const res = await browser.post(`/events/${SLUG}/register`, body).expect(303);
    const welcome = await browser.agent.get(String(res.headers.location)).expect(200);
    // 20 waited, one was seated: the newcomer is 20th.
    expect(welcome.text).toContain(
      'Nodarbībā „Grupas supervīzija: sarežģītas situācijas ar skolēniem” brīvu vietu nav: jūs esat rindā 20. vietā.',
    );
    expect(welcome.text).toContain('Kuldīgas 2. vidusskola, Mucenieku iela 6, Kuldīga');
    // Giving up the one place is giving up the registration: one way out, not two.
    expect(welcome.text).toContain('<h2 id="cancel-all">Atteikties no dalības</h2>');
    expect(welcome.text).not.toMatch(/\/seats\/\d+\/cancel/);
    expect(welcome.text).not.toContain('Atcelt visu reģistrāciju');
    expect(welcome.text).toContain('<h2>Jūsu vieta</h2>');
    const main = welcome.text.slice(welcome.text.indexOf('<main'), welcome.text.indexOf('</main>'));
    expect(main).not.toMatch(/darbnīc|seminār/i);
  });
});

describe('the back office shows a course and a single-session event as one unit', () => {
  const { t } = useTestApp({ seed: false, now: new Date('2027-01-10T10:00:00.000Z') });
  let o: Organizer;
  let courseSlug = '';

  beforeAll(async () => {
    o = await organizer(t, 'admin@example.lv');
    courseSlug = (await course(t.db, t.clock.now())).slug;
  });

  it('when people register for a course, then its page counts people for the course, not seats per session', async () => {
    const quota = (await t
      .db('quotas')
      .join('events', 'events.id', 'quotas.event_id')
      .where('events.slug', courseSlug)
      .first('quotas.id')) as { id: number };
    await resizeQuotaAs(t.ctx, o, Number(quota.id), 2);
    const answers = await requiredAnswers(t.db, courseSlug);
    for (let i = 0; i < 3; i += 1)
      await register(t.ctx, courseSlug, person({ answers }) as unknown as Parameters<typeof register>[2]);
    const browser = await signIn(t, 'admin@example.lv');
    const page = await browser.agent.get(`/admin/events/${courseSlug}`).expect(200);
    expect(page.text).toContain('<h3>Viss kurss</h3>');
    expect(words(page.text)).toContain('Apstiprināti: 2 no 2');
    // One person waits for the course (three waiting seats, one in each session).
    expect(words(page.text)).toContain('Rindā: 1');
    expect(page.text).toContain('Kursa nodarbības');
    expect(page.text).not.toContain('Vietas pa sesijām');
    expect(page.text).not.toContain('<h2>Reģioni</h2>');
    const dashboard = await browser.agent.get('/admin').expect(200);
    expect(dashboard.text).toContain('Viss kurss');
  });

  it('when a person on a course opens their manage page, then the one way out is giving up the whole course', async () => {
    const made = await register(
      t.ctx,
      courseSlug,
      person({ answers: await requiredAnswers(t.db, courseSlug) }) as unknown as Parameters<typeof register>[2],
    );
    const page = await request(t.app).get(`/r/${made.token}`).expect(200);
    // A seat of a course cannot be given up alone (it would be refused): no button offers it.
    expect(page.text).not.toMatch(/\/seats\/\d+\/cancel/);
    expect(page.text).toContain('<h2 id="cancel-all">Atteikties no kursa</h2>');
    expect(page.text).toContain('Jūsu vieta visās kursa nodarbībās tiks nodota nākamajam rindā.');
    // Its sessions are the course's, as its form names them, not seminars.
    expect(page.text).toContain('<h2>Kursa nodarbības</h2>');
    expect(page.text).not.toContain('<span class="kind">');
  });

  it('when a single-session event fills, then its page shows its one session with people confirmed and waiting', async () => {
    await createEvent(t.ctx, admin, event(SLUG));
    const id = await createSession(t.ctx, admin, SLUG, session());
    await createQuota(t.ctx, admin, SLUG, { name: 'Supervīzija', size: 1, sessionIds: [id] });
    await setEventStatus(t.ctx, admin, SLUG, 'published');
    for (let i = 0; i < 3; i += 1) {
      await register(
        t.ctx,
        SLUG,
        person({ regionId: 'kurzeme', municipality: 'kuldiga' }) as unknown as Parameters<typeof register>[2],
      );
    }
    const browser = await signIn(t, 'admin@example.lv');
    const page = await browser.agent.get(`/admin/events/${SLUG}`).expect(200);
    expect(page.text).toContain('<h3>Grupas supervīzija: sarežģītas situācijas ar skolēniem</h3>');
    expect(page.text).toContain('trešdiena, 2027. gada 3. marts, plkst.\u00a014.00–17.00 · Kuldīgas 2. vidusskola');
    expect(words(page.text)).toContain('Apstiprināti: 1 no 1');
    expect(words(page.text)).toContain('Rindā: 2');
  });
});

describe('publishing a single-session event', () => {
  const { t } = useTestApp({ seed: false, now: new Date('2027-01-10T10:00:00.000Z') });

  beforeAll(async () => {
    await organizer(t, 'admin@example.lv');
  });

  const publish = async (slug: string) => {
    const browser = await signIn(t, 'admin@example.lv');
    return browser.post(`/admin/events/${slug}/status`, { status: 'published' });
  };

  it('when it has two scheduled sessions, then publishing is refused with a message naming the count', async () => {
    await createEvent(t.ctx, admin, event('divas-sesijas'));
    const ids = [
      await createSession(t.ctx, admin, 'divas-sesijas', session()),
      await createSession(
        t.ctx,
        admin,
        'divas-sesijas',
        session({ startsAt: '2027-03-10T12:00:00.000Z', endsAt: '2027-03-10T15:00:00.000Z' }),
      ),
    ];
    await createQuota(t.ctx, admin, 'divas-sesijas', { name: 'Vietas', size: 10, sessionIds: ids });
    const res = await publish('divas-sesijas');
    expect(res.status).toBe(400);
    expect(res.text).toContain('Pasākumu nevar publicēt');
    expect(res.text).toContain(
      'Vienas nodarbības pasākumam jābūt tieši vienai ieplānotai sesijai (tagad to skaits ir 2)',
    );
    expect(await t.db('events').where('slug', 'divas-sesijas').first('status')).toEqual({ status: 'draft' });
    await expect(setEventStatus(t.ctx, admin, 'divas-sesijas', 'published')).rejects.toMatchObject({
      fields: { status: 'not_one_session' },
    });
  });

  it('when it has no session, then publishing is refused with the same message', async () => {
    await createEvent(t.ctx, admin, event('bez-sesijas'));
    const res = await publish('bez-sesijas');
    expect(res.status).toBe(400);
    expect(res.text).toContain('(tagad to skaits ir 0)');
    expect(await t.db('events').where('slug', 'bez-sesijas').first('status')).toEqual({ status: 'draft' });
  });

  it('when it has one session with a pool, then it is published', async () => {
    await createEvent(t.ctx, admin, event('viena-sesija'));
    const id = await createSession(t.ctx, admin, 'viena-sesija', session());
    await createQuota(t.ctx, admin, 'viena-sesija', { name: 'Vietas', size: 10, sessionIds: [id] });
    expect((await publish('viena-sesija')).status).toBe(303);
    expect(await t.db('events').where('slug', 'viena-sesija').first('status')).toEqual({ status: 'published' });
  });

  it('when it is published, then a second session is refused, through the form with a localized message, and on restore', async () => {
    await createEvent(t.ctx, admin, event('publiceta'));
    const one = await createSession(t.ctx, admin, 'publiceta', session());
    await createQuota(t.ctx, admin, 'publiceta', { name: 'Vietas', size: 10, sessionIds: [one] });
    await setEventStatus(t.ctx, admin, 'publiceta', 'published');
    const browser = await signIn(t, 'admin@example.lv');
    const res = await browser.post('/admin/events/publiceta/sessions', {
      kind: 'workshop',
      regionId: 'kurzeme',
      titleLv: 'Otrā supervīzija',
      titleEn: 'Second supervision',
      descriptionLv: '',
      descriptionEn: '',
      startsAt: '2027-03-10T14:00',
      endsAt: '2027-03-10T17:00',
      streamUrl: '',
      joinUrl: '',
      embedOrigins: '',
      place: 'Kuldīgas 2. vidusskola',
      address: '',
      speakersLv: '',
      speakersEn: '',
      audience: 'school_staff',
    });
    expect(res.status).toBe(400);
    expect(res.text).toContain(
      'Šis ir vienas nodarbības pasākums, un tam jau ir ieplānota sesija: otru tam pievienot nevar.',
    );
    const published = (await t.db('events').where('slug', 'publiceta').first('id')) as { id: number };
    const count = async () =>
      Number(
        ((await t.db('sessions').where({ event_id: published.id }).count({ n: '*' }).first()) as { n: number | string })
          .n,
      );
    expect(await count()).toBe(1);
    // A cancelled session restored next to the scheduled one: refused too.
    await t.db('sessions').insert({
      event_id: published.id,
      kind: 'workshop',
      region_id: 'kurzeme',
      title_lv: 'Atcelta',
      title_en: 'Cancelled',
      starts_at: '2027-03-17T12:00:00.000Z',
      ends_at: '2027-03-17T15:00:00.000Z',
      status: 'cancelled',
    });
    const cancelled = (await t.db('sessions').where({ event_id: published.id, status: 'cancelled' }).first('id')) as {
      id: number;
    };
    await expect(restoreSession(t.ctx, Number(cancelled.id), 'admin@example.lv')).rejects.toMatchObject({
      fields: { startsAt: 'single_second_session' },
    });
    expect(await t.db('sessions').where('id', cancelled.id).first('status')).toEqual({ status: 'cancelled' });
  });
});

describe('the demo supervisions (a test of the demo programme itself)', () => {
  const { t } = useTestApp();

  it('when a person attended a supervision, then the organizer marks it and they get a certificate for its three hours', async () => {
    const slug = SUPERVISIONS[1]?.slug ?? '';
    const o = await organizer(t, 'admin@example.lv');
    const input = person({ regionId: 'vidzeme', municipality: 'valmiera' }) as unknown as Parameters<
      typeof register
    >[2];
    const made = await register(t.ctx, slug, input);
    const seat = made.seats[0];
    if (!seat) throw new Error('no seat');
    expect(seat.status).toBe('confirmed');
    // Marked once it has taken place, and its hours count once it has ended.
    const session = (await t.db('sessions').where('id', seat.sessionId).first('ends_at')) as { ends_at: string | Date };
    const before = t.clock.now();
    t.clock.set(new Date(new Date(session.ends_at).getTime() + 60_000));
    await markAttendance(t.ctx, o, seat.sessionId, [seat.id]);
    expect(await issueCertificates(t.ctx, o, slug)).toEqual({ issued: 1, skipped: 0 });
    const certificate = (await t.db('certificates').where('registration_id', made.registration.id).first()) as Record<
      string,
      unknown
    >;
    expect(Number(certificate.hours_tenths)).toBe(30);
    t.clock.set(before);
  });

  it('when the demo is loaded, then each region has a supervision of 10 places at a school, open for registration', async () => {
    const rows = (await t
      .db('events')
      .join('sessions', 'sessions.event_id', 'events.id')
      .join('quota_sessions', 'quota_sessions.session_id', 'sessions.id')
      .join('quotas', 'quotas.id', 'quota_sessions.quota_id')
      .whereIn(
        'events.slug',
        SUPERVISIONS.map((s) => s.slug),
      )
      .select(
        'events.kind',
        'events.status',
        'sessions.region_id',
        'sessions.audience',
        'sessions.pd_hours_tenths',
        'quotas.size',
      )) as Record<string, unknown>[];
    expect(rows.map((r) => r.region_id).sort()).toEqual(['kurzeme', 'latgale', 'riga', 'vidzeme', 'zemgale']);
    for (const r of rows) {
      expect(r).toMatchObject({ kind: 'single', status: 'published', audience: 'school_staff' });
      expect(Number(r.size)).toBe(10);
      expect(Number(r.pd_hours_tenths)).toBeGreaterThan(0);
    }
    // After every other demo event, with registration open from the moment of seeding.
    const lastOther = (await t
      .db('sessions')
      .join('events', 'events.id', 'sessions.event_id')
      .whereNot('events.kind', 'single')
      .max({ at: 'sessions.ends_at' })
      .first()) as { at: string };
    const singles = (await t
      .db('events')
      .join('sessions', 'sessions.event_id', 'events.id')
      .where('events.kind', 'single')
      .select('sessions.starts_at', 'events.registration_opens_at', 'events.registration_closes_at')) as {
      starts_at: string;
      registration_opens_at: string;
      registration_closes_at: string;
    }[];
    expect(singles).toHaveLength(SUPERVISIONS.length + MUNICIPAL_WORKSHOPS.length);
    const now = t.clock.now().getTime();
    for (const s of singles) {
      expect(Date.parse(s.starts_at)).toBeGreaterThan(Date.parse(lastOther.at));
      expect(Date.parse(s.registration_opens_at)).toBeLessThanOrEqual(now);
      expect(Date.parse(s.registration_closes_at)).toBeGreaterThan(now);
    }
    const page = await request(t.app).get(`/events/${SUPERVISIONS[0]?.slug}`).expect(200);
    expect(page.text).toContain('Brīvas vietas: 10 no 10');
    expect(page.text).toContain(`href="/events/${SUPERVISIONS[0]?.slug}/register"`);
  });
});
