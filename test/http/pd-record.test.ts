import request from 'supertest';
import { beforeEach, describe, expect, it } from 'vitest';
import { person } from '../support/app.js';
import { conference, PROGRAMME_TITLE, type BuiltConference } from '../support/build.js';
import { apiToken, organizer } from '../support/admin.js';
import { composedFor } from '../support/compose.js';
import { useTestApp } from '../support/fixtures.js';
import { formAgent } from '../support/forms.js';
import { registerPath } from '../support/places.js';
import { parseCsv } from '../support/csv.js';
import { pdfText, pdfToolsAvailable } from '../support/pdf.js';
import { DEMO_CERTIFICATES } from '../../seeds/certificates.js';
import { applyRetention } from '../../server/jobs/retention.js';

/** A page without its CSRF token, to compare two answers. */
const withoutToken = (html: string) => html.replace(/name="_csrf" value="[^"]*"/g, '');
const textOf = (html: string) =>
  html
    .replace(/<[^>]+>/g, ' ')
    .replace(/&#34;|&quot;/g, '"')
    .replace(/&#39;/g, "'")
    .replace(/&amp;/g, '&')
    .replace(/\s+/g, ' ');

describe("a teacher's record of professional development", () => {
  const { t } = useTestApp({ perTest: true, seed: false });
  let first: BuiltConference;
  let second: BuiltConference;
  let third: BuiltConference;
  const hours = { plenary: 15, workshop: 20 };
  beforeEach(async () => {
    const now = t.clock.now();
    first = await conference(t.db, now, {
      title: PROGRAMME_TITLE,
      hoursTenths: hours,
      certificates: DEMO_CERTIFICATES,
    });
    second = await conference(t.db, now, {
      slug: 'otra-konference',
      title: { lv: 'Otrā konference', en: 'The second conference' },
      inDays: 35,
      hoursTenths: hours,
      certificates: { ...DEMO_CERTIFICATES, number_prefix: 'OTR' },
    });
    third = await conference(t.db, now, {
      slug: 'tresa-konference',
      title: { lv: 'Trešā konference', en: 'The third conference' },
      inDays: 42,
      hoursTenths: hours,
      certificates: { ...DEMO_CERTIFICATES, number_prefix: 'TRE' },
    });
  });

  /** The address attended an event's plenary and a workshop and was issued its certificate. */
  async function certified(event: BuiltConference, email: string, name = 'Anna Bērziņa'): Promise<void> {
    const workshop = event.workshops.riga![0]!;
    await request(t.app)
      .post(registerPath(event.slug))
      .send(person({ name, email, sessionIds: [workshop] }))
      .expect(201);
    const admin = await apiToken(t, await organizer(t, `admin-${event.slug}@example.lv`, 'admin'));
    const ends = (await t.db('sessions').where('event_id', event.eventId).max({ end: 'ends_at' }).first()) as {
      end: string | Date;
    };
    const after = new Date(new Date(ends.end).getTime() + 3600_000);
    if (after > t.clock.now()) t.clock.set(after);
    for (const sessionId of [event.plenary.riga!, workshop]) {
      await request(t.app)
        .post(`/api/v1/admin/events/${event.slug}/attendance`)
        .set('Authorization', `Bearer ${admin}`)
        .send({ sessionId, emails: [email] })
        .expect(200);
    }
    const issued = await request(t.app)
      .post(`/api/v1/admin/events/${event.slug}/certificates`)
      .set('Authorization', `Bearer ${admin}`)
      .expect(200);
    expect(issued.body.issued).toBeGreaterThan(0);
  }

  /** Anna holds certificates of the first two events; that of the third was revoked. */
  async function anna(email = 'anna@skola.lv') {
    await certified(first, email);
    await certified(second, email);
    await certified(third, email);
    await t.db('certificates').where('event_id', third.eventId).update({ status: 'revoked' });
  }

  const recordMails = async (email: string) => (await composedFor(t, email)).filter((m) => m.kind === 'pd_record_link');
  const linkIn = (text: string) => /\/certificates\/([\w-]{32})/.exec(text)?.[1] ?? '';

  for (const lang of ['lv', 'en'] as const) {
    it(`when a known and an unknown address ask (${lang}), then the page is the same and only the known one gets a mail`, async () => {
      await anna();
      const answers: string[] = [];
      for (const email of ['anna@skola.lv', 'nobody@skola.lv']) {
        const form = await formAgent(t, `/certificates?lang=${lang}`);
        const res = await form.post(`/certificates?lang=${lang}`, { email }).expect(200);
        answers.push(withoutToken(res.text));
      }
      expect(answers[0]).toBe(answers[1]);
      expect(textOf(answers[0] ?? '')).toContain(
        lang === 'lv' ? 'Ja šai adresei ir izsniegtas apliecības' : 'If certificates were issued to this address',
      );
      expect(answers[0]).not.toContain('anna@skola.lv');
      expect(await recordMails('nobody@skola.lv')).toHaveLength(0);
      const [mail] = await recordMails('anna@skola.lv');
      expect(mail?.subject).toBe(
        lang === 'lv' ? 'Jūsu profesionālās pilnveides apliecības' : 'Your professional development certificates',
      );
      expect(mail?.text).not.toContain('Anna');
      const token = linkIn(mail?.text ?? '');
      expect(token).toHaveLength(32);
      expect(mail?.text).toContain(`/certificates/${token}?lang=${lang}`);
      // Only the hash is kept.
      expect(JSON.stringify(await t.db('pd_record_links').select())).not.toContain(token);
    });
  }

  it('when the link is opened, then it lists the valid certificates of both events with hours, dates, numbers and the totals; the revoked one is not there', async () => {
    await anna();
    const form = await formAgent(t, '/certificates');
    await form.post('/certificates', { email: ' Anna@Skola.lv ' }).expect(200);
    const token = linkIn((await recordMails('anna@skola.lv'))[0]?.text ?? '');
    const before = await t.db('pd_record_links').select();
    const page = await request(t.app).get(`/certificates/${token}`).expect(200);
    expect(page.headers['cache-control']).toBe('no-store');
    const text = textOf(page.text);
    expect(text).toContain('Skola. Vecāki. Bērni — reģionālās konferences');
    expect(text).toContain('Otrā konference');
    expect(text).not.toContain('Trešā konference');
    expect(text).toContain('SVB-0001');
    expect(text).toContain('OTR-0001');
    expect(text).not.toContain('TRE-0001');
    expect(text).toContain('3,5 stundas');
    expect(text).toContain('Kopā: 7 stundas');
    expect(text).toContain('Pēdējos trīs gados: 7 stundas');
    // The list's dates read as values (nominative: "… decembris"), not inside a sentence ("… decembrī").
    expect(text).toMatch(/Datumi\s*\d{4}\. gada [\d.–]+ \p{L}+(is|s|ris)\b/u);
    expect(text).not.toMatch(/Datumi\s*\d{4}\. gada [\d.–]+ \p{L}+ī\b/u);
    const en = textOf((await request(t.app).get(`/certificates/${token}?lang=en`).expect(200)).text);
    expect(en).toContain('The second conference');
    expect(en).toContain('Total: 7 hours');
    // A GET changed nothing.
    expect(await t.db('pd_record_links').select()).toEqual(before);
    // Each certificate of the list opens as its PDF; another's does not.
    const own = (await t.db('certificates').where('event_id', first.eventId).first('id')) as { id: number };
    const revoked = (await t.db('certificates').where('event_id', third.eventId).first('id')) as { id: number };
    const pdf = await request(t.app).get(`/certificates/${token}/${own.id}.pdf`).expect(200);
    expect(pdf.headers['content-type']).toMatch(/application\/pdf/);
    await request(t.app).get(`/certificates/${token}/${revoked.id}.pdf`).expect(404);
  });

  it('when the hours of an event are older than three years, then the total keeps them and the last three years do not', async () => {
    await anna();
    const ends = (await t.db('sessions').where('event_id', first.eventId).max({ end: 'ends_at' }).first()) as {
      end: string | Date;
    };
    const endedAt = new Date(ends.end);
    t.clock.set(new Date(Date.UTC(endedAt.getUTCFullYear() + 3, endedAt.getUTCMonth(), endedAt.getUTCDate() + 3)));
    const form = await formAgent(t, '/certificates');
    await form.post('/certificates', { email: 'anna@skola.lv' }).expect(200);
    const token = linkIn((await recordMails('anna@skola.lv'))[0]?.text ?? '');
    const text = textOf((await request(t.app).get(`/certificates/${token}`).expect(200)).text);
    expect(text).toContain('Kopā: 7 stundas');
    expect(text).toContain('Pēdējos trīs gados: 3,5 stundas');
  });

  it('when a week has passed, then the link is refused kindly with a way to ask again', async () => {
    await anna();
    const form = await formAgent(t, '/certificates');
    await form.post('/certificates', { email: 'anna@skola.lv' }).expect(200);
    const token = linkIn((await recordMails('anna@skola.lv'))[0]?.text ?? '');
    t.clock.advance(7 * 24 * 3600_000 - 60_000);
    await request(t.app).get(`/certificates/${token}`).expect(200);
    t.clock.advance(2 * 60_000);
    const gone = await request(t.app).get(`/certificates/${token}`).expect(410);
    expect(textOf(gone.text)).toContain('Saite uz apliecību sarakstu darbojas 7 dienas');
    expect(gone.text).toContain('href="/certificates"');
    await request(t.app).get(`/certificates/${token}/list.csv`).expect(404);
    const unknown = await request(t.app)
      .get(`/certificates/${'A'.repeat(32)}?lang=en`)
      .expect(404);
    expect(textOf(unknown.text)).toContain('A link to the list of certificates works for 7 days');
    // The retention job forgets the link that ran out, and the address it was for.
    expect(await t.db('pd_record_links').count({ n: '*' }).first()).toEqual({ n: 1 });
    await applyRetention(t.ctx);
    expect(await t.db('pd_record_links').count({ n: '*' }).first()).toEqual({ n: 0 });
  });

  it('when the list is downloaded, then the CSV and the PDF read back with the certificates and the total', async () => {
    await anna();
    const form = await formAgent(t, '/certificates');
    await form.post('/certificates', { email: 'anna@skola.lv' }).expect(200);
    const token = linkIn((await recordMails('anna@skola.lv'))[0]?.text ?? '');
    const csv = await request(t.app)
      .get(`/certificates/${token}/list.csv`)
      .buffer(true)
      .parse((res, done) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => done(null, Buffer.concat(chunks)));
      })
      .expect(200);
    expect(csv.headers['content-disposition']).toContain('apliecibas.csv');
    const rows = parseCsv((csv.body as Buffer).toString('utf8').replace(/^\uFEFF/, ''), ';');
    expect(rows[0]).toEqual([
      'Numurs',
      'Vārds, uzvārds',
      'Pasākums',
      'Datumi',
      'Stundas',
      'Izsniegta',
      'Pārbaudes saite',
    ]);
    expect(rows.slice(1, 3).map((r) => [r[0], r[1], r[4]])).toEqual([
      ['SVB-0001', 'Anna Bērziņa', '3,5'],
      ['OTR-0001', 'Anna Bērziņa', '3,5'],
    ]);
    expect(rows[3]?.[0]).toBe('Kopā');
    expect(rows[3]?.[4]).toBe('7');
    expect(rows.flat().join(' ')).not.toContain('TRE-');
    if (!pdfToolsAvailable()) return;
    const pdf = await request(t.app)
      .get(`/certificates/${token}/list.pdf?lang=en`)
      .buffer(true)
      .parse((res, done) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => done(null, Buffer.concat(chunks)));
      })
      .expect(200);
    const text = pdfText(pdf.body as Buffer).replace(/\s+/g, ' ');
    expect(text).toContain('List of professional development certificates');
    expect(text).toContain('anna@skola.lv');
    expect(text).toContain('SVB-0001');
    expect(text).toContain('OTR-0001');
    expect(text).toContain('Anna Bērziņa');
    expect(text).toContain('Total: 7 hours');
    expect(text).not.toContain('TRE-0001');
  });

  it('when strangers ask again and again for an address, then at most three mails an hour reach it and its links keep working', async () => {
    await anna();
    const form = await formAgent(t, '/certificates');
    for (let i = 0; i < 5; i++) await form.post('/certificates', { email: 'anna@skola.lv' }).expect(200);
    const mails = await recordMails('anna@skola.lv');
    expect(mails).toHaveLength(3);
    for (const m of mails)
      await request(t.app)
        .get(`/certificates/${linkIn(m.text)}`)
        .expect(200);
    t.clock.advance(61 * 60_000);
    await form.post('/certificates', { email: 'anna@skola.lv' }).expect(200);
    expect(await recordMails('anna@skola.lv')).toHaveLength(4);
  });

  it('when the address is not an address, then the form says so and sends nothing', async () => {
    const form = await formAgent(t, '/certificates');
    const res = await form.post('/certificates', { email: 'nav adrese' }).expect(400);
    expect(res.text).toContain('aria-invalid="true"');
    expect(await t.db('outbox').where('kind', 'pd_record_link').count({ n: '*' }).first()).toEqual({ n: 0 });
  });

  it('the footer and every certificate e-mail lead to the record', async () => {
    const page = await request(t.app).get('/').expect(200);
    expect(page.text).toContain('href="/certificates"');
    await certified(first, 'janis@skola.lv', 'Jānis Ozols');
    const [mail] = (await composedFor(t, 'janis@skola.lv')).filter((m) => m.kind === 'certificate_issued');
    expect(mail?.text).toContain('http://localhost:3000/certificates?lang=lv');
    expect(String(mail?.html)).toContain('href="http://localhost:3000/certificates?lang=lv"');
  });
});
