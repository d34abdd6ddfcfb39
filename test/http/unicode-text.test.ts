import request from 'supertest';
import { beforeAll, describe, expect, it } from 'vitest';
import { fieldMessage, translator } from '../../server/i18n/index.js';
import { organizer, signIn } from '../support/admin.js';
import { person } from '../support/app.js';
import { conference } from '../support/build.js';
import { useTestApp } from '../support/fixtures.js';

const SLUG = 'konference';
const API = `/api/v1/events/${SLUG}/registrations`;

/** Names people really have: Latvian, Russian, Lithuanian, Polish, Greek, Ukrainian, an emoji (a surrogate pair). */
const REAL_NAMES = [
  'Ērika Čakste-Ļaudiņa',
  'Ģirts Ķeniņš-Ūdris',
  'Ņina Šmite-Žagare',
  'Ирина Петровна Соколова',
  'Žemaitė Šatrijos Ragana',
  'Łukasz Żółć-Śliwiński',
  'Γιώργος Παπαδόπουλος',
  'Олександра Їжакевич',
  "O'Brien-Łęcka Ārija",
  'Anna 🙂 Bērziņa',
];

describe('free text a person or organizer types: no bidi controls, control characters or lone surrogates', () => {
  const { t } = useTestApp({ seed: false });
  beforeAll(() => conference(t.db, t.clock.now(), { slug: SLUG }));
  let n = 0;
  const email = () => `unicode${++n}@skola.lv`;

  it('names and institutions in Latvian, Russian, Lithuanian, Polish and other scripts are kept exactly', async () => {
    for (const name of REAL_NAMES) {
      const res = await request(t.app)
        .post(API)
        .send(person({ name, institution: `${name} skola`, email: email() }));
      expect(res.status, name).toBe(201);
      const row = (await t
        .db('registrations')
        .where('id', (res.body as { registration: { id: number } }).registration.id)
        .first('name', 'institution')) as {
        name: string;
        institution: string;
      };
      expect(row).toEqual({ name, institution: `${name} skola` });
    }
  });

  it('a refused character is the field error invalid_characters, in Latvian and English, and nothing is stored', async () => {
    const before = await t.db('registrations').count({ n: '*' });
    for (const [lang, expected] of [
      ['lv', 'Laukā ir neatļautas rakstzīmes'],
      ['en', 'This field contains characters that are not allowed'],
    ] as const) {
      const res = await request(t.app)
        .post(API)
        .set('Accept-Language', lang)
        .send(person({ name: 'Anna \u202Egnp.exe', institution: 'Skola\u0085', email: email() }));
      expect(res.status).toBe(400);
      const fields = (res.body as { error: { fields: Record<string, string> } }).error.fields;
      expect(fields.name).toBe(fieldMessage(translator(lang), 'invalid_characters'));
      expect(fields.name).toContain(expected);
      expect(fields.institution).toBe(fields.name);
    }
    expect(await t.db('registrations').count({ n: '*' })).toEqual(before);
  });

  it('a lone surrogate (which no UTF-8 can hold) is refused, a surrogate pair is a character like any other', async () => {
    for (const name of ['Anna\uD800', '\uDC00Anna', 'An\uDBFFna']) {
      const res = await request(t.app)
        .post(API)
        .set('Content-Type', 'application/json')
        .send(JSON.stringify(person({ name, email: email() })));
      expect(res.status, JSON.stringify(name)).toBe(400);
    }
    // JSON escapes of a pair arrive as one character.
    const pair = await request(t.app)
      .post(API)
      .set('Content-Type', 'application/json')
      .send(JSON.stringify(person({ email: email() })).replace('"name":"', '"name":"\\ud83d\\ude42 '));
    expect(pair.status).toBe(201);
  });

  describe('organizer forms', () => {
    let admin: Awaited<ReturnType<typeof signIn>>;
    beforeAll(async () => {
      await organizer(t, 'admin@example.lv', 'admin');
      admin = await signIn(t, 'admin@example.lv');
    });
    const event = (over: Record<string, string>) => ({
      slug: `ev-${++n}`,
      kind: 'conference',
      titleLv: 'Konference',
      titleEn: 'Conference',
      opensAt: '2026-12-01T09:00',
      closesAt: '2026-12-10T09:00',
      reminderHours: '24',
      ...over,
    });

    it('long texts keep newlines and tabs; titles in any script are kept', async () => {
      const descriptionLv = 'Pirmā rinda\r\n\tOtrā rinda ar atkāpi\r\nĶēniņš, Žagare, Ирина';
      const body = event({ titleLv: 'Skola. Vecāki. Bērni — Łódź, Šiauliai', descriptionLv });
      await admin.post('/admin/events', body).expect(303);
      const row = (await t.db('events').where('slug', body.slug).first('title_lv', 'description_lv')) as Record<
        string,
        string
      >;
      expect(row.title_lv).toBe(body.titleLv);
      expect((row.description_lv ?? '').replace(/\r\n/g, '\n')).toBe(descriptionLv.replace(/\r\n/g, '\n'));
    });

    it('a bidi override in a title and a C1 control in a description are shown as field errors on the form', async () => {
      const res = await admin.post('/admin/events', event({ titleEn: 'Con\u202Eference', descriptionEn: 'x\u009By' }));
      expect(res.status).toBe(400);
      expect(res.text).toContain('Laukā ir neatļautas rakstzīmes');
      expect(await t.db('events').where('title_en', 'Con\u202Eference').count({ n: '*' })).toEqual([{ n: 0 }]);
    });
  });
});
