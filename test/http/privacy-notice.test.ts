import request from 'supertest';
import { beforeEach, describe, expect, it } from 'vitest';
import { Composer, type OutboxRow } from '../../server/mail/compose.js';
import { register, type RegistrationInput } from '../../server/features/registration/register.js';
import { DEMO_PRIVACY } from '../../seeds/privacy.js';
import { organizer, signIn } from '../support/admin.js';
import { person } from '../support/app.js';
import { conference, PROGRAMME_TITLE, privacyNotice, type BuiltConference } from '../support/build.js';
import { useTestApp } from '../support/fixtures.js';

const input = (over: Record<string, unknown> = {}): RegistrationInput => person(over) as unknown as RegistrationInput;

/** A text without tags and with entities read, to look for sentences in a page. */
const textOf = (html: string) =>
  html
    .replace(/<[^>]+>/g, ' ')
    .replace(/&#34;|&quot;/g, '"')
    .replace(/&#39;/g, "'")
    .replace(/&amp;/g, '&')
    .replace(/\s+/g, ' ');

describe('privacy notice (GDPR Article 13)', () => {
  const { t } = useTestApp({ perTest: true, seed: false });
  let event: BuiltConference;
  beforeEach(async () => {
    event = await conference(t.db, t.clock.now(), { title: PROGRAMME_TITLE });
    await privacyNotice(t.db, t.clock.now());
  });

  it('when a person opens it, then it names the controller, contact, DPO, purposes, legal basis, recipients, retention from the event, rights and the Data State Inspectorate', async () => {
    const lv = textOf((await request(t.app).get('/privacy').expect(200)).text);
    expect(lv).toContain(DEMO_PRIVACY.controllerLv);
    expect(lv).toContain(DEMO_PRIVACY.contactEmail);
    expect(lv).toContain(DEMO_PRIVACY.dpoEmail);
    expect(lv).toContain(DEMO_PRIVACY.purposesLv);
    expect(lv).toContain(DEMO_PRIVACY.legalBasisLv);
    expect(lv).toContain(DEMO_PRIVACY.recipientsLv);
    expect(lv).toContain('„Skola. Vecāki. Bērni — reģionālās konferences”: 365 dienas pēc pasākuma pēdējās sesijas');
    expect(lv).toContain('Jums ir tiesības piekļūt saviem datiem');
    expect(lv).toContain('atsaukt piekrišanu');
    expect(lv).toContain('Datu valsts inspekcijā');
    expect(lv).toContain('nenododam uz valstīm ārpus Eiropas Ekonomikas zonas');

    await t.db('events').where('id', event.eventId).update({ retention_days: 30 });
    const en = textOf((await request(t.app).get('/privacy?lang=en').expect(200)).text);
    expect(en).toContain(DEMO_PRIVACY.controllerEn);
    expect(en).toContain('“School. Parents. Children — regional conferences”: 30 days after the last session');
    expect(en).toContain('Data State Inspectorate');
    const lv30 = textOf((await request(t.app).get('/privacy?lang=lv').expect(200)).text);
    expect(lv30).toContain(': 30 dienu pēc pasākuma');
  });

  it('when an admin edits the settings, then the notice shows them and the audit log keeps only what changed', async () => {
    await organizer(t, 'admin@example.lv');
    const { agent, post } = await signIn(t, 'admin@example.lv');
    const form = await agent.get('/admin/privacy').expect(200);
    expect(form.text).toContain(DEMO_PRIVACY.contactEmail);
    const next = {
      ...DEMO_PRIVACY,
      contactEmail: 'dati@programma.example.lv',
      purposesLv: 'Reģistrācija.\nPārskati finansētājam.',
    };
    await post('/admin/privacy', next).expect(303);
    const page = (await request(t.app).get('/privacy').expect(200)).text;
    expect(page).toContain('dati@programma.example.lv');
    expect(page).toContain('Reģistrācija.\nPārskati finansētājam.');
    const entry = (await t.db('audit_log').where('action', 'privacy.update').first()) as {
      before: string;
      after: string;
    };
    expect(JSON.parse(entry.before)).toEqual({
      contactEmail: DEMO_PRIVACY.contactEmail,
      purposesLv: DEMO_PRIVACY.purposesLv,
    });
    expect(JSON.parse(entry.after)).toEqual({ contactEmail: 'dati@programma.example.lv', purposesLv: next.purposesLv });
    // the accessibility statement gives the same contact, not a no-reply address
    const a11y = (await request(t.app).get('/accessibility').expect(200)).text;
    expect(a11y).toContain('href="mailto:dati@programma.example.lv"');
    expect(a11y).not.toMatch(/atbildot uz|noreply/i);
  });

  it('when a field is wrong, then the error summary names the field and nothing changes', async () => {
    await organizer(t, 'admin@example.lv');
    const { post } = await signIn(t, 'admin@example.lv');
    const res = await post('/admin/privacy', { ...DEMO_PRIVACY, contactEmail: 'not an address', dpoLv: '' }).expect(
      400,
    );
    expect(textOf(res.text)).toContain('Saziņas e-pasts: Ievadiet derīgu e-pasta adresi');
    expect(textOf(res.text)).toContain('Datu aizsardzības speciālists (latviski): Šis lauks ir obligāts.');
    expect(await t.db('privacy_notice').first('contact_email')).toEqual({ contact_email: DEMO_PRIVACY.contactEmail });
    expect(await t.db('audit_log').where('action', 'privacy.update').count({ n: '*' }).first()).toEqual({ n: 0 });
  });

  it('when a coordinator tries to edit it, then 403', async () => {
    await organizer(t, 'riga@example.lv', 'coordinator', ['riga']);
    const { agent } = await signIn(t, 'riga@example.lv');
    await agent.get('/admin/privacy').expect(403);
  });

  it('the form and every e-mail link to the notice, in the language of the reader', async () => {
    const form = (await request(t.app).get(`/events/${event.slug}/register`).expect(200)).text;
    expect(form).toContain('href="/privacy"');
    await register(t.ctx, event.slug, input({ language: 'en' }));
    const row = (await t.db('outbox').orderBy('id', 'desc').first()) as OutboxRow;
    const composer = new Composer({
      db: t.ctx.db,
      tokens: t.ctx.tokens,
      baseUrl: t.ctx.baseUrl,
      mailFrom: t.ctx.mailFrom,
      mailDomain: t.ctx.mailDomain,
    });
    const mail = await composer.compose(row, t.clock.now());
    expect(String(mail?.text)).toContain('How we process your data: http://localhost:3000/privacy?lang=en');
    expect(String(mail?.html)).toContain('href="http://localhost:3000/privacy?lang=en"');
    const announcement = await composer.compose(
      { ...row, registration_id: null, language: 'lv', payload: JSON.stringify({ subject: 'Ziņa', text: 'Teksts' }) },
      t.clock.now(),
    );
    expect(String(announcement?.text)).toContain('Kā apstrādājam jūsu datus: http://localhost:3000/privacy?lang=lv');
  });
});
