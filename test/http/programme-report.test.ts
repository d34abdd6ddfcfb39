import ExcelJS from 'exceljs';
import type { Response as SuperagentResponse } from 'superagent';
import request from 'supertest';
import { beforeAll, describe, expect, it } from 'vitest';
import { cancelRegistration, register, type RegistrationInput } from '../../server/features/registration/register.js';
import { rigaCell } from '../../server/features/registrants/exports.js';
import * as answers from '../../server/http/apiSchemas.js';
import { apiToken, auditActions, organizer, signIn } from '../support/admin.js';
import { person } from '../support/app.js';
import { conference, single, type BuiltConference, type BuiltSingle } from '../support/build.js';
import { parseCsv } from '../support/csv.js';
import { useTestApp } from '../support/fixtures.js';

const input = (over: Record<string, unknown>): RegistrationInput => person(over) as unknown as RegistrationInput;

/** A supertest parser keeping the body as raw bytes (a BOM must be checked on those). */
function rawBytes(res: SuperagentResponse, done: (err: Error | null, body: Buffer) => void): void {
  const chunks: Buffer[] = [];
  res.on('data', (c: Buffer) => chunks.push(c));
  res.on('end', () => done(null, Buffer.concat(chunks)));
}

/**
 * Counted by hand. Three events: a conference (Rīga on 10 December, Vidzeme on 11
 * December), a supervision at Cēsis (20 December) and one of the same title at Talsi
 * (30 December).
 *
 * - Anna: the conference in Rīga (anna@skola.lv) and Cēsis (Anna@Skola.LV) — one person, two
 *   events, two regions;
 * - Juris: the conference in Vidzeme, Cēsis and Talsi (JURIS@skola.lv) — three events;
 * - Ilze: the conference in Rīga only;
 * - Aiga: the conference in Rīga, cancelled — not counted;
 * - Pēteris: Cēsis, on its waitlist (two places) — not counted.
 */
describe("the whole programme's report", () => {
  const { t } = useTestApp({ now: new Date('2026-11-30T14:05:00Z'), seed: false });
  let conf: BuiltConference;
  let cesis: BuiltSingle;
  let talsi: BuiltSingle;
  let token: string;
  let coordinatorToken: string;

  beforeAll(async () => {
    const now = t.clock.now();
    conf = await conference(t.db, now, { slug: 'konference', regions: ['riga', 'vidzeme'], inDays: 10 });
    cesis = await single(t.db, now, {
      slug: 'supervizija-cesis',
      regionId: 'vidzeme',
      place: 'Cēsu pamatskola',
      places: 2,
      inDays: 20,
    });
    talsi = await single(t.db, now, {
      slug: 'supervizija-talsi',
      regionId: 'kurzeme',
      place: 'Talsu skola',
      inDays: 30,
    });
    const riga = { regionId: 'riga', municipality: 'riga' };
    const vidzeme = { regionId: 'vidzeme', municipality: 'cesis' };
    await register(t.ctx, conf.slug, input({ name: 'Anna Ābele', email: 'anna@skola.lv', ...riga }));
    await register(
      t.ctx,
      conf.slug,
      input({ name: 'Ilze Čakste', email: 'ilze@skola.lv', role: 'support_specialist', ...riga }),
    );
    const gone = await register(t.ctx, conf.slug, input({ name: 'Aiga Gone', email: 'aiga@skola.lv', ...riga }));
    await cancelRegistration(t.ctx, gone.token);
    await register(
      t.ctx,
      conf.slug,
      input({ name: 'Juris Bērziņš', email: 'juris@skola.lv', role: 'parent', ...vidzeme }),
    );
    await register(t.ctx, cesis.slug, input({ name: 'Anna Ābele', email: 'Anna@Skola.LV', ...vidzeme }));
    await register(
      t.ctx,
      cesis.slug,
      input({ name: 'Juris Bērziņš', email: 'JURIS@skola.lv', role: 'parent', ...vidzeme }),
    );
    const waiting = await register(
      t.ctx,
      cesis.slug,
      input({ name: 'Pēteris Liepa', email: 'peteris@skola.lv', ...vidzeme }),
    );
    expect(waiting.seats.map((s) => s.status)).toEqual(['waitlisted']);
    await register(
      t.ctx,
      talsi.slug,
      input({
        name: 'Juris Bērziņš',
        email: 'JURIS@skola.lv',
        role: 'parent',
        regionId: 'kurzeme',
        municipality: 'talsi',
      }),
    );
    token = await apiToken(t, await organizer(t, 'programme@example.lv'));
    coordinatorToken = await apiToken(t, await organizer(t, 'vidzeme@example.lv', 'coordinator', ['vidzeme']));
  });

  const api = (qs: string, bearer = token) =>
    request(t.app).get(`/api/v1/admin/reports/programme?${qs}`).set('Authorization', `Bearer ${bearer}`);
  const download = (qs: string) => api(qs).buffer(true).parse(rawBytes).expect(200);
  const counts = (r: { people: number; registrations: number; repeaters: number }) => [
    r.people,
    r.registrations,
    r.repeaters,
  ];

  it('when an admin asks as JSON, then unique people are counted by e-mail in any case, the cancelled and the waitlisted left out', async () => {
    const report = answers.ProgrammeReport.parse((await api('format=json').expect(200)).body);
    expect(report.madeAt).toBe('2026-11-30T16:05:00.000+02:00');
    expect(report.period).toEqual({ from: '2026-12-10', to: '2026-12-30' });
    expect(report.regions).toBeNull();
    // Anna, Juris, Ilze; six registrations; Anna and Juris in two or more events
    expect(counts(report.totals)).toEqual([3, 6, 2]);
    expect(report.byRegion.rows.map((r) => [r.label, ...counts(r)])).toEqual([
      ['Rīga', 2, 2, 1],
      ['Vidzeme', 2, 3, 2],
      ['Kurzeme', 1, 1, 1],
      ['Zemgale', 0, 0, 0],
      ['Latgale', 0, 0, 0],
    ]);
    // a person in two regions is in both rows: the rows add up to more than the total
    expect(report.byRegion.rows.reduce((n, r) => n + r.people, 0)).toBe(5);
    expect(report.byMunicipality.rows).toHaveLength(43);
    expect(report.byMunicipality.rows.find((r) => r.key === 'cesis')).toMatchObject({ people: 2, registrations: 3 });
    expect(report.byRole.rows.filter((r) => r.people > 0).map((r) => [r.key, r.people])).toEqual([
      ['teacher', 1],
      ['support_specialist', 1],
      ['parent', 1],
    ]);
    expect(report.byEvent.rows.map((r) => [r.slug, ...counts(r)])).toEqual([
      ['konference', 3, 3, 2],
      ['supervizija-cesis', 2, 2, 2],
      ['supervizija-talsi', 1, 1, 1],
    ]);
    expect(report.byEvent.rows[0]).toMatchObject({
      firstSession: '2026-12-10T10:00:00.000+02:00',
      lastSession: '2026-12-11T12:00:00.000+02:00',
    });
    // sessions of one title are told apart by their day and place
    const supervisions = report.bySession.rows.filter((r) => r.label.startsWith('Supervīzija'));
    expect(supervisions.map((r) => [r.label, r.people])).toEqual([
      ['Supervīzija — 2026. gada 20. decembris, plkst.\u00a013.00 · Cēsu pamatskola', 2],
      ['Supervīzija — 2026. gada 30. decembris, plkst.\u00a013.00 · Talsu skola', 1],
    ]);
    expect(report.bySession.rows.find((r) => r.sessionId === conf.plenary.riga)?.people).toBe(2);
    expect(report.bySession.rows.find((r) => r.sessionId === conf.workshops.riga?.[0])?.people).toBe(0);
    expect(report.repeat).toEqual({
      rows: [
        { events: 1, people: 1 },
        { events: 2, people: 1 },
        { events: 3, people: 1 },
      ],
      twoOrMore: 2,
    });
  });

  it('when a period is asked, then only sessions starting on those days count; a wrong day or order is a localized 400', async () => {
    const report = answers.ProgrammeReport.parse((await api('from=2026-12-20&to=2026-12-31').expect(200)).body);
    expect(report.period).toEqual({ from: '2026-12-20', to: '2026-12-31' });
    // Anna and Juris at Cēsis, Juris at Talsi
    expect(counts(report.totals)).toEqual([2, 3, 1]);
    expect(report.byEvent.rows.map((r) => r.slug)).toEqual(['supervizija-cesis', 'supervizija-talsi']);
    expect(report.repeat.rows).toEqual([
      { events: 1, people: 1 },
      { events: 2, people: 1 },
    ]);
    const oneDay = answers.ProgrammeReport.parse((await api('from=2026-12-10&to=2026-12-10').expect(200)).body);
    expect(counts(oneDay.totals)).toEqual([2, 2, 0]);

    const bad = await api('from=2026-13-45').expect(400);
    expect(bad.body.error.fields).toEqual({ from: 'Ievadiet datumu.' });
    const reversed = await api('from=2026-12-20&to=2026-12-01').expect(400);
    expect(reversed.body.error.fields).toEqual({ to: 'Perioda beigas nevar būt pirms tā sākuma.' });
    const reversedEn = await api('from=2026-12-20&to=2026-12-01&lang=en').expect(400);
    expect(reversedEn.body.error.fields).toEqual({ to: 'The end of the period cannot be before its start.' });
  });

  it("when a coordinator asks, then only their regions' registrations count and only their regions are listed", async () => {
    const report = answers.ProgrammeReport.parse((await api('', coordinatorToken).expect(200)).body);
    expect(report.regions).toEqual([{ id: 'vidzeme', name: 'Vidzeme' }]);
    expect(report.byRegion.rows.map((r) => [r.key, ...counts(r)])).toEqual([['vidzeme', 2, 3, 1]]);
    // Juris at the conference and at Cēsis; Anna's Rīga registration is not theirs to see
    expect(counts(report.totals)).toEqual([2, 3, 1]);
    expect(report.byMunicipality.rows).toHaveLength(
      report.byMunicipality.rows.filter((r) => r.key !== 'riga' && r.key !== 'talsi').length,
    );
    expect(report.byMunicipality.rows.map((r) => r.key)).toContain('cesis');
    expect(report.byMunicipality.rows.map((r) => r.key)).not.toContain('talsi');
    // events with a session of their regions (or every region's)
    expect(report.byEvent.rows.map((r) => [r.slug, r.people])).toEqual([
      ['konference', 1],
      ['supervizija-cesis', 2],
    ]);
    expect(report.bySession.rows.map((r) => r.sessionId)).not.toContain(talsi.session);
    expect(report.bySession.rows.map((r) => r.sessionId)).not.toContain(conf.plenary.riga);
    expect(report.repeat.twoOrMore).toBe(1);
  });

  it('when downloaded as XLSX, then every table is a sheet, dated, with the period, and times are real date cells', async () => {
    const res = await download('format=xlsx');
    expect(res.headers['content-disposition']).toBe('attachment; filename="programme-report-2026-11-30.xlsx"');
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(new Uint8Array(res.body as Buffer).buffer);
    expect(workbook.worksheets.map((s) => s.name)).toEqual([
      'Pa reģioniem',
      'Pa pašvaldībām',
      'Pa lomām',
      'Pa pasākumiem',
      'Pa sesijām',
      'Atkārtota dalība',
    ]);
    const regions = workbook.getWorksheet('Pa reģioniem')!;
    expect(regions.getCell('A1').value).toBe('Programmas pārskats: Pa reģioniem');
    expect(regions.getCell('A2').value).toBe('Sagatavots');
    expect(regions.getCell('B2').value).toEqual(rigaCell(t.clock.now()));
    expect([regions.getCell('A3').value, regions.getCell('B3').value]).toEqual([
      'Periods',
      '2026. gada 10. decembris – 2026. gada 30. decembris',
    ]);
    expect(regions.getCell('A5').value).toBe('Ko skaita');
    expect(String(regions.getCell('B5').value)).toMatch(/apstiprinātu vietu/);
    const header = 7;
    expect(regions.getRow(header).values).toEqual([
      undefined,
      'Reģions',
      'Unikālas personas',
      'Reģistrācijas ar apstiprinātu vietu',
      'Personas 2 vai vairāk pasākumos',
    ]);
    expect(regions.getRow(header + 1).values).toEqual([undefined, 'Rīga', 2, 2, 1]);
    expect(regions.getRow(header + 6).values).toEqual([undefined, 'Kopā (katra persona vienreiz)', 3, 6, 2]);

    const sessions = workbook.getWorksheet('Pa sesijām')!;
    const headers = (sessions.getRow(header).values as unknown[]).slice(1);
    expect(headers.slice(0, 4)).toEqual(['Sesija', 'Pasākums', 'Sesijas veids', 'Sākums']);
    const first = sessions.getRow(header + 1);
    expect(first.getCell(1).value).toBe(
      'Plenārsesija (riga) — 2026. gada 10. decembris, plkst.\u00a010.00 · Tiešsaistē',
    );
    const starts = first.getCell(4);
    expect(starts.value).toBeInstanceOf(Date);
    expect((starts.value as Date).toISOString()).toBe('2026-12-10T10:00:00.000Z');
    expect(starts.numFmt).toBe('yyyy-mm-dd hh:mm');

    const events = workbook.getWorksheet('Pa pasākumiem')!;
    const day = events.getRow(header + 1).getCell(2);
    expect(day.value).toBeInstanceOf(Date);
    expect((day.value as Date).toISOString()).toBe('2026-12-10T00:00:00.000Z');
    expect(day.numFmt).toBe('yyyy-mm-dd');
    expect(await auditActions(t)).toContain('export.programmeReport');
    const { agent } = await signIn(t, 'programme@example.lv');
    expect((await agent.get('/admin/audit').expect(200)).text).toContain('programmas pārskats lejupielādēts');
  });

  it('when one table is downloaded as CSV, then for software it is comma-separated ISO 8601, for Excel semicolons, a BOM, dates Excel reads and the totals', async () => {
    const comma = await download('table=session&format=csv');
    expect(comma.headers['content-disposition']).toBe('attachment; filename="programme-report-session-2026-11-30.csv"');
    const bytes = comma.body as Buffer;
    expect([...bytes.subarray(0, 3)]).not.toEqual([0xef, 0xbb, 0xbf]);
    const rows = parseCsv(bytes.toString('utf8'), ',');
    expect(rows[0]).toEqual([
      'Sesija',
      'Pasākums',
      'Sesijas veids',
      'Sākums',
      'Unikālas personas',
      'Reģistrācijas ar apstiprinātu vietu',
      'Personas 2 vai vairāk pasākumos',
    ]);
    expect(rows[1]?.[3]).toBe('2026-12-10T10:00:00.000+02:00');
    expect(rows.at(-1)?.[0]).not.toMatch(/^Kopā/);

    const excel = await download('table=session&format=csv&dialect=excel');
    expect(excel.headers['content-disposition']).toBe(
      'attachment; filename="programme-report-session-2026-11-30-excel.csv"',
    );
    const excelBytes = excel.body as Buffer;
    expect([...excelBytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const excelRows = parseCsv(excelBytes.subarray(3).toString('utf8'), ';');
    expect(excelRows[1]?.[3]).toBe('2026-12-10 10:00');
    expect(excelRows.at(-1)).toEqual(['Kopā (katra persona vienreiz)', '', '', '', '3', '6', '2']);

    const events = parseCsv(
      ((await download('table=event&format=csv&dialect=excel')).body as Buffer).subarray(3).toString('utf8'),
      ';',
    );
    expect(events[1]?.slice(1, 3)).toEqual(['2026-12-10', '2026-12-11']);

    const regions = parseCsv(((await download('table=region&format=csv')).body as Buffer).toString('utf8'), ',');
    expect(regions.slice(1).map((r) => r.join(','))).toEqual([
      'Rīga,2,2,1',
      'Vidzeme,2,3,2',
      'Kurzeme,1,1,1',
      'Zemgale,0,0,0',
      'Latgale,0,0,0',
    ]);
    const repeat = parseCsv(((await download('table=repeat&format=csv')).body as Buffer).toString('utf8'), ',');
    expect(repeat).toEqual([
      ['Pasākumu skaits', 'Unikālas personas'],
      ['1', '1'],
      ['2', '1'],
      ['3', '1'],
    ]);
  });

  it('when the page opens in Latvian, then it says when it was made, the period, what counts, and offers every download', async () => {
    const { agent } = await signIn(t, 'programme@example.lv');
    const dashboard = (await agent.get('/admin').expect(200)).text;
    expect(dashboard).toContain('<a href="/admin/reports/programme">Programmas pārskats</a>');
    const html = (await agent.get('/admin/reports/programme').expect(200)).text;
    expect(html).toContain('<h1>Visas programmas pārskats</h1>');
    expect(html).toContain('Sagatavots 2026. gada 30. novembrī, plkst.\u00a016.05.');
    expect(html).toContain('<dd>2026. gada 10. decembris – 2026. gada 30. decembris</dd>');
    expect(html).toContain('Dalībnieks ir persona ar apstiprinātu vietu vismaz vienā neatceltā sesijā.');
    expect(html).toContain('Personas divos vai vairāk pasākumos: 2 no 3.');
    expect(html).toMatch(
      /<th scope="row">Vidzeme<\/th><td class="num">2<\/td><td class="num">3<\/td><td class="num">2<\/td>/,
    );
    expect(html).toContain(
      '<th scope="row">Supervīzija — 2026. gada 20. decembris, plkst.\u00a013.00 · Cēsu pamatskola</th>',
    );
    expect(html).toContain('href="?format=xlsx"');
    expect(html).toContain('href="?table=municipality&amp;format=csv&amp;dialect=excel"');
    expect(html).toContain('href="?table=session&amp;format=csv"');

    const period = (await agent.get('/admin/reports/programme?from=2026-12-20&to=').expect(200)).text;
    expect(period).toContain('value="2026-12-20"');
    expect(period).toContain('href="?from=2026-12-20&amp;format=xlsx"');
    expect(period).toContain('Personas divos vai vairāk pasākumos: 1 no 2.');
    const bad = await agent.get('/admin/reports/programme?from=2026-12-20&to=2026-12-01').expect(400);
    expect(bad.text).toContain('Perioda beigas nevar būt pirms tā sākuma.');
    expect(bad.text).toContain('value="2026-12-01" aria-describedby="to-error period-hint" aria-invalid="true"');
    expect(bad.text).not.toContain('Pa reģioniem');
  });

  it('when the page opens in English for a coordinator, then it is in English and only their region is listed', async () => {
    await organizer(t, 'vidzeme-page@example.lv', 'coordinator', ['vidzeme']);
    const { agent } = await signIn(t, 'vidzeme-page@example.lv');
    const html = (await agent.get('/admin/reports/programme?lang=en').expect(200)).text;
    expect(html).toContain('<h1>Whole-programme report</h1>');
    expect(html).toContain('Made on 30 November 2026 at 16:05.');
    expect(html).toContain('<dd>11 December 2026 – 20 December 2026</dd>');
    expect(html).toContain(
      'A participant is a person with a confirmed place in at least one session that was not cancelled.',
    );
    expect(html).toContain('People in two or more events: 1 of 2.');
    expect(html).toMatch(
      /<th scope="row">Vidzeme<\/th><td class="num">2<\/td><td class="num">3<\/td><td class="num">1<\/td>/,
    );
    expect(html).not.toContain('<th scope="row">Riga</th>');
    expect(html).not.toContain('<th scope="row">Rīga</th>');
  });
});

describe("the event report's table by session", () => {
  const { t } = useTestApp({ now: new Date('2026-11-30T14:05:00Z'), seed: false });

  it('when asked, then each session is a row named with its day and place, with confirmed, waitlisted and attended places, on the page and in every format', async () => {
    const event = await conference(t.db, t.clock.now(), { regions: ['riga', 'kurzeme'], inDays: 10 });
    const [a] = event.workshops.riga ?? [];
    await t.db('quotas').where('id', event.quota.riga).update({ size: 1 });
    const anna = await register(t.ctx, event.slug, input({ name: 'Anna Ābele', sessionIds: [a] }));
    await register(t.ctx, event.slug, input({ name: 'Juris Bērziņš', sessionIds: [a] }));
    await register(t.ctx, event.slug, input({ name: 'Kārlis Dīķis', regionId: 'kurzeme', municipality: 'talsi' }));
    const seat = anna.seats.find((s) => s.sessionId === a);
    await t
      .db('seats')
      .where('id', seat?.id ?? 0)
      .update({ attended_at: '2026-12-10T10:30:00.000Z' });
    const admin = await apiToken(t, await organizer(t, 'sessions@example.lv'));
    const get = (qs: string, bearer = admin) =>
      request(t.app)
        .get(`/api/v1/admin/events/${event.slug}/report?${qs}`)
        .set('Authorization', `Bearer ${bearer}`)
        .buffer(true)
        .parse(rawBytes)
        .expect(200);

    const json = answers.Report.parse(
      (
        await request(t.app)
          .get(`/api/v1/admin/events/${event.slug}/report`)
          .set('Authorization', `Bearer ${admin}`)
          .expect(200)
      ).body,
    );
    expect(json.sessions.map((s) => [s.label, s.confirmed, s.waitlisted, s.attended])).toEqual([
      ['Plenārsesija (riga) — 2026. gada 10. decembris, plkst.\u00a010.00 · Tiešsaistē', 2, 0, 0],
      ['Darbnīca 1 (riga) — 2026. gada 10. decembris, plkst.\u00a012.00 · Tiešsaistē', 1, 1, 1],
      ['Darbnīca 2 (riga) — 2026. gada 10. decembris, plkst.\u00a012.00 · Tiešsaistē', 0, 0, 0],
      ['Plenārsesija (kurzeme) — 2026. gada 11. decembris, plkst.\u00a010.00 · Tiešsaistē', 1, 0, 0],
      ['Darbnīca 1 (kurzeme) — 2026. gada 11. decembris, plkst.\u00a012.00 · Tiešsaistē', 0, 0, 0],
      ['Darbnīca 2 (kurzeme) — 2026. gada 11. decembris, plkst.\u00a012.00 · Tiešsaistē', 0, 0, 0],
    ]);
    expect(json.sessions[0]?.startsAt).toBe('2026-12-10T10:00:00.000+02:00');

    const coordinator = await apiToken(t, await organizer(t, 'kurzeme-s@example.lv', 'coordinator', ['kurzeme']));
    const own = answers.Report.parse(
      (
        await request(t.app)
          .get(`/api/v1/admin/events/${event.slug}/report`)
          .set('Authorization', `Bearer ${coordinator}`)
          .expect(200)
      ).body,
    );
    expect(own.sessions.map((s) => [s.sessionId, s.confirmed])).toEqual([
      [event.plenary.kurzeme, 1],
      [event.workshops.kurzeme?.[0], 0],
      [event.workshops.kurzeme?.[1], 0],
    ]);

    const csv = parseCsv(((await get('table=sessions&format=csv')).body as Buffer).toString('utf8'), ',');
    expect(csv[0]).toEqual([
      'Sesija',
      'Sesijas veids',
      'Sākums',
      'Apstiprinātas vietas',
      'Rindā',
      'Apmeklēja',
      'Pievienojās, nav atzīmēti',
      'Minūtes sesijā (kopā)',
    ]);
    // Marked by hand: no meeting report read, so no minutes (an empty cell, not 0).
    expect(csv[2]).toEqual([
      'Darbnīca 1 (riga) — 2026. gada 10. decembris, plkst.\u00a012.00 · Tiešsaistē',
      'Darbnīca',
      '2026-12-10T12:00:00.000+02:00',
      '1',
      '1',
      '1',
      '0',
      '',
    ]);
    const excel = await get('table=sessions&format=csv&dialect=excel');
    expect(excel.headers['content-disposition']).toBe(`attachment; filename="${event.slug}-report-session-excel.csv"`);
    const excelRows = parseCsv((excel.body as Buffer).subarray(3).toString('utf8'), ';');
    expect(excelRows[2]?.[2]).toBe('2026-12-10 12:00');
    expect(excelRows.at(-1)).toEqual(['Kopā', '', '', '4', '1', '1', '0', '']);
    const xlsx = await get('table=sessions&format=xlsx&lang=en');
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(new Uint8Array(xlsx.body as Buffer).buffer);
    const sheet = workbook.worksheets[0]!;
    expect(sheet.name).toBe('By session');
    expect(sheet.getCell('A1').value).toBe('Participants by session: “Test conference”');
    expect(sheet.getRow(6).getCell(1).value).toBe('Session');
    expect(sheet.getRow(7).getCell(1).value).toBe('Plenary (riga) — 10 December 2026, 10:00 · Online');
    expect(sheet.getRow(7).getCell(3).value).toBeInstanceOf(Date);

    const { agent } = await signIn(t, 'sessions@example.lv');
    const html = (await agent.get(`/admin/events/${event.slug}/report`).expect(200)).text;
    expect(html).toContain('<h2 id="by-session">Pa sesijām</h2>');
    expect(html).toMatch(
      /<th scope="row">Darbnīca 1 \(riga\) — 2026\. gada 10\. decembris, plkst\.\u00a012\.00 · Tiešsaistē<\/th><td>Darbnīca<\/td><td class="num">1<\/td><td class="num">1<\/td><td class="num">1<\/td>/,
    );
    expect(html).toContain('href="?table=sessions&amp;format=csv&amp;dialect=excel"');
    const en = (await agent.get(`/admin/events/${event.slug}/report?lang=en`).expect(200)).text;
    expect(en).toContain('<h2 id="by-session">By session</h2>');
    expect(en).toContain('<th scope="col" class="num">Confirmed places</th>');
  });
});
