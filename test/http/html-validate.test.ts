import { HtmlValidate } from 'html-validate';
import request from 'supertest';
import { beforeAll, describe, expect, it } from 'vitest';
import { DEMO_CERTIFICATES } from '../../seeds/certificates.js';
import { register, type RegistrationInput } from '../../server/features/registration/register.js';
import { organizer, signIn } from '../support/admin.js';
import { person } from '../support/app.js';
import {
  conference,
  course,
  privacyNotice,
  PROGRAMME_TITLE,
  seminarSeries,
  single,
  type BuiltConference,
} from '../support/build.js';
import { useTestApp } from '../support/fixtures.js';
import { csrfOf } from '../support/forms.js';
import { askOneOfEachType } from '../support/questions.js';
import { insertRecordLink } from '../../server/db/pdRecord.js';
import { TokenVault } from '../../server/security/tokens.js';

const SLUG = 'konference';
const COURSE_SLUG = 'kurss-konsultesana';
const REGIONS = ['riga', 'vidzeme', 'kurzeme', 'zemgale', 'latgale'];

/** html-validate's `standard` preset on the public pages, a person's own pages and the back office. */
describe('html-validate (standard) on every page', () => {
  const { t } = useTestApp({ seed: false });
  beforeAll(async () => {
    const now = t.clock.now();
    await conference(t.db, now, {
      slug: SLUG,
      title: PROGRAMME_TITLE,
      regions: REGIONS,
      hoursTenths: { plenary: 15, workshop: 20 },
      certificates: DEMO_CERTIFICATES,
    });
    await seminarSeries(t.db, now, {
      slug: 'ievadseminari',
      seminars: [{ regionId: 'riga' }, { regionId: 'kurzeme', audience: 'school_staff', place: 'Talsu 3. pamatskola' }],
    });
    await course(t.db, now, { slug: COURSE_SLUG, inDays: 70 });
    const school = { audience: 'school_staff', inDays: 90 } as const;
    await single(t.db, now, { ...school, slug: 'supervizija-salaspils', place: 'Salaspils 1. vidusskola' });
    await single(t.db, now, {
      ...school,
      slug: 'supervizija-liepaja',
      regionId: 'kurzeme',
      place: 'Liepājas 1. ģimnāzija',
    });
    await single(t.db, now, {
      slug: 'darbnica-tiessaiste',
      regionId: null,
      audience: 'municipality_staff',
      inDays: 95,
    });
    await privacyNotice(t.db, now);
  });

  const PUBLIC = [
    '/',
    `/events/${SLUG}`,
    `/events/${SLUG}/register?region=riga`,
    '/events/ievadseminari',
    // the list filtered, a supervision (a single-session event), its form, the course.
    '/?kind=single&region=kurzeme&audience=school_staff',
    '/events/supervizija-salaspils',
    '/events/supervizija-salaspils/register',
    '/events/darbnica-tiessaiste',
    '/events/kurss-konsultesana/register',
    '/privacy',
    '/accessibility',
    '/accessibility/evaluation',
    '/certificates',
    `/certificates/${'A'.repeat(32)}`,
    '/r/no-such-link',
    '/j/no-such-code',
    '/verify/no-such-code',
  ];
  const ADMIN = [
    '/admin',
    `/admin/events/${SLUG}`,
    `/admin/events/${SLUG}/registrations`,
    `/admin/events/${SLUG}/report`,
    '/admin/reports/programme',
    '/admin/audit',
    '/admin/access',
    '/admin/privacy',
    '/admin/accessibility',
    `/admin/events/${SLUG}/certificates`,
    `/admin/events/${SLUG}/registrations/new`,
    `/admin/events/${SLUG}/clone`,
    `/admin/events/${COURSE_SLUG}/questions`,
    `/admin/events/${COURSE_SLUG}/questions/new`,
    `/admin/events/${COURSE_SLUG}/report`,
    '/admin/reports/participants',
    '/admin/events/kurss-konsultesana',
    '/admin/events/supervizija-salaspils',
  ];

  /** A certificate of the person with this manage link, and a link to the record of their address. */
  async function recordOf(manageToken: string): Promise<string> {
    const registration = (await t.db('registrations').where('token_hash', TokenVault.hash(manageToken)).first()) as {
      id: number;
      event_id: number;
      email_normalized: string;
    };
    const now = t.clock.now().toISOString();
    const content = {
      event: { title: PROGRAMME_TITLE, startsAt: now, endsAt: now },
      sessions: [],
      issuer: { lv: 'VISC', en: 'VISC' },
      signatoryName: 'Žanete Ņikiforova',
      signatoryTitle: { lv: 'Vadītāja', en: 'Head' },
      approvalNumber: null,
    };
    await t.db('certificates').insert({
      event_id: registration.event_id,
      registration_id: registration.id,
      number: 1,
      number_text: 'SVB-0001',
      verify_code: 'B'.repeat(20),
      language: 'lv',
      holder_name: 'Anna Bērziņa',
      hours_tenths: 35,
      content: JSON.stringify(content),
      status: 'valid',
      issued_at: now,
    });
    const link = TokenVault.create();
    await insertRecordLink(t.db, {
      email: registration.email_normalized,
      tokenHash: TokenVault.hash(link),
      createdAt: now,
      expiresAt: new Date(t.clock.now().getTime() + 3600_000).toISOString(),
    });
    return link;
  }

  /** The course's questions: their edit and remove pages, and a registrant who answered them. */
  async function questionPages(): Promise<string[]> {
    const questions = (await t
      .db('event_questions')
      .join('events', 'events.id', 'event_questions.event_id')
      .where('events.slug', COURSE_SLUG)
      .orderBy('event_questions.sort')
      .select('event_questions.id')) as { id: number }[];
    const [grades, needs] = questions.map((q) => q.id);
    const answers = { [String(grades)]: ['o1', 'o4'], [String(needs)]: 'Subtitri\nun pārtraukumi' };
    const made = await register(
      t.ctx,
      COURSE_SLUG,
      person({ regionId: 'latgale', answers }) as unknown as RegistrationInput,
    );
    return [
      `/admin/questions/${grades}/edit`,
      `/admin/questions/${needs}/remove`,
      `/admin/registrations/${made.registration.id}`,
    ];
  }

  /** A caller registered by hand without an e-mail: their page (with "add an e-mail") and what to tell them. */
  async function callerPages(): Promise<string[]> {
    const made = await register(
      t.ctx,
      SLUG,
      person({ email: null, phone: '+37120000000' }) as unknown as RegistrationInput,
      { byOrganizer: { actor: 'valid@example.lv', consentSource: 'phone' } },
    );
    return [`/admin/registrations/${made.registration.id}`, `/admin/registrations/${made.registration.id}/caller`];
  }

  it('has 0 errors on the public and organizer pages', async () => {
    const validator = new HtmlValidate({ extends: ['html-validate:standard'] });
    await organizer(t, 'valid@example.lv');
    const { agent } = await signIn(t, 'valid@example.lv');
    for (const path of PUBLIC) {
      const res = await request(t.app).get(path);
      expect([200, 404], path).toContain(res.status);
      const report = await validator.validateString(res.text);
      expect(
        report.results.flatMap((r) => r.messages.map((m) => `${m.line}: ${m.message}`)),
        path,
      ).toEqual([]);
    }
    // A person's own pages: the manage page and a confirmation step.
    const made = await request(t.app)
      .post(`/api/v1/events/${SLUG}/registrations`)
      .send(person({ sessionIds: [] }))
      .expect(201);
    const token = String((made.body as { registration: { manageUrl: string } }).registration.manageUrl).split('/r/')[1];
    const record = await recordOf(token ?? '');
    for (const path of [`/r/${token}`, `/r/${token}/delete`, `/certificates/${record}`]) {
      const report = await validator.validateString((await request(t.app).get(path).expect(200)).text);
      expect(
        report.results.flatMap((r) => r.messages.map((m) => `${m.line}: ${m.message}`)),
        path,
      ).toEqual([]);
    }
    for (const path of [...ADMIN, ...(await questionPages()), ...(await callerPages())]) {
      const report = await validator.validateString((await agent.get(path).expect(200)).text);
      expect(
        report.results.flatMap((r) => r.messages.map((m) => `${m.line}: ${m.message}`)),
        path,
      ).toEqual([]);
    }
    // A form sent back with its errors.
    const { post } = await signIn(t, 'valid@example.lv');
    const refused = await post(`/admin/events/${COURSE_SLUG}/questions`, { type: 'single_choice', new1_lv: 'Viena' });
    expect(refused.status).toBe(400);
    const report = await validator.validateString(refused.text);
    expect(report.results.flatMap((r) => r.messages.map((m) => `${m.line}: ${m.message}`))).toEqual([]);
  });
});

/** The pages that ask an event's own questions: fresh, with every error, and the answers on the manage page. */
describe('html-validate (standard) on the pages with questions', () => {
  const { t } = useTestApp({ seed: false });
  let event: BuiltConference;
  beforeAll(async () => {
    event = await conference(t.db, t.clock.now(), { slug: SLUG });
  });

  it('has 0 errors on the form and the manage page with questions, also with errors shown', async () => {
    const validator = new HtmlValidate({ extends: ['html-validate:standard'] });
    const q = await askOneOfEachType(t.db, event.eventId);
    const errorsOf = async (html: string, what: string) => {
      const report = await validator.validateString(html);
      expect(
        report.results.flatMap((r) => r.messages.map((m) => `${m.line}: ${m.message}`)),
        what,
      ).toEqual([]);
    };
    const form = `/events/${SLUG}/register?region=riga`;
    const agent = request.agent(t.app);
    const fresh = await agent.get(form).expect(200);
    expect(fresh.text).toContain(`name="q${q.number}"`);
    await errorsOf(fresh.text, 'the form');
    const csrf = csrfOf(fresh.text);
    const wrong = await agent
      .post(`/events/${SLUG}/register`)
      .type('form')
      .send({ _csrf: csrf, [`q${q.number}`]: 'x', [`q${q.multiple_choice}`]: '' })
      .expect(400);
    await errorsOf(wrong.text, 'the form with errors');
    const made = await request(t.app)
      .post(`/api/v1/events/${SLUG}/registrations`)
      .send(person({ answers: { [q.short_text]: 'Skolotāja', [q.single_choice]: 'pamatskola', [q.yes_no]: true } }))
      .expect(201);
    const token = String((made.body as { registration: { manageUrl: string } }).registration.manageUrl).split('/r/')[1];
    const manage = await agent.get(`/r/${token}`).expect(200);
    expect(manage.text).toContain('id="answers-form"');
    await errorsOf(manage.text, 'the manage page');
    const refused = await agent
      .post(`/r/${token}/answers`)
      .type('form')
      .send({ _csrf: csrfOf(manage.text), [`q${q.number}`]: '99' })
      .expect(400);
    await errorsOf(refused.text, 'the manage page with errors');
  });
});
