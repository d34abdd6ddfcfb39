import { mkdirSync, writeFileSync } from 'node:fs';
import { composedFor } from '../support/compose.js';
import path from 'node:path';
import request from 'supertest';
import { beforeAll, describe, expect, it } from 'vitest';
import { CertificateIssue, RegistrationAnswer } from '../../server/http/apiSchemas.js';
import { APP_ROOT } from '../../server/paths.js';
import { person } from '../support/app.js';
import { conference, PROGRAMME_TITLE, seminarSeries, type BuiltConference } from '../support/build.js';
import { apiToken, auditActions, organizer, signIn } from '../support/admin.js';
import { useTestApp } from '../support/fixtures.js';
import { DEMO_CERTIFICATES } from '../../seeds/certificates.js';
import { formAgent } from '../support/forms.js';
import { pdfInfo, pdfPagePng, pdfText, pdfToolsAvailable, qrCodesIn } from '../support/pdf.js';

const MINUTE = 60_000;
const SHOTS = path.join(APP_ROOT, 'test-artifacts', 'certificates');

/**
 * Certificates, end to end: settings and hours in the back office, attendance
 * from the meeting's report, the confirmed joined list and the API, issuing (twice: the second run issues none), the
 * PDF read back (text with every Latvian letter, hours, number; the QR code decoded from a
 * rendered page and followed), revoking and reissuing as the verification page shows them.
 */
describe.runIf(pdfToolsAvailable())('certificates', () => {
  const { t } = useTestApp({ now: new Date('2026-11-02T08:00:00Z'), seed: false });
  let event: BuiltConference;
  beforeAll(async () => {
    event = await conference(t.db, t.clock.now(), {
      title: PROGRAMME_TITLE,
      hoursTenths: { plenary: 15, workshop: 20 },
      certificates: DEMO_CERTIFICATES,
    });
    // An event without certificate settings.
    await seminarSeries(t.db, t.clock.now(), { slug: 'ievadseminari' });
  });
  let admin: string;
  let browser: Awaited<ReturnType<typeof signIn>>;
  const people: Record<'liga' | 'john' | 'absent', { token: string; email: string }> = {} as never;
  const HOLDER = 'Līga Kaļķe-Bišņeža';

  const api = (token = admin) => ({
    post: (p: string, body?: object) =>
      request(t.app)
        .post(p)
        .set('Authorization', `Bearer ${token}`)
        .send(body ?? {}),
    get: (p: string) => request(t.app).get(p).set('Authorization', `Bearer ${token}`),
  });
  const registration = async (token: string) =>
    RegistrationAnswer.parse((await request(t.app).get(`/api/v1/registrations/${token}`).expect(200)).body)
      .registration;
  const pathOf = (url: string) => new URL(url).pathname;

  beforeAll(async () => {
    admin = await apiToken(t, await organizer(t, 'admin@example.lv'));
    browser = await signIn(t, 'admin@example.lv');
    const [w1, w2] = event.workshops.riga ?? [0, 0];
    const entries = [
      ['liga', { name: HOLDER, sessionIds: [w1], language: 'lv' }],
      ['john', { name: 'John Smith', sessionIds: [w2], language: 'en' }],
      ['absent', { name: 'Ilze Neatnākusi', sessionIds: [w1], language: 'lv' }],
    ] as const;
    for (const [key, over] of entries) {
      const body = person({ ...over, sessionIds: [...over.sessionIds] });
      const res = await request(t.app).post(`/api/v1/events/${event.slug}/registrations`).send(body).expect(201);
      people[key] = { token: String(res.body.registration.manageUrl).split('/r/')[1] ?? '', email: String(body.email) };
    }
  });

  it('organizers set hours and certificate settings in the back office; bad hours are a field error and change nothing', async () => {
    const page = await browser.agent.get(`/admin/events/${event.slug}/certificates`).expect(200);
    expect(page.text).toContain('Apliecību iestatījumi');
    const sessions = (await t.db('sessions').where('event_id', event.eventId).select('id', 'kind')) as {
      id: number;
      kind: string;
    }[];
    const hours = Object.fromEntries(sessions.map((s) => [`hours-${s.id}`, s.kind === 'plenary' ? '1,5' : '2']));
    const settings = {
      enabled: 'on',
      issuerLv: 'Valsts izglītības satura centrs',
      issuerEn: 'National Centre for Education',
      signatoryName: 'Žanete Ņikiforova',
      signatoryTitleLv: 'Projekta vadītāja',
      signatoryTitleEn: 'Project manager',
      approvalNumber: 'VISC-2026/42',
      approvalDate: '2026-09-01',
      approvalAuthorityLv: 'Valsts izglītības satura centrs',
      approvalAuthorityEn: 'National Centre for Education',
      numberPrefix: 'svb',
      rule: 'attended',
      minHours: '1,5',
    };
    const [w1] = event.workshops.riga ?? [];
    const bad = await browser.post(`/admin/events/${event.slug}/certificates/settings`, {
      ...settings,
      ...hours,
      issuerLv: 'Kāds cits',
      [`hours-${w1}`]: '3',
      [`hours-${event.plenary.riga}`]: '1,55',
    });
    expect(bad.status).toBe(400);
    expect(bad.text).toContain('ne vairāk kā vienu zīmi aiz komata');
    // Nothing changed: the settings and hours built stand.
    expect(await t.db('certificate_settings').where('event_id', event.eventId).first('issuer_lv')).toEqual({
      issuer_lv: 'Valsts izglītības satura centrs',
    });
    expect(
      Number(
        ((await t.db('sessions').where('id', w1).first('pd_hours_tenths')) as { pd_hours_tenths: number })
          .pd_hours_tenths,
      ),
    ).toBe(20);

    await browser.post(`/admin/events/${event.slug}/certificates/settings`, { ...settings, ...hours }).expect(303);
    const plenary = (await t.db('sessions').where('id', event.plenary.riga).first('pd_hours_tenths')) as {
      pd_hours_tenths: number;
    };
    expect(Number(plenary.pd_hours_tenths)).toBe(15);
    const row = (await t.db('certificate_settings').where('event_id', event.eventId).first()) as Record<
      string,
      unknown
    >;
    expect(row).toMatchObject({
      signatory_title_lv: 'Projekta vadītāja',
      approval_number: 'VISC-2026/42',
      number_prefix: 'SVB',
    });
    const saved = await browser.agent.get(`/admin/events/${event.slug}/certificates`).expect(200);
    expect(saved.text).toContain('value="SVB"');
    expect(saved.text).toContain('value="1,5"');
  });

  it('the template preview is an A4 PDF marked as a sample, in Latvian and English', async () => {
    for (const [lang, word] of [
      ['lv', 'PARAUGS'],
      ['en', 'SAMPLE'],
    ] as const) {
      const res = await browser.agent
        .get(`/admin/events/${event.slug}/certificates/preview.pdf?lang=${lang}`)
        .buffer(true)
        .parse((r, cb) => {
          const chunks: Buffer[] = [];
          r.on('data', (c: Buffer) => chunks.push(c));
          r.on('end', () => cb(null, Buffer.concat(chunks)));
        })
        .expect(200);
      expect(res.headers['content-type']).toBe('application/pdf');
      const pdf = res.body as Buffer;
      expect(pdfInfo(pdf)).toEqual({ pages: 1, size: expect.stringContaining('(A4)') as unknown as string });
      expect(pdfText(pdf)).toContain(word);
    }
  });

  it('issuing gives everyone eligible a numbered certificate; issuing again issues none', async () => {
    // Līga follows her personal links into the plenary and the workshop.
    for (const [i, sessionId] of [event.plenary.riga, event.workshops.riga?.[0]].entries()) {
      const session = (await t.db('sessions').where('id', sessionId).first('starts_at')) as { starts_at: string };
      const page = await request(t.app).get(`/r/${people.liga.token}`).expect(200);
      const paths = [...page.text.matchAll(/\/j\/[A-Za-z0-9_-]{32}/g)].map((m) => m[0]);
      t.clock.set(new Date(Date.parse(session.starts_at) + 5 * MINUTE));
      await request(t.app)
        .get(paths[i] ?? '')
        .expect(303);
    }
    // Her joins alone are no attendance: the workshop's Zoom report shows her there the
    // whole time, and for the open plenary stream an organizer confirms the joined list.
    const workshop = (await t.db('sessions').where('id', event.workshops.riga?.[0]).first('starts_at', 'ends_at')) as {
      starts_at: string;
      ends_at: string;
    };
    const iso = (at: string) => new Date(at).toISOString();
    await request(t.app)
      .post(`/api/v1/admin/sessions/${event.workshops.riga?.[0]}/attendance-report`)
      .set('Authorization', `Bearer ${admin}`)
      .set('Content-Type', 'text/csv')
      .send(
        'Name (Original Name),User Email,Join Time,Leave Time,Duration (Minutes),Guest\n' +
          `Līga,${people.liga.email},${iso(workshop.starts_at)},${iso(workshop.ends_at)},120,No\n`,
      )
      .expect(200);
    const onTheDay = await signIn(t, 'admin@example.lv');
    await onTheDay.post(`/admin/sessions/${event.plenary.riga}/attendance/confirm-joined`).expect(303);
    // John is marked present through the organizer API; the third person never came.
    for (const sessionId of [event.plenary.riga, event.workshops.riga?.[1]]) {
      await api()
        .post(`/api/v1/admin/events/${event.slug}/attendance`, { sessionId, emails: [people.john.email] })
        .expect(200);
    }
    t.clock.set(new Date('2026-12-20T10:00:00Z'));
    browser = await signIn(t, 'admin@example.lv'); // weeks later: a new sign-in

    const first = CertificateIssue.parse(
      (await api().post(`/api/v1/admin/events/${event.slug}/certificates`).expect(200)).body,
    );
    expect(first).toEqual({ issued: 2, skipped: 1 });
    const again = CertificateIssue.parse(
      (await api().post(`/api/v1/admin/events/${event.slug}/certificates`).expect(200)).body,
    );
    expect(again).toEqual({ issued: 0, skipped: 3 });
    // The back office's button is the same action: nothing new either.
    await browser.post(`/admin/events/${event.slug}/certificates/issue`, { confirm: 'yes' }).expect(200);
    expect(await t.db('certificates').count({ n: '*' }).first()).toMatchObject({ n: 2 });
    expect(
      Number(((await t.db('outbox').where('kind', 'certificate_issued').count({ n: '*' }).first()) as { n: number }).n),
    ).toBe(2);

    const liga = await registration(people.liga.token);
    expect(liga.certificates).toHaveLength(1);
    expect(liga.certificates[0]).toMatchObject({ number: 'SVB-0001', hours: 3.5, status: 'valid' });
    const john = await registration(people.john.token);
    expect(john.certificates[0]).toMatchObject({ number: 'SVB-0002', hours: 3.5, status: 'valid' });
    expect((await registration(people.absent.token)).certificates).toEqual([]);
    expect(await auditActions(t)).toContain('certificates.issue');
  });

  async function pdfAt(url: string): Promise<Buffer> {
    const res = await request(t.app)
      .get(pathOf(url))
      .buffer(true)
      .parse((r, cb) => {
        const chunks: Buffer[] = [];
        r.on('data', (c: Buffer) => chunks.push(c));
        r.on('end', () => cb(null, Buffer.concat(chunks)));
      })
      .expect(200);
    expect(res.headers['content-type']).toBe('application/pdf');
    return res.body as Buffer;
  }

  it('the PDF reads back with every Latvian letter, the hours and the number; its QR code leads to the verification page', async () => {
    const [cert] = (await registration(people.liga.token)).certificates;
    if (!cert) throw new Error('no certificate');
    const pdf = await pdfAt(cert.pdfUrl);
    expect(pdfInfo(pdf).size).toContain('(A4)');
    const text = pdfText(pdf);
    expect(text).toContain(HOLDER);
    for (const letter of ['ā', 'ķ', 'ļ', 'ņ', 'š', 'ž']) expect(text).toContain(letter);
    for (const words of [
      'APLIECĪBA',
      'Nr. SVB-0001',
      '„Skola. Vecāki. Bērni — reģionālās konferences”',
      'Kopā: 3,5 stundas',
      'Programmas apstiprinājums: Valsts izglītības satura centrs, 01.09.2026., Nr. VISC-2026/42',
      'Projekta vadītāja',
      'Žanete Ņikiforova',
      'Valsts izglītības satura centrs',
      'Izsniegšanas datums: 2026. gada 20. decembris',
      cert.verifyUrl,
    ])
      expect(text).toContain(words);
    expect(text).toMatch(/1,5\n/);

    const png = pdfPagePng(pdf);
    mkdirSync(SHOTS, { recursive: true });
    writeFileSync(path.join(SHOTS, 'certificate-lv.png'), png);
    expect(qrCodesIn(png)).toEqual([cert.verifyUrl]);
    const code = pathOf(cert.verifyUrl).split('/verify/')[1] ?? '';
    expect(code).toMatch(/^[A-Za-z0-9_-]{20}$/); // 120 random bits, not the number

    const page = await request(t.app).get(pathOf(cert.verifyUrl)).expect(200);
    expect(page.headers['cache-control']).toBe('no-store');
    expect(page.text).toContain('Apliecība ir derīga.');
    expect(page.text).toContain(HOLDER);
    expect(page.text).toContain('Skola. Vecāki. Bērni');
    expect(page.text).toContain('3,5 stundas');
    expect(page.text).toContain('2026. gada 20. decembris');
    // Its number and the day of its sessions (the Riga day, 30 November), as issued.
    expect(page.text).toContain('SVB-0001');
    expect(page.text).toContain('Sesiju datumi');
    expect(page.text).toContain('2026. gada 30. novembris');
    // Nothing else: no e-mail address, no session title.
    expect(page.text).not.toContain(people.liga.email);
    expect(page.text).not.toContain('Atpazīsti signālus');
    const en = await request(t.app)
      .get(`${pathOf(cert.verifyUrl)}?lang=en`)
      .expect(200);
    expect(en.text).toContain('This certificate is valid.');
    expect(en.text).toContain('3,5'.replace(',', '.') + ' hours');
    expect(en.text).toContain('Certificate number');
    expect(en.text).toContain('SVB-0001');
    expect(en.text).toContain('30 November 2026');
  });

  it('a certificate in English for a person who registered in English', async () => {
    const [cert] = (await registration(people.john.token)).certificates;
    if (!cert) throw new Error('no certificate');
    const pdf = await pdfAt(cert.pdfUrl);
    const text = pdfText(pdf);
    for (const words of [
      'CERTIFICATE',
      'No. SVB-0002',
      'John Smith',
      'Total: 3.5 hours',
      'Programme approval: National Centre for Education, 1 September 2026, No. VISC-2026/42',
      'Project manager',
      'Date of issue: 20 December 2026',
    ])
      expect(text).toContain(words);
    const png = pdfPagePng(pdf);
    writeFileSync(path.join(SHOTS, 'certificate-en.png'), png);
    expect(qrCodesIn(png)).toEqual([cert.verifyUrl]);
  });

  it('the manage page lists the certificate to download; another person cannot download it', async () => {
    const page = await request(t.app).get(`/r/${people.liga.token}`).expect(200);
    expect(page.text).toContain('Jūsu apliecības');
    const [cert] = (await registration(people.liga.token)).certificates;
    expect(page.text).toContain(pathOf(cert?.pdfUrl ?? ''));
    const id = /\/certificates\/(\d+)\/pdf/.exec(cert?.pdfUrl ?? '')?.[1];
    await request(t.app).get(`/r/${people.john.token}/certificates/${id}/pdf`).expect(404);
    await request(t.app).get(`/r/${people.john.token}/certificates/x/pdf`).expect(404);
  });

  it('revoked and replaced certificates show as such on their verification pages', async () => {
    const [ligaCert] = (await registration(people.liga.token)).certificates;
    const [johnCert] = (await registration(people.john.token)).certificates;
    if (!ligaCert || !johnCert) throw new Error('no certificates');
    const [ligaRow, johnRow] = (await Promise.all(
      ['SVB-0001', 'SVB-0002'].map((n) => t.db('certificates').where('number_text', n).first('id')),
    )) as { id: number }[];

    // Revoking takes two steps, and a reason.
    const ask = await browser.agent.get(`/admin/certificates/${ligaRow?.id}/revoke`).expect(200);
    expect(ask.text).toContain('Iemesls');
    const noReason = await browser.post(`/admin/certificates/${ligaRow?.id}/revoke`, { reason: '  ' });
    expect(noReason.status).toBe(400);
    expect((await registration(people.liga.token)).certificates[0]?.status).toBe('valid');
    await browser.post(`/admin/certificates/${ligaRow?.id}/revoke`, { reason: 'Izsniegta kļūdas dēļ' }).expect(303);
    const revoked = await request(t.app).get(pathOf(ligaCert.verifyUrl)).expect(200);
    expect(revoked.text).toContain('Apliecība ir atsaukta');
    expect(revoked.text).not.toContain('kļūdas dēļ'); // the reason is for organizers only
    expect((await registration(people.liga.token)).certificates[0]?.status).toBe('revoked');
    // A revoked certificate is still hers: issuing again does not make a new one.
    expect((await api().post(`/api/v1/admin/events/${event.slug}/certificates`).expect(200)).body).toEqual({
      issued: 0,
      skipped: 3,
    });

    // A correction: John's name was misspelt. Reissuing replaces the old certificate.
    await t
      .db('registrations')
      .where('email_normalized', people.john.email.toLowerCase())
      .update({ name: 'John Smyth' });
    await browser.post(`/admin/certificates/${johnRow?.id}/reissue`).expect(303);
    const replaced = await request(t.app)
      .get(`${pathOf(johnCert.verifyUrl)}?lang=en`)
      .expect(200);
    expect(replaced.text).toContain('replaced by a newer one');
    const john = (await registration(people.john.token)).certificates;
    expect(john.map((c) => [c.number, c.status])).toEqual([
      ['SVB-0002', 'replaced'],
      ['SVB-0003', 'valid'],
    ]);
    const fresh = await request(t.app)
      .get(pathOf(john[1]?.verifyUrl ?? ''))
      .expect(200);
    expect(fresh.text).toContain('John Smyth');
    expect(pdfText(await pdfAt(john[1]?.pdfUrl ?? ''))).toContain('John Smyth');
    expect(await auditActions(t)).toEqual(expect.arrayContaining(['certificate.revoke', 'certificate.reissue']));

    // The back office lists all three with their status.
    const list = await browser.agent.get(`/admin/events/${event.slug}/certificates`).expect(200);
    for (const s of ['Atsaukta', 'Aizstāta', 'Derīga', 'Izsniegta kļūdas dēļ']) expect(list.text).toContain(s);
  });

  it('the organizer API refuses a coordinator, an unknown event, and certificates that are off', async () => {
    const coordinator = await apiToken(t, await organizer(t, 'riga@example.lv', 'coordinator', ['riga']));
    await api(coordinator).post(`/api/v1/admin/events/${event.slug}/certificates`).expect(403);
    await api().post('/api/v1/admin/events/no-such-event/certificates').expect(404);
    await api().post(`/api/v1/admin/events/${event.slug}/certificates`, { force: true }).expect(400);
    const off = await api().post('/api/v1/admin/events/ievadseminari/certificates').expect(409);
    expect(off.body.error.code).toBe('not_allowed');
  });

  it('the report gains attended hours and valid certificates per region, municipality and role', async () => {
    for (const by of ['region', 'municipality', 'role'] as const) {
      const answer = await api().get(`/api/v1/admin/events/${event.slug}/report?by=${by}`).expect(200);
      const rows = (answer.body as { rows: { key: string }[] }).rows;
      const key = { region: 'riga', municipality: 'riga', role: 'teacher' }[by];
      // Līga 1.5 + 2 hours (the confirmed joined list and the workshop's report), John 1.5 + 2 marked by the API; the third none.
      // Valid now: John's reissued certificate (Līga's is revoked, John's first replaced).
      expect(
        rows.find((r) => r.key === key),
        by,
      ).toMatchObject({ attendedHoursTenths: 70, certificates: 1 });
    }
    const page = await browser.agent.get(`/admin/events/${event.slug}/report?by=region`).expect(200);
    expect(page.text).toContain('Apmeklētās stundas');
    expect(page.text).toMatch(/<td class="num">7<\/td><td class="num">1<\/td>/);
    const csv = await browser.agent.get(`/admin/events/${event.slug}/report?by=role&format=csv`).expect(200);
    expect(csv.text).toContain('Apmeklētās stundas');
    expect(csv.text).toMatch(/,7,1\r\n/);
  });

  it('a person who erases their registration (confirmed from their address: a certificate is at stake) keeps a valid certificate: /verify still confirms it, never revoked', async () => {
    const john = (await registration(people.john.token)).certificates;
    const current = john.find((c) => c.status === 'valid');
    if (!current) throw new Error('no valid certificate');
    const john2 = await formAgent(t, `/r/${people.john.token}`);
    const asked = await john2.post(`/r/${people.john.token}/delete`, { confirm: 'yes' }).expect(200);
    expect(asked.text).toContain(people.john.email);
    const [mail] = (await composedFor(t, people.john.email)).filter((m) => m.kind === 'address_action');
    const action = /\/a\/([\w-]{32})/.exec(mail?.text ?? '')?.[1] ?? '';
    const confirm = await formAgent(t, `/a/${action}`);
    await confirm.post(`/a/${action}`, { confirm: 'yes' }).expect(200);
    const verify = await request(t.app)
      .get(`${pathOf(current.verifyUrl)}?lang=en`)
      .expect(200);
    // The register of issued certificates keeps it as issued (the name it certifies
    // included); the erased e-mail address is shown nowhere.
    expect(verify.text).toContain('This certificate is valid.');
    expect(verify.text).not.toContain('revoked');
    expect(verify.text).toContain(current.number);
    expect(verify.text).toContain('John Smyth');
    expect(verify.text).not.toContain(people.john.email);
  });

  it('an unknown or malformed code is a 404 page; the page is rate-limited per address', async () => {
    for (const code of ['AAAAAAAAAAAAAAAAAAAA', 'short', '%00', 'A'.repeat(300)]) {
      const res = await request(t.app).get(`/verify/${code}`);
      expect(res.status, code).toBe(404);
      expect(res.text).toContain('Šāda apliecība nav atrasta.');
    }
    let limited = 0;
    for (let i = 0; i < 130 && limited === 0; i++) {
      const res = await request(t.app).get('/verify/BBBBBBBBBBBBBBBBBBBB');
      if (res.status === 429) limited = i;
    }
    expect(limited).toBeGreaterThan(100);
  });
});
