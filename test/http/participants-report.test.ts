import ExcelJS from 'exceljs';
import type { Response as SuperagentResponse } from 'superagent';
import request from 'supertest';
import { beforeAll, describe, expect, it } from 'vitest';
import { register, type RegistrationInput } from '../../server/features/registration/register.js';
import { countPeople, type ParticipantFact } from '../../server/domain/participantData.js';
import { ParticipantsReport } from '../../server/http/apiSchemas.js';
import { apiToken, organizer, signIn } from '../support/admin.js';
import { person } from '../support/app.js';
import { conference, seminarSeries } from '../support/build.js';
import { parseCsv } from '../support/csv.js';
import { useTestApp } from '../support/fixtures.js';

const input = (over: Record<string, unknown>): RegistrationInput => person(over) as unknown as RegistrationInput;

/** A supertest parser keeping the body as raw bytes (a BOM must be checked on those). */
function rawBytes(res: SuperagentResponse, done: (err: Error | null, body: Buffer) => void): void {
  const chunks: Buffer[] = [];
  res.on('data', (c: Buffer) => chunks.push(c));
  res.on('end', () => done(null, Buffer.concat(chunks)));
}

const data = (over: Record<string, unknown> = {}) => ({
  gender: 'undisclosed',
  ageBand: 'undisclosed',
  education: 'undisclosed',
  employment: 'undisclosed',
  ...over,
});

interface Counts {
  participants: number;
  gender: Record<string, number>;
  ageBand: Record<string, number>;
  education: Record<string, number>;
  employment: Record<string, number>;
  disadvantages: Record<string, Record<string, number>>;
}
interface Report {
  activities: ({ slug: string; title: string } & Counts)[];
  total: Counts;
}

/**
 * The hand count. Two events ask for participant data (a conference, a seminar series),
 * one does not (another conference):
 * - Anna: the conference's workshop (female, 30–54) and, later, a seminar as ANNA@… (female,
 *   55+, a disability with the consent): one person in each activity, once in the total,
 *   by her latest data (55+, the disability);
 * - Ilze: the conference's workshop, told nothing: undisclosed everywhere;
 * - Juris: the conference's plenary only (male): not a participant;
 * - Kārlis: a workshop place, not attended: not a participant;
 * - Laura: attended a seminar (other, 18–29, lower secondary, unemployed);
 * - Māra: attended the event that does not ask: in no activity and not in the total.
 */
describe('the ESF+ participants report', () => {
  const { t } = useTestApp({ now: new Date('2026-11-30T14:05:00Z'), seed: false });
  let token: string;
  let coordinatorToken: string;
  let conferenceSlug: string;
  let seminarsSlug: string;

  beforeAll(async () => {
    const now = t.clock.now();
    const conf = await conference(t.db, now, {
      slug: 'konference',
      title: { lv: 'Konference', en: 'Conference' },
      addressConfirmation: 'off',
    });
    const series = await seminarSeries(t.db, now, {
      slug: 'seminari',
      title: { lv: 'Semināri', en: 'Seminars' },
      seminars: [{ regionId: 'riga' }, { regionId: 'riga' }],
    });
    const off = await conference(t.db, now, { slug: 'bez-datiem', addressConfirmation: 'off' });
    await t.db('events').whereIn('id', [conf.eventId, series.eventId]).update({ participant_data: true });
    await t.db('events').where('id', series.eventId).update({ address_confirmation: 'off' });
    conferenceSlug = conf.slug;
    seminarsSlug = series.slug;
    const [w1] = conf.workshops.riga ?? [];
    const [s1, s2] = series.sessions;

    const attend = async (registrationId: number, sessionId: number | undefined) =>
      t
        .db('seats')
        .where({ registration_id: registrationId, session_id: sessionId })
        .update({ attended_at: '2027-01-05T10:30:00.000Z' });

    const anna1 = await register(
      t.ctx,
      conf.slug,
      input({
        email: 'anna@skola.lv',
        sessionIds: [w1],
        participantData: data({ gender: 'female', ageBand: '30-54' }),
      }),
    );
    await attend(anna1.registration.id, w1);
    const ilze = await register(t.ctx, conf.slug, input({ email: 'ilze@skola.lv', sessionIds: [w1] }));
    await attend(ilze.registration.id, w1);
    const juris = await register(
      t.ctx,
      conf.slug,
      input({ email: 'juris@skola.lv', sessionIds: [], participantData: data({ gender: 'male' }) }),
    );
    await attend(juris.registration.id, conf.plenary.riga);
    await register(
      t.ctx,
      conf.slug,
      input({ email: 'karlis@skola.lv', sessionIds: [w1], participantData: data({ gender: 'male' }) }),
    );

    t.clock.advance(3600_000);
    const anna2 = await register(
      t.ctx,
      series.slug,
      input({
        email: 'ANNA@Skola.LV',
        sessionIds: [s1, s2],
        participantData: data({
          gender: 'female',
          ageBand: '55+',
          education: 'isced5-8',
          employment: 'employed',
          disadvantages: {
            consent: true,
            disability: 'yes',
            thirdCountryNational: 'no',
            foreignOrigin: 'undisclosed',
            minority: 'undisclosed',
            homeless: 'no',
            rural: 'undisclosed',
          },
        }),
      }),
    );
    await attend(anna2.registration.id, s1);
    await attend(anna2.registration.id, s2);
    const laura = await register(
      t.ctx,
      series.slug,
      input({
        email: 'laura@skola.lv',
        sessionIds: [s2],
        participantData: data({ gender: 'other', ageBand: '18-29', education: 'isced0-2', employment: 'unemployed' }),
      }),
    );
    await attend(laura.registration.id, s2);
    const mara = await register(
      t.ctx,
      off.slug,
      input({ email: 'mara@skola.lv', sessionIds: [off.workshops.riga?.[0]] }),
    );
    await attend(mara.registration.id, off.workshops.riga?.[0]);

    token = await apiToken(t, await organizer(t, 'esf@example.lv'));
    coordinatorToken = await apiToken(t, await organizer(t, 'riga@example.lv', 'coordinator', ['riga']));
  });

  const api = (qs = '', bearer = token) =>
    request(t.app).get(`/api/v1/admin/reports/participants${qs}`).set('Authorization', `Bearer ${bearer}`);

  it('when an admin asks for JSON, then each activity and the total count people as counted by hand', async () => {
    const res = await api('?lang=lv').expect(200);
    expect(res.headers['cache-control']).toBe('no-store');
    // The answer is as the OpenAPI document describes it.
    const report = ParticipantsReport.parse(res.body) as Report;
    expect(report.activities.map((a) => [a.slug, a.title, a.participants])).toEqual([
      [conferenceSlug, 'Konference', 2],
      [seminarsSlug, 'Semināri', 2],
    ]);
    const [conf, series] = report.activities;
    // The conference: Anna (female, 30–54 as she told it there) and Ilze (nothing told).
    expect(conf?.gender).toEqual({ female: 1, male: 0, other: 0, undisclosed: 1 });
    expect(conf?.ageBand).toEqual({ under18: 0, '18-29': 0, '30-54': 1, '55+': 0, undisclosed: 1 });
    expect(conf?.disadvantages.disability).toEqual({ yes: 0, no: 0, undisclosed: 2 });
    // The seminars: Anna (55+, higher education, employed, a disability) and Laura.
    expect(series?.gender).toEqual({ female: 1, male: 0, other: 1, undisclosed: 0 });
    expect(series?.education).toEqual({ 'isced0-2': 1, 'isced3-4': 0, 'isced5-8': 1, undisclosed: 0 });
    expect(series?.employment).toEqual({ employed: 1, unemployed: 1, inactive: 0, undisclosed: 0 });
    // The total: Anna once (her latest data), Ilze, Laura; not Juris, Kārlis or Māra.
    expect(report.total.participants).toBe(3);
    expect(report.total.gender).toEqual({ female: 1, male: 0, other: 1, undisclosed: 1 });
    expect(report.total.ageBand).toEqual({ under18: 0, '18-29': 1, '30-54': 0, '55+': 1, undisclosed: 1 });
    expect(report.total.disadvantages.disability).toEqual({ yes: 1, no: 0, undisclosed: 2 });
    expect(report.total.disadvantages.homeless).toEqual({ yes: 0, no: 1, undisclosed: 2 });

    const en = (await api('?lang=en').expect(200)).body as Report;
    expect(en.activities.map((a) => a.title)).toEqual(['Conference', 'Seminars']);
  });

  it('when a coordinator or nobody asks, then it is refused', async () => {
    await api('', coordinatorToken).expect(403);
    await request(t.app).get('/api/v1/admin/reports/participants').expect(401);
  });

  it('when downloaded as CSV (both dialects) and XLSX, then the files read back to the same counts', async () => {
    const comma = await api('?format=csv&lang=lv').buffer(true).parse(rawBytes).expect(200);
    expect(comma.headers['content-disposition']).toBe('attachment; filename="esf-participants.csv"');
    const rows = parseCsv((comma.body as Buffer).toString('utf8'), ',');
    const header = rows[0] ?? [];
    expect(header.slice(0, 4)).toEqual(['Pasākums', 'Adrese', 'Dalībnieki', 'Dzimums: Sieviete']);
    const col = (name: string) => header.indexOf(name);
    expect(col('Vecums: 55 gadi vai vairāk')).toBeGreaterThan(0);
    expect(col('Personas ar invaliditāti: Jā')).toBeGreaterThan(0);
    const byTitle = new Map(rows.slice(1).map((r) => [r[0], r]));
    expect(byTitle.get('Konference')?.[col('Dalībnieki')]).toBe('2');
    expect(byTitle.get('Kopā (katrs cilvēks vienreiz)')?.[col('Dalībnieki')]).toBe('3');
    expect(byTitle.get('Kopā (katrs cilvēks vienreiz)')?.[col('Vecums: 55 gadi vai vairāk')]).toBe('1');
    expect(byTitle.get('Kopā (katrs cilvēks vienreiz)')?.[col('Personas ar invaliditāti: Jā')]).toBe('1');
    expect(rows).toHaveLength(4);

    const excel = await api('?format=csv&dialect=excel&lang=lv').buffer(true).parse(rawBytes).expect(200);
    const bytes = excel.body as Buffer;
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    expect(excel.headers['content-disposition']).toBe('attachment; filename="esf-participants-excel.csv"');
    const excelRows = parseCsv(bytes.subarray(3).toString('utf8'), ';');
    expect(excelRows).toEqual(rows);

    const xlsx = await api('?format=xlsx&lang=en').buffer(true).parse(rawBytes).expect(200);
    const book = new ExcelJS.Workbook();
    await book.xlsx.load(new Uint8Array(xlsx.body as Buffer).buffer);
    const sheet = book.worksheets[0];
    expect(sheet?.name).toBe('ESF+ participants');
    expect(sheet?.getCell(1, 1).value).toBe('ESF+ participants report');
    const values: unknown[][] = [];
    sheet?.eachRow((row) => values.push((row.values as unknown[]).slice(1)));
    const head = values.find((r) => r[0] === 'Event') ?? [];
    expect(head.slice(0, 3)).toEqual(['Event', 'Address', 'Participants']);
    const total = values.find((r) => r[0] === 'Total (each person once)') ?? [];
    expect(total[head.indexOf('Participants')]).toBe(3);
    expect(total[head.indexOf('Gender: Other')]).toBe(1);
    expect(values.find((r) => r[0] === 'Seminars')?.[head.indexOf('Participants')]).toBe(2);

    const audit = await t.db('audit_log').where('action', 'export.participants').orderBy('id');
    expect(audit.map((a: { actor: string }) => a.actor)).toEqual([
      'esf@example.lv',
      'esf@example.lv',
      'esf@example.lv',
    ]);
  });

  it('when an admin opens the back office, then the dashboard links the report page, which shows the counts and its downloads', async () => {
    const admin = await organizer(t, 'page@example.lv');
    const { agent } = await signIn(t, admin.email);
    const dashboard = await agent.get('/admin').expect(200);
    expect(dashboard.text).toContain('href="/admin/reports/participants"');
    const page = await agent.get('/admin/reports/participants').expect(200);
    expect(page.text).toContain('<h1>ESF+ dalībnieku pārskats</h1>');
    expect(page.text).toContain('href="?format=xlsx"');
    expect(page.text).toMatch(/Kopā \(katrs cilvēks vienreiz\)<\/th><td class="num">3<\/td>/);
    await organizer(t, 'kurzeme@example.lv', 'coordinator', ['kurzeme']);
    const coordinator = await signIn(t, 'kurzeme@example.lv');
    expect((await coordinator.agent.get('/admin').expect(200)).text).not.toContain('/admin/reports/participants');
    await coordinator.agent.get('/admin/reports/participants').expect(403);
  });

  it('when a registration has no e-mail, then it is a person of its own; one e-mail in two activities is one person', () => {
    const fact = (registrationId: number, email: string | null, eventId = 1): ParticipantFact => ({
      registrationId,
      email,
      eventId,
      attended: true,
      data: null,
    });
    const counts = countPeople([fact(1, null), fact(2, null), fact(3, 'a@b.lv'), fact(4, 'a@b.lv', 2)]);
    expect(counts.participants).toBe(3);
    expect(counts.gender.undisclosed).toBe(3);
  });
});
