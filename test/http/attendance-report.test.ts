import { readFileSync } from 'node:fs';
import { HtmlValidate } from 'html-validate';
import path from 'node:path';
import request from 'supertest';
import { beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { joinCodesOf } from '../../server/db/joinCodes.js';
import { AttendanceReportResult, CertificateIssue, ErrorBody } from '../../server/http/apiSchemas.js';
import { DEMO_CERTIFICATES } from '../../seeds/certificates.js';
import { person } from '../support/app.js';
import { apiToken, auditActions, organizer, signIn } from '../support/admin.js';
import { conference, type BuiltConference } from '../support/build.js';
import { parseCsv } from '../support/csv.js';
import { useTestApp } from '../support/fixtures.js';
import { registerPath } from '../support/places.js';

const MINUTE = 60_000;
const FIXTURES = path.join(import.meta.dirname, '../fixtures/meeting-reports');
const fixture = (name: string) => readFileSync(path.join(FIXTURES, name));
// The conference's Riga day is Friday 11 December 2026 (28 days on): the plenary 10.00–11.30
// and the workshops 12.00–14.00, Riga time (UTC+2) — the day the fixture files were exported.
const NOW = new Date('2026-11-13T08:00:00Z');
const PLENARY_START = Date.parse('2026-12-11T08:00:00Z');
const PLENARY_END = Date.parse('2026-12-11T09:30:00Z');
const WORKSHOP_END = Date.parse('2026-12-11T12:00:00Z');

/**
 * Attendance from the meeting's own report: Zoom's participants CSV and Teams' attendance
 * report, through the API and the back office's upload; minutes per person as the union
 * of their connections inside the session, against the event's threshold. A join link
 * followed once is a join, not attendance.
 */
describe('attendance from the meeting report', () => {
  const { t } = useTestApp({ now: NOW, seed: false });
  let event: BuiltConference;
  let workshop: number;
  let plenary: number;
  let admin: string;
  let coordinator: string;
  const people = [
    { name: 'Anna Bērziņa', email: 'Dalibnieks.0@Skola.lv' },
    { name: 'Pēteris Ozols', email: 'dalibnieks.1@skola.lv' },
    { name: 'Līga Kalēja', email: 'dalibnieks.2@skola.lv' },
    { name: 'Jānis Kalniņš', email: 'janis.kalnins@skola.lv' },
  ];

  beforeAll(async () => {
    event = await conference(t.db, t.clock.now(), {
      hoursTenths: { plenary: 15, workshop: 20 },
      certificates: DEMO_CERTIFICATES,
    });
    workshop = Number(event.workshops.riga?.[0]);
    plenary = Number(event.plenary.riga);
    admin = await apiToken(t, await organizer(t, 'admin@example.lv'));
    coordinator = await apiToken(t, await organizer(t, 'latgale@example.lv', 'coordinator', ['latgale']));
    for (const p of people) {
      await request(t.app)
        .post(registerPath(event.slug))
        .send(person({ ...p, sessionIds: [workshop] }))
        .expect(201);
    }
  });

  const seat = async (email: string, sessionId = workshop) =>
    (await t
      .db('seats')
      .join('registrations', 'registrations.id', 'seats.registration_id')
      .where('registrations.email_normalized', email.toLowerCase())
      .andWhere('seats.session_id', sessionId)
      .first('seats.id', 'seats.attended_at', 'seats.attended_source', 'seats.attended_minutes')) as {
      id: number;
      attended_at: string | null;
      attended_source: string | null;
      attended_minutes: number | null;
    };
  const upload = (body: Buffer | string, type = 'text/csv', token = admin, session = workshop, query = '') =>
    request(t.app)
      .post(`/api/v1/admin/sessions/${session}/attendance-report${query}`)
      .set('Authorization', `Bearer ${token}`)
      .set('Content-Type', type)
      .send(body);
  const unmatched = async () =>
    (await t
      .db('attendance_unmatched')
      .where('session_id', workshop)
      .orderBy('id')
      .select('name', 'email', 'minutes', 'suggested_seat_id')) as {
      name: string;
      email: string | null;
      minutes: number;
      suggested_seat_id: number | null;
    }[];

  it('Zoom: rejoins add up, a second device counts once, time before the start does not count; guests wait for a match', async () => {
    t.clock.set(new Date(WORKSHOP_END + 20 * MINUTE));
    const res = await upload(fixture('zoom-participants-us.csv')).expect(200);
    const answer = AttendanceReportResult.parse(res.body);
    expect(answer.attended.map((e) => e.toLowerCase())).toEqual(['dalibnieks.0@skola.lv', 'dalibnieks.2@skola.lv']);
    // 12.00–13.30 on a laptop and a phone at once: 90 minutes, not 160; 96 are needed (80 % of 120).
    expect(answer.below).toEqual([{ email: 'dalibnieks.1@skola.lv', minutes: 90 }]);
    expect(answer.unmatched).toEqual([
      { name: 'Vadītāja', email: 'vaditaja@skola.lv', minutes: 120 },
      { name: 'JK (Jānis Kalniņš)', email: null, minutes: 120 },
      { name: 'Svešinieks, Kārlis', email: 'svesais@example.com', minutes: 118 },
    ]);
    expect(await seat(people[0]!.email)).toMatchObject({ attended_source: 'report', attended_minutes: 115 });
    expect(await seat(people[1]!.email)).toMatchObject({ attended_at: null, attended_minutes: 90 });
    expect(await seat(people[2]!.email)).toMatchObject({ attended_source: 'report', attended_minutes: 100 });
    expect(await seat(people[3]!.email)).toMatchObject({ attended_at: null, attended_minutes: null });
    const janis = await seat(people[3]!.email);
    expect(await unmatched()).toEqual([
      { name: 'Vadītāja', email: 'vaditaja@skola.lv', minutes: 120, suggested_seat_id: null },
      { name: 'JK (Jānis Kalniņš)', email: null, minutes: 120, suggested_seat_id: janis.id },
      { name: 'Svešinieks, Kārlis', email: 'svesais@example.com', minutes: 118, suggested_seat_id: null },
    ]);
    expect(await auditActions(t)).toContain('attendance.report');
    // The event's report by session carries the minutes read (115 + 90 + 100) beside the marks.
    const report = await request(t.app)
      .get(`/api/v1/admin/events/${event.slug}/report`)
      .set('Authorization', `Bearer ${admin}`)
      .expect(200);
    const row = (report.body as { sessions: { sessionId: number }[] }).sessions.find((r) => r.sessionId === workshop);
    expect(row).toMatchObject({ confirmed: 4, attended: 2, joinedOnly: 0, minutes: 305 });
    const csv = await request(t.app)
      .get(`/api/v1/admin/events/${event.slug}/report?format=csv&table=sessions&lang=lv`)
      .set('Authorization', `Bearer ${admin}`)
      .expect(200);
    const [header, ...rows] = parseCsv(csv.text, ',');
    const minutesAt = header!.indexOf('Minūtes sesijā (kopā)');
    expect(minutesAt).toBeGreaterThan(0);
    expect(rows.some((r) => r[minutesAt] === '305')).toBe(true);
  });

  it('Teams: the UTF-16 tab-separated report gives the same minutes, and replaces the waiting rows; the event’s threshold decides', async () => {
    // An organizer ticked Pēteris by hand; the report (90 of 120 minutes) says otherwise.
    await t
      .db('seats')
      .where('id', (await seat(people[1]!.email)).id)
      .update({ attended_at: NOW.toISOString(), attended_source: 'hand' });
    const res = await upload(fixture('teams-attendance-utf16.csv'), 'application/octet-stream').expect(200);
    const answer = AttendanceReportResult.parse(res.body);
    expect(answer.below).toEqual([{ email: 'dalibnieks.1@skola.lv', minutes: 90 }]);
    expect(answer.unmatched.map((u) => u.name)).toEqual(['Jānis Kalniņš (Guest)', 'Svešinieks, Kārlis (External)']);
    expect(await seat(people[1]!.email)).toMatchObject({ attended_at: null, attended_source: null });
    expect((await unmatched()).map((u) => u.name)).toEqual(['Jānis Kalniņš (Guest)', 'Svešinieks, Kārlis (External)']);

    // At 75 %, 90 of 120 minutes is attendance.
    await t.db('certificate_settings').where('event_id', event.eventId).update({ attendance_threshold_percent: 75 });
    const lower = AttendanceReportResult.parse((await upload(fixture('teams-attendance-utf16.csv')).expect(200)).body);
    expect(lower.attended.map((e) => e.toLowerCase())).toEqual([
      'dalibnieks.0@skola.lv',
      'dalibnieks.1@skola.lv',
      'dalibnieks.2@skola.lv',
    ]);
    expect(lower.below).toEqual([]);
    await t.db('certificate_settings').where('event_id', event.eventId).update({ attendance_threshold_percent: 80 });
  });

  it('a file it cannot read is a 400 naming the columns it needs, in the asker’s language; so is a time it cannot read', async () => {
    const old = 'Full Name\tUser Action\tTimestamp\nAnna Bērziņa\tJoined\t12/11/2026, 11:55:03 AM\n';
    const lv = ErrorBody.parse((await upload(old).expect(400)).body).error;
    expect(lv.code).toBe('invalid_input');
    expect(lv.fields?.file).toContain('„User Email”');
    expect(lv.fields?.file).toContain('„First Join”');
    const en = ErrorBody.parse((await upload(old, 'text/csv', admin, workshop, '?lang=en').expect(400)).body).error;
    expect(en.fields?.file).toMatch(
      /^The file cannot be read\. It needs the columns: Zoom — “Name \(Original Name\)”, “User Email”/,
    );
    const time = ErrorBody.parse(
      (await upload('Name,Email,Join Time,Leave Time\nA,a@b.lv,rīt,12/11/2026 02:00 PM\n').expect(400)).body,
    ).error;
    expect(time.fields?.file).toContain('Kolonnā „Join Time”');
    // JSON is not a file; nothing was changed by any of these.
    const json = ErrorBody.parse((await upload(JSON.stringify({ csv: 'x' }), 'application/json').expect(400)).body);
    expect(json.error.fields?.file).toContain('Content-Type: text/csv');
    expect((await unmatched()).length).toBe(2);
  });

  it('refused for a coordinator of another region, an unknown session, without a token, and before the join window', async () => {
    await upload(fixture('zoom-participants-iso.csv'), 'text/csv', coordinator).expect(403);
    await upload(fixture('zoom-participants-iso.csv'), 'text/csv', admin, 999999).expect(404);
    await request(t.app)
      .post(`/api/v1/admin/sessions/${workshop}/attendance-report`)
      .set('Content-Type', 'text/csv')
      .send(fixture('zoom-participants-iso.csv'))
      .expect(401);
    const now = t.clock.now();
    t.clock.set(new Date(PLENARY_START - 2 * 60 * MINUTE));
    const early = ErrorBody.parse((await upload(fixture('zoom-participants-iso.csv')).expect(409)).body).error;
    expect(early.reason).toBe('attendance_too_early');
    t.clock.set(now);
  });

  it('the back office: the upload in Latvian and English, minutes in the list, a waiting row matched by hand', async () => {
    const browser = await signIn(t, 'admin@example.lv');
    const send = (file: string, lang = '') =>
      browser.agent
        .post(`/admin/sessions/${workshop}/attendance/report${lang}`)
        .field('_csrf', browser.csrf)
        .attach('file', path.join(FIXTURES, file));
    const lv = await send('zoom-participants-iso.csv').expect(200);
    expect(lv.text).toContain('Pārskats nolasīts. Apmeklēja: 2. Pārāk īsu laiku sesijā: 1. Nav atrasti: 2.');
    expect(lv.text).toContain('dalibnieks.1@skola.lv (90 min.)');
    expect(lv.text).toMatch(
      /<td>Dalibnieks\.0@Skola\.lv<\/td><td>[^<]*<\/td><td>Sanāksmes pārskats<\/td><td class="num">115<\/td>/,
    );
    expect(lv.text).toContain('Pārskata rindas bez dalībnieka');
    const en = await send('teams-attendance-comma.csv', '?lang=en').expect(200);
    expect(en.text).toContain('Report read. Attended: 1. In it too briefly: 1. Not found: 0.');
    expect(en.text).toContain('dalibnieks.1@skola.lv (80 min)');
    // The comma report named nobody else: the earlier waiting rows are gone with it.
    expect(en.text).not.toContain('Report rows without a participant');

    const bad = await browser.agent
      .post(`/admin/sessions/${workshop}/attendance/report?lang=en`)
      .field('_csrf', browser.csrf)
      .attach('file', Buffer.from('Name;Mail\nA;a@b.lv\n'), 'export.csv')
      .expect(400);
    expect(bad.text).toContain('The file cannot be read. It needs the columns');
    const none = await browser.agent
      .post(`/admin/sessions/${workshop}/attendance/report?lang=lv`)
      .field('_csrf', browser.csrf)
      .expect(400);
    expect(none.text).toContain('Izvēlieties pārskata failu.');
    // Without the form's token: refused, like every back-office form.
    await browser.agent
      .post(`/admin/sessions/${workshop}/attendance/report`)
      .attach('file', path.join(FIXTURES, 'zoom-participants-iso.csv'))
      .expect(403);

    // The Zoom guest "JK (Jānis Kalniņš)" waits with Jānis suggested; matching him marks 120 minutes.
    await send('zoom-participants-iso.csv').expect(200);
    const janis = await seat(people[3]!.email);
    const row = (await t
      .db('attendance_unmatched')
      .where({ session_id: workshop, name: 'JK (Jānis Kalniņš)' })
      .first('id', 'suggested_seat_id')) as {
      id: number;
      suggested_seat_id: number;
    };
    expect(row.suggested_seat_id).toBe(janis.id);
    const page = await browser.agent.get(`/admin/sessions/${workshop}/attendance`).expect(200);
    expect(page.text).toContain(`<option value="${janis.id}" selected>Jānis Kalniņš (janis.kalnins@skola.lv)</option>`);
    // No person chosen: the attendance page again, the row's choice marked, the message in words.
    const unchosen = await browser
      .post(`/admin/sessions/${workshop}/attendance/unmatched/${row.id}`, { seatId: '' })
      .expect(400);
    expect(unchosen.text).toContain('<h2>Pārskata rindas bez dalībnieka</h2>');
    expect(unchosen.text).toContain(
      `<a href="#match-${row.id}">Dalībnieks (JK (Jānis Kalniņš)): Izvēlieties dalībnieku, kuram šajā sesijā ir apstiprināta vieta.</a>`,
    );
    expect(unchosen.text).toMatch(
      new RegExp(
        `<select id="match-${row.id}" name="seatId" aria-invalid="true" aria-describedby="match-${row.id}-error">`,
      ),
    );
    expect(unchosen.text).toContain(
      `<p class="field-error" id="match-${row.id}-error">Izvēlieties dalībnieku, kuram šajā sesijā ir apstiprināta vieta.</p>`,
    );
    // A seat of another session: the same, in English too; nothing changes.
    const elsewhere = (await t.db('seats').whereNot('session_id', workshop).first('id')) as { id: number };
    const english = await browser
      .post(`/admin/sessions/${workshop}/attendance/unmatched/${row.id}?lang=en`, { seatId: String(elsewhere.id) })
      .expect(400);
    expect(english.text).toContain(
      `<a href="#match-${row.id}">Participant (JK (Jānis Kalniņš)): Choose a participant with a confirmed place in this session.</a>`,
    );
    expect(english.text).toContain('Report rows without a participant');
    const validator = new HtmlValidate({ extends: ['html-validate:standard'] });
    for (const html of [unchosen.text, english.text]) {
      const report = await validator.validateString(html);
      expect(report.results.flatMap((r) => r.messages.map((m) => `${m.ruleId}: ${m.message}`))).toEqual([]);
    }
    expect(await t.db('attendance_unmatched').where('id', row.id).first('id')).toBeDefined();
    expect(await seat(people[3]!.email)).toMatchObject({ attended_at: null });
    await browser
      .post(`/admin/sessions/${workshop}/attendance/unmatched/${row.id}`, { seatId: String(janis.id) })
      .expect(303)
      .expect('Location', `/admin/sessions/${workshop}/attendance?done=reportMatched`);
    expect(await seat(people[3]!.email)).toMatchObject({ attended_source: 'report', attended_minutes: 120 });
    expect(await t.db('attendance_unmatched').where('id', row.id).first()).toBeUndefined();

    // The registrations export carries the minutes beside the mark.
    const exported = await request(t.app)
      .get(`/api/v1/admin/events/${event.slug}/registrations?format=csv`)
      .set('Authorization', `Bearer ${admin}`)
      .expect(200);
    const csv = parseCsv(exported.text, ',');
    const col = (name: string) => csv[0]!.indexOf(name);
    const workshopRow = (name: string) =>
      csv.find((r) => r[col('Vārds, uzvārds')] === name && r[col('Sesijas veids')] === 'Darbnīca');
    expect(col('Minūtes sesijā')).toBe(col('Apmeklēja') + 1);
    expect([
      workshopRow('Anna Bērziņa')?.[col('Apmeklēja')],
      workshopRow('Anna Bērziņa')?.[col('Minūtes sesijā')],
    ]).toEqual(['jā', '115']);
    expect(workshopRow('Pēteris Ozols')?.[col('Minūtes sesijā')]).toBe('90');
  });

  it('the back office: a waiting row that is nobody’s is removed in two steps, audited, and no seat changes', async () => {
    const browser = await signIn(t, 'admin@example.lv');
    await browser.agent
      .post(`/admin/sessions/${workshop}/attendance/report`)
      .field('_csrf', browser.csrf)
      .attach('file', path.join(FIXTURES, 'zoom-participants-iso.csv'))
      .expect(200);
    const waiting = await unmatched();
    expect(waiting.length).toBeGreaterThan(0);
    const row = (await t
      .db('attendance_unmatched')
      .where('session_id', workshop)
      .orderBy('id')
      .first('id', 'name')) as { id: number; name: string };
    const seatsBefore = await t.db('seats').where('session_id', workshop).orderBy('id');
    const dismiss = `/admin/sessions/${workshop}/attendance/unmatched/${row.id}/dismiss`;

    const lv = await browser.agent.get(`/admin/sessions/${workshop}/attendance?lang=lv`).expect(200);
    expect(lv.text).toContain(
      `<a href="${dismiss}" class="dismiss">Nav dalībnieks — noņemt<span class="visually-hidden">: ${row.name}</span></a>`,
    );
    const step = await browser.agent.get(`${dismiss}?lang=lv`).expect(200);
    expect(step.text).toContain('<h1>Noņemt pārskata rindu</h1>');
    expect(step.text).toContain('To noņemot, neviena dalībnieka apmeklējums nemainās');
    expect(step.text).toContain(`<dd>${row.name}</dd>`);
    const en = await browser.agent.get(`${dismiss}?lang=en`).expect(200);
    expect(en.text).toContain('<h1>Remove the report row</h1>');
    expect(en.text).toContain('Remove the row</button>');
    const validator = new HtmlValidate({ extends: ['html-validate:standard'] });
    for (const html of [lv.text, step.text]) {
      const report = await validator.validateString(html);
      expect(report.results.flatMap((r) => r.messages.map((m) => `${m.ruleId}: ${m.message}`))).toEqual([]);
    }
    // Opening the step changes nothing; neither does a POST without the form's token.
    await browser.agent.post(dismiss).expect(403);
    expect(await unmatched()).toHaveLength(waiting.length);

    // A coordinator of another region cannot see or remove it.
    const latgale = await signIn(t, 'latgale@example.lv');
    await latgale.agent.get(dismiss).expect(403);
    await latgale.post(dismiss).expect(403);
    expect(await unmatched()).toHaveLength(waiting.length);

    await browser
      .post(dismiss)
      .expect(303)
      .expect('Location', `/admin/sessions/${workshop}/attendance?done=reportDismissed`);
    expect(await t.db('attendance_unmatched').where('id', row.id).first()).toBeUndefined();
    expect(await unmatched()).toHaveLength(waiting.length - 1);
    expect(await t.db('seats').where('session_id', workshop).orderBy('id')).toEqual(seatsBefore);
    expect((await auditActions(t)).at(-1)).toBe('attendance.dismiss');
    const done = await browser.agent
      .get(`/admin/sessions/${workshop}/attendance?done=reportDismissed&lang=lv`)
      .expect(200);
    expect(done.text).toContain('Pārskata rinda noņemta.');
    // Gone: the step and the removal are not found again.
    await browser.agent.get(dismiss).expect(404);
    await browser.post(dismiss).expect(404);
  });

  it('the certificate settings keep the threshold (1–100) and the plenary’s way of attendance', async () => {
    const browser = await signIn(t, 'admin@example.lv');
    const form = {
      enabled: 'on',
      issuerLv: DEMO_CERTIFICATES.issuer_lv,
      issuerEn: DEMO_CERTIFICATES.issuer_en,
      signatoryName: DEMO_CERTIFICATES.signatory_name,
      numberPrefix: 'SVB',
      rule: 'attended',
      minHours: '1,5',
      [`hours-${plenary}`]: '1,5',
      [`hours-${workshop}`]: '2',
    };
    const shown = await browser.agent.get(`/admin/events/${event.slug}/certificates`).expect(200);
    expect(shown.text).toContain(
      'id="attendanceThresholdPercent" name="attendanceThresholdPercent" type="text" value="80"',
    );
    expect(shown.text).toContain(
      '<option value="confirm" selected>Organizators apstiprina pievienojušos sarakstu</option>',
    );
    for (const bad of ['0', '101', '12,5', 'daudz']) {
      const res = await browser
        .post(`/admin/events/${event.slug}/certificates/settings?lang=en`, { ...form, attendanceThresholdPercent: bad })
        .expect(400);
      expect(res.text).toContain('Enter a whole number from 1 to 100.');
    }
    await browser
      .post(`/admin/events/${event.slug}/certificates/settings`, {
        ...form,
        attendanceThresholdPercent: '90',
        plenaryAttendance: 'second-join',
      })
      .expect(303);
    const row = (await t.db('certificate_settings').where('event_id', event.eventId).first()) as Record<
      string,
      unknown
    >;
    expect(row).toMatchObject({ attendance_threshold_percent: 90, plenary_attendance: 'second-join' });
    await t
      .db('certificate_settings')
      .where('event_id', event.eventId)
      .update({ attendance_threshold_percent: 80, plenary_attendance: 'confirm' });
  });
});

/**
 * The open plenary stream (every registration holds a seat in it) has no meeting report: a join link followed is "joined", never
 * "attended" and never hours. The event chooses what makes it attendance — an organizer
 * confirming the joined list (two steps), or a second join in the session's last quarter.
 */
describe('the plenary stream: joined is not attended', () => {
  const { t } = useTestApp({ now: NOW, seed: false, perTest: true });
  let event: BuiltConference;
  let plenary: number;
  let admin: string;

  const joinPath = async (email: string) => {
    const seat = (await t
      .db('seats')
      .join('registrations', 'registrations.id', 'seats.registration_id')
      .where('registrations.email_normalized', email)
      .andWhere('seats.session_id', plenary)
      .first('seats.id')) as { id: number };
    const codes = await joinCodesOf(t.db, t.ctx.tokens, [seat.id]);
    return { seatId: seat.id, path: `/j/${codes.get(seat.id) ?? ''}` };
  };
  const marks = async (seatId: number) =>
    (await t.db('seats').where('id', seatId).first('attended_at', 'attended_source', 'first_joined_at')) as {
      attended_at: string | null;
      attended_source: string | null;
      first_joined_at: string | null;
    };
  const issue = async () =>
    CertificateIssue.parse(
      (
        await request(t.app)
          .post(`/api/v1/admin/events/${event.slug}/certificates`)
          .set('Authorization', `Bearer ${admin}`)
          .expect(200)
      ).body,
    );

  beforeEach(async () => {
    event = await conference(t.db, t.clock.now(), {
      hoursTenths: { plenary: 15, workshop: 0 },
      certificates: DEMO_CERTIFICATES,
    });
    plenary = Number(event.plenary.riga);
    admin = await apiToken(t, await organizer(t, 'admin@example.lv'));
    for (const email of ['anna@skola.lv', 'janis@skola.lv']) {
      await request(t.app)
        .post(registerPath(event.slug))
        .send(person({ email, sessionIds: [Number(event.workshops.riga?.[0])] }))
        .expect(201);
    }
  });

  it('one click 29 minutes before the start is a join: no attendance, no hours, until an organizer confirms the joined list', async () => {
    const anna = await joinPath('anna@skola.lv');
    const janis = await joinPath('janis@skola.lv');
    t.clock.set(new Date(PLENARY_START - 29 * MINUTE));
    await request(t.app).get(anna.path).expect(303);
    expect(await marks(anna.seatId)).toMatchObject({ attended_at: null, attended_source: null });
    expect((await marks(anna.seatId)).first_joined_at).not.toBeNull();

    t.clock.set(new Date(PLENARY_END + 10 * MINUTE));
    expect(await issue()).toEqual({ issued: 0, skipped: 2 });

    const browser = await signIn(t, 'admin@example.lv');
    const list = await browser.agent.get(`/admin/sessions/${plenary}/attendance`).expect(200);
    expect(list.text).toContain('Pievienojās, nav apstiprināts');
    expect(list.text).toContain('Atvēra pievienošanās saiti, bet apmeklējums nav apstiprināts: 1.');
    // Step one: a page that says what confirming does and whom it names; it changes nothing.
    const ask = await browser.agent.get(`/admin/sessions/${plenary}/attendance/confirm-joined?lang=en`).expect(200);
    expect(ask.text).toContain('These people (1) opened their personal join link');
    expect(ask.text).toContain('anna@skola.lv');
    expect(ask.text).not.toContain('janis@skola.lv');
    expect(await marks(anna.seatId)).toMatchObject({ attended_at: null });
    // Step two.
    await browser
      .post(`/admin/sessions/${plenary}/attendance/confirm-joined`)
      .expect(303)
      .expect('Location', `/admin/sessions/${plenary}/attendance?done=joinedConfirmed&n=1`);
    expect(await marks(anna.seatId)).toMatchObject({ attended_source: 'confirm' });
    expect(await marks(janis.seatId)).toMatchObject({ attended_at: null });
    expect(await auditActions(t)).toContain('attendance.confirm');
    expect(await issue()).toEqual({ issued: 1, skipped: 1 });
  });

  it('in "second-join" mode, a join in the last quarter after one before it is attendance; either alone is not', async () => {
    await t.db('certificate_settings').where('event_id', event.eventId).update({ plenary_attendance: 'second-join' });
    const anna = await joinPath('anna@skola.lv');
    const janis = await joinPath('janis@skola.lv');
    t.clock.set(new Date(PLENARY_START - 5 * MINUTE));
    await request(t.app).get(anna.path).expect(303);
    // The last quarter of 10.00–11.30 begins at 11.07.30.
    t.clock.set(new Date(PLENARY_END - 20 * MINUTE));
    await request(t.app).get(janis.path).expect(303);
    await request(t.app).get(janis.path).expect(303);
    expect(await marks(janis.seatId)).toMatchObject({ attended_at: null });
    expect(await marks(anna.seatId)).toMatchObject({ attended_at: null });
    await request(t.app).get(anna.path).expect(303);
    expect(await marks(anna.seatId)).toMatchObject({ attended_source: 'link' });
    t.clock.set(new Date(PLENARY_END + MINUTE));
    expect(await issue()).toEqual({ issued: 1, skipped: 1 });
  });

  it('in "confirm" mode (the default) the same two joins stay a join', async () => {
    const anna = await joinPath('anna@skola.lv');
    t.clock.set(new Date(PLENARY_START - 5 * MINUTE));
    await request(t.app).get(anna.path).expect(303);
    t.clock.set(new Date(PLENARY_END - 10 * MINUTE));
    await request(t.app).get(anna.path).expect(303);
    expect(await marks(anna.seatId)).toMatchObject({ attended_at: null });
  });
});
