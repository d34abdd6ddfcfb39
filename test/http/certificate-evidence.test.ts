import request from 'supertest';
import { beforeEach, describe, expect, it } from 'vitest';
import { CertificateIssue, ErrorBody } from '../../server/http/apiSchemas.js';
import { person } from '../support/app.js';
import { conference, PROGRAMME_TITLE, type BuiltConference } from '../support/build.js';
import { apiToken, organizer, signIn } from '../support/admin.js';
import { composedFor } from '../support/compose.js';
import { useTestApp } from '../support/fixtures.js';
import { csrfOf, formAgent } from '../support/forms.js';
import { registerPath } from '../support/places.js';
import { pdfText, pdfToolsAvailable } from '../support/pdf.js';
import { DEMO_CERTIFICATES } from '../../seeds/certificates.js';

const MINUTE = 60_000;
const NOW = new Date('2026-11-02T08:00:00Z');
// The Riga day is 28 days on (built by `conference`): the plenary 10.00–11.30, the
// workshops 12.00–14.00, Riga time (UTC+2); join windows open 30 minutes before.
const PLENARY_START = Date.parse('2026-11-30T08:00:00Z');
const WORKSHOP_START = Date.parse('2026-11-30T10:00:00Z');
const WORKSHOP_END = Date.parse('2026-11-30T12:00:00Z');
const WINDOW = 30 * MINUTE;

/** A response body read whole, as bytes (a PDF). */
const bytes = (r: request.Test) =>
  r.buffer(true).parse((res, cb) => {
    const chunks: Buffer[] = [];
    res.on('data', (c: Buffer) => chunks.push(c));
    res.on('end', () => cb(null, Buffer.concat(chunks)));
  });

/**
 * Issue 28, "only what happened" and "erasure keeps earned certificates true": attendance
 * is refused before a session's join window opens (API, back office by hand and by CSV,
 * the personal link), hours count only for sessions that have ended, and a person who
 * erases their data keeps their certificates valid on /verify, downloading them first.
 */
describe('records tell only what happened', () => {
  const { t } = useTestApp({ perTest: true, now: NOW, seed: false });
  let event: BuiltConference;
  let admin: string;
  let workshop: number;
  let plenary: number;

  beforeEach(async () => {
    event = await conference(t.db, t.clock.now(), {
      title: PROGRAMME_TITLE,
      hoursTenths: { plenary: 15, workshop: 20 },
      certificates: DEMO_CERTIFICATES,
    });
    workshop = Number(event.workshops.riga?.[0]);
    plenary = Number(event.plenary.riga);
    admin = await apiToken(t, await organizer(t, 'admin@example.lv'));
  });

  async function registered(name: string, email: string, language: 'lv' | 'en' = 'lv') {
    const res = await request(t.app)
      .post(registerPath(event.slug))
      .send(person({ name, email, language, sessionIds: [workshop] }))
      .expect(201);
    return { token: String(res.body.registration.manageUrl).split('/r/')[1] ?? '', email };
  }

  const markByApi = (sessionId: number, emails: string[], lang = 'lv') =>
    request(t.app)
      .post(`/api/v1/admin/events/${event.slug}/attendance?lang=${lang}`)
      .set('Authorization', `Bearer ${admin}`)
      .send({ sessionId, emails });
  const issue = (lang = 'lv') =>
    request(t.app)
      .post(`/api/v1/admin/events/${event.slug}/certificates?lang=${lang}`)
      .set('Authorization', `Bearer ${admin}`);
  const attended = async (email: string, sessionId: number) =>
    (
      (await t
        .db('seats')
        .join('registrations', 'registrations.id', 'seats.registration_id')
        .where('registrations.email_normalized', email)
        .andWhere('seats.session_id', sessionId)
        .first('seats.attended_at', 'seats.attended_source')) as { attended_at: string | null } | undefined
    )?.attended_at ?? null;

  describe('attendance before the join window opens is refused and changes nothing', () => {
    it('through the API: 409 with the reason and when the window opens, in lv and en', async () => {
      const anna = await registered('Anna Bērziņa', 'anna@skola.lv');
      // A minute before the workshop's window (11.30 Riga time) opens.
      t.clock.set(new Date(WORKSHOP_START - WINDOW - MINUTE));
      const lv = await markByApi(workshop, [anna.email]).expect(409);
      const error = ErrorBody.parse(lv.body).error;
      expect(error).toMatchObject({ code: 'not_allowed', reason: 'attendance_too_early' });
      expect(error.message).toBe(
        'Apmeklējumu šai sesijai var atzīmēt tikai tad, kad atveras tās pievienošanās saite: 2026. gada 30. novembrī, plkst.\u00a011.30. Nekas nav mainīts.',
      );
      const en = await markByApi(workshop, [anna.email], 'en').expect(409);
      expect(ErrorBody.parse(en.body).error.message).toBe(
        'Attendance for this session can be marked only once its join link opens: 30 November 2026 at 11:30. Nothing was changed.',
      );
      expect(await attended(anna.email, workshop)).toBeNull();
      const audit = (await t.db('audit_log').where('action', 'attendance.api').count({ n: '*' }).first()) as {
        n: number;
      };
      expect(Number(audit.n)).toBe(0);

      // From the moment it opens, the same call marks.
      t.clock.set(new Date(WORKSHOP_START - WINDOW));
      expect((await markByApi(workshop, [anna.email]).expect(200)).body).toEqual({ marked: 1, unknown: [] });
      expect(await attended(anna.email, workshop)).not.toBeNull();
    });

    it('in the back office, by hand and by CSV: the form again with the message (lv, en), nothing marked', async () => {
      const anna = await registered('Anna Bērziņa', 'anna@skola.lv');
      const seat = (await t.db('seats').where('session_id', workshop).andWhere('status', 'confirmed').first('id')) as {
        id: number;
      };
      t.clock.set(new Date(WORKSHOP_START - 2 * 3600_000));
      const browser = await signIn(t, 'admin@example.lv');

      const byHand = await browser.post(`/admin/sessions/${workshop}/attendance`, { present: [String(seat.id)] });
      expect(byHand.status).toBe(409);
      expect(byHand.text).toContain('role="alert"');
      expect(byHand.text).toContain(
        'Apmeklējumu šai sesijai var atzīmēt tikai tad, kad atveras tās pievienošanās saite: 2026. gada 30. novembrī, plkst.',
      );
      expect(byHand.text).toContain(`action="/admin/sessions/${workshop}/attendance"`);
      const csv = `Name,Email\n"Anna","${anna.email}"\n`;
      const byCsv = await browser.post(`/admin/sessions/${workshop}/attendance/import?lang=en`, { csv });
      expect(byCsv.status).toBe(409);
      expect(byCsv.text).toContain(
        'Attendance for this session can be marked only once its join link opens: 30 November 2026 at 11:30. Nothing was changed.',
      );
      // What was pasted is there to send again.
      expect(byCsv.text).toContain('&#34;Anna&#34;,&#34;anna@skola.lv&#34;');
      expect(await attended(anna.email, workshop)).toBeNull();
      const marks = (await t
        .db('audit_log')
        .whereIn('action', ['attendance.mark', 'attendance.import'])
        .count({ n: '*' })
        .first()) as { n: number };
      expect(Number(marks.n)).toBe(0);

      t.clock.set(new Date(WORKSHOP_START - WINDOW + MINUTE));
      await browser.post(`/admin/sessions/${workshop}/attendance`, { present: [String(seat.id)] }).expect(303);
      expect(await attended(anna.email, workshop)).not.toBeNull();
    });

    it('through the personal join link: before the window a page says from when, and nothing is recorded', async () => {
      const anna = await registered('Anna Bērziņa', 'anna@skola.lv');
      const page = await request(t.app).get(`/r/${anna.token}`).expect(200);
      const links = [...page.text.matchAll(/\/j\/[A-Za-z0-9_-]{32}/g)].map((m) => m[0]);
      expect(links.length).toBeGreaterThan(0);
      t.clock.set(new Date(PLENARY_START - WINDOW - MINUTE));
      for (const link of links) {
        const early = await request(t.app).get(link).expect(200);
        expect(early.text).toContain('plkst.');
      }
      expect(await attended(anna.email, plenary)).toBeNull();
      expect(await attended(anna.email, workshop)).toBeNull();
    });
  });

  describe('certificates count only sessions that have ended', () => {
    it('before any has ended, issuing is a 409 that says when the first ends; then hours come as sessions end', async () => {
      const anna = await registered('Anna Bērziņa', 'anna@skola.lv');
      const juris = await registered('Juris Liepa', 'juris@skola.lv');
      // Anna is at the plenary and the workshop, Juris at the workshop only.
      t.clock.set(new Date(PLENARY_START + 5 * MINUTE));
      await markByApi(plenary, [anna.email]).expect(200);
      const lv = await issue().expect(409);
      expect(ErrorBody.parse(lv.body).error).toMatchObject({
        code: 'not_allowed',
        reason: 'nothing_ended',
        message:
          'Neviena šī pasākuma sesija vēl nav beigusies, un stundas skaitās tikai par beigušām sesijām. Pirmā sesija beigsies 2026. gada 30. novembrī, plkst.\u00a011.30. Apliecības nav izsniegtas.',
      });
      const en = await issue('en').expect(409);
      expect(ErrorBody.parse(en.body).error.message).toContain('The first session ends on 30 November 2026 at 11:30.');
      expect(await t.db('certificates').count({ n: '*' }).first()).toMatchObject({ n: 0 });

      // The back office's button says the same on the certificates page.
      const browser = await signIn(t, 'admin@example.lv');
      const page = await browser.post(`/admin/events/${event.slug}/certificates/issue`);
      expect(page.status).toBe(409);
      expect(page.text).toContain('Pirmā sesija beigsies 2026. gada 30. novembrī, plkst.\u00a011.30.');
      expect(await t.db('certificates').count({ n: '*' }).first()).toMatchObject({ n: 0 });

      // The plenary has ended, the workshop is under way: it gives no hours yet.
      t.clock.set(new Date(WORKSHOP_START + 5 * MINUTE));
      await markByApi(workshop, [anna.email, juris.email]).expect(200);
      expect(CertificateIssue.parse((await issue().expect(200)).body)).toEqual({ issued: 1, skipped: 1 });
      const first = (await t.db('certificates').select('registration_id', 'hours_tenths', 'content')) as {
        hours_tenths: number;
        content: string;
      }[];
      expect(first.map((c) => Number(c.hours_tenths))).toEqual([15]);
      expect(
        (JSON.parse(first[0]?.content ?? '{}') as { sessions: unknown[] }).sessions.map((s) => s as object),
      ).toHaveLength(1);

      // Once the workshop has ended, its hours count: Juris's certificate, Anna's corrected one.
      t.clock.set(new Date(WORKSHOP_END));
      expect(CertificateIssue.parse((await issue().expect(200)).body)).toEqual({ issued: 1, skipped: 1 });
      const annaFirst = (await t.db('certificates').orderBy('id').first('id')) as { id: number };
      const again = await signIn(t, 'admin@example.lv');
      await again.post(`/admin/certificates/${annaFirst.id}/reissue`).expect(303);
      const rows = (await t
        .db('certificates')
        .join('registrations', 'registrations.id', 'certificates.registration_id')
        .orderBy('certificates.id')
        .select('registrations.email', 'certificates.hours_tenths', 'certificates.status')) as {
        email: string;
        hours_tenths: number;
        status: string;
      }[];
      expect(rows.map((r) => [r.email, Number(r.hours_tenths), r.status])).toEqual([
        [anna.email, 15, 'replaced'],
        [juris.email, 20, 'valid'],
        [anna.email, 35, 'valid'],
      ]);
    });
  });

  describe.runIf(pdfToolsAvailable())('erasure keeps an earned certificate true', () => {
    /** A person who attended both sessions and was issued a certificate after they ended. */
    async function certified(name: string, email: string, language: 'lv' | 'en') {
      const who = await registered(name, email, language);
      t.clock.set(new Date(PLENARY_START));
      await markByApi(plenary, [email]).expect(200);
      t.clock.set(new Date(WORKSHOP_START));
      await markByApi(workshop, [email]).expect(200);
      t.clock.set(new Date(WORKSHOP_END + 3600_000));
      expect((await issue().expect(200)).body).toMatchObject({ issued: 1 });
      const cert = (await t.db('certificates').orderBy('id', 'desc').first('id', 'verify_code', 'number_text')) as {
        id: number;
        verify_code: string;
        number_text: string;
      };
      return { ...who, cert };
    }

    for (const lang of ['lv', 'en'] as const) {
      const words = {
        lv: {
          listed: 'Nr. SVB-0001, 3,5 stundas, „Skola. Vecāki. Bērni — reģionālās konferences”',
          hint: 'Izsniegtās apliecības netiek atsauktas: tās paliek izsniegto apliecību reģistrā, kā izsniegtas.',
          kept: 'Jūsu apliecības netiks atsauktas',
          keptHere: 'Izsniegtās apliecības netiks atsauktas',
          mail: 'Izsniegtās apliecības netiks atsauktas: tās paliek izsniegto apliecību reģistrā.',
          valid: 'Apliecība ir derīga.',
          number: 'Apliecības numurs',
          hours: '3,5 stundas',
          dates: 'Sesiju datumi',
          day: '2026. gada 30. novembris',
          revoked: 'atsaukta',
        },
        en: {
          listed: 'No. SVB-0001, 3.5 hours, “School. Parents. Children — regional conferences”',
          hint: 'Certificates issued are not revoked: they stay in the register of issued certificates as issued.',
          kept: 'Your certificates will not be revoked',
          keptHere: 'The certificates issued will not be revoked',
          mail: 'The certificates issued will not be revoked: they stay in the register of issued certificates.',
          valid: 'This certificate is valid.',
          number: 'Certificate number',
          hours: '3.5 hours',
          dates: 'Session dates',
          day: '30 November 2026',
          revoked: 'revoked',
        },
      }[lang];

      it(`(${lang}) the confirm steps list the certificate with its PDF; after the erasure /verify still says valid, with number, hours and dates`, async () => {
        const name = lang === 'lv' ? 'Līga Kaļķe' : 'John Smith';
        const email = `${lang}-holder@skola.lv`;
        const { token, cert } = await certified(name, email, lang);
        expect(cert.number_text).toBe('SVB-0001');

        // The manage page says so beside its button; its confirmation step lists the certificate, and its PDF to keep.
        const manage = await request(t.app).get(`/r/${token}?lang=${lang}`).expect(200);
        expect(manage.text).toContain(words.hint);
        const ask = await formAgent(t, `/r/${token}/delete?lang=${lang}`);
        const step = await ask.agent.get(`/r/${token}/delete?lang=${lang}`).expect(200);
        expect(step.text).toContain(words.kept);
        expect(step.text).toContain(words.listed);
        const pdfPath = `/r/${token}/certificates/${cert.id}/pdf`;
        expect(step.text).toContain(`href="${pdfPath}"`);
        const pdf = await bytes(request(t.app).get(pdfPath)).expect(200);
        expect(pdf.headers['content-type']).toBe('application/pdf');
        expect((pdf.body as Buffer).subarray(0, 4).toString()).toBe('%PDF');
        expect(pdfText(pdf.body as Buffer)).toContain(name);
        expect(pdfText(pdf.body as Buffer)).toContain('SVB-0001');

        // A certificate is at stake: the address confirms, from a message that says it stays.
        await ask.post(`/r/${token}/delete`, { confirm: 'yes' }).expect(200);
        const [mail] = (await composedFor(t, email)).filter((m) => m.kind === 'address_action');
        expect(mail?.text).toContain(words.mail);
        const action = /\/a\/([\w-]{32})/.exec(mail?.text ?? '')?.[1] ?? '';
        const browser = request.agent(t.app);
        const page = await browser.get(`/a/${action}?lang=${lang}`).expect(200);
        expect(page.text).toContain(words.keptHere);
        expect(page.text).toContain(words.listed);
        const actionPdf = `/a/${action}/certificates/${cert.id}/pdf`;
        expect(page.text).toContain(`href="${actionPdf}"`);
        const fromPage = await bytes(browser.get(actionPdf)).expect(200);
        expect(fromPage.headers['content-type']).toBe('application/pdf');
        expect(pdfText(fromPage.body as Buffer)).toContain('SVB-0001');
        await browser
          .post(`/a/${action}`)
          .type('form')
          .send({ _csrf: csrfOf(page.text), confirm: 'yes' })
          .expect(200);
        expect(await t.db('registrations').where('email', email).first()).toBeUndefined();
        // The used link leads to nothing any more, its PDF neither.
        await request(t.app).get(actionPdf).expect(404);

        const row = (await t.db('certificates').where('id', cert.id).first('status', 'holder_name')) as {
          status: string;
          holder_name: string;
        };
        expect(row).toEqual({ status: 'valid', holder_name: name });
        const verify = await request(t.app).get(`/verify/${cert.verify_code}?lang=${lang}`).expect(200);
        expect(verify.text).toContain(words.valid);
        expect(verify.text).not.toContain(words.revoked);
        for (const shown of [words.number, 'SVB-0001', words.hours, words.dates, words.day, name])
          expect(verify.text).toContain(shown);
        expect(verify.text).not.toContain(email);
      });
    }
  });

  it('the privacy notice says issued certificates stay in the register after erasure (lv, en)', async () => {
    const lv = await request(t.app).get('/privacy?lang=lv').expect(200);
    expect(lv.text).toContain(
      'glabājam izsniegto apliecību reģistrā arī pēc reģistrācijas datu dzēšanas, lai apliecību pēc tās numura varētu pārbaudīt',
    );
    const en = await request(t.app).get('/privacy?lang=en').expect(200);
    expect(en.text).toContain(
      'are kept in the register of issued certificates also after the registration data is deleted',
    );
  });
});
