import request from 'supertest';
import { beforeEach, describe, expect, it } from 'vitest';
import { CertificateSettingsAnswer, ErrorBody } from '../../server/http/apiSchemas.js';
import { fieldMessage, translator } from '../../server/i18n/index.js';
import { apiToken, organizer, signIn } from '../support/admin.js';
import { person } from '../support/app.js';
import { conference, type BuiltConference } from '../support/build.js';
import { useTestApp } from '../support/fixtures.js';
import { registerPath } from '../support/places.js';

const NOW = new Date('2026-11-02T08:00:00Z');

const SETTINGS = {
  enabled: true,
  issuer: { lv: 'Valsts izglītības satura centrs', en: 'National Centre for Education' },
  signatoryName: 'Žanete Ņikiforova',
  signatoryTitle: { lv: 'Projekta vadītāja', en: 'Project manager' },
  approval: {
    number: 'VISC-2026/42',
    date: '2026-09-01',
    authority: { lv: 'Valsts izglītības satura centrs', en: 'National Centre for Education' },
  },
  rule: 'all_confirmed',
  minHours: '1,5',
  attendanceThresholdPercent: 75,
  plenaryAttendance: 'second-join',
};

describe('certificate settings through the organizer API, and names a certificate cannot print', () => {
  const { t } = useTestApp({ perTest: true, now: NOW, seed: false });
  let event: BuiltConference;
  let admin: string;
  let workshop: number;
  let plenary: number;

  beforeEach(async () => {
    event = await conference(t.db, t.clock.now(), {});
    workshop = Number(event.workshops.riga?.[0]);
    plenary = Number(event.plenary.riga);
    admin = await apiToken(t, await organizer(t, 'admin@example.lv'));
  });

  const put = (body: unknown, token = admin, lang = 'lv') =>
    request(t.app)
      .put(`/api/v1/admin/events/${event.slug}/certificate-settings?lang=${lang}`)
      .set('Authorization', `Bearer ${token}`)
      .send(body as object);

  it('PUT stores the form whole and answers what was stored; the back office form shows it', async () => {
    const res = await put({ ...SETTINGS, sessionHours: { [workshop]: '2', [plenary]: 1.5 } }).expect(200);
    const { settings } = CertificateSettingsAnswer.parse(res.body);
    expect(settings).toEqual({
      ...SETTINGS,
      numberPrefix: 'K',
      minHours: '1.5',
      sessionHours: expect.objectContaining({ [workshop]: '2', [plenary]: '1.5' }) as unknown,
    });
    const row = (await t.db('certificate_settings').where('event_id', event.eventId).first()) as Record<
      string,
      unknown
    >;
    expect(row).toMatchObject({
      approval_number: 'VISC-2026/42',
      approval_date: '2026-09-01',
      approval_authority_lv: 'Valsts izglītības satura centrs',
      approval_authority_en: 'National Centre for Education',
      attendance_threshold_percent: 75,
      plenary_attendance: 'second-join',
      min_hours_tenths: 15,
      rule: 'all_confirmed',
    });
    const hours = (await t.db('sessions').whereIn('id', [workshop, plenary]).select('id', 'pd_hours_tenths')) as {
      id: number;
      pd_hours_tenths: number;
    }[];
    expect(Object.fromEntries(hours.map((h) => [Number(h.id), Number(h.pd_hours_tenths)]))).toEqual({
      [workshop]: 20,
      [plenary]: 15,
    });

    const browser = await signIn(t, 'admin@example.lv');
    const page = await browser.agent.get(`/admin/events/${event.slug}/certificates`).expect(200);
    expect(page.text).toContain('value="2026-09-01"');
    expect(page.text).toContain('Iestāde, kas apstiprināja programmu (latviski)');

    // A post without the threshold (a script, an older form) keeps the stored one.
    const form = await browser.post(`/admin/events/${event.slug}/certificates/settings`, {
      enabled: 'on',
      issuerLv: 'VISC',
      issuerEn: 'NCE',
      signatoryName: 'Anna Ozola',
      signatoryTitleLv: 'Vadītāja',
      signatoryTitleEn: 'Head',
      approvalNumber: 'X-1',
      approvalDate: '2026-10-01',
      approvalAuthorityLv: 'IZM',
      approvalAuthorityEn: 'Ministry of Education',
      numberPrefix: 'svb',
      rule: 'attended',
      minHours: '0',
    });
    expect(form.status).toBe(303);
    expect(
      await t.db('certificate_settings').where('event_id', event.eventId).first('attendance_threshold_percent'),
    ).toEqual({ attendance_threshold_percent: 75 });
  });

  it('the threshold defaults to 80; an empty approval is stored as none', async () => {
    const res = await put({ enabled: false, issuer: { lv: '', en: '' }, signatoryName: '' }).expect(200);
    const { settings } = CertificateSettingsAnswer.parse(res.body);
    expect(settings.attendanceThresholdPercent).toBe(80);
    expect(settings.approval).toEqual({ number: null, date: null, authority: { lv: '', en: '' } });
  });

  it('bad input is a field error in the language asked, and nothing changes', async () => {
    const lv = await put({
      ...SETTINGS,
      approval: { ...SETTINGS.approval, date: '2026-02-30' },
      attendanceThresholdPercent: 0,
      sessionHours: { [workshop]: '1,55' },
    }).expect(400);
    const fields = ErrorBody.parse(lv.body).error.fields ?? {};
    expect(fields['approval.date']).toBe('Ievadiet datumu.');
    expect(fields.attendanceThresholdPercent).toBe('Skaitlis nedrīkst būt mazāks par 1.');
    expect(fields[`sessionHours.${workshop}`]).toBeTruthy();

    const en = await put({ ...SETTINGS, issuer: { lv: 'VISC', en: '' } }, admin, 'en').expect(400);
    expect(ErrorBody.parse(en.body).error.fields).toEqual({ 'issuer.en': 'This field is required.' });
    const unknown = await put({ ...SETTINGS, sessionHours: { '999999': '2' } }).expect(400);
    expect(Object.keys(ErrorBody.parse(unknown.body).error.fields ?? {})).toEqual(['sessionHours.999999']);
    await put({ ...SETTINGS, surprise: true }).expect(400);
    expect(await t.db('certificate_settings').where('event_id', event.eventId).first()).toBeUndefined();

    const coordinator = await apiToken(t, await organizer(t, 'coord@example.lv', 'coordinator', ['riga']));
    await put(SETTINGS, coordinator).expect(403);
    await request(t.app)
      .put('/api/v1/admin/events/nav-tada/certificate-settings')
      .set('Authorization', `Bearer ${admin}`)
      .send(SETTINGS)
      .expect(404);
  });

  it('a name the certificate cannot print is refused at registration while the event issues certificates', async () => {
    const name = 'Lee 李小龍';
    // Certificates off: the name is kept as it is.
    await request(t.app)
      .post(registerPath(event.slug))
      .send(person({ name, email: 'lee1@skola.lv', sessionIds: [workshop] }))
      .expect(201);

    await put(SETTINGS).expect(200);
    for (const lang of ['lv', 'en'] as const) {
      const res = await request(t.app)
        .post(registerPath(event.slug))
        .set('Accept-Language', lang)
        .send(person({ name, email: `lee-${lang}@skola.lv`, sessionIds: [workshop] }))
        .expect(400);
      const message = ErrorBody.parse(res.body).error.fields?.name;
      expect(message).toBe(fieldMessage(translator(lang), 'unprintable_name:李小龍'));
      expect(message).toContain(
        lang === 'lv' ? 'nevar izdrukāt rakstzīmes „李小龍”' : 'cannot print the characters “李小龍”',
      );
    }
    expect(await t.db('registrations').where('email', 'like', 'lee-%').count({ n: '*' }).first()).toMatchObject({
      n: 0,
    });
    // Hebrew, Arabic, Cyrillic and Latvian letters print.
    for (const [i, ok] of ['דוד בן גוריון', 'محمد بن سلمان', 'Ирина Соколова', 'Ērika Čakste-Ļaudiņa'].entries()) {
      await request(t.app)
        .post(registerPath(event.slug))
        .send(person({ name: ok, email: `ok${i}@skola.lv`, sessionIds: [workshop] }))
        .expect(201);
    }
  });
});
