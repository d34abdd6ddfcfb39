import ExcelJS from 'exceljs';
import type { Response as SuperagentResponse } from 'superagent';
import request from 'supertest';
import { beforeAll, describe, expect, it } from 'vitest';
import { cancelRegistration, register, type RegistrationInput } from '../../server/features/registration/register.js';
import { rigaCell } from '../../server/features/registrants/exports.js';
import * as answers from '../../server/http/apiSchemas.js';
import { apiToken, organizer, signIn } from '../support/admin.js';
import { person } from '../support/app.js';
import { conference, PROGRAMME_TITLE, type BuiltConference } from '../support/build.js';
import { parseCsv } from '../support/csv.js';
import { useTestApp } from '../support/fixtures.js';

const input = (over: Record<string, unknown>): RegistrationInput => person(over) as unknown as RegistrationInput;

/** A supertest parser keeping the body as raw bytes (a BOM must be checked on those). */
function rawBytes(res: SuperagentResponse, done: (err: Error | null, body: Buffer) => void): void {
  const chunks: Buffer[] = [];
  res.on('data', (c: Buffer) => chunks.push(c));
  res.on('end', () => done(null, Buffer.concat(chunks)));
}

const REGIONS_LV = ['Rīga', 'Vidzeme', 'Kurzeme', 'Zemgale', 'Latgale'];
const COUNTS = [
  'registered',
  'people',
  'plenary',
  'workshop',
  'seminar',
  'waitlisted',
  'attended',
  'attendedHoursTenths',
  'certificates',
] as const;

describe("the funder's report", () => {
  const { t } = useTestApp({ now: new Date('2026-11-30T14:05:00Z'), seed: false });
  let event: BuiltConference;
  beforeAll(async () => {
    event = await conference(t.db, t.clock.now(), {
      title: PROGRAMME_TITLE,
      regions: ['riga', 'vidzeme', 'kurzeme', 'zemgale', 'latgale'],
      hoursTenths: { plenary: 15, workshop: 20 },
    });
  });
  let token: string;

  beforeAll(async () => {
    const [a] = event.workshops.riga ?? [];
    await t.db('quotas').where('id', event.quota.riga).update({ size: 2 });
    const anna = await register(
      t.ctx,
      event.slug,
      input({ name: 'Anna Ābele', institution: 'Ogres tehnikums', municipality: 'ogre', sessionIds: [a] }),
    );
    await register(
      t.ctx,
      event.slug,
      input({
        name: 'Juris Bērziņš',
        institution: 'ogres  tehnikums ',
        municipality: 'ogre',
        role: 'parent',
        sessionIds: [a],
      }),
    );
    await register(
      t.ctx,
      event.slug,
      input({ name: 'Ilze Čakste', institution: 'Ādažu vidusskola', municipality: 'adazi', sessionIds: [a] }),
    );
    await register(
      t.ctx,
      event.slug,
      input({
        name: 'Kārlis Dīķis',
        regionId: 'kurzeme',
        municipality: 'talsi',
        role: 'school_leader',
        institution: 'Talsu valsts ģimnāzija',
      }),
    );
    const gone = await register(
      t.ctx,
      event.slug,
      input({ name: 'Aiga Gone', regionId: 'latgale', municipality: 'ludza' }),
    );
    await cancelRegistration(t.ctx, gone.token);
    const seat = anna.seats.find((s) => s.sessionId === a);
    await t
      .db('seats')
      .where('id', seat?.id ?? 0)
      .update({ attended_at: '2026-12-01T09:30:00.000Z' });
    const admin = await organizer(t, 'report@example.lv');
    await organizer(t, 'kurzeme@example.lv', 'coordinator', ['kurzeme']);
    token = await apiToken(t, admin);
  });

  const api = (qs: string, bearer = token) =>
    request(t.app).get(`/api/v1/admin/events/${event.slug}/report?${qs}`).set('Authorization', `Bearer ${bearer}`);
  const download = (qs: string) => api(qs).buffer(true).parse(rawBytes).expect(200);

  it('when asked by region as JSON, then every region is a row (zeros too) in programme order and the totals add up', async () => {
    const res = await api('by=region').expect(200);
    const report = answers.Report.parse(res.body);
    expect(report.rows.map((r) => r.label)).toEqual(REGIONS_LV);
    expect(report.rows[0]).toEqual({
      key: 'riga',
      label: 'Rīga',
      registered: 3,
      people: 3,
      plenary: 3,
      workshop: 2,
      seminar: 0,
      waitlisted: 1,
      attended: 1,
      attendedHoursTenths: 20,
      certificates: 0,
    });
    expect(report.rows.find((r) => r.key === 'latgale')).toMatchObject({ registered: 0, people: 0, plenary: 0 });
    for (const c of COUNTS) expect(report.totals[c], c).toBe(report.rows.reduce((n, r) => n + r[c], 0));
    expect(report.totals.registered).toBe(4);
  });

  it('when asked by role, then every role is listed; by institution, spellings of one institution are one row', async () => {
    const byRole = answers.Report.parse((await api('by=role&lang=en').expect(200)).body);
    expect(byRole.rows.map((r) => r.key)).toEqual([
      'teacher',
      'support_specialist',
      'school_leader',
      'municipality_specialist',
      'parent',
      'other',
    ]);
    expect(byRole.rows.find((r) => r.key === 'parent')).toMatchObject({ label: 'Parent', registered: 1 });
    const byInstitution = answers.Report.parse((await api('by=institution').expect(200)).body);
    expect(byInstitution.rows.map((r) => [r.label, r.registered])).toEqual([
      ['Ādažu vidusskola', 1],
      ['Ogres tehnikums', 2],
      ['Talsu valsts ģimnāzija', 1],
    ]);
    const byMunicipality = answers.Report.parse((await api('by=municipality').expect(200)).body);
    expect(byMunicipality.rows).toHaveLength(43);
    expect(byMunicipality.rows.find((r) => r.key === 'ogre')?.registered).toBe(2);
  });

  it('when a coordinator asks, then only their regions are counted and listed', async () => {
    const coordinator = await apiToken(
      t,
      (await t.db('organizers').where('email', 'kurzeme@example.lv').first()) as never,
    );
    const report = answers.Report.parse((await api('by=region', coordinator).expect(200)).body);
    expect(report.rows.map((r) => r.key)).toEqual(['kurzeme']);
    expect(report.totals.registered).toBe(1);
  });

  it('when downloaded as XLSX, then it reads back with a title, the Riga time it was made, the filters, every region, number formats and totals equal to the sums', async () => {
    const res = await download('by=region&format=xlsx');
    expect(res.headers['content-disposition']).toBe(`attachment; filename="${event.slug}-report-region.xlsx"`);
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(new Uint8Array(res.body as Buffer).buffer);
    const sheet = workbook.worksheets[0]!;
    expect(sheet.name).toBe('Reģions');
    expect(sheet.getCell('A1').value).toBe('Dalībnieku pārskats: „Skola. Vecāki. Bērni — reģionālās konferences”');
    expect(sheet.getCell('A2').value).toBe('Sagatavots');
    const made = sheet.getCell('B2').value as Date;
    expect(made).toBeInstanceOf(Date);
    // 14:05 UTC is 16:05 in Riga in winter; the cell shows Riga's wall-clock time
    expect(made.toISOString()).toBe('2026-11-30T16:05:00.000Z');
    expect(made).toEqual(rigaCell(t.clock.now()));
    expect(sheet.getCell('B2').numFmt).toBe('yyyy-mm-dd hh:mm');
    expect([sheet.getCell('A3').value, sheet.getCell('B3').value]).toEqual(['Grupējums', 'Reģions']);
    expect([sheet.getCell('A4').value, sheet.getCell('B4').value]).toEqual(['Reģioni', 'visi']);
    const headerRow = 6;
    expect(sheet.getRow(headerRow).values).toEqual([
      undefined,
      'Reģions',
      'Reģistrējušies',
      'Unikālas personas',
      'Apstiprināti: plenārsesija',
      'Apstiprināti: darbnīca',
      'Apstiprināti: seminārs',
      'Rindā',
      'Apmeklēja',
      'Apmeklētās stundas',
      'Izsniegtās apliecības',
    ]);
    expect(sheet.getRow(headerRow).font?.bold).toBe(true);
    expect(sheet.views[0]).toMatchObject({ state: 'frozen', ySplit: headerRow });
    const rows = REGIONS_LV.map((_, i) => sheet.getRow(headerRow + 1 + i));
    expect(rows.map((r) => r.getCell(1).value)).toEqual(REGIONS_LV);
    expect(rows[0]!.getCell(2).value).toBe(3);
    expect(rows[4]!.getCell(2).value).toBe(0);
    expect(rows[0]!.getCell(2).numFmt).toBe('#,##0');
    const totals = sheet.getRow(headerRow + 1 + REGIONS_LV.length);
    expect(totals.getCell(1).value).toBe('Kopā');
    for (let col = 2; col <= 8; col++) {
      const sum = rows.reduce((n, r) => n + Number(r.getCell(col).value), 0);
      expect(totals.getCell(col).value, `column ${col}`).toBe(sum);
    }
    expect(totals.getCell(2).value).toBe(4);
    expect(sheet.getColumn(1).width).toBeGreaterThanOrEqual(20);
    expect(sheet.rowCount).toBe(headerRow + REGIONS_LV.length + 1);
  });

  it('when downloaded as CSV for software, then it is comma-separated UTF-8 without a BOM, rows only', async () => {
    const res = await download('by=region&format=csv');
    const bytes = res.body as Buffer;
    expect(res.headers['content-type']).toMatch(/^text\/csv; charset=utf-8/);
    expect([...bytes.subarray(0, 3)]).not.toEqual([0xef, 0xbb, 0xbf]);
    const text = bytes.toString('utf8');
    expect(text.split('\r\n')[0]).toBe(
      'Reģions,Reģistrējušies,Unikālas personas,Apstiprināti: plenārsesija,Apstiprināti: darbnīca,Apstiprināti: seminārs,Rindā,Apmeklēja,Apmeklētās stundas,Izsniegtās apliecības',
    );
    const records = parseCsv(text, ',');
    expect(records.slice(1).map((r) => r[0])).toEqual(REGIONS_LV);
    expect(records[1]).toEqual(['Rīga', '3', '3', '3', '2', '0', '1', '1', '2', '0']);
    expect(records.every((r) => r.length === 10)).toBe(true);
  });

  it('when downloaded as CSV for Excel, then it is semicolon-separated with a BOM and ends with the totals', async () => {
    const res = await download('by=region&format=csv&dialect=excel');
    expect(res.headers['content-disposition']).toBe(`attachment; filename="${event.slug}-report-region-excel.csv"`);
    const bytes = res.body as Buffer;
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const text = bytes.subarray(3).toString('utf8');
    expect(text.split('\r\n')[0]).toMatch(/^Reģions;Reģistrējušies;Unikālas personas;/);
    const records = parseCsv(text, ';');
    expect(records.every((r) => r.length === 10)).toBe(true);
    expect(records.slice(1, 6).map((r) => r[0])).toEqual(REGIONS_LV);
    expect(records[6]).toEqual(['Kopā', '4', '4', '4', '2', '0', '1', '1', '2', '0']);
  });

  it('when the report page opens, then it lists every region with zeros and offers the three formats', async () => {
    const { agent } = await signIn(t, 'report@example.lv');
    const html = (await agent.get(`/admin/events/${event.slug}/report?by=region`).expect(200)).text;
    for (const region of REGIONS_LV) expect(html).toContain(`<th scope="row">${region}</th>`);
    expect(html).toContain('format=csv&amp;dialect=excel');
    expect(html).toContain('CSV programmai Excel (semikols)');
    expect(html).toContain('<th scope="col" class="num">Unikālas personas</th>');
    expect(html).not.toContain('reģiona</th>');
  });

  it('when registrants are exported, then each person and session is a row with status, position and attendance, dates as date cells in XLSX and ISO 8601 in CSV', async () => {
    const path = `/api/v1/admin/events/${event.slug}/registrations`;
    const get = (qs: string) =>
      request(t.app)
        .get(`${path}?${qs}`)
        .set('Authorization', `Bearer ${token}`)
        .buffer(true)
        .parse(rawBytes)
        .expect(200);
    const csv = parseCsv(((await get('region=riga&format=csv')).body as Buffer).toString('utf8'), ',');
    const header = csv[0]!;
    const col = (name: string) => header.indexOf(name);
    // three people in Rīga, each with the plenary and one workshop
    expect(csv).toHaveLength(1 + 6);
    const ilze = csv.filter((r) => r[col('Vārds, uzvārds')] === 'Ilze Čakste');
    expect(ilze.map((r) => [r[col('Sesijas veids')], r[col('Vieta')], r[col('Vieta rindā')]])).toEqual([
      ['Plenārsesija', 'apstiprināta', ''],
      ['Darbnīca', 'rindā', '1'],
    ]);
    const anna = csv.find((r) => r[col('Vārds, uzvārds')] === 'Anna Ābele' && r[col('Sesijas veids')] === 'Darbnīca');
    expect(anna?.[col('Apmeklēja')]).toBe('jā');
    expect(anna?.[col('Reģistrējās')]).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}\+0[23]:00$/);
    expect(anna?.[col('Sesijas sākums')]).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}\+0[23]:00$/);

    const xlsx = await get('region=riga&format=xlsx');
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(new Uint8Array(xlsx.body as Buffer).buffer);
    const sheet = workbook.worksheets[0]!;
    expect(sheet.getCell('A1').value).toBe('Dalībnieki: „Skola. Vecāki. Bērni — reģionālās konferences”');
    let headerRow = 0;
    sheet.eachRow((row, n) => {
      if (row.getCell(1).value === 'Reģistrācijas Nr.') headerRow = n;
    });
    expect(headerRow).toBeGreaterThan(2);
    const headers = (sheet.getRow(headerRow).values as unknown[]).slice(1);
    const registered = sheet.getRow(headerRow + 1).getCell(headers.indexOf('Reģistrējās') + 1);
    expect(registered.value).toBeInstanceOf(Date);
    expect(registered.numFmt).toBe('yyyy-mm-dd hh:mm');
    expect(sheet.getRow(headerRow + 1).getCell(headers.indexOf('Sesijas sākums') + 1).value).toBeInstanceOf(Date);
    expect(sheet.rowCount).toBe(headerRow + 6);
    expect(sheet.views[0]).toMatchObject({ state: 'frozen', ySplit: headerRow });
  });

  it('when some columns are chosen, then the downloads and the page give only those, in the report order; an unknown one is 400', async () => {
    // JSON always carries every count: software picks its own.
    const json = await api('by=region&columns=attended,people').expect(200);
    expect(answers.Report.parse(json.body).rows[0]).toMatchObject({
      key: 'riga',
      registered: 3,
      people: 3,
      attended: 1,
    });

    const csv = (await download('by=region&format=csv&columns=people,attendedHoursTenths')).body as Buffer;
    const records = parseCsv(csv.toString('utf8'), ',');
    expect(records[0]).toEqual(['Reģions', 'Unikālas personas', 'Apmeklētās stundas']);
    expect(records[1]).toEqual(['Rīga', '3', '2']);

    const bad = await api('by=region&columns=people,salary').expect(400);
    expect((bad.body as { error: { fields: Record<string, string> } }).error.fields).toHaveProperty('columns');

    // The page: a checkbox per count (no JavaScript needed); the downloads keep the choice.
    const { agent } = await signIn(t, 'report@example.lv');
    const html = (
      await agent.get(`/admin/events/${event.slug}/report?by=region&col_people=1&col_waitlisted=1`).expect(200)
    ).text;
    expect(html).toContain('<th scope="col" class="num">Unikālas personas</th>');
    expect(html).toContain('<th scope="col" class="num">Rindā</th>');
    expect(html).not.toContain('<th scope="col" class="num">Reģistrējušies</th>');
    expect(html).toMatch(/id="col-people" name="col_people" value="1"\s+checked/);
    expect(html).toContain('columns=people%2Cwaitlisted');
  });
});

describe("the funder's report for one region", () => {
  const { t } = useTestApp({ seed: false });
  let event: BuiltConference;
  beforeAll(async () => {
    event = await conference(t.db, t.clock.now(), { regions: ['riga', 'latgale'] });
  });

  it('when a coordinator asks for another region, then 403; for their own, only it; an unknown region is 400', async () => {
    const coordinator = await organizer(t, 'latgale@example.lv', 'coordinator', ['latgale']);
    const token = await apiToken(t, coordinator);
    const api = (qs: string) =>
      request(t.app).get(`/api/v1/admin/events/${event.slug}/report?${qs}`).set('Authorization', `Bearer ${token}`);
    await api('region=riga').expect(403);
    const own = answers.Report.parse((await api('region=latgale&by=municipality').expect(200)).body);
    expect(own.rows.map((r) => r.label)).toEqual([
      'Augšdaugavas novads',
      'Balvu novads',
      'Daugavpils',
      'Krāslavas novads',
      'Līvānu novads',
      'Ludzas novads',
      'Preiļu novads',
      'Rēzekne',
      'Rēzeknes novads',
      'Varakļānu novads',
    ]);
    const admin = await apiToken(t, await organizer(t, 'all@example.lv'));
    const bad = await request(t.app)
      .get(`/api/v1/admin/events/${event.slug}/report?region=atlantis`)
      .set('Authorization', `Bearer ${admin}`)
      .expect(400);
    expect(bad.body.error.fields).toEqual({ region: expect.any(String) });
  });
});
