import ExcelJS from 'exceljs';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { pino } from 'pino';
import type { Response as SuperagentResponse } from 'superagent';
import request from 'supertest';
import { beforeEach, describe, expect, it } from 'vitest';
import { createApp } from '../../server/app.js';
import { register, type RegistrationInput } from '../../server/features/registration/register.js';
import { accessActions, anonymous, apiToken, auditActions, organizer, PASSWORD, signIn } from '../support/admin.js';
import { DEMO_SLUG, person } from '../support/app.js';
import { useTestApp } from '../support/fixtures.js';
import { conference, PROGRAMME_TITLE, PROGRAMME_WORKSHOPS, type BuiltConference } from '../support/build.js';

const input = (over: Record<string, unknown> = {}): RegistrationInput => person(over) as unknown as RegistrationInput;

/** A supertest parser keeping the body as raw bytes (a BOM must be checked on those). */
function rawBytes(res: SuperagentResponse, done: (err: Error | null, body: Buffer) => void): void {
  const chunks: Buffer[] = [];
  res.on('data', (c: Buffer) => chunks.push(c));
  res.on('end', () => done(null, Buffer.concat(chunks)));
}

describe('organizer back office', () => {
  const { t } = useTestApp({ perTest: true, seed: false });
  let ids: BuiltConference;

  beforeEach(async () => {
    ids = await conference(t.db, t.clock.now(), {
      slug: DEMO_SLUG,
      title: PROGRAMME_TITLE,
      regions: ['riga', 'vidzeme', 'kurzeme', 'zemgale', 'latgale'],
      workshopTitles: PROGRAMME_WORKSHOPS,
      weekdays: true,
    });
    await organizer(t, 'admin@example.lv', 'admin');
    await organizer(t, 'riga@example.lv', 'coordinator', ['riga']);
  });

  describe('signing in', () => {
    it('when the password is right, then the dashboard opens; after logout the session is gone', async () => {
      const { agent, post } = await signIn(t, 'admin@example.lv');
      const dashboard = await agent.get('/admin').expect(200);
      expect(dashboard.text).toContain('Pārskats');
      expect(dashboard.text).toContain('Skola. Vecāki. Bērni');
      await post('/admin/logout').expect(303);
      const after = await agent.get('/admin').expect(303);
      expect(after.headers.location).toBe('/admin/login?next=%2Fadmin');
      expect(await t.db('web_sessions').count({ n: '*' }).first()).toEqual({ n: 0 });
    });

    it('when the password is wrong, then 401 with a message and no session', async () => {
      const { agent, csrf } = await anonymous(t);
      const res = await agent
        .post('/admin/login')
        .type('form')
        .send({ _csrf: csrf, email: 'admin@example.lv', password: 'wrong password!' })
        .expect(401);
      expect(res.text).toContain('Nepareizs e-pasts vai parole.');
      expect(res.headers['set-cookie']?.toString() ?? '').not.toContain('sid=');
    });

    it('when an account fails five times from a new browser, then even the right password waits (429) and is told how long', async () => {
      const { agent, csrf } = await anonymous(t);
      const attempt = (password: string) =>
        agent.post('/admin/login').type('form').send({ _csrf: csrf, email: 'Admin@Example.lv', password });
      for (let i = 0; i < 5; i++) await attempt(`wrong-${i}-password`).expect(401);
      const blocked = await attempt(PASSWORD).expect(429);
      expect(blocked.headers['retry-after']).toBe('30');
      expect(blocked.text).toContain('Pārāk daudz nepareizu mēģinājumu pieteikties šajā kontā no šī tīkla.');
      expect(blocked.text).toContain('Mēģiniet vēlreiz pēc 30 sekundēm.');
      // Another account from the same address is not locked by this one (signed in from a
      // browser of its own: signing in binds this browser's form tokens to the new session).
      const colleague = await anonymous(t);
      await colleague.post('/admin/login', { email: 'riga@example.lv', password: PASSWORD }).expect(303);
      t.clock.advance(16 * 60_000);
      await attempt(PASSWORD).expect(303);
    });

    it('when a form comes without its CSRF token, then it is refused', async () => {
      const { agent } = await signIn(t, 'admin@example.lv');
      await agent.post(`/admin/quotas/${ids.quota.riga}/size`).type('form').send({ size: 5 }).expect(403);
      await agent
        .post(`/admin/quotas/${ids.quota.riga}/size`)
        .type('form')
        .send({ size: 5, _csrf: 'forged' })
        .expect(403);
      const quota = (await t.db('quotas').where('id', ids.quota.riga).first('size')) as { size: number };
      expect(quota.size).toBe(100);
    });

    it('when the password is changed, then the old one stops working', async () => {
      const { post } = await signIn(t, 'admin@example.lv');
      await post('/admin/account/password', { current: 'nope nope nope', password: 'a new password 2' }).expect(400);
      await post('/admin/account/password', { current: PASSWORD, password: 'a new password 2' }).expect(200);
      const { agent, csrf } = await anonymous(t);
      await agent
        .post('/admin/login')
        .type('form')
        .send({ _csrf: csrf, email: 'admin@example.lv', password: PASSWORD })
        .expect(401);
      await signIn(t, 'admin@example.lv', 'a new password 2');
    });
  });

  describe('role boundaries', () => {
    it('a coordinator sees and acts in their region only', async () => {
      const vidzeme = await register(t.ctx, DEMO_SLUG, input({ regionId: 'vidzeme', municipality: 'cesis' }));
      const riga = await register(t.ctx, DEMO_SLUG, input());
      const { agent, post } = await signIn(t, 'riga@example.lv');
      await agent.get('/admin/organizers').expect(403);
      // The audit log of their regions is theirs to read (history-in-words.test.ts); the access log is not.
      await agent.get('/admin/audit').expect(200);
      await agent.get('/admin/access').expect(403);
      await agent.get('/admin/events/new').expect(403);
      await agent.get(`/admin/registrations/${vidzeme.registration.id}`).expect(403);
      await agent.get(`/admin/registrations/${riga.registration.id}`).expect(200);
      await agent.get(`/admin/events/${DEMO_SLUG}/registrations?region=vidzeme`).expect(403);
      const list = await agent.get(`/admin/events/${DEMO_SLUG}/registrations`).expect(200);
      expect(list.text).toContain(riga.registration.email);
      expect(list.text).not.toContain(vidzeme.registration.email);
      await post(`/admin/quotas/${ids.quota.vidzeme}/size`, { size: 120 }).expect(403);
      await post(`/admin/quotas/${ids.quota.riga}/size`, { size: 120 }).expect(200);
      await post(`/admin/registrations/${vidzeme.registration.id}/cancel`).expect(403);
      await agent.get(`/admin/sessions/${ids.workshops.vidzeme?.[0]}/waitlist`).expect(403);
    });

    it('an admin manages organizers; a disabled one can no longer sign in', async () => {
      const { agent, post } = await signIn(t, 'admin@example.lv');
      await post('/admin/organizers', { email: 'bad', name: 'X', role: 'coordinator', password: 'short' }).expect(400);
      await post('/admin/organizers', {
        email: 'latgale@example.lv',
        name: 'Latgale',
        role: 'coordinator',
        regionIds: ['latgale'],
        password: 'long enough password',
      }).expect(303);
      const page = await agent.get('/admin/organizers').expect(200);
      expect(page.text).toContain('latgale@example.lv');
      const row = (await t.db('organizers').where('email', 'latgale@example.lv').first('id')) as { id: number };
      await post(`/admin/organizers/${row.id}/disable`).expect(303);
      const { agent: other, csrf } = await anonymous(t);
      await other
        .post('/admin/login')
        .type('form')
        .send({ _csrf: csrf, email: 'latgale@example.lv', password: 'long enough password' })
        .expect(401);
    });
  });

  describe('capacity', () => {
    it('when a quota is raised, then the waitlist is promoted in FIFO order and the page names them', async () => {
      await t.db('quotas').where('id', ids.quota.riga).update({ size: 1 });
      const [a] = ids.workshops.riga ?? [];
      const people = [];
      for (let i = 0; i < 4; i++)
        people.push(await register(t.ctx, DEMO_SLUG, input({ name: `Persona ${i}`, sessionIds: [a] })));
      const { post } = await signIn(t, 'admin@example.lv');
      const res = await post(`/admin/quotas/${ids.quota.riga}/size`, { size: 3 }).expect(200);
      expect(res.text).toContain('No rindas apstiprināti (2):');
      expect(res.text.indexOf('Persona 1')).toBeGreaterThan(0);
      expect(res.text.indexOf('Persona 1')).toBeLessThan(res.text.indexOf('Persona 2'));
      expect(res.text).not.toContain('Persona 3');
      const seat = (await t
        .db('seats')
        .where({ registration_id: people[3]?.registration.id, session_id: a })
        .first('status')) as { status: string };
      expect(seat.status).toBe('waitlisted');
    });

    it('when a quota is cut below its confirmed seats, then it is refused with a clear message', async () => {
      const [a] = ids.workshops.riga ?? [];
      for (let i = 0; i < 3; i++) await register(t.ctx, DEMO_SLUG, input({ sessionIds: [a] }));
      const { post } = await signIn(t, 'admin@example.lv');
      const res = await post(`/admin/quotas/${ids.quota.riga}/size`, { size: 2 }).expect(400);
      expect(res.text).toContain('Nevar samazināt zem 3 — tik vietu jau ir apstiprināts.');
      expect(res.text).toContain('<body class="admin">');
      const quota = (await t.db('quotas').where('id', ids.quota.riga).first('size', 'used')) as {
        size: number;
        used: number;
      };
      expect(quota).toEqual({ size: 100, used: 3 });
    });
  });

  describe('registrants', () => {
    it('the table filters by region, session, status, municipality, role and free text, and pages', async () => {
      const [a, b] = ids.workshops.riga ?? [];
      await register(
        t.ctx,
        DEMO_SLUG,
        input({
          name: 'Ilze Ozola',
          institution: 'Ogres tehnikums',
          municipality: 'ogre',
          role: 'parent',
          sessionIds: [a],
        }),
      );
      await register(t.ctx, DEMO_SLUG, input({ name: 'Kārlis Liepa', sessionIds: [b] }));
      await register(t.ctx, DEMO_SLUG, input({ name: 'Vija Kalna', regionId: 'latgale', municipality: 'ludza' }));
      const { agent } = await signIn(t, 'admin@example.lv');
      const get = async (qs: string) =>
        (await agent.get(`/admin/events/${DEMO_SLUG}/registrations?${qs}`).expect(200)).text;
      expect(await get('region=latgale')).toContain('Vija Kalna');
      expect(await get('region=latgale')).not.toContain('Ilze Ozola');
      expect(await get(`session=${b}`)).toContain('Kārlis Liepa');
      expect(await get(`session=${b}`)).not.toContain('Ilze Ozola');
      expect(await get('municipality=ogre')).toContain('Ilze Ozola');
      expect(await get('role=parent')).not.toContain('Kārlis Liepa');
      expect(await get('q=tehnikum')).toContain('Ilze Ozola');
      expect(await get('q=%25')).toContain('Atrasti: 0');
      expect(await get('status=confirmed')).toContain('Atrasti: 2');
      for (let i = 0; i < 60; i++)
        await register(t.ctx, DEMO_SLUG, input({ regionId: 'kurzeme', municipality: 'talsi' }));
      const page1 = await get('region=kurzeme');
      expect(page1).toContain('Lapa 1 no 2');
      expect(await get('region=kurzeme&page=2')).toContain('Lapa 2 no 2');
    });

    it('actions on a person: promote out of turn, move, resend, cancel — each audited', async () => {
      await t.db('quotas').where('id', ids.quota.riga).update({ size: 1 });
      const [a, b] = ids.workshops.riga ?? [];
      const first = await register(t.ctx, DEMO_SLUG, input({ sessionIds: [a] }));
      const waiting = await register(t.ctx, DEMO_SLUG, input({ sessionIds: [a] }));
      const waitingSeat = waiting.seats.find((s) => s.sessionId === a)?.id ?? 0;
      const { agent, post } = await signIn(t, 'admin@example.lv');
      const waitlist = await agent.get(`/admin/sessions/${a}/waitlist`).expect(200);
      expect(waitlist.text).toContain(waiting.registration.email);

      await post(`/admin/seats/${waitingSeat}/promote`).expect(303);
      expect(await t.db('quotas').where('id', ids.quota.riga).first('size', 'used')).toEqual({ size: 2, used: 2 });
      expect(((await t.db('seats').where('id', waitingSeat).first('status')) as { status: string }).status).toBe(
        'confirmed',
      );

      const firstSeat = first.seats.find((s) => s.sessionId === a)?.id ?? 0;
      // the first step (a page saying what will happen) moves nothing; the second moves
      await post(`/admin/seats/${firstSeat}/move`, { sessionId: b }).expect(200);
      expect(
        await t.db('seats').where({ registration_id: first.registration.id, session_id: b }).first(),
      ).toBeUndefined();
      await post(`/admin/seats/${firstSeat}/move`, { sessionId: b, confirm: 'yes' }).expect(303);
      const moved = (await t
        .db('seats')
        .where({ registration_id: first.registration.id, session_id: b })
        .first('status')) as { status: string };
      expect(moved.status).toBe('confirmed');

      await post(`/admin/registrations/${first.registration.id}/resend`).expect(303);
      // the first step changes nothing; the second cancels
      await post(`/admin/registrations/${first.registration.id}/cancel`).expect(303);
      expect(await t.db('registrations').where('id', first.registration.id).first('status')).toEqual({
        status: 'active',
      });
      await post(`/admin/registrations/${first.registration.id}/cancel`, { confirm: 'yes' }).expect(303);
      const detail = await agent.get(`/admin/registrations/${first.registration.id}`).expect(200);
      expect(detail.text).toContain('reģistrācija atcelta');
      expect(await t.db('quotas').where('id', ids.quota.riga).first('used')).toEqual({ used: 1 });

      const actions = await auditActions(t);
      for (const action of [
        'login',
        'seat.promote_override',
        'seat.move',
        'registration.resend',
        'registration.cancel',
      ]) {
        expect(actions).toContain(action);
      }
      expect(await accessActions(t)).toContain('registration.view');
      const override = (await t.db('audit_log').where('action', 'seat.promote_override').first()) as {
        actor: string;
        after: string;
      };
      expect(override.actor).toBe('admin@example.lv');
      expect(JSON.parse(override.after).grownQuotas).toEqual([{ id: ids.quota.riga, from: 1, to: 2 }]);
    });
  });

  describe('exports', () => {
    beforeEach(async () => {
      await register(
        t.ctx,
        DEMO_SLUG,
        input({
          name: 'Žanete Ķēniņa-Šņore',
          institution: 'Līvānu 1. vidusskola',
          regionId: 'latgale',
          municipality: 'livani',
        }),
      );
      await register(
        t.ctx,
        DEMO_SLUG,
        input({ name: '=HYPERLINK("http://evil")', regionId: 'latgale', municipality: 'livani' }),
      );
    });

    /** An export as an admin downloads it, as raw bytes. */
    const download = async (format: 'csv&dialect=excel' | 'xlsx') => {
      const { agent } = await signIn(t, 'admin@example.lv');
      return agent
        .get(`/admin/events/${DEMO_SLUG}/registrations?region=latgale&format=${format}`)
        .buffer(true)
        .parse(rawBytes)
        .expect(200);
    };

    it('CSV for Excel is UTF-8 with a BOM and keeps Latvian letters; formula cells are defused', async () => {
      const res = await download('csv&dialect=excel');
      const bytes = res.body as Buffer;
      expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
      const text = bytes.subarray(3).toString('utf8');
      expect(text).toContain('Žanete Ķēniņa-Šņore');
      expect(text).toContain('Līvānu 1. vidusskola');
      expect(text).toContain(`"'=HYPERLINK(""http://evil"")"`);
      expect(res.headers['content-type']).toMatch(/^text\/csv; charset=utf-8/);
      expect(await accessActions(t)).toContain('export.csv');
    });

    it('XLSX reads back with exceljs with the same rows and letters', async () => {
      const res = await download('xlsx');
      const workbook = new ExcelJS.Workbook();
      await workbook.xlsx.load(new Uint8Array(res.body as Buffer).buffer);
      const sheet = workbook.worksheets[0];
      // title, made at, event, region, a blank line, then the header and a row per person and session
      const header = 6;
      expect(sheet?.rowCount).toBe(header + 2);
      expect(sheet?.getRow(header).getCell(2).value).toBe('Vārds, uzvārds');
      expect(sheet?.getRow(header + 1).getCell(2).value).toBe('Žanete Ķēniņa-Šņore');
      expect(sheet?.getRow(header + 1).getCell(5).value).toBe('Līvānu 1. vidusskola');
      expect(await accessActions(t)).toContain('export.xlsx');
    });
  });

  describe('announcements, attendance and reports', () => {
    it('an announcement previews its recipients, then queues one e-mail each', async () => {
      for (let i = 0; i < 3; i++)
        await register(t.ctx, DEMO_SLUG, input({ regionId: 'zemgale', municipality: 'bauska' }));
      await register(t.ctx, DEMO_SLUG, input());
      const { post } = await signIn(t, 'admin@example.lv');
      const preview = await post(`/admin/events/${DEMO_SLUG}/announce`, {
        region: 'zemgale',
        subject: 'Saite',
        text: 'Tiešraides saite: https://example.lv/live',
        action: 'preview',
      }).expect(200);
      expect(preview.text).toContain('Saņēmēji: 3');
      const before = Number(((await t.db('outbox').count({ n: '*' }).first()) as { n: number }).n);
      await post(`/admin/events/${DEMO_SLUG}/announce`, {
        region: 'zemgale',
        subject: 'Saite',
        text: 'Tiešraides saite: https://example.lv/live',
        action: 'send',
      }).expect(303);
      const queued = await t.db('outbox').where('kind', 'announcement');
      expect(queued).toHaveLength(3);
      expect(Number(((await t.db('outbox').count({ n: '*' }).first()) as { n: number }).n)).toBe(before + 3);
      expect(await auditActions(t)).toContain('announcement.send');
    });

    it('attendance marked by hand and imported from CSV feeds the report', async () => {
      const [a] = ids.workshops.riga ?? [];
      const p1 = await register(t.ctx, DEMO_SLUG, input({ email: 'anna@skola.lv', sessionIds: [a], role: 'teacher' }));
      await register(t.ctx, DEMO_SLUG, input({ email: 'Juris@Skola.lv', sessionIds: [a], role: 'parent' }));
      await register(
        t.ctx,
        DEMO_SLUG,
        input({ sessionIds: [ids.workshops.kurzeme?.[0]], role: 'parent', regionId: 'kurzeme', municipality: 'talsi' }),
      );
      // Attendance is taken once the session's join window is open: at its start.
      const session = (await t.db('sessions').where('id', a).first('starts_at')) as { starts_at: string | Date };
      t.clock.set(new Date(session.starts_at));
      const { agent, post } = await signIn(t, 'admin@example.lv');
      const seat = p1.seats.find((s) => s.sessionId === a)?.id;
      await post(`/admin/sessions/${a}/attendance`, { present: [String(seat)] }).expect(303);
      const imported = await post(`/admin/sessions/${a}/attendance/import`, {
        csv: 'email\njuris@skola.lv\nnobody@skola.lv\n',
      }).expect(200);
      expect(imported.text).toContain('Atzīmēti: 1. Nav atrasti: nobody@skola.lv.');
      const byRole = await agent.get(`/admin/events/${DEMO_SLUG}/report?by=role`).expect(200);
      // registered, unique people, plenary, workshop, seminar, waitlisted, attended
      expect(byRole.text).toContain(
        '<th scope="row">Vecāks</th><td class="num">2</td><td class="num">2</td><td class="num">2</td><td class="num">2</td><td class="num">0</td><td class="num">0</td><td class="num">1</td>',
      );
      const csv = await agent.get(`/admin/events/${DEMO_SLUG}/report?by=region&format=csv`).expect(200);
      expect(csv.text).toContain('Rīga,2,2,2,2,0,0,2');
      expect(await auditActions(t)).toEqual(
        expect.arrayContaining(['attendance.mark', 'attendance.import', 'export.report']),
      );
    });
  });

  describe('programme', () => {
    it('an admin creates an event, a session and a quota, publishes it, and moves a session (calendar update queued)', async () => {
      const { agent, post } = await signIn(t, 'admin@example.lv');
      const bad = await post('/admin/events', {
        slug: 'Bad Slug',
        kind: 'conference',
        titleLv: '',
        titleEn: 'x',
        opensAt: 'x',
        closesAt: '2027-01-01T10:00',
        reminderHours: '24',
      }).expect(400);
      expect(bad.text).toContain('error-summary');
      await post('/admin/events', {
        slug: 'papildsemināri',
        kind: 'seminar_series',
        titleLv: 'x',
        titleEn: 'x',
        opensAt: '2026-11-01T09:00',
        closesAt: '2027-01-01T10:00',
        reminderHours: '24',
      }).expect(400);
      await post('/admin/events', {
        slug: 'papildseminari',
        kind: 'seminar_series',
        retentionDays: '30',
        titleLv: 'Ievadsemināri',
        titleEn: 'Introductory seminars',
        descriptionLv: '',
        descriptionEn: '',
        opensAt: '2026-11-01T09:00',
        closesAt: '2027-01-01T10:00',
        reminderHours: '24',
      }).expect(303);
      const event = (await t.db('events').where('slug', 'papildseminari').first()) as Record<string, string>;
      expect(event.registration_opens_at).toBe('2026-11-01T07:00:00.000Z'); // 09:00 in Riga (EET)
      expect(event.status).toBe('draft');
      expect(Number(event.retention_days)).toBe(30);
      await post('/admin/events/papildseminari/sessions', {
        kind: 'seminar',
        regionId: 'latgale',
        titleLv: 'Seminārs Ludzā',
        titleEn: 'Seminar in Ludza',
        startsAt: '2027-01-12T10:00',
        endsAt: '2027-01-12T12:00',
        streamUrl: '',
        joinUrl: '',
        place: 'Ludzas novada dome',
        audience: 'municipality_staff',
      }).expect(303);
      const session = (await t.db('sessions').where('title_lv', 'Seminārs Ludzā').first()) as { id: number };
      await post('/admin/events/papildseminari/quotas', {
        name: 'Ludza',
        size: '20',
        sessionIds: String(session.id),
      }).expect(303);
      await post('/admin/events/papildseminari/status', { status: 'published' }).expect(303);
      await request(t.app).get('/events/papildseminari').expect(200);

      const person1 = await register(
        t.ctx,
        'papildseminari',
        input({ regionId: 'latgale', municipality: 'ludza', sessionIds: [session.id] }),
      );
      expect(person1.seats[0]?.status).toBe('confirmed');
      await post(`/admin/sessions/${session.id}/edit`, {
        kind: 'seminar',
        regionId: 'latgale',
        titleLv: 'Seminārs Ludzā',
        titleEn: 'Seminar in Ludza',
        startsAt: '2027-01-12T11:00',
        endsAt: '2027-01-12T13:00',
        speakersLv: 'Anna Bērziņa, psiholoģe',
        speakersEn: 'Anna Bērziņa, psychologist',
        embedOrigins: 'https://www.youtube-nocookie.com',
        address: 'Raiņa iela 16, Ludza',
        streamUrl: '',
        joinUrl: '',
        place: 'Ludzas novada dome',
        audience: 'municipality_staff',
      }).expect(303);
      const moved = (await t.db('sessions').where('id', session.id).first('sequence', 'starts_at')) as {
        sequence: number;
        starts_at: string;
      };
      expect(moved).toEqual({ sequence: 1, starts_at: '2027-01-12T09:00:00.000Z' });
      const details = (await t
        .db('sessions')
        .where('id', session.id)
        .first('speakers_lv', 'embed_origins', 'address')) as Record<string, string>;
      expect(details).toEqual({
        speakers_lv: 'Anna Bērziņa, psiholoģe',
        embed_origins: 'https://www.youtube-nocookie.com',
        address: 'Raiņa iela 16, Ludza',
      });
      expect(await t.db('outbox').where('kind', 'session_changed')).toHaveLength(1);
      const page = await agent.get('/admin/events/papildseminari').expect(200);
      expect(page.text).toContain('Seminārs Ludzā');
      expect(await auditActions(t)).toEqual(
        expect.arrayContaining([
          'event.create',
          'session.create',
          'quota.create',
          'event.status',
          'session.update',
          'session.move',
        ]),
      );
    });
  });

  describe('edit forms and outgoing mail', () => {
    it('the edit forms open filled in with the event and the session as they are', async () => {
      const { agent } = await signIn(t, 'admin@example.lv');
      await t.db('events').where('id', ids.eventId).update({ retention_days: 180 });
      const event = await agent.get(`/admin/events/${DEMO_SLUG}/edit`).expect(200);
      expect(event.text).toContain('value="Skola. Vecāki. Bērni');
      expect(event.text).toMatch(/name="retentionDays"[^>]*value="180"|value="180"[^>]*name="retentionDays"/);
      const [workshop] = ids.workshops.riga ?? [];
      const title = ((await t.db('sessions').where('id', workshop).first('title_lv')) as { title_lv: string }).title_lv;
      const session = await agent.get(`/admin/sessions/${workshop}/edit`).expect(200);
      expect(session.text).toContain(`value="${title}"`);
      await agent.get('/admin/sessions/99999/edit').expect(404);
    });

    it('a failed message is listed and sent again on request; a dropped message opens as plain text — both audited', async () => {
      const dropDir = mkdtempSync(path.join(tmpdir(), 'reg-drop-'));
      try {
        const name = '2026-11-02T08-00-00-000Z_test@localhost.eml';
        writeFileSync(path.join(dropDir, name), 'Subject: Sveiki\n\nManage link inside');
        const app = createApp({ ctx: t.ctx, logger: pino({ level: 'silent' }), mailDropDir: dropDir });
        const { agent, post } = await signIn({ ...t, app }, 'admin@example.lv');
        await register(t.ctx, DEMO_SLUG, input({ email: 'failed@skola.lv' }));
        const message = (await t.db('outbox').where('to_email', 'failed@skola.lv').first('id')) as { id: number };
        await t.db('outbox').where('id', message.id).update({ status: 'failed', attempts: 7, last_error: 'refused' });

        const outbox = await agent.get('/admin/outbox').expect(200);
        expect(outbox.text).toContain('failed@skola.lv');
        expect(outbox.text).toContain(name);
        await post(`/admin/outbox/${message.id}/retry`).expect(303);
        expect(await t.db('outbox').where('id', message.id).first('status', 'attempts')).toEqual({
          status: 'pending',
          attempts: 0,
        });
        await post(`/admin/outbox/${message.id}/retry`).expect(404); // no longer a failed message

        const dropped = await agent.get(`/admin/outbox/drop/${encodeURIComponent(name)}`).expect(200);
        expect(dropped.headers['content-type']).toContain('text/plain');
        expect(dropped.text).toContain('Manage link inside');
        await agent.get('/admin/outbox/drop/missing.eml').expect(404);
        expect(await auditActions(t)).toContain('outbox.retry');
        expect(await accessActions(t)).toContain('maildrop.view');
      } finally {
        rmSync(dropDir, { recursive: true, force: true });
      }
    });
  });

  describe('organizer API', () => {
    it('PATCH a quota with a bearer token promotes and answers {quota, promoted}', async () => {
      await t.db('quotas').where('id', ids.quota.riga).update({ size: 1 });
      const [a] = ids.workshops.riga ?? [];
      for (let i = 0; i < 3; i++) await register(t.ctx, DEMO_SLUG, input({ sessionIds: [a] }));
      const admin = (await t.db('organizers').where('email', 'admin@example.lv').first()) as { id: number };
      const token = await apiToken(t, {
        id: admin.id,
        email: 'admin@example.lv',
        name: 'a',
        role: 'admin',
        regionIds: [],
      });
      await request(t.app).patch(`/api/v1/admin/quotas/${ids.quota.riga}`).send({ size: 5 }).expect(401);
      await request(t.app)
        .patch(`/api/v1/admin/quotas/${ids.quota.riga}`)
        .set('Authorization', 'Bearer evt_nope')
        .send({ size: 5 })
        .expect(401);
      const bad = await request(t.app)
        .patch(`/api/v1/admin/quotas/${ids.quota.riga}`)
        .set('Authorization', `Bearer ${token}`)
        .send({ size: 0 })
        .expect(400);
      expect(bad.body.error.code).toBe('invalid_input');
      const res = await request(t.app)
        .patch(`/api/v1/admin/quotas/${ids.quota.riga}`)
        .set('Authorization', `Bearer ${token}`)
        .send({ size: 3 })
        .expect(200);
      expect(res.body).toMatchObject({ quota: { id: ids.quota.riga, size: 3, left: 0 }, promoted: 2 });

      const list = await request(t.app)
        .get(`/api/v1/admin/events/${DEMO_SLUG}/registrations?status=confirmed`)
        .set('Authorization', `Bearer ${token}`)
        .expect(200);
      expect(list.body.total).toBe(3);
      const csv = await request(t.app)
        .get(`/api/v1/admin/events/${DEMO_SLUG}/registrations?format=csv`)
        .set('Authorization', `Bearer ${token}`)
        .expect(200);
      expect(csv.headers['content-type']).toMatch(/text\/csv/);

      const { agent, post } = await signIn(t, 'admin@example.lv');
      const tokenRow = (await t.db('api_tokens').first('id')) as { id: number };
      await post(`/admin/account/tokens/${tokenRow.id}/revoke`).expect(303);
      await request(t.app)
        .get(`/api/v1/admin/events/${DEMO_SLUG}/registrations`)
        .set('Authorization', `Bearer ${token}`)
        .expect(401);
      const created = await post('/admin/account/tokens', { name: 'export script' }).expect(200);
      expect(created.text).toMatch(/evt_[A-Za-z0-9_-]{43}/);
      const account = await agent.get('/admin/account').expect(200);
      expect(account.text).toContain('export script');
    });

    it('a coordinator token cannot touch another region', async () => {
      const riga = (await t.db('organizers').where('email', 'riga@example.lv').first()) as { id: number };
      const token = await apiToken(t, {
        id: riga.id,
        email: 'riga@example.lv',
        name: 'r',
        role: 'coordinator',
        regionIds: ['riga'],
      });
      await request(t.app)
        .patch(`/api/v1/admin/quotas/${ids.quota.latgale}`)
        .set('Authorization', `Bearer ${token}`)
        .send({ size: 150 })
        .expect(403);
      await request(t.app)
        .get(`/api/v1/admin/events/${DEMO_SLUG}/registrations?region=latgale`)
        .set('Authorization', `Bearer ${token}`)
        .expect(403);
    });
  });
});
