import ExcelJS from 'exceljs';
import type { Response as SuperagentResponse } from 'superagent';
import request from 'supertest';
import { beforeEach, describe, expect, it } from 'vitest';
import type { Organizer } from '../../server/domain/organizers.js';
import { applyRetention } from '../../server/jobs/retention.js';
import { eraseRegistration } from '../../server/features/registration/erasure.js';
import { createQuestion, type QuestionInput } from '../../server/features/programme/questionAdmin.js';
import { cancelRegistration, register, type RegistrationInput } from '../../server/features/registration/register.js';
import { apiToken, auditActions, organizer, signIn } from '../support/admin.js';
import { person, type TestApp } from '../support/app.js';
import { conference, type BuiltConference } from '../support/build.js';
import { parseCsv } from '../support/csv.js';
import { useTestApp } from '../support/fixtures.js';

const SLUG = 'konference';

type Row = Record<string, unknown>;

const input = (over: Record<string, unknown> = {}): RegistrationInput => person(over) as unknown as RegistrationInput;

/** A question as the service takes it; options are new rows (Latvian, English). */
function question(over: Partial<QuestionInput> & { choices?: [string, string][] } = {}): QuestionInput {
  const { choices = [], ...rest } = over;
  return {
    type: 'short_text',
    required: false,
    labelLv: 'Jautājums',
    labelEn: '',
    helpLv: '',
    helpEn: '',
    options: choices.map(([lv, en]) => ({ key: null, lv, en, remove: false })),
    min: null,
    max: null,
    ...rest,
  };
}

async function questionRow(t: TestApp, id: number): Promise<Row> {
  return (await t.db('event_questions').where('id', id).first()) as Row;
}

const optionsOf = (row: Row) =>
  (JSON.parse(String(row.options)) as { key: string; lv: string; retired: boolean }[]).map(
    (o) => `${o.key}:${o.lv}${o.retired ? ':retired' : ''}`,
  );

async function answerCount(t: TestApp, registrationIds: number[]): Promise<number> {
  const [row] = (await t.db('registration_answers').whereIn('registration_id', registrationIds).count({ n: '*' })) as {
    n: number | string;
  }[];
  return Number(row?.n);
}

/** A supertest parser keeping the body as raw bytes. */
function rawBytes(res: SuperagentResponse, done: (err: Error | null, body: Buffer) => void): void {
  const chunks: Buffer[] = [];
  res.on('data', (c: Buffer) => chunks.push(c));
  res.on('end', () => done(null, Buffer.concat(chunks)));
}

describe('the questions page of an event', () => {
  const { t } = useTestApp({ perTest: true, seed: false });
  let built: BuiltConference;
  beforeEach(async () => {
    built = await conference(t.db, t.clock.now(), { slug: SLUG, regions: ['riga', 'latgale'] });
  });
  const signedIn = async () => {
    await organizer(t, 'jautajumi@example.lv');
    return signIn(t, 'jautajumi@example.lv');
  };

  it('when an admin adds a choice question through the form, then it is listed with its type, its options get keys, and the change is audited', async () => {
    const browser = await signedIn();
    const event = await browser.agent.get(`/admin/events/${SLUG}`).expect(200);
    expect(event.text).toContain(`href="/admin/events/${SLUG}/questions"`);
    const form = await browser.agent.get(`/admin/events/${SLUG}/questions/new`).expect(200);
    expect(form.text).toContain('id="new4_lv"');
    const res = await browser
      .post(`/admin/events/${SLUG}/questions`, {
        type: 'single_choice',
        required: 'yes',
        labelLv: 'Kur strādājat?',
        labelEn: 'Where do you work?',
        helpLv: '',
        helpEn: '',
        new1_lv: 'Skolā',
        new1_en: 'At a school',
        new2_lv: 'Pašvaldībā',
        new2_en: '',
        new3_lv: '',
        new3_en: '',
        min: '',
        max: '',
      })
      .expect(303);
    expect(res.headers.location).toBe(`/admin/events/${SLUG}/questions?done=questionCreated`);
    const list = await browser.agent.get(res.headers.location ?? '').expect(200);
    expect(list.text).toContain('Jautājums pievienots.');
    expect(list.text).toContain('Kur strādājat?');
    expect(list.text).toContain('Viena izvēle');
    const row = (await t.db('event_questions').where('event_id', built.eventId).first()) as Row;
    expect(row).toMatchObject({ type: 'single_choice', label_lv: 'Kur strādājat?', status: 'active' });
    expect(Boolean(row.required)).toBe(true);
    expect(optionsOf(row)).toEqual(['o1:Skolā', 'o2:Pašvaldībā']);
    expect(await auditActions(t)).toContain('question.create');
  });

  it('when the Latvian label, a second option or a whole number is missing, then the error summary names each field and nothing is stored', async () => {
    const browser = await signedIn();
    const res = await browser.post(`/admin/events/${SLUG}/questions`, {
      type: 'single_choice',
      labelLv: '  ',
      new1_lv: 'Tikai viena',
      min: 'daudz',
    });
    expect(res.status).toBe(400);
    expect(res.text).toContain('<a href="#labelLv">Jautājums latviski: Šis lauks ir obligāts.</a>');
    expect(res.text).toContain(
      '<a href="#options">Izvēles iespējas: Jautājumam ar izvēli vajag vismaz divas iespējas.</a>',
    );
    expect(res.text).toContain(
      '<a href="#min">Mazākā atļautā vērtība (nav obligāti): Ievadiet veselu skaitli, piemēram, 5.</a>',
    );
    expect(res.text).toContain('value="Tikai viena"'); // what was typed stays
    const summary = [...res.text.matchAll(/<li><a href="#(\w+)">/g)].map((m) => m[1]);
    expect(summary).toEqual(['labelLv', 'options', 'min']); // in the form's order
    const english = await browser.post(`/admin/events/${SLUG}/questions?lang=en`, {
      type: 'number',
      labelLv: 'Cik skolēnu?',
      min: '10',
      max: '5',
    });
    expect(english.status).toBe(400);
    expect(english.text).toContain('The largest value cannot be smaller than the smallest.');
    const nameless = await browser.post(`/admin/events/${SLUG}/questions?lang=lv`, {
      type: 'multiple_choice',
      labelLv: 'Kas?',
      new1_lv: 'A',
      new2_en: 'Only English',
    });
    expect(nameless.status).toBe(400);
    expect(nameless.text).toContain('Katrai iespējai ierakstiet nosaukumu latviski.');
    expect(await t.db('event_questions').where('event_id', built.eventId)).toHaveLength(0);
  });

  it('when options are taken away, then a chosen one is retired, an unchosen one deleted, and new keys are never reused', async () => {
    const admin = await organizer(t, 'opcijas@example.lv');
    const id = await createQuestion(
      t.ctx,
      admin,
      SLUG,
      question({
        type: 'multiple_choice',
        labelLv: 'Ar kurām klasēm strādājat?',
        choices: [
          ['1.–3. klase', 'Grades 1–3'],
          ['4.–6. klase', 'Grades 4–6'],
          ['7.–9. klase', 'Grades 7–9'],
        ],
      }),
    );
    const anna = await register(t.ctx, SLUG, input({ answers: { [id]: ['o1'] } }));
    const browser = await signIn(t, 'opcijas@example.lv');
    const edit = await browser.agent.get(`/admin/questions/${id}/edit`).expect(200);
    expect(edit.text).toContain('id="opt_o3_lv"');
    expect(edit.text).toContain('value="7.–9. klase"');
    const save = (fields: Row) =>
      browser.post(`/admin/questions/${id}/edit`, {
        type: 'multiple_choice',
        labelLv: 'Ar kurām klasēm strādājat?',
        ...fields,
      });
    await save({
      opt_o1_lv: '1.–3. klase',
      opt_o1_remove: 'yes',
      opt_o2_lv: '4.–6. klase',
      opt_o2_remove: 'yes',
      opt_o3_lv: '7.–9. klase (pamatskola)',
      new1_lv: '10.–12. klase',
    }).expect(303);
    expect(optionsOf(await questionRow(t, id))).toEqual([
      'o1:1.–3. klase:retired',
      'o3:7.–9. klase (pamatskola)',
      'o4:10.–12. klase',
    ]);
    // o4 goes unchosen and is deleted; the next new option is o5, not o4 again
    await save({
      opt_o3_lv: '7.–9. klase (pamatskola)',
      opt_o4_lv: '10.–12. klase',
      opt_o4_remove: 'yes',
      new1_lv: 'Pirmsskola',
    }).expect(303);
    expect(optionsOf(await questionRow(t, id))).toEqual([
      'o1:1.–3. klase:retired',
      'o3:7.–9. klase (pamatskola)',
      'o5:Pirmsskola',
    ]);
    // the retired option is no longer offered, but Anna's answer still reads
    await expect(register(t.ctx, SLUG, input({ answers: { [id]: ['o1'] } }))).rejects.toMatchObject({
      fields: { [`answers.${id}`]: 'invalid_choice' },
    });
    const page = await browser.agent.get(`/admin/registrations/${anna.registration.id}`).expect(200);
    expect(page.text).toContain('Ar kurām klasēm strādājat?');
    expect(page.text).toContain('1.–3. klase');
    const again = await browser.agent.get(`/admin/questions/${id}/edit`).expect(200);
    expect(again.text).toContain('Noņemtās iespējas');
    expect(again.text).not.toContain('id="opt_o1_lv"');
  });

  it('when people answered a question, then its type cannot change (the form says to add a new question), while an unanswered one may change', async () => {
    const admin = await organizer(t, 'veids@example.lv');
    const answered = await createQuestion(
      t.ctx,
      admin,
      SLUG,
      question({ type: 'yes_no', labelLv: 'Vai būsiet klātienē?' }),
    );
    const fresh = await createQuestion(t.ctx, admin, SLUG, question({ labelLv: 'Jūsu skola' }));
    await register(t.ctx, SLUG, input({ answers: { [answered]: true } }));
    const browser = await signIn(t, 'veids@example.lv');
    const form = await browser.agent.get(`/admin/questions/${answered}/edit`).expect(200);
    expect(form.text).toContain('Uz šo jautājumu jau ir atbildes (1).');
    const refused = await browser.post(`/admin/questions/${answered}/edit`, {
      type: 'short_text',
      labelLv: 'Vai būsiet klātienē?',
    });
    expect(refused.status).toBe(400);
    expect(refused.text).toContain(
      '<a href="#type">Jautājuma veids: Uz šo jautājumu jau ir atbildes, tāpēc tā veidu mainīt nevar. Lai jautātu citādi, pievienojiet jaunu jautājumu.</a>',
    );
    expect(await questionRow(t, answered)).toMatchObject({ type: 'yes_no' });
    // the label may still change
    await browser
      .post(`/admin/questions/${answered}/edit`, { type: 'yes_no', labelLv: 'Vai būsiet klātienē Rīgā?' })
      .expect(303);
    expect(await questionRow(t, answered)).toMatchObject({ type: 'yes_no', label_lv: 'Vai būsiet klātienē Rīgā?' });
    await browser.post(`/admin/questions/${fresh}/edit`, { type: 'long_text', labelLv: 'Jūsu skola' }).expect(303);
    expect(await questionRow(t, fresh)).toMatchObject({ type: 'long_text' });
  });

  it('when a question is removed, then after the confirmation step an unanswered one is deleted and an answered one archived with its answers kept', async () => {
    const admin = await organizer(t, 'nonemt@example.lv');
    const unanswered = await createQuestion(t.ctx, admin, SLUG, question({ labelLv: 'Neviens neatbildēja' }));
    const answered = await createQuestion(t.ctx, admin, SLUG, question({ labelLv: 'Jūsu amats skolā' }));
    const juris = await register(t.ctx, SLUG, input({ answers: { [answered]: 'Direktora vietnieks' } }));
    const browser = await signIn(t, 'nonemt@example.lv');

    // without the confirmation, nothing happens: back to the step that asks
    const skipped = await browser.post(`/admin/questions/${unanswered}/remove`).expect(303);
    expect(skipped.headers.location).toBe(`/admin/questions/${unanswered}/remove`);
    const ask = await browser.agent.get(`/admin/questions/${unanswered}/remove`).expect(200);
    expect(ask.text).toContain('Noņemt šo jautājumu?');
    expect(ask.text).toContain('<strong>Neviens neatbildēja</strong>');
    expect(ask.text).toContain('tāpēc to izdzēsīs pavisam');
    const deleted = await browser.post(`/admin/questions/${unanswered}/remove`, { confirm: 'yes' }).expect(303);
    expect(deleted.headers.location).toBe(`/admin/events/${SLUG}/questions?done=questionDeleted`);
    expect(await t.db('event_questions').where('id', unanswered)).toHaveLength(0);

    const askArchive = await browser.agent.get(`/admin/questions/${answered}/remove`).expect(200);
    expect(askArchive.text).toContain('Uz šo jautājumu jau ir atbildes (1), tāpēc jautājumu arhivēs');
    const archived = await browser.post(`/admin/questions/${answered}/remove`, { confirm: 'yes' }).expect(303);
    expect(archived.headers.location).toBe(`/admin/events/${SLUG}/questions?done=questionArchived`);
    expect(await questionRow(t, answered)).toMatchObject({ status: 'archived' });
    expect(await answerCount(t, [juris.registration.id])).toBe(1);
    const list = await browser.agent.get(archived.headers.location ?? '').expect(200);
    expect(list.text).toContain('Jautājums arhivēts');
    expect(list.text).toContain('Arhivētie jautājumi');
    const detail = await browser.agent.get(`/admin/registrations/${juris.registration.id}`).expect(200);
    expect(detail.text).toContain('Direktora vietnieks');
    expect(detail.text).toContain('arhivēts jautājums');
    // no longer asked; no longer editable
    await register(t.ctx, SLUG, input()); // nothing to answer
    await browser.agent.get(`/admin/questions/${answered}/edit`).expect(409);
    expect(await auditActions(t)).toEqual(expect.arrayContaining(['question.delete', 'question.archive']));
  });

  it('when questions are moved up and down, then the order changes among the asked ones and stops at either end', async () => {
    const admin = await organizer(t, 'seciba@example.lv');
    const [a, b, c] = [
      await createQuestion(t.ctx, admin, SLUG, question({ labelLv: 'Alfa' })),
      await createQuestion(t.ctx, admin, SLUG, question({ labelLv: 'Beta' })),
      await createQuestion(t.ctx, admin, SLUG, question({ labelLv: 'Gamma' })),
    ];
    const browser = await signIn(t, 'seciba@example.lv');
    const order = async () => {
      const page = await browser.agent.get(`/admin/events/${SLUG}/questions`).expect(200);
      return ['Alfa', 'Beta', 'Gamma'].sort((x, y) => page.text.indexOf(x) - page.text.indexOf(y));
    };
    const moved = await browser.post(`/admin/questions/${c}/move`, { direction: 'up' }).expect(303);
    expect(moved.headers.location).toBe(`/admin/events/${SLUG}/questions?done=questionMoved`);
    expect(await order()).toEqual(['Alfa', 'Gamma', 'Beta']);
    await browser.post(`/admin/questions/${a}/move`, { direction: 'up' }).expect(303); // already first
    expect(await order()).toEqual(['Alfa', 'Gamma', 'Beta']);
    await browser.post(`/admin/questions/${a}/move`, { direction: 'down' }).expect(303);
    expect(await order()).toEqual(['Gamma', 'Alfa', 'Beta']);
    await browser.post(`/admin/questions/${b}/move`, { direction: 'sideways' }).expect(400);
    const asked = (await t.db('event_questions').where('event_id', built.eventId).orderBy('sort')) as Row[];
    expect(asked.map((q) => q.label_lv)).toEqual(['Gamma', 'Alfa', 'Beta']);
    expect(await auditActions(t)).toContain('question.move');
  });

  it('when the form is sent odd input (repeated fields, unknown keys and ids, long texts), then it answers with field errors or 404, never a 500', async () => {
    const browser = await signedIn();
    const url = `/admin/events/${SLUG}/questions`;
    const repeated = await browser.agent
      .post(url)
      .type('form')
      .send(`_csrf=${browser.csrf}&type=yes_no&type=number&labelLv=A&labelLv=B&required=yes&required=no`);
    expect(repeated.status).toBe(400);
    const long = await browser.post(url, {
      type: 'single_choice',
      labelLv: 'Kas?',
      new1_lv: 'x'.repeat(5000),
      new2_lv: 'B\u202Eexe',
      opt_o99_lv: 'no such option',
      new100_lv: 'not a row',
    });
    expect(long.status).toBe(400);
    expect(long.text).toContain('Teksts ir pārāk garš (ne vairāk kā 200 rakstzīmes).');
    const unknownType = await browser.post(url, { type: 'essay', labelLv: 'Kas?' });
    expect(unknownType.status).toBe(400);
    expect(unknownType.text).toContain('<a href="#type">');
    await browser.agent.get('/admin/questions/999999/edit').expect(404);
    await browser.agent.get('/admin/questions/abc/edit').expect(404);
    await browser.post('/admin/questions/999999/move', { direction: 'up' }).expect(404);
    await browser.post('/admin/questions/999999/remove', { confirm: 'yes' }).expect(404);
    await browser.agent.get('/admin/events/no-such-event/questions').expect(404);
    expect(await t.db('event_questions').where('event_id', built.eventId)).toHaveLength(0);
  });

  it('when a coordinator (of another region) tries, then every page and action is refused and nothing changes', async () => {
    const admin = await organizer(t, 'admins@example.lv');
    const id = await createQuestion(t.ctx, admin, SLUG, question({ labelLv: 'Jūsu skola' }));
    const coordinator: Organizer = await organizer(t, 'koord@example.lv', 'coordinator', ['latgale']);
    const browser = await signIn(t, 'koord@example.lv');
    const event = await browser.agent.get(`/admin/events/${SLUG}`).expect(200);
    expect(event.text).not.toContain(`/admin/events/${SLUG}/questions`);
    await browser.agent.get(`/admin/events/${SLUG}/questions`).expect(403);
    await browser.agent.get(`/admin/events/${SLUG}/questions/new`).expect(403);
    await browser.post(`/admin/events/${SLUG}/questions`, { type: 'short_text', labelLv: 'Mans' }).expect(403);
    await browser.agent.get(`/admin/questions/${id}/edit`).expect(403);
    await browser.post(`/admin/questions/${id}/edit`, { type: 'short_text', labelLv: 'Mans' }).expect(403);
    await browser.post(`/admin/questions/${id}/move`, { direction: 'down' }).expect(403);
    await browser.post(`/admin/questions/${id}/remove`, { confirm: 'yes' }).expect(403);
    await expect(createQuestion(t.ctx, coordinator, SLUG, question())).rejects.toMatchObject({
      code: 'forbidden',
    });
    expect(await t.db('event_questions').where('event_id', built.eventId)).toHaveLength(1);
    expect(await questionRow(t, id)).toMatchObject({ label_lv: 'Jūsu skola', status: 'active' });
  });
});

describe('answers in exports, the report, retention and erasure', () => {
  const { t } = useTestApp({ perTest: true, seed: false });
  beforeEach(() => conference(t.db, t.clock.now(), { slug: SLUG, regions: ['riga', 'latgale'] }));

  /** Four questions of every counted kind and two text ones; two people answer, one of them twice as much. */
  async function answered() {
    const admin = await organizer(t, 'eksports@example.lv');
    const add = (q: Partial<QuestionInput> & { choices?: [string, string][] }) =>
      createQuestion(t.ctx, admin, SLUG, question(q));
    const q = {
      where: await add({
        type: 'single_choice',
        labelLv: 'Kur strādājat?',
        labelEn: 'Where do you work?',
        choices: [
          ['Skolā', 'At a school'],
          ['Pašvaldībā', 'At a municipality'],
        ],
      }),
      grades: await add({
        type: 'multiple_choice',
        labelLv: 'Klases',
        choices: [
          ['1.–3. klase', 'Grades 1–3'],
          ['4.–6. klase', 'Grades 4–6'],
          ['7.–9. klase', 'Grades 7–9'],
        ],
      }),
      onsite: await add({ type: 'yes_no', labelLv: 'Vai būsiet klātienē?' }),
      pupils: await add({ type: 'number', labelLv: 'Skolēnu skaits klasē' }),
      needs: await add({ type: 'long_text', labelLv: 'Pielāgojumi' }),
      old: await add({ labelLv: 'Vecs jautājums' }),
    };
    const anna = await register(
      t.ctx,
      SLUG,
      input({
        name: 'Anna Ābele',
        answers: {
          [q.where]: 'o1',
          [q.grades]: ['o1', 'o3'],
          [q.onsite]: true,
          [q.pupils]: 24,
          [q.needs]: 'Subtitri,\nlūdzu',
          [q.old]: 'Vēl atceros',
        },
      }),
    );
    const juris = await register(
      t.ctx,
      SLUG,
      input({ name: 'Juris Bērziņš', answers: { [q.where]: 'o1', [q.grades]: ['o3'], [q.onsite]: false } }),
    );
    const ilze = await register(
      t.ctx,
      SLUG,
      input({ name: 'Ilze Cīrule', answers: { [q.where]: 'o2', [q.grades]: ['o2'], [q.onsite]: true } }),
    );
    const browser = await signIn(t, 'eksports@example.lv');
    await browser.post(`/admin/questions/${q.old}/remove`, { confirm: 'yes' }).expect(303); // archived: Anna answered it
    return { admin, q, anna, juris, ilze, browser };
  }

  it('when registrations are exported, then each question has a column headed by its label with the answer as it reads, in CSV, Excel CSV and XLSX', async () => {
    const { browser } = await answered();
    const headers = [
      'Kur strādājat?',
      'Klases',
      'Vai būsiet klātienē?',
      'Skolēnu skaits klasē',
      'Pielāgojumi',
      'Vecs jautājums',
    ];
    const url = `/admin/events/${SLUG}/registrations`;

    const comma = await browser.agent.get(`${url}?format=csv`).buffer(true).parse(rawBytes).expect(200);
    const records = parseCsv((comma.body as Buffer).toString('utf8'), ',');
    const header = records[0] ?? [];
    expect(header.slice(-6)).toEqual(headers);
    const rowOf = (rows: string[][], name: string) => rows.find((r) => r.includes(name)) ?? [];
    expect(rowOf(records, 'Anna Ābele').slice(-6)).toEqual([
      'Skolā',
      '1.–3. klase; 7.–9. klase',
      'Jā',
      '24',
      'Subtitri,\nlūdzu',
      'Vēl atceros',
    ]);
    expect(rowOf(records, 'Juris Bērziņš').slice(-6)).toEqual(['Skolā', '7.–9. klase', 'Nē', '', '', '']);

    const excel = await browser.agent.get(`${url}?format=csv&dialect=excel`).buffer(true).parse(rawBytes).expect(200);
    const bytes = excel.body as Buffer;
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const excelRows = parseCsv(bytes.subarray(3).toString('utf8'), ';');
    expect((excelRows[0] ?? []).slice(-6)).toEqual(headers);
    expect(rowOf(excelRows, 'Ilze Cīrule').slice(-6)).toEqual(['Pašvaldībā', '4.–6. klase', 'Jā', '', '', '']);

    const english = await browser.agent.get(`${url}?format=csv&lang=en`).buffer(true).parse(rawBytes).expect(200);
    const en = parseCsv((english.body as Buffer).toString('utf8'), ',');
    expect((en[0] ?? []).slice(-6)[0]).toBe('Where do you work?');
    expect(rowOf(en, 'Anna Ābele').slice(-6).slice(0, 3)).toEqual(['At a school', 'Grades 1–3; Grades 7–9', 'Yes']);

    const xlsx = await browser.agent.get(`${url}?format=xlsx&lang=lv`).buffer(true).parse(rawBytes).expect(200);
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(new Uint8Array(xlsx.body as Buffer).buffer);
    const sheet = workbook.worksheets[0];
    if (!sheet) throw new Error('no sheet');
    const values: string[][] = [];
    sheet.eachRow((row) =>
      values.push((row.values as unknown[]).slice(1).map((v) => (v === null || v === undefined ? '' : String(v)))),
    );
    const headerAt = values.findIndex((r) => r.includes('Kur strādājat?'));
    expect(values[headerAt]?.slice(-6)).toEqual(headers);
    expect(rowOf(values, 'Anna Ābele').slice(-6)).toEqual([
      'Skolā',
      '1.–3. klase; 7.–9. klase',
      'Jā',
      '24',
      'Subtitri,\nlūdzu',
      'Vēl atceros',
    ]);
  });

  it('when the report is read, then each choice and yes/no question has its counts per choice among active registrations, on the page and in the JSON', async () => {
    const { admin, q, ilze, browser } = await answered();
    await cancelRegistration(t.ctx, ilze.token); // no longer counted
    const token = await apiToken(t, admin);
    const res = await request(t.app)
      .get(`/api/v1/admin/events/${SLUG}/report`)
      .set('Authorization', `Bearer ${token}`)
      .expect(200);
    const questions = (
      res.body as {
        questions: { id: number; answered: number; archived: boolean; choices: { key: string; count: number }[] }[];
      }
    ).questions;
    const counts = (id: number) => {
      const found = questions.find((x) => x.id === id);
      return {
        answered: found?.answered,
        choices: Object.fromEntries((found?.choices ?? []).map((c) => [c.key, c.count])),
      };
    };
    expect(questions.map((x) => x.id)).toEqual([q.where, q.grades, q.onsite]); // text, number: nothing to count per choice
    expect(counts(q.where)).toEqual({ answered: 2, choices: { o1: 2, o2: 0 } });
    expect(counts(q.grades)).toEqual({ answered: 2, choices: { o1: 1, o2: 0, o3: 2 } });
    expect(counts(q.onsite)).toEqual({ answered: 2, choices: { yes: 1, no: 1 } });
    const page = await browser.agent.get(`/admin/events/${SLUG}/report`).expect(200);
    expect(page.text).toContain('Atbildes uz jautājumiem');
    expect(page.text).toContain('Atbildējuši: 2');
    expect(page.text).toMatch(/<th scope="row">7\.–9\. klase<\/th><td class="num">2<\/td>/);

    // a coordinator counts the answers of their regions only
    await register(
      t.ctx,
      SLUG,
      input({ regionId: 'latgale', municipality: 'daugavpils', answers: { [q.where]: 'o2', [q.grades]: ['o2'] } }),
    );
    const coordinator = await organizer(t, 'latgale@example.lv', 'coordinator', ['latgale']);
    const theirs = await request(t.app)
      .get(`/api/v1/admin/events/${SLUG}/report`)
      .set('Authorization', `Bearer ${await apiToken(t, coordinator)}`)
      .expect(200);
    const where = (
      theirs.body as { questions: { id: number; answered: number; choices: { count: number }[] }[] }
    ).questions.find((x) => x.id === q.where);
    expect(where?.answered).toBe(1);
    expect(where?.choices.map((c) => c.count)).toEqual([0, 1]);
  });

  it('when the retention period ends, then the anonymised registrations lose their answers; a person who erases their registration loses theirs', async () => {
    const { anna, juris, ilze } = await answered();
    const data = await request(t.app).get(`/r/${anna.token}/data.json`).expect(200);
    expect((data.body as { answers: { text: string }[] }).answers.map((a) => a.text)).toContain(
      '1.–3. klase; 7.–9. klase',
    );

    await eraseRegistration(t.ctx, juris.token);
    expect(await answerCount(t, [juris.registration.id])).toBe(0);
    expect(await answerCount(t, [anna.registration.id, ilze.registration.id])).toBeGreaterThan(0);

    t.clock.advance(500 * 24 * 3600_000);
    expect(await applyRetention(t.ctx)).toBeGreaterThanOrEqual(2);
    expect(await answerCount(t, [anna.registration.id, ilze.registration.id])).toBe(0);
  });
});
