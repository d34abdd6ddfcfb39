import { DateTime } from 'luxon';
import { beforeAll, describe, expect, it } from 'vitest';
import { createQuestion, editQuestion, removeQuestion } from '../../server/features/programme/questionAdmin.js';
import { register, type RegistrationInput } from '../../server/features/registration/register.js';
import { DEMO_CERTIFICATES } from '../../seeds/certificates.js';
import { organizer, signIn } from '../support/admin.js';
import { person } from '../support/app.js';
import { conference, type BuiltConference } from '../support/build.js';
import { useTestApp } from '../support/fixtures.js';
import request from 'supertest';

type Row = Record<string, unknown>;
const riga = (iso: unknown) => DateTime.fromISO(String(iso), { zone: 'utc' }).setZone('Europe/Riga');

describe('cloning an event for next year', () => {
  const { t } = useTestApp({ seed: false });
  let event: BuiltConference;
  beforeAll(async () => {
    event = await conference(t.db, t.clock.now(), {
      regions: ['riga', 'vidzeme'],
      hoursTenths: { plenary: 15, workshop: 20 },
      certificates: DEMO_CERTIFICATES,
    });
  });

  it('when an admin copies the conference to a new first day, then everything but the registrations is copied, dates moved by whole days, as a draft', async () => {
    await request(t.app).post(`/api/v1/events/${event.slug}/registrations`).send(person()).expect(201);
    const [cancelled] = event.workshops.vidzeme ?? [];
    await t.db('sessions').where('id', cancelled).update({ status: 'cancelled' });
    const source = (await t.db('events').where('slug', event.slug).first()) as Row;
    const sessions = (await t.db('sessions').where('event_id', Number(source.id)).orderBy('starts_at')) as Row[];
    const first = riga(sessions[0]?.starts_at);
    const firstDay = first.plus({ days: 364 }).toISODate() ?? '';

    await organizer(t, 'clone@example.lv');
    const browser = await signIn(t, 'clone@example.lv');
    const form = await browser.agent.get(`/admin/events/${event.slug}/clone`).expect(200);
    expect(form.text).toContain('id="firstDay"');
    const res = await browser.post(`/admin/events/${event.slug}/clone`, { slug: 'skola-2027', firstDay }).expect(303);
    expect(res.headers.location).toBe('/admin/events/skola-2027?done=eventCloned');
    const page = await browser.agent.get(res.headers.location ?? '').expect(200);
    expect(page.text).toContain('Pasākuma kopija izveidota');

    const copy = (await t.db('events').where('slug', 'skola-2027').first()) as Row;
    expect(copy).toMatchObject({ status: 'draft', kind: source.kind, title_lv: source.title_lv });
    expect(riga(copy.registration_closes_at).toISODate()).toBe(
      riga(source.registration_closes_at).plus({ days: 364 }).toISODate(),
    );
    const copied = (await t.db('sessions').where('event_id', Number(copy.id)).orderBy('starts_at')) as Row[];
    const kept = sessions.filter((s) => s.status !== 'cancelled');
    expect(copied).toHaveLength(kept.length);
    for (const [i, s] of kept.entries()) {
      const c = copied[i] ?? {};
      // the same wall-clock time in Riga, 364 days later (summer time or not)
      expect(riga(c.starts_at).toFormat('HH:mm'), String(s.title_lv)).toBe(riga(s.starts_at).toFormat('HH:mm'));
      expect(riga(c.starts_at).toISODate()).toBe(riga(s.starts_at).plus({ days: 364 }).toISODate());
      expect(c).toMatchObject({
        title_lv: s.title_lv,
        kind: s.kind,
        region_id: s.region_id,
        pd_hours_tenths: s.pd_hours_tenths,
        status: 'scheduled',
        sequence: 0,
      });
    }
    // pools: the same sizes, nothing used, covering the copies of the same sessions
    const coverage = async (eventId: unknown) =>
      (
        (await t
          .db('quotas')
          .join('quota_sessions', 'quota_sessions.quota_id', 'quotas.id')
          .join('sessions', 'sessions.id', 'quota_sessions.session_id')
          .where('quotas.event_id', Number(eventId))
          .whereNot('sessions.status', 'cancelled')
          .select('quotas.name', 'quotas.size', 'quotas.used', 'sessions.title_lv')) as Row[]
      )
        .map((r) => `${String(r.name)}|${String(r.size)}|${String(r.title_lv)}`)
        .sort();
    expect(await coverage(copy.id)).toEqual(await coverage(source.id));
    const used = (await t.db('quotas').where('event_id', Number(copy.id)).max({ m: 'used' })) as {
      m: number | string;
    }[];
    expect(Number(used[0]?.m)).toBe(0);
    const settings = (await t.db('certificate_settings').where('event_id', Number(copy.id)).first()) as Row | undefined;
    const original = (await t.db('certificate_settings').where('event_id', Number(source.id)).first()) as
      Row | undefined;
    expect(settings).toMatchObject({ issuer_lv: original?.issuer_lv, approval_number: original?.approval_number });
    // nothing of the people
    const people = (await t.db('registrations').where('event_id', Number(copy.id)).count({ n: '*' })) as {
      n: number | string;
    }[];
    expect(Number(people[0]?.n)).toBe(0);
    const audit = (await t.db('audit_log').where('action', 'event.clone').first()) as Row | undefined;
    expect(audit?.actor).toBe('clone@example.lv');
  });

  it('when the address is taken or the day is not a date, then the form says which field and nothing is created', async () => {
    const browser = await signIn(t, 'clone@example.lv');
    const before = await t.db('events').count({ n: '*' });
    const taken = await browser.post(`/admin/events/${event.slug}/clone`, { slug: event.slug, firstDay: '2027-12-27' });
    expect(taken.status).toBe(400);
    expect(taken.text).toContain('Šāds adreses nosaukums jau ir aizņemts.');
    const noDay = await browser.post(`/admin/events/${event.slug}/clone`, {
      slug: 'skola-2028',
      firstDay: '27.12.2027',
    });
    expect(noDay.status).toBe(400);
    expect(noDay.text).toContain('<a href="#firstDay">Pirmās sesijas diena: Ievadiet datumu.</a>');
    expect(await t.db('events').count({ n: '*' })).toEqual(before);
  });

  it('when an event asks questions, then the copy asks the same ones with the options still offered, without the archived ones or any answer', async () => {
    const admin = await organizer(t, 'clone-questions@example.lv');
    const base = { required: false, labelEn: '', helpLv: '', helpEn: '', min: null, max: null };
    const row = (lv: string) => ({ key: null, lv, en: '', remove: false });
    const grades = await createQuestion(t.ctx, admin, event.slug, {
      ...base,
      type: 'multiple_choice',
      required: true,
      labelLv: 'Ar kurām klasēm strādājat?',
      helpLv: 'Atzīmējiet visas.',
      options: [row('1.–3. klase'), row('4.–6. klase'), row('7.–9. klase')],
    });
    const old = await createQuestion(t.ctx, admin, event.slug, {
      ...base,
      type: 'short_text',
      labelLv: 'Vecs',
      options: [],
    });
    const needs = await createQuestion(t.ctx, admin, event.slug, {
      ...base,
      type: 'long_text',
      labelLv: 'Pielāgojumi',
      options: [],
    });
    const answers = { [grades]: ['o1', 'o2'], [old]: 'atbilde' };
    await register(t.ctx, event.slug, person({ answers }) as unknown as RegistrationInput);
    // o1 was chosen: retired, not copied; the question answered is archived, not copied
    await editQuestion(t.ctx, admin, grades, {
      ...base,
      type: 'multiple_choice',
      required: true,
      labelLv: 'Ar kurām klasēm strādājat?',
      helpLv: 'Atzīmējiet visas.',
      options: [
        { ...row('1.–3. klase'), key: 'o1', remove: true },
        { ...row('4.–6. klase'), key: 'o2' },
        { ...row('7.–9. klase'), key: 'o3' },
      ],
    });
    await removeQuestion(t.ctx, admin, old);
    await t.db('event_questions').where('id', needs).update({ sort: 100 }); // gaps in the order are closed

    const browser = await signIn(t, 'clone-questions@example.lv');
    await browser
      .post(`/admin/events/${event.slug}/clone`, { slug: 'skola-jautajumi', firstDay: '2027-12-27' })
      .expect(303);
    const copy = (await t.db('events').where('slug', 'skola-jautajumi').first('id')) as { id: number };
    const copied = (await t.db('event_questions').where('event_id', copy.id).orderBy('sort')) as Row[];
    expect(copied.map((q) => [q.sort, q.type, q.label_lv, q.help_lv, Boolean(q.required), q.status])).toEqual([
      [1, 'multiple_choice', 'Ar kurām klasēm strādājat?', 'Atzīmējiet visas.', true, 'active'],
      [2, 'long_text', 'Pielāgojumi', '', false, 'active'],
    ]);
    const options = JSON.parse(String(copied[0]?.options)) as { key: string; lv: string; retired: boolean }[];
    expect(options.map((o) => `${o.key}:${o.lv}:${String(o.retired)}`)).toEqual([
      'o2:4.–6. klase:false',
      'o3:7.–9. klase:false',
    ]);
    const [answered] = (await t
      .db('registration_answers')
      .whereIn(
        'question_id',
        copied.map((q) => Number(q.id)),
      )
      .count({ n: '*' })) as { n: number | string }[];
    expect(Number(answered?.n)).toBe(0);
    // a new option of the copy gets a key the original never gave: o4
    await editQuestion(t.ctx, admin, Number(copied[0]?.id), {
      ...base,
      type: 'multiple_choice',
      required: true,
      labelLv: 'Ar kurām klasēm strādājat?',
      options: [row('10.–12. klase')],
    });
    const after = (await t.db('event_questions').where('id', Number(copied[0]?.id)).first('options')) as Row;
    expect(String(after.options)).toContain('"key":"o4"');
  });

  it('when a coordinator tries, then 403', async () => {
    await organizer(t, 'coord-clone@example.lv', 'coordinator', ['riga']);
    const browser = await signIn(t, 'coord-clone@example.lv');
    await browser.agent.get(`/admin/events/${event.slug}/clone`).expect(403);
    await browser.post(`/admin/events/${event.slug}/clone`, { slug: 'x-2027', firstDay: '2027-12-27' }).expect(403);
  });
});
