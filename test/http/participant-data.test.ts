import { HtmlValidate } from 'html-validate';
import request from 'supertest';
import { beforeEach, describe, expect, it } from 'vitest';
import { eraseRegistration } from '../../server/features/registration/erasure.js';
import { personalData } from '../../server/features/registration/personalData.js';
import { applyRetention } from '../../server/jobs/retention.js';
import { person } from '../support/app.js';
import { conference, PROGRAMME_TITLE, privacyNotice, type BuiltConference } from '../support/build.js';
import { useTestApp } from '../support/fixtures.js';
import { formAgent } from '../support/forms.js';

/** A text without tags and with entities read, to look for sentences in a page. */
const textOf = (html: string) =>
  html
    .replace(/<[^>]+>/g, ' ')
    .replace(/&#34;|&quot;/g, '"')
    .replace(/&#39;/g, "'")
    .replace(/&amp;/g, '&')
    .replace(/\s+/g, ' ');

/** The radio input of an answer, as the page has it (checked or not). */
const radio = (html: string, name: string, value: string) =>
  new RegExp(`<input type="radio" id="[^"]+" name="${name}" value="${value.replace('+', '\\+')}"[^>]*>`).exec(
    html,
  )?.[0] ?? '';

const tokenOf = (manageUrl: string) => manageUrl.split('/r/')[1] ?? '';

describe('ESF+ participant data on the registration', () => {
  const { t } = useTestApp({ perTest: true, seed: false });
  let event: BuiltConference;
  let other: BuiltConference;
  beforeEach(async () => {
    event = await conference(t.db, t.clock.now(), { title: PROGRAMME_TITLE, addressConfirmation: 'off' });
    other = await conference(t.db, t.clock.now(), { slug: 'bez-datiem', addressConfirmation: 'off' });
    await t.db('events').where('id', event.eventId).update({ participant_data: true });
    await privacyNotice(t.db, t.clock.now());
  });

  const rowsOf = async () => t.db('participant_data').orderBy('registration_id');
  const workshop = () => String(event.workshops.riga?.[0]);
  const formBody = (over: Record<string, string> = {}) => ({
    name: 'Anna Ābele',
    email: 'anna@skola.lv',
    institution: 'Ogres tehnikums',
    municipality: 'riga',
    role: 'teacher',
    regionId: 'riga',
    workshop: workshop(),
    language: 'lv',
    consent: 'yes',
    ...over,
  });

  it('when the event asks for it, then the form asks in Latvian and English, each answer "prefer not to say" unless chosen, the flags behind their own consent', async () => {
    const lv = (await request(t.app).get(`/events/${event.slug}/register?lang=lv`).expect(200)).text;
    expect(lv).toContain('<h2 id="pd-heading">Dati Eiropas Sociālā fonda Plus pārskatam</h2>');
    for (const legend of ['Dzimums', 'Vecums', 'Augstākā iegūtā izglītība', 'Nodarbinātība']) {
      expect(lv).toContain(`<legend>${legend}</legend>`);
    }
    for (const name of ['pd_gender', 'pd_ageBand', 'pd_education', 'pd_employment', 'pd_disability', 'pd_rural']) {
      expect(radio(lv, name, 'undisclosed')).toContain('checked');
    }
    expect(radio(lv, 'pd_gender', 'female')).not.toContain('checked');
    expect(radio(lv, 'pd_ageBand', '55+')).toContain('value="55+"');
    expect(textOf(lv)).toContain('Nevēlos norādīt');
    expect(textOf(lv)).toContain('Vai jums ir noteikta invaliditāte?');
    expect(textOf(lv)).toContain('Vai piederat mazākumtautībai (tostarp marginalizētai kopienai, piemēram, romiem)?');
    expect(lv).toMatch(
      /<input type="checkbox" id="pd-consent" name="pd_consent" value="yes" aria-controls="pd-flags"(?![^>]*checked)/,
    );
    expect(lv).toContain('9. panta 2. punkta a) apakšpunkts');

    const en = (await request(t.app).get(`/events/${event.slug}/register?lang=en`).expect(200)).text;
    expect(en).toContain('Data for the European Social Fund Plus report');
    expect(en).toContain('<legend>Gender</legend>');
    expect(en).toContain('<legend>Highest education completed</legend>');
    expect(textOf(en)).toContain('Prefer not to say');
    expect(textOf(en)).toContain('Do you live in a rural area?');
    expect(radio(en, 'pd_employment', 'undisclosed')).toContain('checked');

    // An event that does not ask has none of it.
    const none = (await request(t.app).get(`/events/${other.slug}/register`).expect(200)).text;
    expect(none).not.toContain('pd_gender');
    expect(none).not.toContain('Eiropas Sociālā fonda');
  });

  it('when a person answers on the form without the special consent, then the four answers are kept and no flag is', async () => {
    const browser = await formAgent(t, `/events/${event.slug}/register`);
    await browser
      .post(
        `/events/${event.slug}/register`,
        formBody({
          pd_gender: 'female',
          pd_ageBand: '30-54',
          pd_education: 'isced5-8',
          pd_employment: 'employed',
          pd_disability: 'undisclosed',
        }),
      )
      .expect(303);
    const [row] = await rowsOf();
    expect(row).toMatchObject({
      gender: 'female',
      age_band: '30-54',
      education: 'isced5-8',
      employment: 'employed',
      special_consent_at: null,
      disability: null,
      rural: null,
    });
  });

  it('when a person answers a flag without ticking its consent, then the form says so, in its fields, and nothing is kept', async () => {
    const browser = await formAgent(t, `/events/${event.slug}/register`);
    const res = await browser
      .post(`/events/${event.slug}/register`, formBody({ pd_gender: 'male', pd_disability: 'yes' }))
      .expect(400);
    expect(textOf(res.text)).toContain('atzīmējiet piekrišanu vai atstājiet visur „Nevēlos norādīt”');
    expect(res.text).toContain('href="#pd-consent"');
    // The form keeps what was chosen.
    expect(radio(res.text, 'pd_gender', 'male')).toContain('checked');
    expect(radio(res.text, 'pd_disability', 'yes')).toContain('checked');
    expect(await rowsOf()).toHaveLength(0);
    expect(await t.db('registrations')).toHaveLength(0);
  });

  it('when a person gives the special consent on the form, then the flags are kept with the time of the consent', async () => {
    const browser = await formAgent(t, `/events/${event.slug}/register`);
    await browser
      .post(
        `/events/${event.slug}/register`,
        formBody({ pd_consent: 'yes', pd_disability: 'no', pd_rural: 'yes', pd_minority: 'undisclosed' }),
      )
      .expect(303);
    const [row] = await rowsOf();
    expect(row).toMatchObject({
      gender: 'undisclosed',
      special_consent_at: t.clock.now().toISOString(),
      disability: 'no',
      rural: 'yes',
      minority: 'undisclosed',
      third_country: 'undisclosed',
    });
  });

  it('when the API sends participantData, then it is checked field by field, kept, given back in the person’s data and erased with the registration', async () => {
    const api = (slug: string, body: Record<string, unknown>) =>
      request(t.app).post(`/api/v1/events/${slug}/registrations`).send(body);

    const event1 = await request(t.app).get(`/api/v1/events/${event.slug}`).expect(200);
    expect((event1.body as { event: { participantData: boolean } }).event.participantData).toBe(true);

    const bad = await api(event.slug, person({ participantData: { gender: 'unknown', ageBand: '40' } })).expect(400);
    expect(bad.body.error.fields).toEqual({
      'participantData.gender': 'Izvēlieties vienu no piedāvātajām iespējām.',
      'participantData.ageBand': 'Izvēlieties vienu no piedāvātajām iespējām.',
    });
    const unknown = await api(event.slug, person({ participantData: { shoeSize: 42 } })).expect(400);
    expect(unknown.body.error.fields).toEqual({ 'participantData.shoeSize': 'Nezināms lauks.' });
    const noConsent = await api(
      event.slug,
      person({ participantData: { disadvantages: { disability: 'yes' } } }),
    ).expect(400);
    expect(noConsent.body.error.fields).toEqual({
      'participantData.disadvantages.consent':
        'Lai mēs saglabātu atbildes par nelabvēlīgu situāciju, atzīmējiet piekrišanu vai atstājiet visur „Nevēlos norādīt”.',
    });
    const en = await request(t.app)
      .post(`/api/v1/events/${event.slug}/registrations?lang=en`)
      .send(person({ participantData: { disadvantages: { consent: false } } }))
      .expect(400);
    expect(en.body.error.fields).toEqual({
      'participantData.disadvantages.consent':
        'For us to keep your answers about disadvantage, tick the consent, or leave “Prefer not to say” everywhere.',
    });
    const notAsked = await api(other.slug, person({ participantData: { gender: 'female' } })).expect(400);
    expect(notAsked.body.error.fields).toEqual({
      participantData: 'Šis pasākums dalībnieku datus ESF+ pārskatam neprasa; nesūtiet tos.',
    });
    expect(await t.db('registrations')).toHaveLength(0);

    // Left out: nothing is kept, and the registration is made.
    await api(event.slug, person({})).expect(201);
    expect(await rowsOf()).toHaveLength(0);

    const made = await api(
      event.slug,
      person({
        email: 'Juris@Skola.lv',
        participantData: {
          gender: 'male',
          ageBand: '55+',
          employment: 'inactive',
          disadvantages: { consent: true, thirdCountryNational: 'yes', homeless: 'no' },
        },
      }),
    ).expect(201);
    const registration = made.body.registration as { id: number; manageUrl: string };
    const [row] = await rowsOf();
    expect(row).toMatchObject({
      registration_id: registration.id,
      gender: 'male',
      age_band: '55+',
      education: 'undisclosed',
      employment: 'inactive',
      special_consent_at: t.clock.now().toISOString(),
      third_country: 'yes',
      homeless: 'no',
      disability: 'undisclosed',
    });

    const token = tokenOf(registration.manageUrl);
    const own = await personalData(t.ctx, token);
    expect(own.participantData).toMatchObject({
      gender: 'male',
      disadvantages: { consentAt: t.clock.now().toISOString(), thirdCountryNational: 'yes' },
    });

    await eraseRegistration(t.ctx, token);
    expect(await rowsOf()).toHaveLength(0);
  });

  it('when a person withdraws the special consent from their page, in two steps, then the flags and the consent go and the rest stays', async () => {
    const made = await request(t.app)
      .post(`/api/v1/events/${event.slug}/registrations`)
      .send(
        person({
          participantData: { gender: 'female', disadvantages: { consent: true, rural: 'yes', disability: 'no' } },
        }),
      )
      .expect(201);
    const token = tokenOf((made.body.registration as { manageUrl: string }).manageUrl);
    const browser = await formAgent(t, `/r/${token}`);
    const manage = (await browser.agent.get(`/r/${token}`).expect(200)).text;
    expect(manage).toContain(`href="/r/${token}/participant-data/withdraw"`);
    const step = await browser.agent.get(`/r/${token}/participant-data/withdraw`).expect(200);
    expect(step.text).toContain('Atsaukt piekrišanu par nelabvēlīgas situācijas datiem?');
    // Opening the step, or sending its form without the confirmation, changes nothing.
    await browser.post(`/r/${token}/participant-data/withdraw`).expect(200);
    expect((await rowsOf())[0]).toMatchObject({ rural: 'yes', special_consent_at: t.clock.now().toISOString() });

    const done = await browser.post(`/r/${token}/participant-data/withdraw`, { confirm: 'yes' }).expect(200);
    expect(textOf(done.text)).toContain('Piekrišana atsaukta');
    expect((await rowsOf())[0]).toMatchObject({
      gender: 'female',
      special_consent_at: null,
      rural: null,
      disability: null,
    });
    expect((await browser.agent.get(`/r/${token}`).expect(200)).text).not.toContain('participant-data/withdraw');
    await browser.post(`/r/${token}/participant-data/withdraw`, { confirm: 'yes' }).expect(404);
  });

  it('when a person changes their answers from their page, then the latest are kept, a consent already given keeps its time, and a flag without the consent is refused in its field', async () => {
    const made = await request(t.app)
      .post(`/api/v1/events/${event.slug}/registrations`)
      .send(
        person({
          participantData: { gender: 'female', ageBand: '30-54', disadvantages: { consent: true, rural: 'yes' } },
        }),
      )
      .expect(201);
    const token = tokenOf((made.body.registration as { manageUrl: string }).manageUrl);
    const consentAt = t.clock.now().toISOString();
    const browser = await formAgent(t, `/r/${token}?lang=lv`);
    const manage = (await browser.agent.get(`/r/${token}`).expect(200)).text;
    expect(manage).toContain(
      `<a class="button secondary" href="/r/${token}/participant-data">Mainīt atbildes ESF+ pārskatam</a>`,
    );

    // The page shows what was told, chosen, with the consent ticked.
    const page = (await browser.agent.get(`/r/${token}/participant-data`).expect(200)).text;
    expect(page).toContain('<h1>Jūsu atbildes ESF+ pārskatam</h1>');
    expect(radio(page, 'pd_gender', 'female')).toContain('checked');
    expect(radio(page, 'pd_ageBand', '30-54')).toContain('checked');
    expect(radio(page, 'pd_education', 'undisclosed')).toContain('checked');
    expect(radio(page, 'pd_rural', 'yes')).toContain('checked');
    expect(page).toMatch(
      /<input type="checkbox" id="pd-consent" name="pd_consent" value="yes" aria-controls="pd-flags" checked/,
    );
    const validator = new HtmlValidate({ extends: ['html-validate:standard'] });
    const report = await validator.validateString(page);
    expect(report.results.flatMap((r) => r.messages.map((m) => `${m.ruleId}: ${m.message}`))).toEqual([]);
    const en = (await request(t.app).get(`/r/${token}/participant-data?lang=en`).expect(200)).text;
    expect(en).toContain('<h1>Your answers for the ESF+ report</h1>');
    expect(en).toContain('Save answers</button>');

    // A flag answered without the consent: the page again, the field named, nothing changed.
    const refused = await browser
      .post(`/r/${token}/participant-data`, { pd_gender: 'male', pd_disability: 'yes' })
      .expect(400);
    expect(textOf(refused.text)).toContain('atzīmējiet piekrišanu vai atstājiet visur „Nevēlos norādīt”');
    expect(refused.text).toContain('href="#pd-consent"');
    expect(radio(refused.text, 'pd_gender', 'male')).toContain('checked');
    expect((await rowsOf())[0]).toMatchObject({ gender: 'female', rural: 'yes' });

    // Changed a day later with the consent still ticked: the answers now, the consent's time as it was.
    t.clock.set(new Date(t.clock.now().getTime() + 24 * 3600_000));
    await browser
      .post(`/r/${token}/participant-data`, {
        pd_gender: 'undisclosed',
        pd_ageBand: '55+',
        pd_education: 'isced3-4',
        pd_employment: 'unemployed',
        pd_consent: 'yes',
        pd_rural: 'no',
        pd_homeless: 'yes',
      })
      .expect(303)
      .expect('Location', `/r/${token}?done=participantData`);
    expect((await rowsOf())[0]).toMatchObject({
      gender: 'undisclosed',
      age_band: '55+',
      education: 'isced3-4',
      employment: 'unemployed',
      special_consent_at: consentAt,
      rural: 'no',
      homeless: 'yes',
      disability: 'undisclosed',
      updated_at: t.clock.now().toISOString(),
    });
    const done = (await browser.agent.get(`/r/${token}?done=participantData&lang=lv`).expect(200)).text;
    expect(done).toContain('Jūsu atbildes ESF+ pārskatam saglabātas.');

    // Sent without the consent and every flag "prefer not to say": the flags go with the consent.
    await browser.post(`/r/${token}/participant-data`, { pd_gender: 'female' }).expect(303);
    expect((await rowsOf())[0]).toMatchObject({
      gender: 'female',
      special_consent_at: null,
      rural: null,
      homeless: null,
    });

    // An event that does not ask for it has no such page.
    const plain = await request(t.app).post(`/api/v1/events/${other.slug}/registrations`).send(person({})).expect(201);
    const plainToken = tokenOf((plain.body.registration as { manageUrl: string }).manageUrl);
    expect((await request(t.app).get(`/r/${plainToken}`).expect(200)).text).not.toContain('/participant-data');
    await request(t.app).get(`/r/${plainToken}/participant-data`).expect(404);
  });

  it('when the retention job anonymises an event’s registrations, then their participant data goes with them, the disadvantage answers and consent too, and another event’s stays', async () => {
    await t.db('events').where('id', event.eventId).update({ retention_days: 30 });
    await t.db('events').where('id', other.eventId).update({ participant_data: true, retention_days: 3000 });
    const api = (slug: string, body: Record<string, unknown>) =>
      request(t.app).post(`/api/v1/events/${slug}/registrations`).send(body).expect(201);
    const made = await api(
      event.slug,
      person({
        email: 'vecs@skola.lv',
        participantData: { gender: 'female', ageBand: '55+', disadvantages: { consent: true, disability: 'yes' } },
      }),
    );
    await api(event.slug, person({ email: 'otrs@skola.lv', participantData: { employment: 'employed' } }));
    const kept = await api(other.slug, person({ email: 'jauns@skola.lv', participantData: { gender: 'male' } }));
    expect(await rowsOf()).toHaveLength(3);

    expect(await applyRetention(t.ctx)).toBe(0); // neither event has taken place
    expect(await rowsOf()).toHaveLength(3);
    t.clock.set(new Date(t.clock.now().getTime() + 400 * 24 * 3600_000));
    expect(await applyRetention(t.ctx)).toBe(2);

    const rows = await rowsOf();
    expect(rows.map((r: { registration_id: number }) => Number(r.registration_id))).toEqual([
      (kept.body.registration as { id: number }).id,
    ]);
    expect(rows[0]).toMatchObject({ gender: 'male' });
    const anonymised = (await t
      .db('registrations')
      .where('id', (made.body.registration as { id: number }).id)
      .first('anonymised_at', 'email')) as { anonymised_at: string | null; email: string };
    expect(anonymised.anonymised_at).not.toBeNull();
    expect(anonymised.email).not.toBe('vecs@skola.lv');
  });

  it('when an event asks for it, then the privacy notice names its purpose, legal basis, the Art. 9 consent and retention, in Latvian and English', async () => {
    const lv = textOf((await request(t.app).get('/privacy?lang=lv').expect(200)).text);
    expect(lv).toContain('Dati Eiropas Sociālā fonda Plus (ESF+) pārskatam');
    expect(lv).toContain('Nolūks: pasākumos, kurus līdzfinansē ESF+');
    expect(lv).toContain('Regulas (ES) 2021/1057 par Eiropas Sociālo fondu Plus 17. pants');
    expect(lv).toContain('9. panta 2. punkta a) apakšpunkts');
    expect(lv).toContain(
      'Glabāšana: tikpat ilgi kā reģistrāciju, proti, pasākuma glabāšanas termiņu (sk. „Cik ilgi datus glabājam”), ko nosakām tā, lai tas aptvertu programmas pārskatu sniegšanu fondam. Kad šis termiņš beidzas, šos datus dzēšam pilnībā, arī atbildes par nelabvēlīgu situāciju',
    );
    const en = textOf((await request(t.app).get('/privacy?lang=en').expect(200)).text);
    expect(en).toContain('Data for the European Social Fund Plus (ESF+) report');
    expect(en).toContain('Legal basis: a legal obligation (Article 6(1)(c)');
    expect(en).toContain('Article 9(2)(a)');
    expect(en).toContain(
      'Retention: as long as the registration, that is, the event’s retention period (see “How long we keep data”), which we set to cover the programme’s reporting to the fund. When it ends, we delete these data entirely, the answers about disadvantage included',
    );

    await t.db('events').update({ participant_data: false });
    const without = textOf((await request(t.app).get('/privacy?lang=lv').expect(200)).text);
    expect(without).not.toContain('Eiropas Sociālā fonda Plus');
  });
});
